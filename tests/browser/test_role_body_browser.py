"""The role body's admin form in Chromium (#16): a new page's rows labelled like the table,
the ranges a row's kind doesn't use hidden, and required sections that can't be deleted."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PASSWORD = "correct-horse-battery"
ROW = "#body-4-value-rows-{n}-value-{name}"


def open_new_role_page(live_site, page, django_user_model):
    django_user_model.objects.create_superuser("rows", "rows@example.com", PASSWORD)
    page.set_default_timeout(20_000)
    page.goto(live_site.url("/admin/login/"))
    page.fill("#id_username", "rows")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    page.goto(live_site.url(f"/admin/pages/add/careers/rolepage/{live_site.careers_index.pk}/"))
    expect(page.locator("#body-6-value-items-0-value-question")).to_be_attached()


def range_group(page, n: int, prefix: str):
    """The collapsible group holding row ``n``'s ``prefix`` range."""
    return page.locator(
        f"[data-salary-range={prefix}]:has({ROW.format(n=n, name=prefix + '_min')})"
    )


def row_child(page, n: int):
    return page.locator(ROW.format(n=n, name="level")).locator(
        "xpath=ancestor::*[@data-streamfield-child][1]"
    )


def test_rows_show_what_their_kind_uses_and_collapse_to_their_figures(
    live_site, page, django_user_model
):
    open_new_role_page(live_site, page, django_user_model)
    # The Intern row asks for intern pay only; the levels for experience, base and uplift.
    expect(range_group(page, 0, "intern_monthly")).to_be_visible()
    for prefix in ("years", "base", "uplift"):
        expect(range_group(page, 0, prefix)).to_be_hidden()
        expect(range_group(page, 1, prefix)).to_be_visible()
    expect(range_group(page, 1, "intern_monthly")).to_be_hidden()

    page.fill(ROW.format(n=1, name="years_min"), "0")
    page.fill(ROW.format(n=1, name="years_max"), "2")
    page.fill(ROW.format(n=1, name="base_min"), "125000")
    page.fill(ROW.format(n=1, name="base_max"), "180000")
    page.fill(ROW.format(n=0, name="intern_monthly_min"), "7000")
    page.fill(ROW.format(n=0, name="intern_monthly_max"), "10000")
    for n in (0, 1):
        row_child(page, n).locator("[data-panel-toggle]").first.click()
    expect(row_child(page, 0).locator(".c-sf-block__title").first).to_have_text(
        "Intern \u00b7 $7,000\u2013$10,000/mo"
    )
    expect(row_child(page, 1).locator(".c-sf-block__title").first).to_have_text(
        "Entry-Level (0\u20132 yrs) \u00b7 $125,000\u2013$180,000"
    )

    # Made an internship, a level row hides its empty ranges and shows intern pay.
    page.select_option(ROW.format(n=2, name="kind"), "intern")
    expect(range_group(page, 2, "base")).to_be_hidden()
    expect(range_group(page, 2, "intern_monthly")).to_be_visible()
    assert page.log.page_errors == []


def test_the_last_required_section_cannot_be_deleted(live_site, page, django_user_model):
    open_new_role_page(live_site, page, django_user_model)
    deletes = {
        index: page.locator(f"#body-{index}-value-heading")
        .locator("xpath=ancestor::*[@data-streamfield-child][1]")
        .locator("[data-streamfield-action=DELETE]")
        .first
        for index in range(7)
    }
    # overview, skills, salary table and apply are required; the others can go.
    for index in (0, 1, 4, 5):
        expect(deletes[index]).to_be_disabled()
        expect(deletes[index]).to_have_attribute("title", re.compile("can't be deleted"))
    for index in (2, 3, 6):
        expect(deletes[index]).to_be_enabled()
    assert page.log.page_errors == []
