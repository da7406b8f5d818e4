"""The page cache serves repeat visits without the database and never serves stale content."""

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client

from wagtail.models import Site

import pytest

from careers.models import CareersSettings
from careers.testing.factories import RolePageFactory, sample_body
from delivery.models import WebhookEndpoint
from pagecache import tags
from pagecache.signals import _Pending


def unrelated_body(role_name):
    """A body sharing no skills with sample_body's, so the role suggests no sibling as related
    (a page showing a role as related depends on it, like a page linking to it)."""
    return [
        (name, {**value, "items": ["Figma prototyping", "Usability interviews"]})
        if name == "skills"
        else (name, value)
        for name, value in sample_body(role_name)
    ]


@pytest.fixture
def cached_client(settings, home):
    settings.PAGECACHE_ENABLED = True
    # The settings row is created on first read, which (rightly) invalidates everything; create
    # it up front as a running site would have it, so a first visit here is a plain miss.
    CareersSettings.for_site(Site.objects.get(is_default_site=True))
    return Client()


def get(client, url, **headers):
    response = client.get(url, headers=headers)
    return response, response.get("X-Page-Cache")


def republish(page, **changes):
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def test_second_visit_is_a_hit_that_runs_no_sql(
    cached_client, role_page, django_assert_num_queries
):
    first, state = get(cached_client, role_page.url)
    assert (first.status_code, state) == (200, "miss")
    with django_assert_num_queries(0):
        second, state = get(cached_client, role_page.url)
    assert (second.status_code, state) == (200, "hit")
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert "max-age=0" in second["Cache-Control"]


def test_conditional_get_answers_304_without_a_body(cached_client, role_page):
    first, _ = get(cached_client, role_page.url)
    by_etag = cached_client.get(role_page.url, headers={"If-None-Match": first["ETag"]})
    assert by_etag.status_code == 304
    assert by_etag.content == b""
    by_date = cached_client.get(
        role_page.url, headers={"If-Modified-Since": first["Last-Modified"]}
    )
    assert by_date.status_code == 304
    other = cached_client.get(role_page.url, headers={"If-None-Match": '"not-the-etag"'})
    assert other.status_code == 200


def test_publish_shows_new_content_on_the_very_next_request(cached_client, role_page):
    get(cached_client, role_page.url)
    get(cached_client, "/careers/")
    republish(role_page, intro="A brand new introduction.", role_name="Applied AI Engineer")

    page, state = get(cached_client, role_page.url)
    assert state == "miss"
    assert b"A brand new introduction." in page.content
    index, state = get(cached_client, "/careers/")
    assert state == "miss"
    assert b"Applied AI Engineer" in index.content


def test_publish_invalidates_only_what_depends_on_the_page(cached_client, make_role):
    changed = make_role("Data Engineer")
    unrelated = make_role("Product Designer", body=unrelated_body("Product Designer"))
    linking = make_role("Data Analyst", body=sample_body("Data Analyst", (changed.id,)))
    unrelated_detail = f"/api/v3/pages/{unrelated.id}/"
    for url in (changed.url, unrelated.url, linking.url, unrelated_detail):
        get(cached_client, url)

    republish(changed, intro="Rewritten.")

    assert get(cached_client, unrelated_detail)[1] == "hit"
    # Every role page ranks all its siblings to suggest related roles, so it depends on them.
    assert get(cached_client, unrelated.url)[1] == "miss"
    assert get(cached_client, changed.url)[1] == "miss"
    # The linking page rendered the changed page's URL, so it depends on it.
    assert get(cached_client, linking.url)[1] == "miss"


def test_new_role_appears_on_the_index_at_once(cached_client, make_role):
    make_role("Data Engineer")
    get(cached_client, "/careers/")
    assert get(cached_client, "/careers/")[1] == "hit"
    make_role("Security Engineer")
    index, state = get(cached_client, "/careers/")
    assert state == "miss"
    assert b"Security Engineer" in index.content


def test_unpublish_removes_the_page_and_its_index_entry(cached_client, make_role):
    page = make_role("Data Engineer")
    get(cached_client, page.url)
    get(cached_client, "/careers/")
    page.unpublish()
    assert cached_client.get(page.url).status_code == 404
    index, _ = get(cached_client, "/careers/")
    assert b"Data Engineer" not in index.content


def test_delete_removes_the_page_and_its_index_entry(cached_client, make_role):
    page = make_role("Data Engineer")
    url = page.url
    get(cached_client, url)
    get(cached_client, "/careers/")
    page.delete()
    assert cached_client.get(url).status_code == 404
    index, _ = get(cached_client, "/careers/")
    assert b"Data Engineer" not in index.content


def test_move_updates_every_page_that_links_to_the_moved_page(cached_client, make_role, home):
    moved = make_role("Data Engineer")
    linking = make_role("Data Analyst", body=sample_body("Data Analyst", (moved.id,)))
    old_url = moved.url
    get(cached_client, old_url)
    before, _ = get(cached_client, linking.url)
    assert old_url.encode() in before.content

    moved.move(home, pos="last-child")
    moved.refresh_from_db()

    gone = cached_client.get(old_url)
    # Wagtail records a redirect for a moved page; what matters is the old page is not served.
    assert (gone.status_code, gone.get("Location")) == (301, moved.url)
    after, state = get(cached_client, linking.url)
    assert state == "miss"
    assert old_url.encode() not in after.content
    assert moved.url.encode() in after.content
    assert cached_client.get(moved.url).status_code == 200


