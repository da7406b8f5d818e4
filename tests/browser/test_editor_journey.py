"""An editor's day in real Chromium: write a role page with every block, heed a content check,
publish, and find the same salary figures on the public page and in the API.

Screenshots of the editing screen, the checks panel and the public page are saved to
test-artifacts/screenshots/, or to $SCREENSHOT_OUT (``make screenshots`` sets docs/screenshots).
"""

from __future__ import annotations

import json
import os
import re
import urllib.request
from pathlib import Path

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from careers.models import RolePage
from tests.browser.conftest import REPO_ROOT, save_screenshot

pytestmark = pytest.mark.browser

ROLE = "Applied Data Scientist"
BAD_HEADING = "What Does a Applied Data Scientist Do?"
GOOD_HEADING = "What Does an Applied Data Scientist Do?"
ROWS = [
    {"level": "Intern", "intern_monthly_min": 7500, "intern_monthly_max": 9000},
    {
        "level": "Entry-Level",
        "years_min": 0,
        "years_max": 2,
        "base_min": 131000,
        "base_max": 167000,
    },
    {"level": "Mid-Level", "years_min": 3, "years_max": 5, "base_min": 160000, "base_max": 215000},
    {"level": "Senior", "years_min": 5, "years_max": 8, "base_min": 204000, "base_max": 289000},
]
STEPS = [
    "Data Science Intern",
    "Applied Data Scientist I",
    "Applied Data Scientist II",
    "Senior Applied Data Scientist",
]
PASSWORD = "correct-horse-battery"
# The admin is JavaScript-heavy: waits are generous, but every one is bounded.
UI_TIMEOUT = 20_000


def shot(page, name: str, locator=None) -> Path:
    """Save a screenshot as <name>.png, in $SCREENSHOT_OUT when set (``make screenshots``)."""
    out = os.environ.get("SCREENSHOT_OUT")
    if not out:
        return (
            save_screenshot(page, name, full_page=False)
            if locator is None
            else _element(locator, REPO_ROOT / "test-artifacts" / "screenshots" / f"{name}.png")
        )
    target = Path(out) if Path(out).is_absolute() else REPO_ROOT / out
    target.mkdir(parents=True, exist_ok=True)
    path = target / f"{name}.png"
    if locator is None:
        page.screenshot(path=str(path), full_page=False)
        return path
    return _element(locator, path)


