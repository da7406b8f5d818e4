"""Publish webhooks end to end: real receiver on 127.0.0.1, real signatures, real retries."""

import json
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from delivery.conf import get_config
from delivery.models import DeliveryAttempt, WebhookDelivery, WebhookEndpoint
from delivery.sending import attempt_delivery, deliver_due, redeliver
from delivery.signals import announce
from tests.support.delivery import Receiver, docs_snippet

SECRET = "s3cret-s3cret-s3cret"
PAYLOAD_KEYS = ["event", "id", "type", "slug", "url", "revision_id", "timestamp"]


@pytest.fixture
def receiver():
    rx = Receiver()
    yield rx
    rx.close()


@pytest.fixture
def endpoint(receiver, careers_index):
    # After the site fixtures: replacing Wagtail's live welcome page is itself a "deleted" event.
    return WebhookEndpoint.objects.create(url=receiver.url, secret=SECRET)


@pytest.fixture(scope="module")
def snippet():
    return docs_snippet()


@pytest.fixture
def verify(snippet):
    return snippet["verify_signature"]


def events(rx):
    return [json.loads(r.body) for r in rx.acknowledged()]


def test_publish_unpublish_delete_reach_the_receiver_signed(
    receiver, endpoint, make_role, verify, snippet, django_capture_on_commit_callbacks
):
    receiver.up()
    with django_capture_on_commit_callbacks(execute=True):
        page = make_role("Applied ML Engineer")
    revision_id = page.live_revision_id
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        page.delete()

    got = events(receiver)
    assert [e["event"] for e in got] == ["published", "unpublished", "published", "deleted"]
    first = got[0]
    assert list(first) == PAYLOAD_KEYS
    assert first["id"] == page.pk
    assert first["type"] == "careers.RolePage"
    assert first["slug"] == "applied-ml-engineer"
    assert first["url"] == "http://localhost/careers/applied-ml-engineer/"
    assert first["revision_id"] == revision_id
    assert first["timestamp"].endswith("Z")
    assert got[1]["revision_id"] is None and got[3]["revision_id"] is None
    assert got[3]["url"] == "http://localhost/careers/applied-ml-engineer/"

    for request in receiver.requests:
        verify(SECRET, request.headers["X-Careers-Signature"], request.body)  # raises if bad
        assert request.headers["Content-Type"] == "application/json"
        assert request.headers["X-Careers-Event"] == json.loads(request.body)["event"]
    with pytest.raises(snippet["InvalidSignature"]):
        verify(
            "another-secret-entirely",
            receiver.requests[0].headers["X-Careers-Signature"],
            receiver.requests[0].body,
        )

    log = WebhookDelivery.objects.order_by("created_at")
    assert [d.status for d in log] == ["delivered"] * 4
    assert all(d.attempts == 1 and d.last_status_code == 200 for d in log)
    assert all(d.last_duration_ms is not None for d in log)
    assert {r.headers["X-Careers-Delivery"] for r in receiver.requests} == {str(d.pk) for d in log}


def test_docs_snippet_rejects_replays_and_tampering(
    receiver, endpoint, make_role, verify, snippet, django_capture_on_commit_callbacks
):
    receiver.up()
    with django_capture_on_commit_callbacks(execute=True):
        make_role("Data Engineer")
    (request,) = receiver.requests
    header, body = request.headers["X-Careers-Signature"], request.body
    t = int(header.split(",")[0].removeprefix("t="))
    invalid = snippet["InvalidSignature"]
    verify(SECRET, header, body, now=t + 299)
    with pytest.raises(invalid, match="replay window"):
        verify(SECRET, header, body, now=t + 301)
    with pytest.raises(invalid, match="does not match"):
        verify(SECRET, header, body.replace(b"published", b"deleted"), now=t)
    with pytest.raises(invalid, match="malformed"):
        verify(SECRET, "v1=abc", body, now=t)


def test_delivery_is_recorded_before_the_first_attempt(
    receiver, endpoint, make_role, django_capture_on_commit_callbacks
):
    receiver.up()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        make_role("Data Engineer")
    # The transaction has not committed: the row exists, nothing was sent yet.
    (delivery,) = WebhookDelivery.objects.all()
    assert (delivery.status, delivery.attempts, receiver.requests) == ("pending", 0, [])
    for callback in callbacks:
        callback()
    delivery.refresh_from_db()
    assert delivery.status == "delivered"
    assert len(receiver.requests) == 1


