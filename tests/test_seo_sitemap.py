"""The sitemap index and its files: every public page once, Wagtail's URLs, flat and cached."""

from collections import Counter
from datetime import UTC
from xml.etree import ElementTree

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page, PageViewRestriction, Site

import pytest

from careers.models import CareersSettings, RolePage
from careers.seo.sitemaps import index_xml, urlset_xml

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
BASE = "http://localhost"


def parse(response) -> ElementTree.Element:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return ElementTree.fromstring(response.content)


def file_urls(client) -> list[str]:
    root = parse(client.get("/sitemap.xml"))
    assert root.tag == f"{{{NS['s']}}}sitemapindex"
    return [loc.text for loc in root.findall("s:sitemap/s:loc", NS)]


def entries(client, url: str) -> list[tuple[str, str | None]]:
    assert url.startswith(BASE + "/")
    root = parse(client.get(url.removeprefix(BASE)))
    assert root.tag == f"{{{NS['s']}}}urlset"
    return [
        (item.findtext("s:loc", namespaces=NS), item.findtext("s:lastmod", namespaces=NS))
        for item in root.findall("s:url", NS)
    ]


def all_entries(client) -> list[tuple[str, str | None]]:
    """Every entry of every file the index names, in order."""
    return [entry for url in file_urls(client) for entry in entries(client, url)]


def listed(client) -> list[str]:
    return [location for location, _ in all_entries(client)]


def w3c(moment) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def public_pages():
    return [page for page in Page.objects.live().public().specific() if page.depth > 1]


@pytest.fixture
def roles(make_role):
    return [make_role(f"Role {n}") for n in range(1, 6)]


@pytest.fixture
def about(home):
    """A page of another type (plain Wagtail Page): the sitemap lists every type."""
    return home.add_child(instance=Page(title="About", slug="about"))


def test_small_files_list_every_public_page_exactly_once(client, settings, roles, about):
    settings.SITEMAP_MAX_URLS = 3
    files = file_urls(client)
    # home, /careers/, /about/ and five roles: eight pages in files of three.
    assert files == [f"{BASE}/sitemap-pages-{n}.xml" for n in (1, 2, 3)]
    sizes = [len(entries(client, url)) for url in files]
    assert sizes == [3, 3, 2]
    locations = listed(client)
    assert Counter(locations) == Counter(page.full_url for page in public_pages())
    assert f"{BASE}/about/" in locations and f"{BASE}/careers/" in locations


def test_locations_are_wagtails_full_urls_and_lastmod_its_last_publish(
    client, make_role, roles, about
):
    unicode_role = make_role("Ingénieur Données", slug="ingénieur-données")
    found = dict(all_entries(client))
    pages = public_pages()
    assert set(found) == {page.full_url for page in pages}
    for page in pages:
        expected = page.last_published_at or page.latest_revision_created_at
        assert found[page.full_url] == (w3c(expected) if expected else None), page.url_path
    assert f"{BASE}/careers/ing%C3%A9nieur-donn%C3%A9es/" in found
    assert unicode_role.full_url in found


def test_locations_use_the_site_url_not_a_stale_site_record(client, settings, roles):
    settings.SITE_URL = "https://careers.example"
    assert file_urls(client) == ["https://careers.example/sitemap-pages-1.xml"]
    root = parse(client.get("/sitemap-pages-1.xml"))
    locations = [loc.text for loc in root.findall("s:url/s:loc", NS)]
    assert "https://careers.example/careers/role-1/" in locations
    assert all(location.startswith("https://careers.example/") for location in locations)


