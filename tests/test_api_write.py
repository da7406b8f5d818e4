"""Writing role pages through API v3 with a token: create, update, publish, unpublish."""

import copy
import re

from django.contrib.auth.models import Group

from wagtail.models import APIToken

import pytest

from careers.models import RolePage
from careers.testing.factories import sample_body
from tests.support.api import auth, new_role


@pytest.fixture
def admin_token(django_user_model, careers_index):
    user = django_user_model.objects.create_superuser("pipeline", "p@example.com", "pw")
    return APIToken.create_token(user=user, name="pipeline")[1]


@pytest.fixture
def editor_token(django_user_model, careers_index):
    user = django_user_model.objects.create_user("editor", "e@example.com", "pw")
    user.groups.add(Group.objects.get(name="Editors"))
    return APIToken.create_token(user=user, name="editor")[1]


def post(client, payload, token, url="/api/v3/pages/"):
    return client.post(url, payload, content_type="application/json", **auth(token))


def patch(client, page_id, payload, token):
    return client.patch(
        f"/api/v3/pages/{page_id}/", payload, content_type="application/json", **auth(token)
    )


def test_create_makes_a_draft_that_readers_cannot_see(client, admin_token):
    response = post(client, new_role(), admin_token)
    assert response.status_code == 201, response.content
    data = response.json()
    page = RolePage.objects.get(pk=data["id"])
    assert not page.live and page.get_parent().slug == "careers"
    assert page.slug == "platform-engineer"
    assert page.title == "Platform Engineer Jobs & Internships 2026"
    assert data["salary_summary"] == {"base_min": 60000, "base_max": 130000, "currency": "EUR"}
    assert data["meta"]["live"] is False
    assert client.get(f"/api/v3/pages/{page.id}/").status_code == 404
    # The token's user sees the draft.
    assert client.get(f"/api/v3/pages/{page.id}/", **auth(admin_token)).status_code == 200


def test_create_publish_update_unpublish_cycle(client, admin_token):
    created = post(client, new_role(meta={"action": "publish"}), admin_token).json()
    page_id = created["id"]
    assert created["meta"]["live"] is True
    assert client.get(f"/api/v3/pages/{page_id}/").json()["intro"].startswith("Platform")

    response = patch(client, page_id, {"intro": "A newer intro."}, admin_token)
    assert response.status_code == 200, response.content
    assert response.json()["intro"] == "A newer intro."
    page = RolePage.objects.get(pk=page_id)
    assert page.revisions.count() == 2 and page.has_unpublished_changes
    assert client.get(f"/api/v3/pages/{page_id}/").json()["intro"].startswith("Platform")

    response = client.post(f"/api/v3/pages/{page_id}/actions/publish/", **auth(admin_token))
    assert response.status_code == 200
    assert client.get(f"/api/v3/pages/{page_id}/").json()["intro"] == "A newer intro."

    response = client.post(f"/api/v3/pages/{page_id}/actions/unpublish/", **auth(admin_token))
    assert response.status_code == 200
    assert client.get(f"/api/v3/pages/{page_id}/").status_code == 404
    assert client.get(f"/api/v2/pages/{page_id}/").status_code == 404


def test_a_read_payload_is_accepted_unchanged_as_a_write(client, admin_token, make_role):
    target = make_role("Data Scientist")
    page = make_role("Applied ML Engineer", body=sample_body("Applied ML Engineer", (target.id,)))
    read = client.get(f"/api/v3/pages/{page.id}/").json()

    response = patch(client, page.id, read, admin_token)
    assert response.status_code == 200, response.content
    again = client.get(f"/api/v3/pages/{page.id}/?version=draft", **auth(admin_token)).json()
    assert again["body"] == read["body"]
    assert {k: v for k, v in again.items() if k != "meta"} == {
        k: v for k, v in read.items() if k != "meta"
    }
    # Internal links are stored as Wagtail page links again, so they follow moves.
    stored = RolePage.objects.get(pk=page.id).get_latest_revision_as_object()
    stored_html = stored.body.raw_data[0]["value"]["body"]
    assert re.search(
        rf'<a (linktype="page" id="{target.id}"|id="{target.id}" linktype="page")>', stored_html
    )

    # And a read payload creates a copy under a new slug.
    copy_payload = copy.deepcopy(read)
    copy_payload["meta"]["slug"] = "applied-ml-engineer-copy"
    response = post(client, copy_payload, admin_token)
    assert response.status_code == 201, response.content
    assert response.json()["body"][0]["value"] == read["body"][0]["value"]

    # v2's read shape is accepted too.
    v2 = client.get(f"/api/v2/pages/{page.id}/").json()
    assert patch(client, page.id, v2, admin_token).status_code == 200


