"""Queueing and sending webhook deliveries: record first, claim with a lease, retry with backoff."""

from __future__ import annotations

import contextlib
import json
import logging
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from delivery.conf import get_config
from delivery.models import DeliveryAttempt, WebhookDelivery, WebhookEndpoint
from delivery.signing import SIGNATURE_HEADER, signature_header

logger = logging.getLogger("careers.delivery")

USER_AGENT = "careers-cms-webhooks/1"
RESPONSE_EXCERPT_BYTES = 500
# Extra lease time beyond the HTTP timeout before another sender may take over.
LEASE_MARGIN = timedelta(seconds=30)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is a misconfigured endpoint: urllib would turn our POST into a GET."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def encode_payload(payload: dict) -> str:
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False)


def queue_event(payload: dict, endpoints: Iterable[WebhookEndpoint] | None = None) -> list:
    """Record one delivery per subscribed endpoint; the task is enqueued once the data commits."""
    event = payload["event"]
    if endpoints is None:
        endpoints = WebhookEndpoint.objects.filter(is_active=True)
    now = timezone.now()
    body = encode_payload(payload)
    deliveries = WebhookDelivery.objects.bulk_create(
        [
            WebhookDelivery(
                endpoint=endpoint,
                url=endpoint.url,
                event=event,
                page_id=payload["id"],
                payload=body,
                next_attempt_at=now,
                created_at=now,
            )
            for endpoint in endpoints
            if endpoint.wants(event)
        ]
    )
    ids = [str(delivery.pk) for delivery in deliveries]
    if ids:
        transaction.on_commit(lambda: enqueue_deliveries(ids))
    return deliveries


def enqueue_deliveries(ids: Iterable[str], run_after: datetime | None = None) -> None:
    """Hand deliveries to the task queue; a queue failure leaves them for `webhooks deliver-due`."""
    from delivery.tasks import deliver_webhook

    task = deliver_webhook
    if run_after is not None:
        if not task.get_backend().supports_defer:
            # The immediate backend cannot wait; `webhooks deliver-due` picks these up.
            return
        task = task.using(run_after=run_after)
    for delivery_id in ids:
        try:
            task.enqueue(str(delivery_id))
        except Exception:  # The row is the source of truth; log and let the sweep retry.
            logger.exception("Could not enqueue webhook delivery %s", delivery_id)


@dataclass
class AttemptOutcome:
    """What one attempt did, for the task, the command and the tests."""

    delivery_id: str
    attempted: bool
    status: str
    status_code: int | None = None
    error: str = ""
    next_attempt_at: datetime | None = None


def _claim(delivery_id, now: datetime, force: bool) -> bool:
    """Take the lease atomically; only one sender wins, on SQLite and PostgreSQL alike."""
    lease = now + timedelta(seconds=get_config().timeout_seconds) + LEASE_MARGIN
    due = Q(status=WebhookDelivery.Status.PENDING) & (
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    )
    if not force:
        due &= Q(next_attempt_at__lte=now)
    return WebhookDelivery.objects.filter(due, pk=delivery_id).update(claimed_until=lease) == 1