def test_drafts_unpublished_and_restricted_pages_are_left_out(client, make_role, careers_index):
    make_role("Draft Role", publish=False)
    make_role("Old Role").unpublish()
    make_role("Kept Role")
    assert f"{BASE}/careers/kept-role/" in listed(client)
    assert not [url for url in listed(client) if "draft-role" in url or "old-role" in url]
    # A restriction on /careers/ hides every role under it too.
    PageViewRestriction.objects.create(
        page=careers_index, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    assert listed(client) == [f"{BASE}/"]


@pytest.mark.parametrize(
    "path",
    [
        "/sitemap-pages-0.xml",
        "/sitemap-pages-2.xml",  # past the end: one file
        "/sitemap-pages-007.xml",
        "/sitemap-pages-x.xml",
        "/sitemap-pages--1.xml",
        "/sitemap-pages-1.5.xml",
        "/sitemap-pages-99999999999999999999.xml",
        "/sitemap-pages-999999999.xml",
        "/sitemap-pages-.xml",
    ],
)
def test_bad_file_numbers_are_not_found(client, roles, path):
    assert client.get(path).status_code == 404


def test_with_no_pages_the_index_is_empty_and_valid(client, home):
    home.unpublish()
    assert file_urls(client) == []
    assert client.get("/sitemap-pages-1.xml").status_code == 404


def test_without_any_site_the_index_is_empty(client, home):
    Site.objects.all().delete()
    assert file_urls(client) == []


def test_the_index_ignores_the_old_paging_parameter(client, roles):
    assert client.get("/sitemap.xml?p=2").content == client.get("/sitemap.xml").content


def test_xml_escapes_locations():
    text = urlset_xml([("http://x.example/a&b/<c>/", None)])
    assert ElementTree.fromstring(text).findtext("s:url/s:loc", namespaces=NS) == (
        "http://x.example/a&b/<c>/"
    )
    index = ElementTree.fromstring(index_xml(["http://x.example/?a=1&b=2"]))
    assert index.findtext("s:sitemap/s:loc", namespaces=NS) == "http://x.example/?a=1&b=2"


def test_robots_txt_names_the_index(client, home):
    lines = client.get("/robots.txt").content.decode().splitlines()
    assert "Sitemap: http://localhost/sitemap.xml" in lines


# --- flat: a constant number of queries whatever the number of pages ----------------------


def _queries(client, path) -> int:
    client.get(path)  # warm Wagtail's site-root cache, as any running process has
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_index_and_file_take_the_same_queries_at_5_and_40_roles(client, make_role, settings):
    settings.SITEMAP_MAX_URLS = 30
    counts = []
    for total in (5, 40):
        while RolePage.objects.count() < total:
            make_role(f"Scale Role {Page.objects.count()}")
        counts.append((_queries(client, "/sitemap.xml"), _queries(client, "/sitemap-pages-1.xml")))
    assert counts[0] == counts[1]
    index, one_file = counts[0]
    # The site lookup, the view restrictions (a few rows), then the one page query.
    assert index <= 3 and one_file <= 3


# --- cached with the page cache's dependencies --------------------------------------------


@pytest.fixture
def cached_client(settings, home):
    settings.PAGECACHE_ENABLED = True
    settings.SITEMAP_MAX_URLS = 3
    CareersSettings.for_site(Site.objects.get(is_default_site=True))
    return Client()


def _state(client, path):
    response = client.get(path)
    return response.status_code, response.content, response["X-Page-Cache"]


def _warm(client, paths):
    for path in paths:
        client.get(path)
        status, _, state = _state(client, path)
        assert (status, state) == (200, "hit"), path


def test_index_and_files_are_cached_until_a_page_is_published(cached_client, make_role, roles):
    # home, /careers/ and five roles: files of 3, 3 and 1.
    paths = ["/sitemap.xml", "/sitemap-pages-1.xml", "/sitemap-pages-3.xml"]
    _warm(cached_client, paths)
    for n in (6, 7, 8):  # the third file fills up, a fourth begins
        make_role(f"Role {n}")
    status, content, state = _state(cached_client, "/sitemap-pages-3.xml")
    assert state == "miss" and b"/careers/role-6/" in content
    assert f"{BASE}/sitemap-pages-4.xml" in file_urls(cached_client)
    assert Counter(listed(cached_client)) == Counter(page.full_url for page in public_pages())


def test_unpublishing_moving_and_renaming_refresh_the_cached_files(cached_client, roles):
    first, *_, last = roles
    _warm(cached_client, ["/sitemap.xml", "/sitemap-pages-1.xml", "/sitemap-pages-3.xml"])

    last.unpublish()
    assert f"{BASE}/sitemap-pages-3.xml" not in file_urls(cached_client)
    assert last.full_url not in listed(cached_client)

    _warm(cached_client, ["/sitemap-pages-1.xml"])
    last.save_revision().publish()
    last.refresh_from_db()
    last.move(first, pos="left")  # now the first role in tree order: in the first file
    assert [loc for loc, _ in entries(cached_client, f"{BASE}/sitemap-pages-1.xml")][-1] == (
        last.full_url
    )

    _warm(cached_client, ["/sitemap-pages-1.xml"])
    last.refresh_from_db()
    last.slug = "renamed-role"
    last.save_revision().publish()
    locations = [loc for loc, _ in entries(cached_client, f"{BASE}/sitemap-pages-1.xml")]
    assert f"{BASE}/careers/renamed-role/" in locations
    assert Counter(listed(cached_client)) == Counter(page.full_url for page in public_pages())


def test_a_view_restriction_refreshes_the_cached_files(cached_client, roles):
    _warm(cached_client, ["/sitemap-pages-1.xml"])
    PageViewRestriction.objects.create(
        page=roles[0], restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    assert roles[0].full_url not in listed(cached_client)