def _element(locator, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    locator.screenshot(path=str(path))
    return path


# --- driving the StreamField editor ------------------------------------------------------


def add_block(page, label: str, index: int):
    """Append a block through the block picker's search; return the new block's container."""
    page.locator("button[title='Insert a block']").last.click()
    page.locator("input[placeholder='Search options…']:visible").fill(label)
    page.get_by_role("option", name=label).click()
    heading = page.locator(f"#body-{index}-value-heading")
    expect(heading).to_be_attached(timeout=UI_TIMEOUT)
    return heading.locator("xpath=ancestor::*[@data-streamfield-child][1]")


def add_list_item(block, list_name: str):
    """Press the list's last "Add" button: a new item at the end."""
    block.locator(f"[data-contentpath={list_name}] button[title='Add']").last.click()


def type_rich_text(editor, text: str):
    editor.click()
    editor.press_sequentially(text)


def existing_block(page, index: int):
    """A section the new page opened with (every standard one, in reading order)."""
    heading = page.locator(f"#body-{index}-value-heading")
    expect(heading).to_be_attached(timeout=UI_TIMEOUT)
    return heading.locator("xpath=ancestor::*[@data-streamfield-child][1]")


def fill_role_page(page, year: int):
    page.fill("#id_role_name", ROLE)
    page.fill("#id_year", str(year))
    page.fill(
        "#id_intro",
        "Applied data scientists use experiments and models to change what a product does.",
    )

    # A new page opens with the standard sections, empty, in reading order: fill them in.
    overview = existing_block(page, 0)
    page.fill("#body-0-value-heading", BAD_HEADING)
    type_rich_text(
        overview.locator("[contenteditable=true]"),
        "Applied data scientists design experiments and ship models.",
    )

    skills = existing_block(page, 1)
    page.fill("#body-1-value-items-0-value", "Causal inference and experiment design")
    add_list_item(skills, "items")
    page.fill("#body-1-value-items-1-value", "SQL and Python")

    day = existing_block(page, 2)
    type_rich_text(day.locator("[contenteditable=true]"), "Your morning starts with a readout.")

    path = existing_block(page, 3)
    for n, step in enumerate(STEPS):
        if n:
            add_list_item(path, "steps")
        page.fill(f"#body-3-value-steps-{n}-value", step)

    existing_block(page, 4)
    page.fill("#body-4-value-currency", "USD")
    page.fill("#body-4-value-as_of_year", str(year))
    page.fill("#body-4-value-source_note", "Levels.fyi and company disclosures")
    # The table's rows are there, labelled Intern, Entry-Level, Mid-Level and Senior.
    for n, row in enumerate(ROWS):
        expect(page.locator(f"#body-4-value-rows-{n}-value-level")).to_have_value(row["level"])
        for name, value in row.items():
            page.fill(f"#body-4-value-rows-{n}-value-{name}", str(value))

    existing_block(page, 5)
    page.fill("#body-5-value-button_label", "Submit your profile")

    faq = existing_block(page, 6)
    page.fill("#body-6-value-items-0-value-question", "Do applied data scientists code?")
    type_rich_text(faq.locator("[contenteditable=true]"), "Yes, every day.")

    text = add_block(page, "Text section", 7)
    page.fill("#body-7-value-heading", "Where applied data scientists work")
    type_rich_text(text.locator("[contenteditable=true]"), "Marketplaces, banks and games.")


# --- the journey --------------------------------------------------------------------------


def test_editor_writes_checks_publishes_and_the_figures_reach_page_and_api(
    live_site, page, django_user_model, settings
):
    # Wagtail's autosave can create the page while "Publish" is on its way to the add view
    # (which then refuses the taken slug): this journey is about the content, not that race.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    django_user_model.objects.create_superuser("editor", "editor@example.com", PASSWORD)
    year = timezone.now().year
    page.set_default_timeout(UI_TIMEOUT)

    # Log in.
    page.goto(live_site.url("/admin/login/"))
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile(r"/admin/$"))

    # Write a new role page with every block kind.
    page.goto(live_site.url(f"/admin/pages/add/careers/rolepage/{live_site.careers_index.pk}/"))
    fill_role_page(page, year)

    # The checks panel catches the wrong article while the page is still unsaved.
    panel = page.locator("[data-careers-checks]")
    warning = panel.locator(".careers-checks__finding--warning[data-code=article]")
    expect(warning).to_contain_text('Write "an Applied", not "a Applied".', timeout=UI_TIMEOUT)
    expect(warning).to_contain_text("What the role does › heading")
    expect(panel.locator(".careers-checks__finding--error")).to_have_count(0)
    page.locator("#body-0-value-heading").scroll_into_view_if_needed()
    shot(page, "editing-screen")
    panel.scroll_into_view_if_needed()
    shot(page, "checks-panel", panel)

    # Fix it; the warning goes away.
    page.fill("#body-0-value-heading", GOOD_HEADING)
    expect(panel).to_contain_text("No problems found.", timeout=UI_TIMEOUT)

    # Publish (in the action menu's dropdown).
    page.get_by_role("button", name="More actions").click()
    page.locator("button[name=action-publish]").click()
    expect(page.locator(".messages")).to_contain_text("published", timeout=UI_TIMEOUT)

    role = RolePage.objects.get(role_name=ROLE)
    assert role.live
    assert role.title == f"{ROLE} Jobs & Internships {year}"

    # The public page shows the content and the figures, formatted once, by careers.facts.
    page.goto(live_site.url(role.url))
    expect(page.locator("h1")).to_have_text(role.title)
    expect(page.get_by_role("heading", name=GOOD_HEADING)).to_be_visible()
    table = page.locator("table")
    for figure in ("$131,000\u2013$167,000", "$204,000\u2013$289,000", "$7,500\u2013$9,000/mo"):
        expect(table).to_contain_text(figure)
    for step in STEPS:
        expect(page.locator("main")).to_contain_text(step)
    expect(page.locator("main")).to_contain_text("Do applied data scientists code?")
    shot(page, "public-page")

    # The API has the same figures as numbers.
    with urllib.request.urlopen(live_site.url(f"/api/v2/pages/{role.pk}/"), timeout=30) as r:
        data = json.load(r)
    assert data["salary_summary"] == {"base_min": 131000, "base_max": 289000, "currency": "USD"}
    [salary] = [block["value"] for block in data["body"] if block["type"] == "salary_table"]
    api_rows = [
        {key: row[key] for key in expected}
        for row, expected in zip(salary["rows"], ROWS, strict=True)
    ]
    assert api_rows == ROWS