def test_a_rolled_back_publish_sends_nothing(receiver, endpoint, make_role):
    receiver.up()
    page = make_role("Data Engineer", publish=False)
    with pytest.raises(RuntimeError), transaction.atomic():
        page.save_revision().publish()
        raise RuntimeError("editor's request failed after publishing")
    assert WebhookDelivery.objects.count() == 0
    assert receiver.requests == []


def test_receiver_down_then_up_gets_every_event_once(
    receiver, endpoint, make_role, verify, django_capture_on_commit_callbacks
):
    """The story of issue 5: events sent while the front end is down all arrive, once."""
    with django_capture_on_commit_callbacks(execute=True):
        a = make_role("Data Engineer")
        b = make_role("Applied ML Engineer")
    with django_capture_on_commit_callbacks(execute=True):
        a.unpublish()
    with django_capture_on_commit_callbacks(execute=True):
        b.delete()

    pending = list(WebhookDelivery.objects.order_by("created_at"))
    assert [d.event for d in pending] == ["published", "published", "unpublished", "deleted"]
    assert all(d.status == "pending" and d.attempts == 1 for d in pending)
    assert all("Connection failed" in d.last_error for d in pending)
    assert all(d.last_status_code is None for d in pending)

    start = max(d.next_attempt_at for d in pending)
    # Nothing is attempted before it is due.
    assert [o for o in deliver_due(now=start - timedelta(seconds=61)) if o.attempted] == []

    receiver.up(status=503)  # up, but not ready: still a failure
    outcomes = deliver_due(now=start)
    assert [o.status_code for o in outcomes] == [503] * 4
    assert all(o.status == "pending" for o in outcomes)

    receiver.up(status=200)
    clock = start
    for _ in range(10):
        clock += get_config().delay_after(2)
        deliver_due(now=clock)
    assert {d.status for d in WebhookDelivery.objects.all()} == {"delivered"}

    acknowledged = receiver.acknowledged()
    ids = [r.headers["X-Careers-Delivery"] for r in acknowledged]
    assert sorted(ids) == sorted(str(d.pk) for d in pending)  # every event, none twice
    assert [json.loads(r.body)["event"] for r in acknowledged] == [
        "published",
        "published",
        "unpublished",
        "deleted",
    ]
    for r in receiver.requests:
        verify(SECRET, r.headers["X-Careers-Signature"], r.body)

    # Acknowledged means done: a day later, forcing everything, nothing is sent again.
    before = len(receiver.requests)
    assert deliver_due(now=clock + timedelta(days=1), include_future=True) == []
    assert len(receiver.requests) == before

    story = list(
        DeliveryAttempt.objects.filter(delivery=pending[0]).values_list("status_code", "error")
    )
    assert story[0][0] is None and "Connection failed" in story[0][1]
    assert story[1] == (503, "HTTP 503 Service Unavailable")
    assert story[2] == (200, "")


def test_retries_back_off_exponentially_then_give_up(
    receiver, endpoint, make_role, django_capture_on_commit_callbacks
):
    config = get_config()
    assert config.max_attempts >= 5
    assert config.schedule()[-1] >= timedelta(hours=1)

    receiver.up(status=500)
    with django_capture_on_commit_callbacks(execute=True):
        make_role("Data Engineer")
    (delivery,) = WebhookDelivery.objects.all()
    first = delivery.last_attempt_at
    while delivery.status == "pending":
        due = delivery.next_attempt_at
        assert attempt_delivery(delivery.pk, now=due - timedelta(seconds=1)).attempted is False
        assert attempt_delivery(delivery.pk, now=due).attempted is True
        delivery.refresh_from_db()

    assert delivery.status == "failed"
    assert delivery.attempts == config.max_attempts
    assert delivery.next_attempt_at is None
    offsets = [a.started_at - first for a in DeliveryAttempt.objects.filter(delivery=delivery)]
    assert offsets == config.schedule()
    assert offsets[1:4] == [timedelta(minutes=1), timedelta(minutes=3), timedelta(minutes=7)]
    assert len(receiver.requests) == config.max_attempts

    # A failed delivery stays failed until someone redelivers it.
    assert deliver_due(now=first + timedelta(days=2), include_future=True) == []
    receiver.up(status=200)
    with django_capture_on_commit_callbacks(execute=True):
        copy = redeliver(delivery)
    copy.refresh_from_db()
    assert (copy.status, copy.redelivery_of_id, copy.payload) == (
        "delivered",
        delivery.pk,
        delivery.payload,
    )


