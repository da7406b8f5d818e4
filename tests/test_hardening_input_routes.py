"""Property test: no query parameter of any public GET route makes the site answer 5xx.

``ROUTES`` lists every URL pattern of the URLconf outside the admin, with example paths and
the query parameters its views read; a test fails when a pattern is added without an entry,
so a new route cannot be forgotten. Each parameter first gets every hostile value in turn
(NUL, a lone surrogate as a client would send it, numbers beyond 64 bits, non-ASCII digits,
very long text), then Hypothesis mixes hostile and arbitrary values across the parameters.
Run it on PostgreSQL too: that is where a NUL byte used to fail.
"""

from urllib.parse import quote

from django.db import transaction
from django.urls import URLResolver, get_resolver

from wagtail.api.v2.views import PagesAPIViewSet

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careers.api.v3 import LIST_PARAMETERS
from careers.models import RolePage

ADMIN_PREFIXES = ("admin/", "django-admin/")
ROLE = "/careers/applied-ml-engineer/"
ID = "{id}"  # the role page's id, filled in per test
HUGE_ID = "9223372036854775808"

CAREERS_INDEX = ["q", "min_salary", "internships", "family", "page"]
V2_PAGES = sorted(
    set(PagesAPIViewSet.known_query_parameters)
    | {"family", "min_base_max", "max_base_min", "skill", "rich_text_format"}
    # Field filters: Page fields for every listing, role fields with type=careers.RolePage.
    | {"id", "title", "slug", "show_in_menus", "seo_title", "search_description"}
    | {"role_name", "year", "intro", "first_published_at"}
)

# URL pattern → (example paths, query parameters the views read). "x" stands for a
# parameter no view knows, which must be refused or ignored just as cleanly.
ROUTES = {
    "^((?:[\\w\\-]+/)*)$": (["/", "/careers/", ROLE, "/no-such-page/"], [*CAREERS_INDEX, "x"]),
    "search/": (["/search/"], ["q", "page", "x"]),
    "careers/compare/": (["/careers/compare/"], ["roles", "find", "x"]),
    "careers/<slug:slug>/apply/": ([f"{ROLE}apply/"], ["x"]),
    "careers/<slug:slug>/apply/thanks/": ([f"{ROLE}apply/thanks/"], ["x"]),
    "api/applications/": (["/api/applications/"], ["role", "x"]),
    "documents/^(\\d+)/(.*)$": (["/documents/1/cv.pdf", f"/documents/{HUGE_ID}/x"], ["x"]),
    "documents/authenticate_with_password/<int:restriction_id>/": (
        ["/documents/authenticate_with_password/1/"],
        ["return_url", "x"],
    ),
    "api/v2/^pages/": (
        ["/api/v2/pages/", "/api/v2/pages/?type=careers.RolePage"],
        [*V2_PAGES, "x"],
    ),
    "api/v2/^pages/<int:pk>/": (
        [f"/api/v2/pages/{ID}/", f"/api/v2/pages/{HUGE_ID}/"],
        ["fields", "type", "site", "rich_text_format", "x"],
    ),
    "api/v2/^pages/find/": (["/api/v2/pages/find/"], ["html_path", "site", "fields", "x"]),
    "api/v3/": (["/api/v3/"], ["x"]),
    "api/v3/openapi.json": (["/api/v3/openapi.json"], ["x"]),
    "api/v3/docs/": (["/api/v3/docs/"], ["x"]),
    "api/v3/whoami/": (["/api/v3/whoami/"], ["x"]),
    "api/v3/pages/": (["/api/v3/pages/"], [*sorted(LIST_PARAMETERS), "x"]),
    "api/v3/pages/<page_id>/": (
        [f"/api/v3/pages/{ID}/", f"/api/v3/pages/{HUGE_ID}/"],
        ["version", "rich_text_format", "x"],
    ),
    "api/v3/pages/<page_id>/actions/publish/": ([f"/api/v3/pages/{ID}/actions/publish/"], ["x"]),
    "api/v3/pages/<page_id>/actions/unpublish/": (
        [f"/api/v3/pages/{ID}/actions/unpublish/"],
        ["x"],
    ),
    "api/preview/": (["/api/preview/"], ["content_type", "token", "rich_text_format", "x"]),
    "^preview-frontend/(?P<path>[\\w.-]*)$": (["/preview-frontend/index.html"], ["x"]),
    "sitemap.xml": (["/sitemap.xml"], ["p", "x"]),
    "^sitemap-pages-(?P<number>[1-9][0-9]{0,8})\\.xml$": (
        ["/sitemap-pages-1.xml", "/sitemap-pages-999999999.xml"],
        ["p", "x"],
    ),
    "robots.txt": (["/robots.txt"], ["x"]),
    "favicon.ico": (["/favicon.ico"], ["x"]),
    "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/": (
        [f"/_util/authenticate_with_password/1/{ID}/"],
        ["return_url", "x"],
    ),
    "_util/login/": (["/_util/login/"], ["next", "x"]),
}

