"""<head> metadata, sitemap, robots.txt and the friendly error pages."""

from datetime import UTC
from xml.etree import ElementTree

from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import get_resolver

import pytest
from bs4 import BeautifulSoup

from careers.seo import metadata


def head(client, url):
    response = client.get(url)
    soup = BeautifulSoup(response.content, "html.parser")

    def meta(**attrs):
        tag = soup.find("meta", attrs=attrs)
        return tag["content"] if tag else None

    canonical = soup.find("link", rel="canonical")
    return response, soup, meta, canonical["href"] if canonical else None


# --- descriptions -----------------------------------------------------------------------


def test_description_prefers_the_search_description_then_the_shortened_intro():
    assert metadata.meta_description("  Written   for search. ", "Intro.") == "Written for search."
    long_intro = "Applied ML engineers use machine learning to solve business problems. " * 5
    generated = metadata.meta_description("", long_intro)
    assert len(generated) <= metadata.DESCRIPTION_MAX
    assert generated.endswith("…")
    assert long_intro.startswith(generated[:-1])
    assert not generated[:-1].endswith(" ")
    assert metadata.meta_description("", "", fallback="Careers") == "Careers"


def test_truncation_never_cuts_inside_a_word():
    text = "word " * 100
    assert metadata.truncate_words(text, 23) == "word word word word…"


# --- role page head ---------------------------------------------------------------------


def test_role_page_head_has_title_description_canonical_open_graph_and_twitter(client, make_role):
    page = make_role("Applied ML Engineer", search_description="")
    response, soup, meta, canonical = head(client, page.url)
    assert soup.title.string == f"{page.title} | PropelGrad"
    assert meta(name="description") == page.intro
    assert canonical == page.full_url
    assert meta(property="og:url") == page.full_url
    assert meta(property="og:type") == "article"
    assert meta(property="og:title") == page.title
    assert meta(property="og:site_name") == "PropelGrad"
    assert meta(property="og:image").startswith("http://localhost/media/social-cards/")
    assert meta(property="og:image:width") == "1200"
    assert meta(property="og:image:height") == "630"
    assert "$125,000–$351,000" in meta(property="og:image:alt")
    assert meta(name="twitter:card") == "summary_large_image"
    assert meta(name="twitter:image") == meta(property="og:image")
    assert meta(name="robots") is None


def test_the_editors_search_description_and_seo_title_win(client, make_role):
    page = make_role("Data Engineer", search_description="Pay and skills for data engineers.")
    page.seo_title = "Data Engineer pay in 2026"
    page.save_revision().publish()
    _response, soup, meta, _canonical = head(client, page.url)
    assert meta(name="description") == "Pay and skills for data engineers."
    assert meta(property="og:description") == "Pay and skills for data engineers."
    assert meta(property="og:title") == "Data Engineer pay in 2026"
    assert soup.title.string.startswith("Data Engineer pay in 2026")


def test_home_and_index_have_canonical_and_a_summary_card(client, careers_index):
    for url in ("/", careers_index.url):
        response, _soup, meta, canonical = head(client, url)
        assert response.status_code == 200
        assert canonical.endswith(url)
        assert meta(name="description")
        assert meta(name="twitter:card") == "summary"
        assert meta(property="og:image") is None


def test_role_page_renders_in_a_bounded_number_of_queries(
    client, make_role, django_assert_max_num_queries
):
    page = make_role("Applied ML Engineer")
    client.get(page.url)
    # the metadata adds one query (the breadcrumb's ancestors) to the role page's budget
    with django_assert_max_num_queries(12):
        assert client.get(page.url).status_code == 200


# --- sitemap and robots -----------------------------------------------------------------


def sitemap_entries(client):
    """Every entry of every file the sitemap index names (tests/test_seo_sitemap.py)."""
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    index = ElementTree.fromstring(response.content)
    found = {}
    for location in index.findall("s:sitemap/s:loc", ns):
        response = client.get(location.text.removeprefix("http://localhost"))
        assert response.status_code == 200
        root = ElementTree.fromstring(response.content)
        for url in root.findall("s:url", ns):
            found[url.findtext("s:loc", namespaces=ns)] = url.findtext("s:lastmod", namespaces=ns)
    return found


def test_sitemap_lists_live_pages_with_last_modified_dates(client, make_role):
    live = make_role("Data Engineer")
    make_role("Draft Role", publish=False, live=False)
    gone = make_role("Old Role")
    gone.unpublish()
    entries = sitemap_entries(client)
    assert entries[live.full_url] == live.last_published_at.astimezone(UTC).strftime(
        "%Y-%m-%dT%H:%M:%S+00:00"
    )
    assert "http://localhost/careers/" in entries
    assert all("draft-role" not in url and "old-role" not in url for url in entries)


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_the_admin(client, home):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://localhost/sitemap.xml" in lines


# --- error pages ------------------------------------------------------------------------


def test_missing_pages_get_the_friendly_404_not_indexed(client, careers_index):
    response, soup, meta, canonical = head(client, "/careers/no-such-role/")
    assert response.status_code == 404
    assert soup.h1.string == "We can’t find that page"
    assert soup.find("a", href="/careers/")
    assert meta(name="robots") == "noindex"
    assert canonical is None
    assert soup.title.string.startswith("Page not found")


@pytest.mark.django_db
def test_the_500_page_renders_without_database_or_request_context(django_assert_num_queries):
    with django_assert_num_queries(0):
        html = render_to_string("500.html")
        handler = get_resolver().resolve_error_handler(500)
        response = handler(RequestFactory().get("/boom/"))
    assert response.status_code == 500
    assert "Something went wrong on our side" in html
    assert b"Something went wrong on our side" in response.content
    assert 'name="robots" content="noindex"' in html
