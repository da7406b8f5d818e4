"""Reading with a token is never worse than reading anonymously, and never leaks draft news."""

from django.contrib.auth.models import Group
from django.test import Client

from wagtail.models import APIToken

import pytest

from tests.support.api import MAX_QUERIES


def auth(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def bare_user(django_user_model, careers_index):
    """A user with no page permissions at all: a consumer token, not an editor's."""
    return django_user_model.objects.create_user("reader", "r@example.com", "pw")


@pytest.fixture
def bare_token(bare_user):
    return APIToken.create_token(user=bare_user, name="reader")[1]


@pytest.fixture
def editor_token(django_user_model, careers_index):
    user = django_user_model.objects.create_user("editor", "e@example.com", "pw")
    user.groups.add(Group.objects.get(name="Editors"))
    return APIToken.create_token(user=user, name="editor")[1]


def test_a_token_without_page_permissions_sees_every_public_page(client, make_role, bare_token):
    live = make_role("Live Engineer")
    make_role("Other Engineer")
    draft = make_role("Draft Engineer", publish=False)

    anonymous = client.get("/api/v3/pages/").json()
    with_token = client.get("/api/v3/pages/", **auth(bare_token)).json()
    assert with_token["count"] == anonymous["count"] == 2
    assert [i["id"] for i in with_token["items"]] == [i["id"] for i in anonymous["items"]]
    assert client.get(f"/api/v3/pages/{live.id}/", **auth(bare_token)).status_code == 200
    # Filters apply to the same public set.
    found = client.get("/api/v3/pages/?slug=live-engineer", **auth(bare_token)).json()
    assert [i["id"] for i in found["items"]] == [live.id]
    # ...and a token that may not edit a draft still cannot read it.
    assert client.get(f"/api/v3/pages/{draft.id}/", **auth(bare_token)).status_code == 404
    assert (
        client.get(f"/api/v3/pages/{draft.id}/?version=draft", **auth(bare_token)).status_code
        == 404
    )


def test_version_draft_is_the_live_version_for_a_token_that_may_not_edit(
    client, make_role, bare_token, editor_token
):
    page = make_role("Live Engineer")
    draft = page.get_latest_revision_as_object()
    draft.intro = "Secret draft intro."
    draft.save_revision()

    for token in (None, bare_token):
        headers = auth(token) if token else {}
        data = client.get(f"/api/v3/pages/{page.id}/?version=draft", **headers).json()
        assert data["intro"] != "Secret draft intro."
    data = client.get(f"/api/v3/pages/{page.id}/?version=draft", **auth(editor_token)).json()
    assert data["intro"] == "Secret draft intro."


def test_an_editor_token_sees_public_pages_and_its_own_drafts(client, make_role, editor_token):
    make_role("Live Engineer")
    draft = make_role("Draft Engineer", publish=False)
    listing = client.get("/api/v3/pages/", **auth(editor_token)).json()
    assert listing["count"] == 2
    assert client.get(f"/api/v3/pages/{draft.id}/", **auth(editor_token)).status_code == 200


def test_v2_reads_by_a_signed_in_user_without_permissions_match_anonymous_reads(
    client, make_role, bare_user, bare_token
):
    live = make_role("Live Engineer")
    url = "/api/v2/pages/?type=careers.RolePage"
    anonymous = client.get(url).json()["meta"]["total_count"]
    assert client.get(url, **auth(bare_token)).json()["meta"]["total_count"] == anonymous == 1
    client.force_login(bare_user)
    assert client.get(url).json()["meta"]["total_count"] == 1
    assert client.get(f"/api/v2/pages/{live.id}/").status_code == 200


def test_anonymous_responses_do_not_say_whether_a_draft_exists(
    settings, home, make_role, editor_token
):
    settings.PAGECACHE_ENABLED = True
    client = Client()  # built after the setting, so the page cache is in its middleware
    page = make_role("Live Engineer")
    before = client.get(f"/api/v3/pages/{page.id}/")
    assert before["X-Page-Cache"] == "miss"
    assert "has_unpublished_changes" not in before.json()["meta"]
    assert "has_unpublished_changes" not in client.get("/api/v3/pages/").json()["items"][0]["meta"]

    draft = page.get_latest_revision_as_object()
    draft.intro = "A newer intro."
    draft.save_revision()
    # Byte for byte the same: nothing in an anonymous (cacheable) response goes stale on a draft.
    assert client.get(f"/api/v3/pages/{page.id}/").content == before.content

    # Token responses carry it, and are never stored in or served from the shared cache.
    response = client.get(f"/api/v3/pages/{page.id}/", **auth(editor_token))
    assert response.json()["meta"]["has_unpublished_changes"] is True
    assert response["X-Page-Cache"] == "bypass"
    assert "private" in response["Cache-Control"]


def test_token_reads_cost_a_fixed_number_of_queries(
    client, make_role, editor_token, django_assert_max_num_queries
):
    def measure():
        client.get("/api/v3/pages/?limit=20", **auth(editor_token))  # warm per-process caches
        with django_assert_max_num_queries(MAX_QUERIES):
            listing = client.get("/api/v3/pages/?limit=20", **auth(editor_token))
        return listing.json()

    for n in range(5):
        make_role(f"Role {n:02d}")
    assert measure()["count"] == 5
    for n in range(5, 25):
        make_role(f"Role {n:02d}", publish=n % 2 == 0)
    data = measure()
    assert data["count"] == 25 and len(data["items"]) == 20
