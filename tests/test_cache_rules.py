"""What the page cache refuses to store or share, exercised through the real middleware."""

from django.http import HttpResponse
from django.test import RequestFactory

import pytest

from pagecache import tags
from pagecache.middleware import PageCacheMiddleware


class CountingView:
    """A view that renders a new body each call, so a cached answer is recognisable."""

    def __init__(self, **headers):
        self.calls = 0
        self.headers = headers
        self.cookie = None
        self.during_render = None

    def __call__(self, request):
        self.calls += 1
        if self.during_render:
            self.during_render()
        response = HttpResponse(f"render {self.calls}")
        for name, value in self.headers.items():
            response[name] = value
        if self.cookie:
            response.set_cookie(self.cookie, "1")
        return response


@pytest.fixture
def rf(settings):
    settings.PAGECACHE_ENABLED = True
    return RequestFactory()


def twice(view, request_factory, url="/careers/x/", **headers):
    middleware = PageCacheMiddleware(view)
    first = middleware(request_factory.get(url, headers=headers))
    second = middleware(request_factory.get(url, headers=headers))
    return first, second


def test_plain_public_response_is_stored(rf):
    view = CountingView()
    first, second = twice(view, rf)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert view.calls == 1


def test_response_setting_a_cookie_is_not_stored(rf):
    view = CountingView()
    view.cookie = "csrftoken"
    first, second = twice(view, rf)
    assert first["X-Page-Cache"] == "uncacheable"
    assert view.calls == 2
    assert "csrftoken" in second.cookies


@pytest.mark.parametrize(
    "headers",
    [{"Cache-Control": "private"}, {"Cache-Control": "no-store"}, {"Vary": "Accept-Language"}],
)
def test_responses_that_forbid_or_defeat_sharing_are_not_stored(rf, headers):
    view = CountingView(**headers)
    twice(view, rf)
    assert view.calls == 2


def test_authorization_header_bypasses(rf):
    view = CountingView()
    first, second = twice(view, rf, url="/api/v3/pages/", Authorization="Bearer abc")
    assert first["X-Page-Cache"] == "bypass"
    assert "private" in first["Cache-Control"]
    assert view.calls == 2


def test_session_cookie_bypasses(rf, settings):
    view = CountingView()
    middleware = PageCacheMiddleware(view)
    request = rf.get("/careers/x/")
    request.COOKIES[settings.SESSION_COOKIE_NAME] = "abc"
    assert middleware(request)["X-Page-Cache"] == "bypass"


def test_paths_outside_the_prefixes_bypass(rf):
    view = CountingView()
    first, _ = twice(view, rf, url="/admin/pages/")
    assert first["X-Page-Cache"] == "bypass"
    assert view.calls == 2


def test_render_overlapping_an_invalidation_is_not_stored(rf):
    """A render may have read rows from before a publish; storing it could be stale."""
    view = CountingView()
    view.during_render = lambda: tags.invalidate({tags.page_tag(12345)})
    middleware = PageCacheMiddleware(view)
    assert middleware(rf.get("/careers/x/"))["X-Page-Cache"] == "raced"
    view.during_render = None
    assert middleware(rf.get("/careers/x/"))["X-Page-Cache"] == "miss"
    assert view.calls == 2


def test_api_query_parameters_are_normalised_not_bypassed(rf):
    view = CountingView()
    middleware = PageCacheMiddleware(view)
    middleware(rf.get("/api/v2/pages/?limit=50&fields=*"))
    again = middleware(rf.get("/api/v2/pages/?fields=*&limit=50&utm_source=x"))
    assert again["X-Page-Cache"] == "hit"
    other = middleware(rf.get("/api/v2/pages/?fields=*&limit=10"))
    assert other["X-Page-Cache"] == "miss"


def test_api_listing_depends_on_every_page(rf):
    view = CountingView()
    middleware = PageCacheMiddleware(view)
    middleware(rf.get("/api/v2/pages/?type=careers.RolePage"))
    middleware(rf.get("/api/v2/pages/7/"))
    tags.invalidate({tags.PAGES})  # any page published anywhere
    assert middleware(rf.get("/api/v2/pages/?type=careers.RolePage"))["X-Page-Cache"] == "miss"
    assert middleware(rf.get("/api/v2/pages/7/"))["X-Page-Cache"] == "hit"


def test_browsable_api_and_json_are_kept_apart(rf):
    view = CountingView(Vary="Accept")
    middleware = PageCacheMiddleware(view)
    middleware(rf.get("/api/v2/pages/7/", headers={"Accept": "application/json"}))
    html = middleware(rf.get("/api/v2/pages/7/", headers={"Accept": "text/html"}))
    assert html["X-Page-Cache"] == "miss"
