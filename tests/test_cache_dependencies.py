"""Nothing is cached without its dependencies: every cacheable public URL follows a role's changes.

The URL patterns come from the URLconf: a pattern that can answer under a page-cache prefix
must be listed below as covered (with the URLs that show a role) or excluded with a reason,
so a new public view cannot be added without saying how its cache entries stay fresh.
"""

import io
import json

from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from wagtail.models import Site

import pytest

from careers.models import CareersSettings, RolePage
from pagecache import tags

SUBJECT = "Quantum Cartographer"
SLUG = "quantum-cartographer"
NEW_SLUG = "quantum-mapmaker"

# Pattern (route and name) -> the URLs that show the subject role, given the subject and a
# sibling role that suggests it as related.
COVERED = {
    "^((?:[\\w\\-]+/)*)$ wagtail_serve": lambda subject, sibling: [
        "/careers/",
        f"/careers/{SLUG}/",
        sibling.url,
    ],
    "api/v2/^pages/ listing": lambda subject, sibling: [
        "/api/v2/pages/",
        "/api/v2/pages/?type=careers.RolePage&fields=role_name",
        f"/api/v2/pages/?slug={SLUG}",
    ],
    "api/v2/^pages/<int:pk>/ detail": lambda subject, sibling: [f"/api/v2/pages/{subject.pk}/"],
    "api/v3/pages/ role_list": lambda subject, sibling: [
        "/api/v3/pages/",
        f"/api/v3/pages/?slug={SLUG}",
        "/api/v3/pages/?year=2026&limit=50",
    ],
    "api/v3/pages/<page_id>/ role_detail": lambda subject, sibling: [
        f"/api/v3/pages/{subject.pk}/"
    ],
    # Lists the role's address, not its name (see _shows).
    "^sitemap-pages-(?P<number>[1-9][0-9]{0,8})\\.xml$ sitemap_file": lambda subject, sibling: [
        "/sitemap-pages-1.xml"
    ],
}

NEVER_STORED = "never stored: the view sends Cache-Control: private/no-cache"
EXCLUDED = {
    "careers/<slug:slug>/apply/ form": (NEVER_STORED, f"/careers/{SLUG}/apply/"),
    "careers/<slug:slug>/apply/thanks/ thanks": (NEVER_STORED, f"/careers/{SLUG}/apply/thanks/"),
    "api/v2/^pages/find/ find": (
        "answers a redirect to the detail URL; only 200s are stored",
        None,
    ),
    "careers/compare/ compare_roles": (
        "names no role without parameters (its chooser searches by name), and page URLs "
        "with parameters are never stored",
        None,
    ),
    "api/v3/openapi.json openapi-json": ("describes the API; shows no page", None),
    "sitemap.xml sitemap": (
        "lists sitemap files, not pages; tests/test_seo_sitemap.py shows it follows publishes",
        None,
    ),
    "api/v3/docs/ openapi-view": ("API documentation; shows no page", None),
    "api/v3/ api-root": ("lists the API's endpoints; shows no page", None),
    "api/v3/whoami/ whoami": ("token users only; an Authorization header bypasses", None),
    "api/v3/pages/ role_create": ("POST: only GET and HEAD are cached", None),
    "api/v3/pages/<page_id>/ role_update": ("PATCH: only GET and HEAD are cached", None),
    "api/v3/pages/<page_id>/actions/publish/ role_publish": ("POST only", None),
    "api/v3/pages/<page_id>/actions/unpublish/ role_unpublish": ("POST only", None),
}


