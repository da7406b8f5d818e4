"""Webhooks at bulk publish: an import records its events in batches and still sends each one."""

from __future__ import annotations

import json
from unittest import mock

from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

import pytest

from careers.models import RolePage
from careers.pipeline import load
from careers.pipeline.load import Importer
from careers.testing.samples import generate_documents
from delivery import bulk
from delivery.bulk import bulk_events
from delivery.models import DeliveryAttempt, WebhookDelivery, WebhookEndpoint
from delivery.tasks import deliver_webhook, deliver_webhooks
from pagecache import tags
from tests.support.delivery import Receiver, docs_snippet

SECRET = "bulk-secret-bulk-secret"
# The tables and the queue the webhook part of an import touches.
WEBHOOK_TABLES = ("delivery_", "pageviewrestriction", "django_tasks_database")


@pytest.fixture
def queued(settings):
    """The task queue as a list: nothing is sent, every enqueued task is kept."""
    dummy = {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    settings.TASKS = {"default": dummy, "webhooks": dummy}
    backend = deliver_webhooks.get_backend()
    backend.clear()
    return backend.results


@pytest.fixture
def two_endpoints(careers_index):
    return [
        WebhookEndpoint.objects.create(url=f"https://hooks{n}.example.test/careers", secret=SECRET)
        for n in (1, 2)
    ]


@pytest.fixture
def receivers():
    pair = [Receiver().up(), Receiver().up()]
    yield pair
    for receiver in pair:
        receiver.close()


def webhook_queries(documents, capture):
    with CaptureQueriesContext(connection) as queries, capture(execute=True):
        report = Importer(publish=True).run(documents)
    assert report.ok, report.errors
    return [q["sql"] for q in queries if any(t in q["sql"] for t in WEBHOOK_TABLES)]


def test_an_import_records_every_delivery_with_queries_and_tasks_per_batch_not_per_page(
    two_endpoints, queued, django_capture_on_commit_callbacks
):
    documents = generate_documents(25)
    small = webhook_queries(documents[:5], django_capture_on_commit_callbacks)
    small_tasks = len(queued)
    large = webhook_queries(documents[5:], django_capture_on_commit_callbacks)
    assert WebhookDelivery.objects.count() == 2 * 25
    assert WebhookDelivery.objects.filter(event="published").count() == 50
    # Endpoints, view restrictions and one delivery insert: the same at 5 and 20 documents.
    assert len(large) == len(small) <= 4, (small, large)
    # One queued task per batch, carrying every delivery of that batch (both endpoints).
    assert small_tasks == 1 and len(queued) == 2
    assert all(result.task.func is deliver_webhooks.func for result in queued)
    assert len(queued[1].args[0]) == 40
    assert set(queued[1].args[0]) == {
        str(pk)
        for pk in WebhookDelivery.objects.filter(
            page_id__in=[page.pk for page in RolePage.objects.order_by("-pk")[:20]]
        ).values_list("pk", flat=True)
    }


def test_a_batch_is_one_insert_and_one_task_whatever_the_run_size(
    two_endpoints, queued, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(bulk, "BATCH_SIZE", 8)
    with django_capture_on_commit_callbacks(execute=True):
        assert Importer(publish=True).run(generate_documents(20)).ok
    # 20 pages in batches of 8: three tasks of 16, 16 and 8 deliveries.
    assert [len(result.args[0]) for result in queued] == [16, 16, 8]
    assert WebhookDelivery.objects.count() == 40


def test_every_delivery_of_an_import_is_sent_signed_with_its_page_payload(
    careers_index, receivers, django_capture_on_commit_callbacks
):
    verify = docs_snippet()["verify_signature"]
    for receiver in receivers:
        WebhookEndpoint.objects.create(url=receiver.url, secret=SECRET, events="published")
    with django_capture_on_commit_callbacks(execute=True):
        assert Importer(publish=True).run(generate_documents(6)).ok
    pages = list(RolePage.objects.child_of(careers_index).order_by("pk"))
    assert len(pages) == 6
    for receiver in receivers:
        requests = receiver.acknowledged()
        # Each page once, in the order the pages were published.
        assert [json.loads(r.body)["id"] for r in requests] == [page.pk for page in pages]
        for request, page in zip(requests, pages, strict=True):
            verify(SECRET, request.headers["X-Careers-Signature"], request.body)
            payload = json.loads(request.body)
            assert payload["event"] == "published"
            assert payload["type"] == "careers.RolePage"
            assert payload["slug"] == page.slug
            assert payload["url"].endswith(page.url)
            assert payload["revision_id"] == page.live_revision_id
            assert request.headers["X-Careers-Event"] == "published"
            assert request.headers["X-Careers-Attempt"] == "1"
            delivery = WebhookDelivery.objects.get(pk=request.headers["X-Careers-Delivery"])
            assert delivery.page_id == page.pk and delivery.url == receiver.url
            assert delivery.payload.encode() == request.body
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {"delivered"}
    assert DeliveryAttempt.objects.filter(status_code=200).count() == 12


def test_a_failed_delivery_of_a_batch_retries_on_its_own_schedule(
    careers_index, django_capture_on_commit_callbacks, monkeypatch
):
    receiver = Receiver().up(status=503)
    try:
        WebhookEndpoint.objects.create(url=receiver.url, secret=SECRET, events="published")
        retries = []
        monkeypatch.setattr(
            "delivery.sending.enqueue_deliveries",
            lambda ids, run_after=None: retries.append((list(ids), run_after)),
        )
        with django_capture_on_commit_callbacks(execute=True):
            assert Importer(publish=True).run(generate_documents(3)).ok
    finally:
        receiver.close()
    deliveries = list(WebhookDelivery.objects.order_by("created_at"))
    assert len(deliveries) == 3 and len(receiver.requests) == 3
    for delivery in deliveries:
        assert delivery.status == "pending" and delivery.attempts == 1
        assert delivery.last_error == "HTTP 503 Service Unavailable"
        # Each queues its own retry at its own next attempt, as a single publish's would.
        assert ([str(delivery.pk)], delivery.next_attempt_at) in retries


def test_a_private_page_of_an_import_is_not_announced(
    careers_index, two_endpoints, queued, django_capture_on_commit_callbacks
):
    PageViewRestriction.objects.create(page=careers_index, restriction_type="login")
    with django_capture_on_commit_callbacks(execute=True):
        assert Importer(publish=True).run(generate_documents(3)).ok
    assert RolePage.objects.count() == 3
    assert not WebhookDelivery.objects.exists()
    assert not queued


def test_a_failed_import_queues_and_records_nothing(
    two_endpoints, queued, monkeypatch, django_capture_on_commit_callbacks
):
    # Small batches, so two batches of events are recorded before the third one fails.
    monkeypatch.setattr(load, "BATCH_SIZE", 2)
    monkeypatch.setattr(bulk, "BATCH_SIZE", 2)
    save = RolePage.save
    saved = []

    def save_or_fail(page, *args, **kwargs):
        if page.pk is None and len(saved) == 4:
            raise DatabaseError("value too long")
        saved.append(page)
        return save(page, *args, **kwargs)

    monkeypatch.setattr(RolePage, "save", save_or_fail)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        report = Importer(publish=True).run(generate_documents(5))
    assert not report.ok
    assert not RolePage.objects.exists()
    assert not WebhookDelivery.objects.exists()
    assert not callbacks
    assert not queued


def test_a_single_publish_still_queues_one_task_per_delivery(
    two_endpoints, queued, make_role, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_role("Single Publish Engineer")
    assert [result.task.func for result in queued] == [deliver_webhook.func] * 2


def tag_writes(documents, capture):
    with (
        mock.patch.object(tags, "invalidate", wraps=tags.invalidate) as invalidate,
        capture(execute=True),
    ):
        assert Importer(publish=True).run(documents).ok
    return invalidate.call_count, {tag for call in invalidate.call_args_list for tag in call[0][0]}


def test_an_import_invalidates_the_page_cache_in_writes_per_run_not_per_page(
    careers_index, two_endpoints, queued, django_capture_on_commit_callbacks
):
    documents = generate_documents(25)
    small, small_tags = tag_writes(documents[:5], django_capture_on_commit_callbacks)
    large, large_tags = tag_writes(documents[5:], django_capture_on_commit_callbacks)
    # Now and again on commit: two writes, at 5 pages as at 20, and the same tags.
    assert small == large <= 2
    assert small_tags == large_tags
    assert not any(tag.startswith(tags.page_tag(0)[:-1]) for tag in large_tags)


def test_publishing_existing_drafts_in_a_bulk_block_queues_one_task(
    careers_index, two_endpoints, queued, make_role, django_capture_on_commit_callbacks
):
    # What Wagtail's bulk "Publish" does for each selected page, inside one transaction.
    drafts = [make_role(f"Draft {n} Engineer", publish=False) for n in range(4)]
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic(), bulk_events():
        for page in drafts:
            page.save_revision().publish()
    [task] = queued
    assert task.task.func is deliver_webhooks.func
    deliveries = WebhookDelivery.objects.filter(pk__in=task.args[0])
    assert sorted(deliveries.values_list("page_id", flat=True)) == sorted(
        [page.pk for page in drafts] * 2
    )


def test_unpublish_and_delete_events_of_a_bulk_block_are_recorded_one_by_one(
    careers_index, two_endpoints, queued, make_role, django_capture_on_commit_callbacks
):
    pages = [make_role(f"Live {n} Engineer") for n in range(2)]
    queued.clear()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic(), bulk_events():
        pages[0].unpublish()
        pages[1].delete()
    events = sorted(
        WebhookDelivery.objects.filter(event__in=["unpublished", "deleted"]).values_list(
            "event", "page_id"
        )
    )
    assert events == sorted([("unpublished", pages[0].pk)] * 2 + [("deleted", pages[1].pk)] * 2)
    assert [result.task.func for result in queued] == [deliver_webhook.func] * 4


@pytest.mark.django_db(transaction=True)
def test_in_autocommit_an_error_still_records_the_events_of_pages_already_published(
    careers_index, two_endpoints, queued, make_role
):
    drafts = [make_role(f"Draft {n} Engineer", publish=False) for n in range(3)]
    with pytest.raises(RuntimeError), bulk_events():
        for page in drafts[:2]:
            page.save_revision().publish()
        raise RuntimeError("the third page failed")
    published = sorted(WebhookDelivery.objects.values_list("page_id", flat=True))
    assert published == sorted([drafts[0].pk, drafts[1].pk] * 2)
    [task] = queued
    assert len(task.args[0]) == 4
