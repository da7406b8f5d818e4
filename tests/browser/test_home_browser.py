"""The home page in Chromium (#17 point 1): search, families, cards and pay, at 390 and 1280 px."""

from __future__ import annotations

import pytest

from tests.browser.conftest import (
    LAPTOP,
    PHONE,
    STRICT_TAGS,
    describe_html_errors,
    describe_violations,
    run_axe,
    save_screenshot,
    validate_html,
)
from tests.support.find import family, role_body

pytestmark = pytest.mark.browser

SECTIONS = (
    "form.home-search input[type=search]",
    "form.home-search button",
    ".home-family-list a",
    ".home-card",
    ".home-pay-levels div",
)

# Every visible element's box, and what is too small or sticks out of the viewport.
LAYOUT = """() => {
    const width = document.documentElement.clientWidth;
    const main = document.querySelector("main");
    const out = [], small = [], tiny = [];
    for (const el of main.querySelectorAll("*")) {
        const box = el.getBoundingClientRect();
        if (!box.width || !box.height) continue;
        const name = `${el.tagName.toLowerCase()}.${el.className} "${el.textContent.trim().slice(0, 30)}"`;
        if (box.left < -0.5 || box.right > width + 0.5) out.push(`${name}: ${box.left}–${box.right}`);
        if (el.matches("a, button, input") && (box.width < 24 || box.height < 24)) {
            small.push(`${name}: ${box.width}×${box.height}`);
        }
        const text = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
        if (text && parseFloat(getComputedStyle(el).fontSize) < 16) tiny.push(name);
    }
    return {
        scroll: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        out, small, tiny,
    };
}"""


@pytest.fixture
def home_site(live_site, make_role):
    """The live site with three roles in three families, so every home section has content."""
    role = live_site.role
    role.family = family("machine-learning")
    role.save_revision().publish()
    make_role("Data Engineer", family=family("data"), body=role_body("Data Engineer", top=240000))
    make_role(
        "Site Reliability Engineer",
        family=family("infrastructure"),
        body=role_body("Site Reliability Engineer", top=320000, intern=False),
    )
    return live_site


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["390px", "1280px"])
def test_home_shows_search_families_cards_and_pay_and_fits_the_screen(
    home_site, make_page, viewport, scheme
):
    page = make_page(**viewport, color_scheme=scheme)
    response = page.goto(home_site.url("/"))
    assert response.status == 200
    where = f"at {viewport['width']}px ({scheme})"
    for selector in SECTIONS:
        boxes = [item.bounding_box() for item in page.locator(selector).all()]
        assert boxes, f"{selector} is not on the home page {where}"
        assert all(box and box["width"] > 0 and box["height"] > 0 for box in boxes), selector
    assert page.locator(".home-family-list a").count() == 3
    assert page.locator(".home-card").count() == 3
    # The search box is labelled by visible text, and the box is wide enough to type in.
    search = page.get_by_label("Search roles")
    assert search.is_visible()
    assert search.bounding_box()["width"] >= 150
    layout = page.evaluate(LAYOUT)
    assert layout["scroll"] <= 0, f"the page scrolls sideways {where}"
    assert layout["out"] == [], f"outside the viewport {where}: {layout['out']}"
    assert layout["small"] == [], f"tap targets under 24×24 px {where}: {layout['small']}"
    assert layout["tiny"] == [], f"text under 16 px {where}: {layout['tiny']}"
    violations = run_axe(page, tags=STRICT_TAGS, impacts=None)
    assert violations == [], describe_violations(violations)
    errors = validate_html([response.text()])[0]
    assert errors == [], describe_html_errors(errors)
    save_screenshot(page, f"home-sections-{viewport['width']}-{scheme}")


def test_cards_sit_side_by_side_on_a_laptop_and_stack_on_a_phone(home_site, make_page):
    tops = {}
    for viewport in (PHONE, LAPTOP):
        page = make_page(**viewport)
        page.goto(home_site.url("/"))
        tops[viewport["width"]] = [
            round(card.bounding_box()["y"]) for card in page.locator(".home-card").all()
        ]
    assert len(set(tops[1280])) == 1, tops
    assert len(set(tops[390])) == 3, tops


def test_searching_and_choosing_a_family_from_home(home_site, make_page):
    page = make_page(**PHONE)
    page.goto(home_site.url("/"))
    page.get_by_label("Search roles").fill("reliability")
    page.get_by_role("button", name="Search").click()
    page.wait_for_load_state()
    assert page.url.endswith("/search/?q=reliability")
    assert page.locator(".search-hit").all_inner_texts()[0].startswith("Site Reliability")
    page.goto(home_site.url("/"))
    page.locator(".home-family-list a", has_text="Data").click()
    page.wait_for_load_state()
    assert page.url.endswith("/careers/?family=data")
    assert "Data Engineer" in page.locator("main").inner_text()
    assert "Site Reliability Engineer" not in page.locator(".role-list").inner_text()
