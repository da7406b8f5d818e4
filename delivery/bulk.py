"""Publish events of a bulk publish (an import run), recorded in batches rather than per page.

Inside `bulk_events()`, a page's "published" event is collected instead of recorded at once.
Every `size` events (and when the block ends) the batch is written: the endpoints were read
once for the run, the view restrictions once for the batch, the delivery rows go in with one
bulk insert, and one task sends the whole batch once the transaction commits. Each delivery
keeps its own row, attempts, backoff and log, exactly as a single publish's does.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from django.db import connection, transaction
from django.utils import timezone

from wagtail.models import Page, PageViewRestriction

from delivery.events import build_payload
from delivery.models import WebhookDelivery, WebhookEndpoint
from delivery.sending import encode_payload, enqueue_batch

# Events per delivery insert and per queued task: the import's page batch size, so an import
# batch of 200 pages costs one insert and one task whatever the number of endpoints.
BATCH_SIZE = 200

_current: ContextVar[EventBatch | None] = ContextVar("delivery_bulk_events", default=None)


def restricted_paths() -> tuple[str, ...]:
    """Tree paths of every page with a view restriction: the pages under them are private."""
    return tuple(PageViewRestriction.objects.values_list("page__path", flat=True))


def is_under(path: str, restricted: tuple[str, ...]) -> bool:
    return path.startswith(restricted) if restricted else False


class EventBatch:
    """The pending events of one bulk publish and the endpoints it looked up once."""

    def __init__(self, size: int | None = None):
        self.size = size or BATCH_SIZE
        self.pending: list[tuple[str, Page, int | None, datetime]] = []
        self._endpoints: list[WebhookEndpoint] | None = None
        self.tasks = 0  # batches handed to the queue, for the benchmark and the tests

    def endpoints(self, event: str) -> list[WebhookEndpoint]:
        # Read once per run: an endpoint added during an import hears from the next one.
        if self._endpoints is None:
            self._endpoints = list(WebhookEndpoint.objects.filter(is_active=True))
        return [endpoint for endpoint in self._endpoints if endpoint.wants(event)]

    def add(self, event: str, page: Page, revision_id: int | None) -> None:
        # The event's own time, as a single publish would stamp it; sent on every retry.
        self.pending.append((event, page, revision_id, timezone.now()))
        if len(self.pending) >= self.size:
            self.flush()

    def flush(self) -> list[WebhookDelivery]:
        events, self.pending = self.pending, []
        if not events or not self.endpoints("published"):
            return []
        restricted = restricted_paths()
        rows = []
        for event, page, revision_id, when in events:
            if is_under(page.path, restricted):
                continue  # private pages are never announced (docs/webhooks.md, "Privacy")
            body = encode_payload(build_payload(event, page, revision_id, when))
            rows.extend(
                WebhookDelivery(
                    endpoint=endpoint,
                    url=endpoint.url,
                    event=event,
                    page_id=page.pk,
                    payload=body,
                    next_attempt_at=when,
                    created_at=when,
                )
                for endpoint in self.endpoints(event)
            )
        deliveries = WebhookDelivery.objects.bulk_create(rows)
        ids = [str(delivery.pk) for delivery in deliveries]
        if ids:
            self.tasks += 1
            transaction.on_commit(lambda: enqueue_batch(ids))
        return deliveries


def current_batch() -> EventBatch | None:
    return _current.get()


@contextmanager
def bulk_events(size: int | None = None) -> Iterator[EventBatch]:
    """Collect the block's publish events and record them in batches (see the module's doc).

    Use it inside the transaction that publishes (Wagtail's bulk actions and the importer
    run in one): nothing is queued if it rolls back. A nested block joins the outer one.
    """
    outer = _current.get()
    if outer is not None:
        yield outer
        return
    batch = EventBatch(size)
    token = _current.set(batch)
    try:
        yield batch
    except BaseException:
        # Inside a transaction the error rolls the pages back: their events go with them.
        # In autocommit the pages published before it stay live, and so must their events.
        if not connection.in_atomic_block:
            batch.flush()
        raise
    else:
        batch.flush()
    finally:
        _current.reset(token)