def test_slug_change_updates_links(cached_client, make_role):
    target = make_role("Data Engineer")
    linking = make_role("Data Analyst", body=sample_body("Data Analyst", (target.id,)))
    get(cached_client, linking.url)
    republish(target, slug="data-engineering")
    after, state = get(cached_client, linking.url)
    assert state == "miss"
    assert b"/careers/data-engineering/" in after.content


def test_site_settings_change_invalidates_everything(cached_client, role_page, home):
    get(cached_client, role_page.url)
    site_settings = CareersSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.organisation_name = "Acme Careers"
    site_settings.save()
    page, state = get(cached_client, role_page.url)
    assert state == "miss"
    assert b"Acme Careers" in page.content


def test_saving_a_draft_keeps_the_cache(cached_client, role_page):
    get(cached_client, role_page.url)
    role_page.intro = "Draft only."
    role_page.save_revision()
    page, state = get(cached_client, role_page.url)
    assert state == "hit"
    assert b"Draft only." not in page.content


def test_logged_in_editors_bypass_the_cache(cached_client, role_page):
    editor = get_user_model().objects.create_superuser("editor", "e@example.com", "pw")
    cached_client.force_login(editor)
    response, state = get(cached_client, role_page.url)
    assert state == "bypass"
    assert "private" in response["Cache-Control"]
    # Nothing the editor saw was stored for anonymous visitors.
    assert get(Client(), role_page.url)[1] == "miss"


def test_preview_of_a_draft_never_reaches_visitors(cached_client, role_page):
    editor = get_user_model().objects.create_superuser("editor", "e@example.com", "pw")
    role_page.intro = "Unpublished draft wording."
    role_page.save_revision()
    cached_client.force_login(editor)
    preview = cached_client.get(f"/admin/pages/{role_page.id}/view_draft/")
    assert preview.status_code == 200
    assert b"Unpublished draft wording." in preview.content

    visitor, _ = get(Client(), role_page.url)
    assert b"Unpublished draft wording." not in visitor.content


def test_query_strings_bypass_unless_only_tracking(cached_client, role_page):
    get(cached_client, role_page.url)
    assert get(cached_client, role_page.url + "?utm_source=newsletter")[1] == "hit"
    assert get(cached_client, role_page.url + "?q=python")[1] == "bypass"


def test_other_methods_bypass(cached_client, role_page):
    get(cached_client, role_page.url)
    response = cached_client.post(role_page.url)
    assert response.get("X-Page-Cache") == "bypass"


def test_head_is_answered_from_the_cache_without_a_body(cached_client, role_page):
    get(cached_client, role_page.url)
    response = cached_client.head(role_page.url)
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "hit"
    assert response.content == b""


def test_evicted_tag_causes_a_miss_not_a_stale_hit(cached_client, role_page):
    get(cached_client, role_page.url)
    tags.store().delete("pc:t:" + tags.page_tag(role_page.id))
    assert get(cached_client, role_page.url)[1] == "miss"


def test_pagecache_clear_command_invalidates_everything(cached_client, role_page):
    get(cached_client, role_page.url)
    call_command("pagecache_clear")
    assert get(cached_client, role_page.url)[1] == "miss"


def test_not_found_is_not_cached(cached_client, careers_index, make_role):
    assert cached_client.get("/careers/not-yet/").status_code == 404
    make_role("Not Yet")
    assert cached_client.get("/careers/not-yet/").status_code == 200


def test_index_of_many_roles_shows_an_edit_to_any_of_them(cached_client, careers_index):
    """Past 20 pages a response depends on 'any page' rather than on each: still never stale."""
    roles = [
        RolePageFactory(parent=careers_index, role_name=f"Role {n:02d}", body=sample_body("R"))
        for n in range(25)
    ]
    get(cached_client, "/careers/")
    assert get(cached_client, "/careers/")[1] == "hit"
    republish(roles[7], role_name="Renamed Role Seven")
    index, state = get(cached_client, "/careers/")
    assert state == "miss"
    assert b"Renamed Role Seven" in index.content


def test_publish_with_webhooks_keeps_unrelated_pages_cached(
    cached_client, make_role, django_capture_on_commit_callbacks
):
    """Bookkeeping rows written on publish (webhook deliveries, revisions, logs) change no page."""

    WebhookEndpoint.objects.create(url="http://127.0.0.1:9/hook", secret="s" * 32)
    changed = make_role("Data Engineer")
    unrelated = make_role("Product Designer", body=unrelated_body("Product Designer"))
    unrelated_detail = f"/api/v3/pages/{unrelated.id}/"
    get(cached_client, unrelated_detail)
    changed.intro = "Rewritten."
    with django_capture_on_commit_callbacks(execute=True):
        changed.save_revision().publish()
    assert get(cached_client, unrelated_detail)[1] == "hit"
    assert get(cached_client, f"/api/v3/pages/{changed.id}/")[1] == "miss"


def test_a_transaction_writing_many_pages_invalidates_once_more_on_commit(cached_client, make_role):
    """Other processes may render old rows until the commit: the tags are bumped again then."""

    def pending_callbacks():
        return [
            entry[1]
            for entry in connection.run_on_commit
            if isinstance(getattr(entry[1], "__self__", None), _Pending)
        ]

    roles = [make_role(f"Role {n}") for n in range(3)]
    for role in roles:
        get(cached_client, role.url)
    with transaction.atomic():
        for role in roles:
            role.intro = "Batch edit."
            role.save_revision().publish()
    # One callback for the whole (test) transaction, however many pages it wrote.
    assert len(pending_callbacks()) == 1
    # Another process caching an old render between the first bump and the commit:
    get(cached_client, roles[0].url)
    assert get(cached_client, roles[0].url)[1] == "hit"
    pending_callbacks()[0]()  # what the commit runs
    assert get(cached_client, roles[0].url)[1] == "miss"
