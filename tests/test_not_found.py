"""Under `make run` (DEBUG) a missing page is the site's own 404; the error pages need no inline style."""

import os
from pathlib import Path

from django.template import loader
from django.test import Client

import pytest
from bs4 import BeautifulSoup

from tests.support.manage import shell

ROOT = Path(__file__).resolve().parents[1]
TECHNICAL = "Using the URLconf defined in"  # Django's debug 404 listing the URL patterns


@pytest.fixture
def debug(settings):
    """The settings `make run` uses for this: DEBUG on, DEBUG_404_PATTERNS off."""
    settings.DEBUG = True
    settings.DEBUG_404_PATTERNS = False
    return settings


def inline_styles(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    return [str(tag)[:80] for tag in soup.find_all("style")] + [
        str(tag)[:80] for tag in soup.find_all(style=True)
    ]


def assert_friendly(response):
    html = response.content.decode()
    assert response.status_code == 404
    assert TECHNICAL not in html
    assert "We can’t find that page" in html
    assert 'href="/careers/"' in html
    assert inline_styles(html) == []
    # The policy the page is served with forbids inline style, and the page has none to lose.
    assert "style-src 'self';" in response["Content-Security-Policy"]
    assert '<link rel="stylesheet" href="/static/css/site.css">' in html


@pytest.mark.parametrize(
    "path",
    [
        "/careers/no-such-role/",  # Wagtail's page serving raises Http404
        "/no-such-file.txt",  # no URL pattern matches at all
    ],
)
def test_a_missing_page_is_the_sites_404_under_debug(debug, careers_index, path):
    assert_friendly(Client().get(path))


def test_a_missing_trailing_slash_still_redirects_first(debug, careers_index):
    response = Client().get("/careers/no-such-role")
    assert response.status_code == 301
    assert response["Location"] == "/careers/no-such-role/"


def test_the_url_listing_is_behind_debug_404_patterns(debug, careers_index):
    debug.DEBUG_404_PATTERNS = True
    response = Client().get("/careers/no-such-role/")
    assert response.status_code == 404
    assert TECHNICAL in response.content.decode()


def test_without_debug_the_404_is_the_same_page(settings, careers_index):
    settings.DEBUG = False
    assert_friendly(Client().get("/careers/no-such-role/"))


def test_make_run_settings_serve_the_friendly_404():
    code = (
        "from django.conf import settings;"
        "print(settings.DEBUG, settings.DEBUG_404_PATTERNS,"
        " 'cms.views.FriendlyNotFoundMiddleware' in settings.MIDDLEWARE)"
    )
    env = {key: value for key, value in os.environ.items() if key != "DEBUG_404_PATTERNS"}
    env["DJANGO_SETTINGS_MODULE"] = "cms.settings.dev"
    result = shell(code, env)
    assert result.stdout.split() == ["True", "False", "True"]


@pytest.mark.parametrize("name", ["404.html", "500.html", "503.html"])
def test_error_templates_have_no_inline_style(name, rf, db):
    source = (ROOT / "templates" / name).read_text()
    assert "style=" not in source
    assert "<style" not in source
    html = loader.render_to_string(name, {}, request=rf.get("/missing/"))
    assert inline_styles(html) == []
    assert "css/site.css" in html