# Each is a value the site must survive; the surrogate goes out as a client would encode it.
HOSTILE = [
    "\x00",
    "data\x00engineer",
    "\ud800",
    "\x1b[2J\x07",
    "9223372036854775808",
    "-9223372036854775809",
    "18446744073709551616",
    "9" * 400,
    "²",
    "①",
    "٣",
    "１２",
    "1e309",
    "NaN",
    "-1",
    "0",
    "",
    " ",
    "a" * 5000,
    "%",
    "\u202e🙂" * 40,
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "[]",
    "{}",
    ",,-,",
    "careers.RolePage",
    "-role_name,,x",
]


# Every parameter gets each of these in turn: the values the issue found failing.
EACH = ["\x00", "\ud800", "9223372036854775808", "²", "①", " ", '"', "a" * 5000]


def url_patterns(patterns=None, prefix=""):
    """Every URL pattern of the URLconf as one string (includes joined), admin left out."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(ADMIN_PREFIXES):
            continue
        if isinstance(pattern, URLResolver):
            yield from url_patterns(pattern.url_patterns, route)
        else:
            yield route


def encode(value: str) -> str:
    # A lone surrogate cannot be UTF-8; a client sends its surrogatepass bytes, as here.
    return quote(value.encode("utf-8", "surrogatepass"), safe="")


def url(path: str, params: dict[str, str]) -> str:
    query = "&".join(f"{encode(name)}={encode(value)}" for name, value in params.items())
    if not query:
        return path
    return f"{path}{'&' if '?' in path else '?'}{query}"


@pytest.fixture
def get(client, role_page):
    """GET a URL; a database error rolls back its savepoint so later requests still run."""
    assert role_page.url == ROLE
    client.raise_request_exception = False

    def fetch(path: str, params: dict[str, str]):
        target = url(path.replace(ID, str(role_page.pk)), params)
        with transaction.atomic():
            response = client.get(target)
        assert response.status_code < 500, (target[:300], response.status_code)
        return response.status_code

    return fetch


def test_every_url_pattern_is_walked():
    assert set(url_patterns()) == set(ROUTES), "add the new route to ROUTES"


def test_every_parameter_survives_every_hostile_value(get):
    statuses = set()
    for paths, names in ROUTES.values():
        for path in paths:
            for name in names:
                for value in EACH:
                    statuses.add(get(path, {name: value}))
    assert {200, 400} <= statuses  # values were used and refused, never a 5xx


VALUES = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=40),
    st.lists(st.sampled_from(HOSTILE), min_size=2, max_size=3).map("".join),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)
CASES = st.sampled_from(
    [(path, names) for paths, names in ROUTES.values() for path in paths]
).flatmap(
    lambda case: st.tuples(
        st.just(case[0]),
        st.dictionaries(st.sampled_from(case[1]), VALUES, min_size=1, max_size=4),
    )
)


def test_mixed_hostile_parameters_never_fail(get):
    @settings(
        max_examples=100,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(CASES)
    def no_server_error(case):
        path, params = case
        get(path, params)

    no_server_error()


def test_the_walk_reaches_a_role_through_its_filters(get, client, role_page):
    # The walk above is only meaningful if good values are understood on the same routes.
    assert RolePage.objects.live().count() == 1
    html = client.get("/careers/?q=engineer&page=1").content.decode()
    assert role_page.role_name in html
    assert client.get("/api/v3/pages/?slug=applied-ml-engineer").json()["count"] == 1