def _post(url: str, body: bytes, headers: dict, timeout: float) -> tuple[int | None, str, str]:
    """POST once; returns (status code or None, error text, response excerpt)."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with _opener.open(request, timeout=timeout) as response:
            excerpt = response.read(RESPONSE_EXCERPT_BYTES).decode("utf-8", "replace")
            return response.status, "", excerpt
    except urllib.error.HTTPError as exc:
        excerpt = ""
        with contextlib.suppress(OSError):
            excerpt = exc.read(RESPONSE_EXCERPT_BYTES).decode("utf-8", "replace")
        return exc.code, f"HTTP {exc.code} {exc.reason}", excerpt
    except urllib.error.URLError as exc:
        return None, f"Connection failed: {exc.reason}", ""
    except TimeoutError:
        return None, f"Timed out after {timeout:g} s", ""
    except OSError as exc:
        return None, f"Connection failed: {exc}", ""


def attempt_delivery(delivery_id, now: datetime | None = None, force: bool = False):
    """Make one attempt if the delivery is due (or `force`), and record what happened.

    `now` is the clock the schedule is computed against; tests pass one to replay an hour of
    retries without waiting.
    """
    now = now or timezone.now()
    if not _claim(delivery_id, now, force):
        delivery = WebhookDelivery.objects.filter(pk=delivery_id).first()
        return AttemptOutcome(
            str(delivery_id),
            attempted=False,
            status=delivery.status if delivery else "missing",
            next_attempt_at=delivery.next_attempt_at if delivery else None,
        )
    delivery = WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)
    endpoint = delivery.endpoint
    if endpoint is None:
        _finish(delivery, WebhookDelivery.Status.CANCELLED, error="The endpoint was removed.")
        return AttemptOutcome(str(delivery_id), attempted=False, status=delivery.status)

    config = get_config()
    number = delivery.attempts + 1
    body = delivery.payload.encode("utf-8")
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        SIGNATURE_HEADER: signature_header(endpoint.secret, int(time.time()), body),
        "X-Careers-Event": delivery.event,
        "X-Careers-Delivery": str(delivery.pk),
        "X-Careers-Attempt": str(number),
    }
    started = time.monotonic()
    status_code, error, excerpt = _post(endpoint.url, body, headers, config.timeout_seconds)
    duration_ms = round((time.monotonic() - started) * 1000)
    ok = status_code is not None and 200 <= status_code < 300

    with transaction.atomic():
        DeliveryAttempt.objects.create(
            delivery=delivery,
            number=number,
            started_at=now,
            status_code=status_code,
            duration_ms=duration_ms,
            error=error,
            response_excerpt=excerpt,
        )
        delivery.attempts = number
        delivery.last_attempt_at = now
        delivery.last_status_code = status_code
        delivery.last_duration_ms = duration_ms
        delivery.last_error = error
        if ok:
            delivery.status = WebhookDelivery.Status.DELIVERED
            delivery.delivered_at = now
            delivery.next_attempt_at = None
        elif number >= config.max_attempts:
            delivery.status = WebhookDelivery.Status.FAILED
            delivery.next_attempt_at = None
        else:
            delivery.next_attempt_at = now + config.delay_after(number)
        delivery.claimed_until = None
        delivery.save()

    if ok:
        _bring_forward_backlog(endpoint, now)
    else:
        if delivery.next_attempt_at is not None:
            # Whoever made the attempt (task, sweep or admin) queues the next one.
            enqueue_deliveries([str(delivery.pk)], run_after=delivery.next_attempt_at)
        logger.warning(
            "Webhook delivery %s to %s failed (attempt %s/%s): %s",
            delivery.pk,
            endpoint.url,
            number,
            config.max_attempts,
            error,
        )
    return AttemptOutcome(
        str(delivery.pk),
        attempted=True,
        status=delivery.status,
        status_code=status_code,
        error=error,
        next_attempt_at=delivery.next_attempt_at,
    )


def _finish(delivery, status, error=""):
    delivery.status = status
    delivery.next_attempt_at = None
    delivery.claimed_until = None
    if error:
        delivery.last_error = error
    delivery.save()


def _bring_forward_backlog(endpoint, now):
    """The endpoint answers again: send what waited for it now, not at its next backoff step."""
    waiting = list(
        WebhookDelivery.objects.filter(
            endpoint=endpoint, status=WebhookDelivery.Status.PENDING, next_attempt_at__gt=now
        ).values_list("pk", flat=True)
    )
    if waiting:
        WebhookDelivery.objects.filter(pk__in=waiting).update(next_attempt_at=now)
        enqueue_deliveries([str(pk) for pk in waiting])


def due_deliveries(now: datetime | None = None, include_future: bool = False):
    now = now or timezone.now()
    pending = WebhookDelivery.objects.filter(status=WebhookDelivery.Status.PENDING)
    if not include_future:
        pending = pending.filter(next_attempt_at__lte=now)
    return pending.order_by("created_at")


def deliver_due(now: datetime | None = None, include_future: bool = False, limit: int = 1000):
    """Attempt every delivery that is due (oldest first); the safety net behind the queue."""
    now = now or timezone.now()
    ids = list(
        due_deliveries(now, include_future).values_list("pk", flat=True)[:limit],
    )
    return [attempt_delivery(pk, now=now, force=include_future) for pk in ids]


def redeliver(delivery: WebhookDelivery) -> WebhookDelivery:
    """The admin's "redeliver": retry a pending delivery now, or send a finished one again.

    A finished delivery is copied into a new one (a new X-Careers-Delivery id, the same body),
    so the log keeps what happened the first time.
    """
    if delivery.endpoint is None:
        raise ValueError("The endpoint of this delivery was removed; there is nowhere to send it.")
    now = timezone.now()
    if delivery.status == WebhookDelivery.Status.PENDING:
        WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=now)
        target = delivery
    else:
        target = WebhookDelivery.objects.create(
            endpoint=delivery.endpoint,
            url=delivery.endpoint.url,
            event=delivery.event,
            page_id=delivery.page_id,
            payload=delivery.payload,
            next_attempt_at=now,
            created_at=now,
            redelivery_of=delivery,
        )
    transaction.on_commit(lambda: enqueue_deliveries([str(target.pk)]))
    return target