def _routes(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.name


def _literal_start(route: str) -> str:
    """The fixed text a route's URLs start with (up to its first converter or group)."""
    text = route.replace("^", "").replace("$", "")
    for stop in ("<", "(", "[", "\\"):
        text = text.split(stop, 1)[0]
    return "/" + text


def cacheable_patterns() -> set[str]:
    """Every URL pattern whose URLs can fall under a page-cache prefix."""
    prefixes = (*django_settings.PAGECACHE_PAGE_PREFIXES, *django_settings.PAGECACHE_API_PREFIXES)
    found = set()
    for route, name in _routes(get_resolver().url_patterns):
        start = _literal_start(route)
        if any(start.startswith(prefix) or prefix.startswith(start) for prefix in prefixes):
            found.add(f"{route} {name}")
    return found


def test_every_cacheable_public_pattern_is_covered_or_excluded_with_a_reason():
    patterns = cacheable_patterns()
    assert "careers/compare/ compare_roles" in patterns  # the walk finds real patterns
    assert sorted(patterns - COVERED.keys() - EXCLUDED.keys()) == []
    # Nothing listed here that no longer exists (a renamed pattern would go unchecked).
    assert sorted((COVERED.keys() | EXCLUDED.keys()) - patterns) == []


@pytest.fixture
def cached_client(settings, home):
    settings.PAGECACHE_ENABLED = True
    CareersSettings.for_site(Site.objects.get(is_default_site=True))
    return Client()


def test_excluded_views_that_could_show_a_role_are_never_stored(cached_client, make_role):
    make_role(SUBJECT)
    for reason, url in EXCLUDED.values():
        if reason is NEVER_STORED:
            first = cached_client.get(url)
            second = cached_client.get(url)
            assert first.status_code == 200, url
            assert second["X-Page-Cache"] != "hit", url


def _fetch(client, url):
    response = client.get(url)
    return response.status_code, response.content.decode(), response.get("X-Page-Cache")


def _shows(content: str, slug: str = SLUG) -> bool:
    """Whether a response shows the subject: its name, or (a sitemap) its address."""
    return SUBJECT in content or f"/careers/{slug}/</loc>" in content


def _urls(subject, sibling):
    return [url for build in COVERED.values() for url in build(subject, sibling)]


def _empty_listing(content: str) -> bool:
    try:
        data = json.loads(content)
    except ValueError:
        return False
    return isinstance(data, dict) and data.get("items") == []


def _warm(client, urls) -> dict:
    """Fetch every URL twice; a 200 must then be a cache hit (or the test proves nothing)."""
    before = {}
    for url in urls:
        _fetch(client, url)
        status, content, state = _fetch(client, url)
        # An empty filtered listing is rightly not stored (tests/test_cache_bounds.py).
        if status == 200 and not _empty_listing(content):
            assert state == "hit", f"{url} was not cached: {state}"
        before[url] = (status, content)
    return before


def _publish(page, **changes):
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    page.refresh_from_db()


@pytest.fixture
def sibling(make_role):
    # Shares the subject's skills (sample_body), so its page suggests the subject as related.
    return make_role("Data Engineer")


def test_publishing_a_role_shows_it_on_every_cached_url(cached_client, make_role, sibling):
    subject = make_role(SUBJECT, publish=False)
    urls = _urls(subject, sibling)
    before = _warm(cached_client, urls)
    _publish(subject)
    # The sibling's stored suggestions were ranked before the subject was live: they take it
    # in at the sibling's next publish or `refresh_related` (docs/finding-roles.md), whose
    # new suggestions must reach the cached page too.
    for url in [url for url in urls if url != sibling.url]:
        status, content, _ = _fetch(cached_client, url)
        assert (status, content) != before[url], url
        assert status == 200 and _shows(content), url
    call_command("refresh_related", stdout=io.StringIO())
    status, content, _ = _fetch(cached_client, sibling.url)
    assert (status, content) != before[sibling.url]
    assert status == 200 and _shows(content)


@pytest.mark.parametrize("change", ["unpublish", "delete"])
def test_withdrawing_a_role_removes_it_from_every_cached_url(
    cached_client, make_role, sibling, change
):
    subject = make_role(SUBJECT)
    urls = _urls(subject, sibling)
    before = _warm(cached_client, urls)
    for url in urls:
        assert before[url][0] == 200 and _shows(before[url][1]), url
    if change == "unpublish":
        subject.unpublish()
    else:
        subject.delete()
    for url in urls:
        status, content, _ = _fetch(cached_client, url)
        assert (status, content) != before[url], url
        assert status == 404 or not _shows(content), url


def test_renaming_a_role_slug_changes_every_cached_url(cached_client, make_role, sibling):
    subject = make_role(SUBJECT)
    urls = _urls(subject, sibling)
    before = _warm(cached_client, urls)
    _publish(subject, slug=NEW_SLUG)
    for url in urls:
        status, content, _ = _fetch(cached_client, url)
        assert (status, content) != before[url], url
        if SLUG in url:  # the old address no longer finds it
            assert status in (301, 302, 404) or not _shows(content), url
        else:
            assert status == 200 and NEW_SLUG in content, url


# --- the mechanism: page querysets record what they read -----------------------------------


def _recorded(read) -> set[str]:
    with tags.collecting() as recorded:
        read()
    return recorded - {tags.GLOBAL}


ROLES = tags.collection_tag(RolePage)


@pytest.mark.parametrize(
    "read",
    [
        lambda: list(RolePage.objects.live().values_list("slug", "role_name")),
        lambda: list(RolePage.objects.values("pk")),
        lambda: RolePage.objects.live().count(),
        lambda: RolePage.objects.filter(slug="absent").exists(),
        lambda: list(RolePage.objects.live().iterator()),
        lambda: RolePage.objects.order_by("pk").first(),
        lambda: list(RolePage.objects.filter(pk__gt=0).values_list("pk", flat=True)),
    ],
    ids=["values_list", "values", "count", "exists", "iterator", "first", "range"],
)
def test_any_listing_read_depends_on_every_role(role_page, read):
    assert ROLES in _recorded(read)


def test_reads_by_primary_key_depend_on_those_pages_only(role_page):
    missing = role_page.pk + 1000
    assert _recorded(
        lambda: list(RolePage.objects.filter(pk__in=[role_page.pk, missing]).values("slug"))
    ) == {tags.page_tag(role_page.pk), tags.page_tag(missing)}
    assert _recorded(lambda: RolePage.objects.live().filter(pk=missing).exists()) == {
        tags.page_tag(missing)
    }
    assert ROLES not in _recorded(lambda: RolePage.objects.in_bulk([role_page.pk]))


def test_publishing_any_role_invalidates_role_listings(role_page, make_role):
    recorded = tags.store_values({ROLES}, tags.sequence())
    make_role("Security Engineer")
    assert tags.current_values({ROLES}) != recorded


def test_page_query_counts_are_unchanged_by_recording(role_page, django_assert_num_queries):
    with django_assert_num_queries(1), tags.collecting():
        list(RolePage.objects.live().values_list("slug", flat=True))
