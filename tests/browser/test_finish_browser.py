"""Issue #17 point 6 in Chromium: print hides the chrome, dark is dark, reduced motion is still."""

import pytest

pytestmark = pytest.mark.browser


def computed(page, selector: str, prop: str) -> str:
    return page.eval_on_selector(selector, f"el => getComputedStyle(el).{prop}")


def test_print_hides_the_site_nav_and_keeps_the_salary_table(live_site, make_page):
    page = make_page()
    page.goto(live_site.url(live_site.role.url))
    assert page.locator(".site-header nav").is_visible()
    page.emulate_media(media="print")
    assert not page.locator(".site-header nav").is_visible()
    assert not page.locator(".site-footer").is_visible()
    table = page.locator(".salary-table").first
    assert table.is_visible()
    assert computed(page, ".salary-table td", "borderTopColor") == "rgb(0, 0, 0)"
    assert computed(page, ".salary-table td", "color") == "rgb(0, 0, 0)"
    # Every column printed: the table fits its box, nothing scrolls out of sight.
    sizes = page.eval_on_selector(
        ".table-scroll", "el => [el.scrollWidth, el.clientWidth, getComputedStyle(el).overflowX]"
    )
    assert sizes[0] <= sizes[1] and sizes[2] == "visible", sizes
    assert page.locator(".faq-item").first.is_visible()
    assert computed(page, ".faq-item", "breakInside") == "avoid"


def test_dark_scheme_gives_a_dark_body_and_light_text(live_site, make_page):
    page = make_page()
    page.goto(live_site.url(live_site.role.url))
    assert computed(page, "body", "backgroundColor") == "rgb(255, 255, 255)"
    page.emulate_media(color_scheme="dark")
    assert computed(page, "body", "backgroundColor") == "rgb(18, 22, 27)"
    assert computed(page, "body", "color") == "rgb(230, 233, 238)"


def test_reduced_motion_turns_link_and_button_transitions_off(live_site, make_page):
    page = make_page()
    page.goto(live_site.url(live_site.role.url))
    page.emulate_media(reduced_motion="no-preference")
    assert computed(page, "main a", "transitionDuration") != "0s"
    page.emulate_media(reduced_motion="reduce")
    assert computed(page, "main a", "transitionDuration") == "0s"
    assert computed(page, ".button", "transitionDuration") == "0s"
    assert computed(page, "html", "scrollBehavior") == "auto"
