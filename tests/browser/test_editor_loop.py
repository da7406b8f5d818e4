"""The editor's loop in real Chromium: a new role page opens whole, the checks panel catches an
inverted range before any save, the fix clears it, review publishes it, and the yearly roll
makes next year's draft from the page listing.
"""

from __future__ import annotations

import re

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from careers.models import RolePage
from tests.browser.test_editor_journey import shot

pytestmark = pytest.mark.browser

ROLE = "Platform Engineer"
UI_TIMEOUT = 20_000


def log_in(page, live_site, username: str, password: str = "pw") -> None:
    page.set_default_timeout(UI_TIMEOUT)
    page.goto(live_site.url("/admin/login/"))
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile(r"/admin/$"))


def type_rich_text(page, block_index: int, text: str) -> None:
    block = page.locator(f"#body-{block_index}-value-heading").locator(
        "xpath=ancestor::*[@data-streamfield-child][1]"
    )
    editor = block.locator("[contenteditable=true]").first
    editor.click()
    editor.press_sequentially(text)


def fill_new_role_page(page, year: int) -> None:
    """Fill the sections a new role page opens with; the Entry-Level base range is inverted."""
    page.fill("#id_role_name", ROLE)
    page.fill("#id_year", str(year))
    page.fill("#id_intro", "Platform engineers build the paved road other engineers ship on.")
    type_rich_text(page, 0, "They build the tools and platforms product teams rely on.")
    page.fill("#body-1-value-items-0-value", "Kubernetes")
    type_rich_text(page, 2, "Mornings go to reviews; afternoons to the platform itself.")
    page.fill("#body-3-value-steps-0-value", "Platform Engineer I")
    rows = {
        0: {"intern_monthly_min": 6000, "intern_monthly_max": 8000},
        1: {"base_min": 150000, "base_max": 120000},  # inverted on purpose
        2: {"base_min": 160000, "base_max": 210000},
        3: {"base_min": 200000, "base_max": 260000},
    }
    for n, figures in rows.items():
        for name, value in figures.items():
            page.fill(f"#body-4-value-rows-{n}-value-{name}", str(value))
    page.fill("#body-6-value-items-0-value-question", "Do platform engineers carry a pager?")
    faq = page.locator("#body-6-value-items-0-value-question").locator(
        "xpath=ancestor::*[@data-streamfield-child][1]"
    )
    faq.locator("[contenteditable=true]").first.click()
    faq.locator("[contenteditable=true]").first.press_sequentially("Sometimes, in rotation.")


def test_new_page_inverted_range_fix_review_publish_and_roll_to_next_year(
    live_site, make_page, editor, reviewer, settings
):
    # Wagtail's autosave can create the page while "Submit" is on its way to the add view
    # (its form then clashes on the slug): this test is about the checks, not that race.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    year = timezone.now().year
    writer = make_page()
    log_in(writer, live_site, editor.username)

    # A new role page opens whole: every standard section, the salary rows pre-labelled.
    writer.goto(live_site.url(f"/admin/pages/add/careers/rolepage/{live_site.careers_index.pk}/"))
    for n, level in enumerate(("Intern", "Entry-Level", "Mid-Level", "Senior")):
        expect(writer.locator(f"#body-4-value-rows-{n}-value-level")).to_have_value(level)
    panel = writer.locator("[data-careers-checks]")
    # Nothing typed yet: no wall of errors.
    expect(panel.locator(".careers-checks__finding--error")).to_have_count(0)
    shot(writer, "new-role-page")

    fill_new_role_page(writer, year)

    # The inverted range shows in the panel, on its row, before anything is saved.
    inverted = panel.locator(".careers-checks__finding", has_text="is above its maximum")
    expect(inverted).to_contain_text("(150,000)", timeout=UI_TIMEOUT)
    expect(inverted).to_contain_text("Entry-Level")
    # Everything else typed has been read: the inverted range is the one error left.
    expect(panel.locator(".careers-checks__finding--error")).to_have_count(1, timeout=UI_TIMEOUT)
    panel.scroll_into_view_if_needed()
    shot(writer, "checks-panel-invalid", panel)
    assert not RolePage.objects.filter(role_name=ROLE).exists()

    # Fix it: the finding goes, and nothing else stops publishing.
    writer.fill("#body-4-value-rows-1-value-base_max", "180000")
    expect(inverted).to_have_count(0, timeout=UI_TIMEOUT)
    expect(panel.locator(".careers-checks__finding--error")).to_have_count(0, timeout=UI_TIMEOUT)

    # The editor may not publish: they submit for review.
    writer.get_by_role("button", name="More actions").click()
    writer.locator("button[name=action-submit]").click()
    expect(writer.locator(".messages")).to_contain_text("submitted", timeout=UI_TIMEOUT)
    role = RolePage.objects.get(role_name=ROLE)
    assert not role.live

    # A reviewer approves; approval publishes.
    checker = make_page()
    log_in(checker, live_site, reviewer.username)
    checker.goto(live_site.url(f"/admin/pages/{role.pk}/edit/"))
    checker.get_by_role("button", name="More actions").click()
    checker.get_by_role("button", name="Approve and Publish").click()
    expect(checker.locator(".messages")).to_contain_text("has been updated", timeout=UI_TIMEOUT)
    role.refresh_from_db()
    assert role.live and role.title == f"{ROLE} Jobs & Internships {year}"

    # The yearly refresh: select the page in the listing, roll it to next year.
    checker.goto(live_site.url(f"/admin/pages/{live_site.careers_index.pk}/"))
    checker.locator(f"input[data-bulk-action-checkbox][data-object-id='{role.pk}']").check()
    footer = checker.locator("[data-bulk-action-footer]")
    footer.get_by_role("link", name="Roll the selected role pages to next year").click()
    expect(checker.locator("#id_year")).to_have_value(str(year + 1))
    checker.get_by_role("button", name="Yes, roll these pages").click()
    expect(checker.locator(".roll-year-page[data-roll-status=rolled]")).to_contain_text(
        f"rolled to {year + 1}", timeout=UI_TIMEOUT
    )
    shot(checker, "roll-year-report")

    # Next year's page is a draft: the live page is untouched until it is reviewed.
    role.refresh_from_db()
    assert role.live and role.year == year and role.has_unpublished_changes
    draft = role.latest_content()
    assert draft.year == year + 1
    assert draft.title == f"{ROLE} Jobs & Internships {year + 1}"
    assert writer.log.page_errors == [] and checker.log.page_errors == []
