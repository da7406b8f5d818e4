"""The webhooks admin: endpoints are edited there; the delivery log tells the story."""

import re

from django.contrib.auth.models import Group, Permission
from django.urls import NoReverseMatch, reverse

import pytest

from delivery.models import WebhookDelivery, WebhookEndpoint
from tests.support.delivery import Receiver

SECRET = "admin-secret-0123456789"


@pytest.fixture
def receiver():
    rx = Receiver()
    yield rx
    rx.close()


def test_an_admin_adds_an_endpoint_with_event_checkboxes(admin_client):
    url = reverse("webhook_endpoints:add")
    form = admin_client.get(url)
    assert form.status_code == 200
    assert 'type="checkbox" name="events" value="unpublished"' in form.content.decode()
    response = admin_client.post(
        url,
        {
            "url": "https://front.example/hooks",
            "secret": SECRET,
            "events": ["published", "deleted"],
            "is_active": "on",
            "description": "Next.js rebuild",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.events == "published,deleted"

    edit = admin_client.get(reverse("webhook_endpoints:edit", args=[endpoint.pk])).content.decode()
    checked = set(re.findall(r'name="events" value="(\w+)"[^>]*checked', edit))
    assert checked == {"published", "deleted"}
    listing = admin_client.get(reverse("webhook_endpoints:index")).content.decode()
    assert "https://front.example/hooks" in listing


def test_the_endpoint_form_names_bad_input(admin_client):
    response = admin_client.post(
        reverse("webhook_endpoints:add"),
        {"url": "ftp://x.example/", "secret": "short", "events": []},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "url" in errors and "secret" in errors and "events" in errors
    assert "at least 16 characters" in " ".join(errors["secret"])
    assert not WebhookEndpoint.objects.exists()


def test_the_delivery_log_shows_status_duration_attempts_and_errors(
    admin_client, receiver, careers_index, make_role, django_capture_on_commit_callbacks
):
    WebhookEndpoint.objects.create(url=receiver.url, secret=SECRET)
    with django_capture_on_commit_callbacks(execute=True):
        make_role("Data Engineer")  # receiver down
    delivery = WebhookDelivery.objects.get()

    index = admin_client.get(reverse("webhook_deliveries:index"))
    html = index.content.decode()
    assert index.status_code == 200
    assert "Connection failed" in html and "Pending" in html and "Retry now" in html
    assert reverse("webhook_deliveries:inspect", args=[delivery.pk]) in html

    inspect = admin_client.get(reverse("webhook_deliveries:inspect", args=[delivery.pk]))
    html = inspect.content.decode()
    assert "Attempts" in html and "Connection refused" in html
    assert "&quot;event&quot;: &quot;published&quot;" in html  # the payload, pretty-printed

    # Redeliver: GET confirms, POST sends (the receiver is up now).
    receiver.up(status=201)
    redeliver_url = reverse("webhook_deliveries:redeliver", args=[delivery.pk])
    confirm = admin_client.get(redeliver_url)
    assert confirm.status_code == 200 and "Attempt this delivery now" in confirm.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(redeliver_url)
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
        "delivered",
        2,
        201,
    )
    html = admin_client.get(response.url).content.decode()
    assert "201" in html and "Delivered" in html and "Redeliver" in html

    # Redelivering a delivered event sends a new delivery with the same body.
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(redeliver_url)
    again = WebhookDelivery.objects.exclude(pk=delivery.pk).get()
    assert (again.redelivery_of, again.status, again.payload) == (
        delivery,
        "delivered",
        delivery.payload,
    )
    assert len(receiver.acknowledged()) == 2


def test_the_log_is_read_only(admin_client):
    for name in ("add", "edit", "delete", "copy"):
        with pytest.raises(NoReverseMatch):
            reverse(f"webhook_deliveries:{name}", args=[] if name == "add" else ["x"])
    html = admin_client.get(reverse("webhook_deliveries:index")).content.decode()
    assert "Add webhook delivery" not in html


def test_editors_without_permission_cannot_see_or_redeliver(client, django_user_model, db):
    editor = django_user_model.objects.create_user("editor", password="pw-12345-long")
    group = Group.objects.create(name="Editors-webhooks-test")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    editor.groups.add(group)
    client.force_login(editor)
    endpoint = WebhookEndpoint.objects.create(url="https://front.example/h", secret=SECRET)
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, url=endpoint.url, event="published", page_id=1, payload="{}"
    )
    assert client.get(reverse("webhook_endpoints:index")).status_code in (302, 403)
    assert client.get(reverse("webhook_deliveries:index")).status_code in (302, 403)
    response = client.post(reverse("webhook_deliveries:redeliver", args=[delivery.pk]))
    assert response.status_code in (302, 403)  # Wagtail turns the 403 into a redirect
    assert WebhookDelivery.objects.count() == 1


def test_the_log_shows_at_most_200_escaped_characters_of_a_response(
    admin_client, receiver, careers_index, make_role, django_capture_on_commit_callbacks
):
    receiver.body = b"<script>alert('from the receiver')</script>" + b"A" * 5000
    receiver.up(status=500)
    WebhookEndpoint.objects.create(url=receiver.url, secret=SECRET)
    with django_capture_on_commit_callbacks(execute=True):
        make_role("Data Engineer")
    attempt = WebhookDelivery.objects.get().attempt_log.get()
    # Only what the log shows is kept.
    assert len(attempt.response_excerpt) <= 200
    assert attempt.response_excerpt.startswith("<script>alert(")

    inspect = admin_client.get(reverse("webhook_deliveries:inspect", args=[attempt.delivery_id]))
    html = inspect.content.decode()
    assert "&lt;script&gt;alert(&#x27;from the receiver&#x27;)&lt;/script&gt;" in html
    assert "<script>alert(" not in html
    assert "A" * 200 not in html
    listing = admin_client.get(reverse("webhook_deliveries:index")).content.decode()
    assert "<script>alert(" not in listing


def test_the_admin_never_shows_a_saved_secret(admin_client):
    response = admin_client.post(
        reverse("webhook_endpoints:add"),
        {"url": "https://front.example/hooks", "secret": SECRET, "events": ["published"]},
    )
    assert response.status_code == 302
    endpoint = WebhookEndpoint.objects.get()
    edit_url = reverse("webhook_endpoints:edit", args=[endpoint.pk])
    edit = admin_client.get(edit_url).content.decode()
    assert SECRET not in edit
    assert 'type="password" name="secret"' in edit

    # Blank keeps the current secret.
    form = {"url": endpoint.url, "secret": "", "events": ["published", "deleted"]}
    assert admin_client.post(edit_url, form).status_code == 302
    endpoint.refresh_from_db()
    assert (endpoint.secret, endpoint.events) == (SECRET, "published,deleted")

    # A rejected new secret is not echoed back either, and the old one stays.
    rejected = admin_client.post(edit_url, {**form, "secret": "too-short"})
    assert rejected.status_code == 200
    assert "at least 16 characters" in " ".join(rejected.context["form"].errors["secret"])
    assert "too-short" not in rejected.content.decode()
    endpoint.refresh_from_db()
    assert endpoint.secret == SECRET

    new = "a-brand-new-secret-0123456789"
    assert admin_client.post(edit_url, {**form, "secret": new}).status_code == 302
    endpoint.refresh_from_db()
    assert endpoint.secret == new
    assert new not in admin_client.get(edit_url).content.decode()


def test_replace_secret_generates_one_and_shows_it_once(admin_client):
    endpoint = WebhookEndpoint.objects.create(url="https://front.example/h", secret=SECRET)
    edit = admin_client.get(reverse("webhook_endpoints:edit", args=[endpoint.pk])).content.decode()
    replace_url = reverse("webhook_endpoints:replace_secret", args=[endpoint.pk])
    assert replace_url in edit

    confirm = admin_client.get(replace_url)
    assert confirm.status_code == 200 and "Replace secret" in confirm.content.decode()
    endpoint.refresh_from_db()
    assert endpoint.secret == SECRET  # GET changes nothing

    shown = admin_client.post(replace_url)
    assert shown.status_code == 200
    assert "no-store" in shown["Cache-Control"]
    endpoint.refresh_from_db()
    assert endpoint.secret != SECRET and len(endpoint.secret) >= 32
    assert endpoint.secret in shown.content.decode()
    # Once: neither the edit page nor the confirmation page shows it again.
    for url in (reverse("webhook_endpoints:edit", args=[endpoint.pk]), replace_url):
        assert endpoint.secret not in admin_client.get(url).content.decode()


def test_replace_secret_needs_the_change_permission(client, django_user_model, db):
    editor = django_user_model.objects.create_user("editor", password="pw-12345-long")
    group = Group.objects.create(name="Editors-webhooks-secret")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    editor.groups.add(group)
    client.force_login(editor)
    endpoint = WebhookEndpoint.objects.create(url="https://front.example/h", secret=SECRET)
    response = client.post(reverse("webhook_endpoints:replace_secret", args=[endpoint.pk]))
    assert response.status_code in (302, 403)
    endpoint.refresh_from_db()
    assert endpoint.secret == SECRET
