"""Forms a person would enjoy (#17 point 5), measured in Chromium: layout, targets, focus, errors."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import (
    describe_html_errors,
    describe_violations,
    run_axe,
    save_screenshot,
    validate_html,
)
from tests.support.find import family

pytestmark = pytest.mark.browser

PHONE, DESKTOP = 390, 1280
FILTER_CONTROLS = (
    "#filter-q",
    "#filter-min-salary",
    ".role-filters .check",
    ".role-filters button",
)
BOXES = "input[type=radio], input[type=checkbox], input[type=file]"


@pytest.fixture
def families(live_site):
    """Two families on the live site, so the family control has pills to choose from."""
    family("data")
    family("infrastructure")
    return live_site


def boxes(page, selector: str) -> list[dict]:
    return [
        page.locator(selector).nth(i).bounding_box() for i in range(page.locator(selector).count())
    ]


def luminance(rgb: str) -> float:
    channels = [int(v) / 255 for v in re.findall(r"\d+", rgb)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, two: str) -> float:
    light, dark = sorted((luminance(one), luminance(two)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def tab_to(page, element_id: str, presses: int = 60) -> None:
    """Move focus with the Tab key only, as a keyboard user would, until it reaches the id."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == element_id:
            return
    raise AssertionError(f"Tab never reached #{element_id}")


def focus_ring(page, selector: str) -> dict:
    return page.evaluate(
        """(selector) => {
          const style = getComputedStyle(document.querySelector(selector));
          return {style: style.outlineStyle, width: parseFloat(style.outlineWidth),
                  color: style.outlineColor,
                  background: getComputedStyle(document.body).backgroundColor};
        }""",
        selector,
    )


def test_filter_controls_share_one_baseline_at_desktop_width(families, make_page):
    page = make_page(DESKTOP, 800)
    page.goto(families.url("/careers/?internships=1"))
    controls = [page.locator(selector).bounding_box() for selector in FILTER_CONTROLS]
    bottoms = [box["y"] + box["height"] for box in controls]
    assert max(bottoms) - min(bottoms) <= 1, f"control bottoms differ: {bottoms}"
    heights = [box["height"] for box in controls]
    assert max(heights) - min(heights) <= 1, f"inputs, checkbox row and button differ: {heights}"
    # One row, left to right, in the form's order.
    lefts = [box["x"] for box in controls]
    assert lefts == sorted(lefts) and len(set(lefts)) == len(lefts)
    # Labels sit above their inputs.
    for control in ("filter-q", "filter-min-salary"):
        label = page.locator(f"label[for={control}]").bounding_box()
        field = page.locator(f"#{control}").bounding_box()
        assert label["y"] + label["height"] <= field["y"] + 1
    save_screenshot(page, "forms-filters-desktop", full_page=False)


def test_filter_controls_stack_on_a_phone(families, make_page):
    page = make_page(PHONE, 800)
    page.goto(families.url("/careers/?internships=1"))
    controls = [page.locator(selector).bounding_box() for selector in FILTER_CONTROLS]
    for above, below in zip(controls, controls[1:], strict=False):
        assert above["y"] + above["height"] <= below["y"], "filter fields overlap or share a row"
    for box in controls + boxes(page, ".role-filters .pill"):
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE
    save_screenshot(page, "forms-filters-phone", full_page=False)


