"""The checks panel on a new page in real Chromium: quiet until the editor writes (#16).

The server decides by comparing what the browser posts with the page as it opened, so this
runs the real StreamField and Draftail widgets, whose untouched values the test client can't
reproduce exactly.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from careers.editorial.panel import WAITING

pytestmark = pytest.mark.browser

PASSWORD = "correct-horse-battery"
UI_TIMEOUT = 20_000


def test_a_new_page_waits_for_the_editor_then_checks_what_they_write(
    live_site, page, django_user_model
):
    django_user_model.objects.create_superuser("editor", "editor@example.com", PASSWORD)
    page.set_default_timeout(UI_TIMEOUT)
    page.goto(live_site.url("/admin/login/"))
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile(r"/admin/$"))

    page.goto(live_site.url(f"/admin/pages/add/careers/rolepage/{live_site.careers_index.pk}/"))
    panel = page.locator("[data-careers-checks]")
    summary = panel.locator("[data-careers-checks-summary]")
    expect(summary).to_have_text(WAITING)
    # A refresh of the untouched form, as the browser posts it, still waits.
    with page.expect_response(re.compile(r"/checks/")) as refreshed:
        panel.locator("[data-careers-checks-refresh]").click()
    assert refreshed.value.ok
    expect(summary).to_have_text(WAITING)
    expect(panel.locator(".careers-checks__finding")).to_have_count(0)

    # The editor types an inverted range: the panel shows it, without saving.
    page.fill("#body-4-value-rows-1-value-base_min", "150000")
    page.fill("#body-4-value-rows-1-value-base_max", "120000")
    entry = panel.locator(".careers-checks__finding[data-code=invalid-field]")
    expect(entry.first).to_contain_text(
        "The base salary minimum (150,000) is above its maximum (120,000).", timeout=UI_TIMEOUT
    )
    expect(summary).to_contain_text("only stop publishing")
