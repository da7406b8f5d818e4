"""`manage.py webhooks` and the production task backend (django-tasks-db + db_worker)."""

import json
from io import StringIO

from django.core.management import CommandError, call_command
from django.test import override_settings

import pytest
from django_tasks_db.models import DBTaskResult

from delivery.models import WebhookDelivery, WebhookEndpoint
from tests.support.delivery import Receiver

SECRET = "0123456789abcdef-secret"


def run(*args):
    out = StringIO()
    call_command("webhooks", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def receiver():
    rx = Receiver()
    yield rx
    rx.close()


def test_add_list_remove(db):
    out = run(
        "add", "https://front.example/hooks", "--secret", SECRET, "--events", "published, deleted"
    )
    assert "Added endpoint" in out and "published, deleted" in out
    endpoint = WebhookEndpoint.objects.get()
    assert (endpoint.url, endpoint.secret, endpoint.event_list) == (
        "https://front.example/hooks",
        SECRET,
        ["published", "deleted"],
    )
    listing = run("list")
    assert "https://front.example/hooks\tpublished,deleted\tactive" in listing
    assert SECRET not in listing  # secrets are never listed

    WebhookDelivery.objects.create(
        endpoint=endpoint, url=endpoint.url, event="published", page_id=1, payload="{}"
    )
    out = run("remove", "https://front.example/hooks")
    assert "1 pending deliveries cancelled" in out
    assert not WebhookEndpoint.objects.exists()
    kept = WebhookDelivery.objects.get()  # the log survives the endpoint
    assert (kept.status, kept.endpoint, kept.url) == (
        "cancelled",
        None,
        "https://front.example/hooks",
    )


def test_add_generates_and_prints_a_secret_when_none_is_given(db):
    out = run("add", "https://front.example/hooks")
    secret = WebhookEndpoint.objects.get().secret
    assert len(secret) >= 32 and secret in out
    assert WebhookEndpoint.objects.get().event_list == ["published", "unpublished", "deleted"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ftp://front.example/", "--secret", SECRET], "url: Enter a valid URL"),
        (
            ["https://front.example/", "--secret", "short"],
            "--secret: Ensure this value has at least 16",
        ),
        (
            ["https://front.example/", "--secret", SECRET, "--events", "published,saved"],
            "--events: Unknown event(s) 'saved'; choose from published, unpublished, deleted",
        ),
        (
            ["https://front.example/", "--secret", SECRET, "--events", ","],
            "--events: Choose at least one",
        ),
    ],
)
def test_add_rejects_bad_input_naming_the_problem(db, args, message):
    with pytest.raises(CommandError) as exc:
        run("add", *args)
    assert message in str(exc.value)
    assert not WebhookEndpoint.objects.exists()


def test_add_refuses_a_duplicate_and_remove_an_unknown_endpoint(db):
    run("add", "https://front.example/hooks", "--secret", SECRET)
    with pytest.raises(CommandError, match="already exists"):
        run("add", "https://front.example/hooks", "--secret", SECRET)
    with pytest.raises(CommandError, match="No webhook endpoint with URL or id 'https://nope/'"):
        run("remove", "https://nope/")
    endpoint_id = WebhookEndpoint.objects.get().pk
    assert "Removed endpoint" in run("remove", str(endpoint_id))


def test_deliver_due_and_redeliver_from_the_command_line(
    receiver, careers_index, make_role, django_capture_on_commit_callbacks
):
    run("add", receiver.url, "--secret", SECRET)
    with django_capture_on_commit_callbacks(execute=True):
        make_role("Data Engineer")  # receiver is down: attempt 1 fails
    delivery = WebhookDelivery.objects.get()
    assert "Attempted 0 deliveries" in run("deliver-due")  # not due for a minute
    receiver.up()
    assert "Attempted 1 deliveries: 1 delivered, 0 not." in run("deliver-due", "--all")
    with django_capture_on_commit_callbacks(execute=True):
        assert "Queued delivery" in run("redeliver", str(delivery.pk))
    assert len(receiver.acknowledged()) == 2
    assert WebhookDelivery.objects.filter(redelivery_of=delivery, status="delivered").exists()
    with pytest.raises(CommandError, match="No webhook delivery with id 'nope'"):
        run("redeliver", "nope")


@override_settings(
    TASKS={
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
        "webhooks": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    }
)
# Transactional: the worker recycles database connections between tasks, as in production,
# which a test wrapped in one transaction cannot survive.
@pytest.mark.django_db(transaction=True)
def test_production_backend_queues_in_the_database_and_db_worker_delivers(
    receiver, careers_index, make_role, django_capture_on_commit_callbacks, monkeypatch
):

    WebhookEndpoint.objects.create(url=receiver.url, secret=SECRET)
    with django_capture_on_commit_callbacks(execute=True):
        make_role("Data Engineer")
    delivery = WebhookDelivery.objects.get()
    task = DBTaskResult.objects.get()
    assert (task.task_path, task.backend_name, task.status) == (
        "delivery.tasks.deliver_webhook",
        "webhooks",
        "READY",
    )
    assert receiver.requests == []  # queued, not sent inside the request

    receiver.up(status=503)
    call_command(
        "db_worker",
        "--batch",
        "--backend",
        "webhooks",
        "--no-startup-delay",
        "--no-reload",
        verbosity=0,
    )
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("pending", 1, 503)
    retry = DBTaskResult.objects.filter(status="READY").get()
    # The retry waits in the queue until the backoff has passed.
    assert retry.run_after == delivery.next_attempt_at
    assert json.loads(json.dumps(retry.args_kwargs))["args"] == [str(delivery.pk)]


@override_settings(
    TASKS={
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
        "webhooks": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    }
)
def test_a_failed_attempt_by_the_sweep_also_queues_its_retry(
    receiver, careers_index, make_role, django_capture_on_commit_callbacks
):

    WebhookEndpoint.objects.create(url=receiver.url, secret=SECRET)
    with django_capture_on_commit_callbacks(execute=True):
        make_role("Data Engineer")
    DBTaskResult.objects.all().delete()  # as if the queue lost the task
    receiver.up(status=500)
    assert "1 not" in run("deliver-due")
    delivery = WebhookDelivery.objects.get()
    retry = DBTaskResult.objects.get()
    assert (delivery.attempts, retry.run_after) == (1, delivery.next_attempt_at)
