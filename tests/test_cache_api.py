"""API reads are cached like pages: 0 SQL on a hit, fresh right after a publish."""

from django.test import Client

from wagtail.models import Site

import pytest

from careers.models import CareersSettings


@pytest.fixture
def cached_client(settings, home):
    settings.PAGECACHE_ENABLED = True
    CareersSettings.for_site(Site.objects.get(is_default_site=True))
    return Client()


LISTINGS = ["/api/v2/pages/?type=careers.RolePage&fields=*&limit=50", "/api/v3/pages/?limit=50"]


def detail_urls(page):
    return [f"/api/v2/pages/{page.id}/", f"/api/v3/pages/{page.id}/"]


@pytest.mark.parametrize("which", [0, 1], ids=["v2", "v3"])
def test_detail_hit_runs_no_sql_and_publish_refreshes_it(
    cached_client, role_page, which, django_assert_num_queries
):
    url = detail_urls(role_page)[which]
    first = cached_client.get(url)
    assert (first.status_code, first["X-Page-Cache"]) == (200, "miss")
    with django_assert_num_queries(0):
        second = cached_client.get(url)
    assert second["X-Page-Cache"] == "hit"
    assert second.json() == first.json()
    assert cached_client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 304

    role_page.intro = "Changed through a publish."
    role_page.save_revision().publish()
    fresh = cached_client.get(url)
    assert fresh["X-Page-Cache"] == "miss"
    assert fresh.json()["intro"] == "Changed through a publish."


@pytest.mark.parametrize("url", LISTINGS, ids=["v2", "v3"])
def test_listing_shows_a_new_role_at_once(cached_client, make_role, url):
    make_role("Data Engineer")
    cached_client.get(url)
    assert cached_client.get(url)["X-Page-Cache"] == "hit"
    make_role("Security Engineer")
    fresh = cached_client.get(url)
    assert fresh["X-Page-Cache"] == "miss"
    assert "Security Engineer" in fresh.content.decode()


@pytest.mark.parametrize("url", LISTINGS, ids=["v2", "v3"])
def test_listing_drops_an_unpublished_role_at_once(cached_client, make_role, url):
    keep = make_role("Data Engineer")
    gone = make_role("Security Engineer")
    cached_client.get(url)
    gone.unpublish()
    body = cached_client.get(url).content.decode()
    assert "Security Engineer" not in body
    assert keep.role_name in body


def test_unpublished_detail_is_404_at_once(cached_client, role_page):
    for url in detail_urls(role_page):
        cached_client.get(url)
    role_page.unpublish()
    for url in detail_urls(role_page):
        assert cached_client.get(url).status_code == 404


def test_publishing_one_role_keeps_other_details_cached(cached_client, make_role):
    changed = make_role("Data Engineer")
    other = make_role("Product Designer")
    for url in detail_urls(changed) + detail_urls(other):
        cached_client.get(url)
    changed.intro = "New."
    changed.save_revision().publish()
    for url in detail_urls(other):
        assert cached_client.get(url)["X-Page-Cache"] == "hit"