def test_success_brings_the_backlog_forward(
    receiver, endpoint, make_role, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_role("Data Engineer")
    (waiting,) = WebhookDelivery.objects.all()
    assert waiting.status == "pending"
    receiver.up()
    with django_capture_on_commit_callbacks(execute=True):
        make_role("Applied ML Engineer")
    waiting.refresh_from_db()
    assert waiting.status == "delivered"
    assert len(receiver.acknowledged()) == 2


def test_a_leased_delivery_is_not_sent_by_a_second_sender(receiver, endpoint, make_role):
    receiver.up()
    make_role("Data Engineer")  # on_commit never runs in this test: nothing sent yet
    (delivery,) = WebhookDelivery.objects.all()
    now = timezone.now()
    WebhookDelivery.objects.filter(pk=delivery.pk).update(claimed_until=now + timedelta(seconds=30))
    assert attempt_delivery(delivery.pk, now=now).attempted is False
    assert receiver.requests == []
    # A sender that died leaves an expired lease; the next one takes over.
    assert attempt_delivery(delivery.pk, now=now + timedelta(seconds=31)).attempted is True
    assert len(receiver.requests) == 1


def test_private_pages_and_drafts_send_nothing(
    receiver, endpoint, make_role, careers_index, django_capture_on_commit_callbacks
):
    receiver.up()
    PageViewRestriction.objects.create(
        page=careers_index, restriction_type=PageViewRestriction.PASSWORD, password="x" * 12
    )
    with django_capture_on_commit_callbacks(execute=True):
        page = make_role("Secret Role")
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    with django_capture_on_commit_callbacks(execute=True):
        page.delete()
    PageViewRestriction.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        draft = make_role("Draft Only Role", publish=False, live=False)
        draft.save_revision()
    with django_capture_on_commit_callbacks(execute=True):
        draft.delete()
    assert receiver.requests == []
    assert WebhookDelivery.objects.count() == 0


def test_payload_never_contains_page_content(
    receiver, endpoint, make_role, django_capture_on_commit_callbacks
):
    receiver.up()
    with django_capture_on_commit_callbacks(execute=True):
        page = make_role("Data Engineer", intro="A very distinctive intro sentence.")
    body = receiver.requests[0].body.decode()
    assert "distinctive" not in body
    assert page.title not in body
    assert "dependable systems" not in body  # from the sample body's overview


def test_endpoints_get_only_the_events_they_chose(
    receiver, make_role, careers_index, django_capture_on_commit_callbacks
):
    receiver.up()
    WebhookEndpoint.objects.create(url=receiver.url, secret=SECRET, events="deleted")
    WebhookEndpoint.objects.create(
        url=receiver.url + "/off", secret=SECRET, events="published", is_active=False
    )
    with django_capture_on_commit_callbacks(execute=True):
        page = make_role("Data Engineer")
    with django_capture_on_commit_callbacks(execute=True):
        page.delete()
    assert [e["event"] for e in events(receiver)] == ["deleted"]


def test_deleting_a_section_announces_each_live_page_once(
    receiver, endpoint, make_role, careers_index, django_capture_on_commit_callbacks
):
    receiver.up()
    a = make_role("Data Engineer")
    b = make_role("Applied ML Engineer")
    make_role("Unpublished Role", publish=False, live=False)
    with django_capture_on_commit_callbacks(execute=True):
        careers_index.delete()
    deleted = [e for e in events(receiver) if e["event"] == "deleted"]
    assert sorted(e["id"] for e in deleted) == sorted([careers_index.pk, a.pk, b.pk])


def test_announcing_costs_the_same_queries_for_one_or_many_endpoints(
    receiver, endpoint, role_page, django_assert_max_num_queries
):

    role_page.get_url_parts()  # warm the site-root cache, as any request would have
    with django_assert_max_num_queries(3):  # endpoints, view restrictions, one insert
        assert len(announce("published", role_page, 1)) == 1
    for n in range(10):
        WebhookEndpoint.objects.create(url=f"{receiver.url}/{n}", secret=SECRET)
    with django_assert_max_num_queries(3):
        assert len(announce("published", role_page, 1)) == 11