def test_family_pills_are_one_radio_group_that_shows_the_choice(families, make_page):
    page = make_page(PHONE, 800)
    page.goto(families.url("/careers/?family=data"))
    group = page.get_by_role("group", name="Role family")
    chosen = group.get_by_role("radio", name="Data")
    assert chosen.is_checked()
    assert page.locator("select[name=family]").count() == 0
    assert page.get_by_role("navigation", name="Role families").count() == 0
    # Shown as well as announced: the chosen pill is filled and ticked, the others are not.
    look = page.evaluate(
        """() => [...document.querySelectorAll('.pill label')].map(label => ({
             text: label.textContent,
             tick: getComputedStyle(label, '::before').content,
             background: getComputedStyle(label).backgroundColor}))"""
    )
    ticked = [pill["text"] for pill in look if pill["tick"] not in ("none", "normal")]
    assert ticked == ["Data"]
    backgrounds = {pill["text"]: pill["background"] for pill in look}
    assert backgrounds["Data"] != backgrounds["All families"]


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
@pytest.mark.parametrize("path", ["/careers/", "apply"])
def test_radios_checkboxes_and_file_input_are_at_least_24px(families, make_page, width, path):
    page = make_page(width, 800)
    page.goto(families.url(families.apply_url if path == "apply" else path))
    found = boxes(page, BOXES)
    assert len(found) >= 3
    for box in found:
        assert box["width"] >= 24 and box["height"] >= 24, f"{box} at {width}px on {path}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_keyboard_focus_is_visible_on_every_styled_control(families, make_page, scheme):
    page = make_page(DESKTOP, 800)
    page.emulate_media(color_scheme=scheme)
    checks = [
        (families.apply_url, "id_track_0", "#id_track_0"),
        (families.apply_url, "id_resume", "#id_resume"),
        (families.apply_url, "id_consent", "#id_consent"),
        ("/careers/", "filter-family-all", "label[for=filter-family-all]"),
        ("/careers/", "filter-internships", "#filter-internships"),
    ]
    for path, element_id, ring_on in checks:
        page.goto(families.url(path))
        tab_to(page, element_id)
        ring = focus_ring(page, ring_on)
        assert ring["style"] != "none" and ring["width"] >= 2, f"{ring_on}: {ring}"
        assert contrast(ring["color"], ring["background"]) >= 3, f"{ring_on} in {scheme}: {ring}"


def test_error_summary_names_fields_briefly_and_links_to_them(families, make_page):
    page = make_page(PHONE, 800)
    page.goto(families.url(families.apply_url))
    page.get_by_role("button", name="Send application").click()
    page.wait_for_load_state()
    summary = page.locator("#error-summary")
    assert summary.get_by_role("heading").inner_text() == "Please correct 5 fields"
    links = summary.get_by_role("link")
    names = [text.split(":")[0] for text in links.all_inner_texts()]
    assert names == ["Full name", "Email", "Track", "Résumé", "Consent"]
    for index in range(links.count()):
        link = links.nth(index)
        target = link.get_attribute("href")
        assert re.fullmatch(r"#id_\w+", target)
        link.click()
        assert page.evaluate("location.hash") == target
        # The field lands on screen with its label (or the group's legend) still above it.
        box = page.locator(target).bounding_box()
        assert box is not None and 0 <= box["y"] < 800, f"{target} is not on screen after the link"
        field = page.locator(f"[id^=field-]:has({target})")
        label = field.locator("label, legend").first.bounding_box()
        assert 0 <= label["y"] < box["y"], f"{target}'s label scrolled off the top"
    violations = run_axe(page, impacts=None)
    assert violations == [], describe_violations(violations)
    save_screenshot(page, "forms-apply-errors-phone")


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_forms_have_no_axe_violations_of_any_impact(families, make_page, width, scheme):
    for path in ("/careers/?family=data&internships=1", families.apply_url):
        page = make_page(width, 800)
        page.emulate_media(color_scheme=scheme)
        page.goto(families.url(path))
        violations = run_axe(page, impacts=None)
        assert violations == [], f"{path} {width}px {scheme}:\n{describe_violations(violations)}"
        kind = "apply" if "apply" in path else "filters"
        save_screenshot(page, f"forms-{kind}-{width}-{scheme}", full_page=False)


def test_forced_colours_hand_the_boxes_back_to_the_system(families, make_page):
    page = make_page(DESKTOP, 800)
    page.emulate_media(forced_colors="active")
    page.goto(families.url("/careers/?family=data"))
    appearance = page.evaluate(
        "getComputedStyle(document.querySelector('#filter-internships')).appearance"
    )
    assert appearance == "auto"
    tick = page.evaluate(
        "getComputedStyle(document.querySelector('label[for=filter-family-data]'), '::before')"
        ".content"
    )
    assert "\u2713" in tick


def test_form_pages_are_valid_html(families, make_page):
    page = make_page(PHONE, 800)
    documents = []
    for path in ("/careers/?family=data", families.apply_url):
        page.goto(families.url(path))
        documents.append(page.content())
    page.get_by_role("button", name="Send application").click()
    page.wait_for_load_state()
    documents.append(page.content())
    errors = validate_html(documents)
    assert errors == [[], [], []], "\n".join(describe_html_errors(e) for e in errors)
