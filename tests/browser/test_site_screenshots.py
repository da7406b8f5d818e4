"""The visitor site as the README shows it: home, a role page and compare, at 390 and 1280 px.

The site is what ``make run`` serves: ``setup_site --demo demo/roles`` on an empty database.
Each screenshot goes to test-artifacts/screenshots/, or to $SCREENSHOT_OUT when set
(``make screenshots`` sets docs/screenshots, which the README embeds). The test also checks
what a reader of those pictures relies on: the first screen (what is captured) holds each
page's main answer and nothing is cut off at the side.
"""

from __future__ import annotations

import os
from io import StringIO
from pathlib import Path

from django.core.management import call_command

import pytest
from PIL import Image

from careers.models import RolePage
from tests.browser.conftest import DESKTOP, PHONE, REPO_ROOT, SCREENSHOT_DIR

pytestmark = pytest.mark.browser

DEMO = REPO_ROOT / "demo" / "roles"
COMPARED = ("applied-ml-engineer", "data-engineer", "site-reliability-engineer")
FIRST_SCREEN = 800
WIDTHS = {"390": {**PHONE, "height": FIRST_SCREEN}, "1280": {**DESKTOP, "height": FIRST_SCREEN}}


def out_dir() -> Path:
    out = os.environ.get("SCREENSHOT_OUT")
    target = REPO_ROOT / out if out else SCREENSHOT_DIR  # an absolute $SCREENSHOT_OUT wins
    target.mkdir(parents=True, exist_ok=True)
    return target


@pytest.fixture
def demo_site(live_server, settings, tmp_path):
    """The demo site on the live server, as `make run` builds it."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    call_command("setup_site", "--no-admin", "--demo", str(DEMO), stdout=StringIO())
    assert RolePage.objects.live().count() == len(list(DEMO.glob("*.txt")))
    return live_server.url


def in_first_screen(page, selector: str) -> bool:
    box = page.locator(selector).first.bounding_box()
    return box is not None and box["y"] + box["height"] <= FIRST_SCREEN and box["height"] > 0


@pytest.mark.parametrize("width", WIDTHS, ids=[f"{w}px" for w in WIDTHS])
def test_home_role_page_and_compare_as_the_readme_shows_them(demo_site, make_page, width):
    viewport = WIDTHS[width]
    page = make_page(**viewport)
    pages = {
        # name: (path, what the first screen must show)
        "home": ("/", "main form[role=search], main form[action='/search/']"),
        "role-page": (f"/careers/{COMPARED[0]}/", ".quick-facts .button"),
        "compare": (f"/careers/compare/?roles={','.join(COMPARED)}", "main h1"),
    }
    for name, (path, answer) in pages.items():
        response = page.goto(demo_site + path)
        assert response.status == 200, f"{name}: HTTP {response.status}"
        assert in_first_screen(page, answer), f"{name} at {width}px: {answer} is below the fold"
        # Nothing sticks out sideways, so the first screen is the whole width of the page.
        sideways = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert sideways <= 0, f"{name} at {width}px scrolls sideways by {sideways}px"
        shot = out_dir() / f"{name}-{width}.png"
        page.screenshot(path=str(shot))  # the first screen, as a visitor first sees it
        with Image.open(shot) as image:
            assert image.size == (viewport["width"], FIRST_SCREEN)
            # A blank or unstyled capture would be a single colour.
            greys = image.convert("L").getcolors(maxcolors=256)  # None: more than 256 greys
            assert greys is None or len(greys) > 16, f"{name} at {width}px looks blank"
