"""`manage.py webhooks add|list|remove|deliver-due|redeliver`: endpoints from the command line."""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count, Max, Q

from delivery.models import EVENTS, WebhookDelivery, WebhookEndpoint, parse_events
from delivery.sending import deliver_due, redeliver


class Command(BaseCommand):
    help = "Manage webhook endpoints and deliveries (see docs/webhooks.md)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")

        add = sub.add_parser("add", help="Add an endpoint.")
        add.add_argument("url", help="https://… URL that receives the POSTs.")
        add.add_argument(
            "--secret",
            help="Shared signing secret (at least 16 characters). Omit to generate one; "
            "it is printed once.",
        )
        add.add_argument(
            "--events",
            default=",".join(EVENTS),
            help=f"Comma-separated events to send (default: {','.join(EVENTS)}).",
        )
        add.add_argument("--description", default="")
        add.add_argument("--inactive", action="store_true", help="Add it switched off.")

        sub.add_parser("list", help="List endpoints with their delivery counts.")

        remove = sub.add_parser(
            "remove", help="Remove an endpoint; its pending deliveries are cancelled."
        )
        remove.add_argument("endpoint", help="The endpoint's URL or numeric id.")

        due = sub.add_parser(
            "deliver-due",
            help="Attempt every delivery whose retry is due (a safety net for the task queue; "
            "safe to run from cron).",
        )
        due.add_argument(
            "--all",
            dest="include_future",
            action="store_true",
            help="Also attempt pending deliveries whose retry is not due yet.",
        )

        again = sub.add_parser("redeliver", help="Send a delivery again (or retry it now).")
        again.add_argument("delivery", help="The delivery id (a UUID, as in the admin).")

    def handle(self, *args, action, **options):
        handler = getattr(self, "handle_" + action.replace("-", "_"))
        return handler(**options)

    # --- actions -------------------------------------------------------------------------

    def handle_add(self, url, secret, events, description, inactive, **options):
        generated = not secret
        if generated:
            secret = secrets.token_urlsafe(32)
        try:
            event_list = parse_events(events)
        except ValidationError as exc:
            raise CommandError(f"--events: {' '.join(exc.messages)}") from exc
        if WebhookEndpoint.objects.filter(url=url).exists():
            raise CommandError(f"An endpoint for {url} already exists; remove it first.")
        endpoint = WebhookEndpoint(
            url=url,
            secret=secret,
            events=",".join(event_list),
            description=description,
            is_active=not inactive,
        )
        try:
            endpoint.full_clean()
        except ValidationError as exc:
            problems = "; ".join(
                f"{'--' + field if field in ('secret', 'events') else field}: {' '.join(msgs)}"
                for field, msgs in exc.message_dict.items()
            )
            raise CommandError(f"Cannot add endpoint: {problems}") from exc
        endpoint.save()
        self.stdout.write(
            f"Added endpoint {endpoint.pk}: {endpoint.url} ({', '.join(endpoint.event_list)})"
        )
        if generated:
            self.stdout.write(f"Secret (store it now; it is not shown again): {secret}")

    def handle_list(self, **options):
        endpoints = WebhookEndpoint.objects.annotate(
            pending=Count("deliveries", filter=Q(deliveries__status="pending")),
            failed=Count("deliveries", filter=Q(deliveries__status="failed")),
            delivered=Count("deliveries", filter=Q(deliveries__status="delivered")),
            last=Max("deliveries__created_at"),
        ).order_by("pk")
        if not endpoints:
            self.stdout.write("No webhook endpoints. Add one with: manage.py webhooks add URL")
            return
        for ep in endpoints:
            state = "active" if ep.is_active else "inactive"
            last = ep.last.isoformat(timespec="seconds") if ep.last else "never"
            self.stdout.write(
                f"{ep.pk}\t{ep.url}\t{','.join(ep.event_list)}\t{state}\t"
                f"delivered={ep.delivered} pending={ep.pending} failed={ep.failed}\tlast={last}"
            )

    def handle_remove(self, endpoint, **options):
        lookup = Q(url=endpoint)
        if endpoint.isdigit():
            lookup |= Q(pk=int(endpoint))
        found = list(WebhookEndpoint.objects.filter(lookup))
        if not found:
            raise CommandError(
                f"No webhook endpoint with URL or id {endpoint!r}. See: manage.py webhooks list"
            )
        with transaction.atomic():
            for ep in found:
                cancelled = ep.deliveries.filter(status=WebhookDelivery.Status.PENDING).update(
                    status=WebhookDelivery.Status.CANCELLED,
                    next_attempt_at=None,
                    last_error="The endpoint was removed.",
                )
                url = ep.url
                ep.delete()
                self.stdout.write(
                    f"Removed endpoint {url} ({cancelled} pending deliveries cancelled)"
                )

    def handle_deliver_due(self, include_future, **options):
        outcomes = deliver_due(include_future=include_future)
        attempted = [o for o in outcomes if o.attempted]
        delivered = sum(o.status == WebhookDelivery.Status.DELIVERED for o in attempted)
        for outcome in attempted:
            if outcome.status != WebhookDelivery.Status.DELIVERED:
                self.stdout.write(f"{outcome.delivery_id}: {outcome.status} — {outcome.error}")
        self.stdout.write(
            f"Attempted {len(attempted)} deliveries: {delivered} delivered, "
            f"{len(attempted) - delivered} not."
        )

    def handle_redeliver(self, delivery, **options):
        try:
            original = WebhookDelivery.objects.get(pk=delivery)
        except (WebhookDelivery.DoesNotExist, ValidationError) as exc:
            raise CommandError(f"No webhook delivery with id {delivery!r}.") from exc
        try:
            target = redeliver(original)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Queued delivery {target.pk}")
