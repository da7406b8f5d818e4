"""Queueing and sending webhook deliveries: record first, claim with a lease, retry with backoff."""

from __future__ import annotations

import http.client
import json
import logging
import socket
import ssl
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from http import HTTPStatus

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from delivery.conf import get_config
from delivery.models import DeliveryAttempt, WebhookDelivery, WebhookEndpoint
from delivery.signing import SIGNATURE_HEADER, signature_header
from delivery.targets import Target, TargetRefused, TargetUnresolved, resolve_target

logger = logging.getLogger("careers.delivery")

USER_AGENT = "careers-cms-webhooks/1"
# The log shows (and keeps) at most this much of a response body; 4 bytes per character at most.
RESPONSE_EXCERPT_CHARS = 200
RESPONSE_READ_BYTES = RESPONSE_EXCERPT_CHARS * 4
# Extra lease time beyond the HTTP timeout before another sender may take over.
LEASE_MARGIN = timedelta(seconds=30)


def _connect_checked(target: Target, timeout: float) -> socket.socket:
    """Connect to one of the addresses that were checked, never to a fresh lookup of the name.

    Resolving again here would let DNS answer something else (rebinding) after the check.
    """
    error: OSError = OSError(f"{target.host} has no address to connect to")
    for address in target.addresses:
        try:
            sock = socket.create_connection((address, target.port), timeout)
        except OSError as exc:
            error = exc
            continue
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock
    raise error


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """HTTP to the checked address; the Host header still names the endpoint's host."""

    def __init__(self, target: Target, timeout: float):
        super().__init__(target.host, target.port, timeout=timeout)
        self.target = target

    def connect(self):
        self.sock = _connect_checked(self.target, self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to the checked address, with SNI and certificate checks for the endpoint's host."""

    def __init__(self, target: Target, timeout: float):
        super().__init__(
            target.host, target.port, timeout=timeout, context=ssl.create_default_context()
        )
        self.target = target

    def connect(self):
        sock = _connect_checked(self.target, self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.target.host)


def _status_error(status: int) -> str:
    # The standard phrase, not the receiver's: the log quotes nothing a target chose to say.
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = ""
    error = f"HTTP {status} {phrase}".rstrip()
    if 300 <= status < 400:
        error += " (redirects are not followed)"
    return error


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
    # The task module imports this one (its task calls attempt_delivery): the pair's one cycle.
    from delivery.tasks import deliver_webhook  # noqa: PLC0415

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


def enqueue_batch(ids: list[str]) -> None:
    """One task for a bulk publish's batch of deliveries; each still retries on its own."""
    from delivery.tasks import deliver_webhooks  # noqa: PLC0415 (the cycle above)

    try:
        deliver_webhooks.enqueue([str(delivery_id) for delivery_id in ids])
    except Exception:  # The rows are the source of truth; log and let the sweep send them.
        logger.exception("Could not enqueue a batch of %s webhook deliveries", len(ids))


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


def _post(
    target: Target, body: bytes, headers: dict, timeout: float
) -> tuple[int | None, str, str]:
    """POST once to a checked target; returns (status code or None, error text, excerpt).

    Redirects are never followed (http.client does not): a 3xx is a failure like any other.
    """
    connection_class = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    connection = connection_class(target, timeout)
    try:
        connection.request("POST", target.path, body=body, headers=headers)
        response = connection.getresponse()
        raw = response.read(RESPONSE_READ_BYTES)
        excerpt = raw.decode("utf-8", "replace")[:RESPONSE_EXCERPT_CHARS]
        status = response.status
        return status, "" if 200 <= status < 300 else _status_error(status), excerpt
    except TimeoutError:
        return None, f"Timed out after {timeout:g} s", ""
    except http.client.RemoteDisconnected:
        return None, "Connection failed: closed without a response", ""
    except http.client.HTTPException as exc:
        # Its message quotes what the service sent (an SSH banner, a Redis error): leave it out.
        return None, f"Not an HTTP response ({type(exc).__name__})", ""
    except OSError as exc:
        return None, f"Connection failed: {exc}", ""
    finally:
        connection.close()


def _send(
    url: str, body: bytes, headers: dict, timeout: float
) -> tuple[int | None, str, str, bool]:
    """Check the URL against the target rules now, then POST to the address checked.

    Returns (status code, error, excerpt, refused); refused means a rule said no.
    """
    try:
        target = resolve_target(url)
    except TargetRefused as exc:
        return None, f"Refused: {exc}", "", True
    except TargetUnresolved as exc:
        return None, f"Connection failed: {exc}", "", False
    return (*_post(target, body, headers, timeout), False)


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
    status_code, error, excerpt, refused = _send(
        endpoint.url, body, headers, config.timeout_seconds
    )
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
        elif refused or number >= config.max_attempts:
            # A refused target is not retried: nothing was sent, and the next attempt would be
            # refused too unless someone fixes the endpoint (then: redeliver).
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
