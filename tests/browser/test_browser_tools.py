"""The shared checkers catch what they exist to catch (so a green quality test means something)."""

import pytest

from tests.browser.conftest import run_axe, validate_html

pytestmark = pytest.mark.browser

VALID = "<!DOCTYPE html><html lang=en><head><title>ok</title></head><body><p>Hi</p></body></html>"
INVALID = "<!DOCTYPE html><html lang=en><head><title>x</title></head><body><p><div>x</div></p><img src=a.png></body></html>"


def test_nu_checker_reports_errors_per_document_in_order():
    valid_errors, invalid_errors = validate_html([VALID, INVALID])
    assert valid_errors == []
    messages = " ".join(e["message"] for e in invalid_errors)
    assert "must have an “alt” attribute" in messages
    assert "No “p” element in scope" in messages


def test_nu_checker_accepts_named_documents():
    result = validate_html({"home": VALID, "broken": INVALID})
    assert result["home"] == []
    assert result["broken"]


def test_axe_finds_serious_violations_in_a_broken_page(page):
    page.set_content(
        "<!DOCTYPE html><html><head><title>t</title></head><body>"
        "<img src='data:image/gif;base64,R0lGODlhAQABAAAAACw='>"
        "<p style='color:#ccc;background:#fff'>low contrast text</p></body></html>"
    )
    ids = {v["id"] for v in run_axe(page)}
    assert {"image-alt", "html-has-lang", "color-contrast"} <= ids


def test_axe_passes_a_clean_page(page):
    page.set_content(VALID)
    assert run_axe(page) == []


def test_live_site_serves_the_role_page_and_its_stylesheet(live_site, page, screenshot_dir):
    response = page.goto(live_site.url(live_site.role.url))
    assert response.status == 200
    assert page.locator("h1").inner_text() == live_site.role.title
    # the stylesheet really applied: the skip link is moved off-screen by site.css
    assert page.locator(".skip-link").evaluate("e => getComputedStyle(e).position") == "absolute"
    assert page.log.failed == []
    assert page.log.page_errors == []