def test_hostile_rich_text_is_sanitised(client, admin_token):
    body = (
        '<p onclick="steal()">Hi <script>alert(1)</script>'
        '<a href="javascript:alert(2)">click</a> <a href="https://example.com/x">ok</a>'
        '<img src=x onerror="alert(3)"></p>'
    )
    payload = new_role(body=[{"type": "overview", "value": {"heading": "", "body": body}}])
    response = post(client, payload, admin_token)
    assert response.status_code == 201, response.content
    html = response.json()["body"][0]["value"]["body"]
    for bad in ("script", "onclick", "javascript:", "onerror", "alert"):
        assert bad not in html
    assert '<a href="https://example.com/x">ok</a>' in html


def test_no_token_no_write(client, role_page):
    assert (
        client.post("/api/v3/pages/", new_role(), content_type="application/json").status_code
        == 401
    )
    assert (
        client.patch(
            f"/api/v3/pages/{role_page.id}/", {}, content_type="application/json"
        ).status_code
        == 401
    )
    assert client.post(f"/api/v3/pages/{role_page.id}/actions/unpublish/").status_code == 401
    bad = {"HTTP_AUTHORIZATION": "Bearer wagtail_notarealtoken"}
    assert client.post(f"/api/v3/pages/{role_page.id}/actions/unpublish/", **bad).status_code == 401
    assert RolePage.objects.get(pk=role_page.id).live


def test_revoked_token_cannot_write(client, admin_token, role_page):
    APIToken.objects.get().revoke()
    response = patch(client, role_page.id, {"intro": "x"}, admin_token)
    assert response.status_code == 401


def test_publishing_needs_publish_permission(client, editor_token, role_page):
    """Without it a publish request submits for review (every page has a workflow: Wagtail's
    default one on the root); tests/test_api_locks.py covers the review itself."""
    created = post(client, new_role(), editor_token)
    assert created.status_code == 201, created.content
    page_id = created.json()["id"]
    submitted = post(client, new_role(role_name="Other", meta={"action": "publish"}), editor_token)
    assert submitted.status_code == 202, submitted.content
    response = client.post(f"/api/v3/pages/{page_id}/actions/publish/", **auth(editor_token))
    assert response.status_code == 202
    assert response.json()["meta"]["workflow"]["status"] == "in_progress"
    assert not RolePage.objects.get(pk=page_id).live
    assert not RolePage.objects.get(role_name="Other").live
    response = client.post(f"/api/v3/pages/{role_page.id}/actions/unpublish/", **auth(editor_token))
    assert response.status_code == 403
    assert RolePage.objects.get(pk=role_page.id).live


def test_publishing_runs_the_content_checks(client, admin_token):
    payload = new_role(meta={"action": "publish"})
    payload["body"] = [block for block in payload["body"] if block["type"] != "apply"]
    response = post(client, payload, admin_token)
    assert response.status_code == 422
    errors = [f"{e['path']}: {e['msg']}" for e in response.json()["errors"]]
    assert errors == [
        'body: Cannot publish: The page has no "Apply call to action" section; '
        "every role page needs one."
    ]
    assert not RolePage.objects.filter(role_name="Platform Engineer").exists()
    # As a draft it saves; publishing it later is refused the same way.
    payload.pop("meta")
    page_id = post(client, payload, admin_token).json()["id"]
    response = client.post(f"/api/v3/pages/{page_id}/actions/publish/", **auth(admin_token))
    assert response.status_code == 422
    assert not RolePage.objects.get(pk=page_id).live
