"""Done-when for applications, in real Chromium: apply, work it as a recruiter, keep editors out."""

from __future__ import annotations

from pathlib import Path

import pytest

from applications.models import Application, Status
from tests.browser.conftest import describe_html_errors, describe_violations, run_axe, validate_html
from tests.support import applicants
from tests.support.applicants import PDF_BYTES

pytestmark = pytest.mark.browser

applications_settings = applicants.applications_settings

PASSWORD = "correct-horse-9"


def csp_problems(page):
    return [
        m
        for m in page.log.console_errors + page.log.page_errors
        if "Content Security Policy" in m or "Refused to" in m
    ]


def fill_application(page, tmp_path, email="ada@example.com"):
    resume = tmp_path / "Ada CV.pdf"
    resume.write_bytes(PDF_BYTES)
    page.get_by_label("Full name").fill("Ada Lovelace")
    page.get_by_role("textbox", name="Email").fill(email)
    page.get_by_label("Entry-level").check()
    page.get_by_label("GitHub profile (optional)").fill("https://github.com/ada")
    page.get_by_label("Résumé (PDF or Word .docx, up to 5 MB)").set_input_files(str(resume))
    page.get_by_label("Message (optional)").fill("I like engines.")
    page.get_by_label("I agree", exact=False).check()


def log_in(page, live_site, username):
    page.goto(live_site.url("/admin/login/"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_site.url("/admin/"))


def test_visitor_applies_from_the_role_page_and_sees_the_confirmation(
    live_site, make_page, tmp_path
):
    page = make_page(width=360, height=740)
    page.goto(live_site.url(live_site.role.url))
    page.locator("section.block-apply a.button").click()
    page.wait_for_url(live_site.url(f"/careers/{live_site.role.slug}/apply/"))

    violations = run_axe(page)
    assert violations == [], describe_violations(violations)
    # The honeypot is there for bots: off-screen for people, skipped by the keyboard.
    box = page.locator("input[name=website]").bounding_box()
    assert box is None or box["x"] + box["width"] <= 0
    assert page.locator("input[name=website]").get_attribute("tabindex") == "-1"

    # Server-side errors: the summary, field messages, and the visitor's input kept.
    page.get_by_role("textbox", name="Email").fill("ada-at-example")
    page.get_by_role("button", name="Send application").click()
    assert page.get_by_role("alert").is_visible()
    assert page.get_by_text("Enter an email address like name@example.com.").first.is_visible()
    assert page.get_by_role("textbox", name="Email").input_value() == "ada-at-example"
    violations = run_axe(page)
    assert violations == [], describe_violations(violations)
    errors_page_html = page.content()

    fill_application(page, tmp_path)
    page.get_by_role("button", name="Send application").click()
    page.wait_for_url(live_site.url(f"/careers/{live_site.role.slug}/apply/thanks/"))
    assert page.get_by_role("heading", level=1).inner_text().startswith("Thank you")
    assert run_axe(page) == []

    application = Application.objects.get()
    assert (application.name, application.email, application.resume_name) == (
        "Ada Lovelace",
        "ada@example.com",
        "Ada CV.pdf",
    )
    assert csp_problems(page) == []
    html_errors = validate_html([errors_page_html, page.content()])
    assert html_errors == [[], []], "\n".join(describe_html_errors(e) for e in html_errors)


def test_bot_is_throttled(live_site, page, tmp_path, settings):
    settings.APPLICATION_RATE_LIMIT = "1/h"
    form = live_site.url(f"/careers/{live_site.role.slug}/apply/")
    page.goto(form)
    fill_application(page, tmp_path)
    page.get_by_role("button", name="Send application").click()
    page.wait_for_url("**/thanks/")
    page.goto(form)
    fill_application(page, tmp_path, email="second@example.com")
    page.get_by_role("button", name="Send application").click()
    assert page.get_by_role("alert").inner_text().startswith("Too many applications")
    assert Application.objects.count() == 1


def test_recruiter_filters_updates_exports_and_downloads(
    live_site, page, tmp_path, django_user_model
):
    apply_page = live_site.url(f"/careers/{live_site.role.slug}/apply/")
    page.goto(apply_page)
    fill_application(page, tmp_path)
    page.get_by_role("button", name="Send application").click()
    page.wait_for_url("**/thanks/")
    application = Application.objects.get()

    recruiter = applicants.make_user(django_user_model, "rita", "Recruiters")
    recruiter.set_password(PASSWORD)
    recruiter.save()
    log_in(page, live_site, "rita")

    page.goto(live_site.url("/admin/applications/?track=entry_level"))
    assert page.get_by_role("link", name="Ada Lovelace").is_visible()
    page.goto(live_site.url("/admin/applications/?track=internship"))
    assert page.get_by_role("link", name="Ada Lovelace").count() == 0

    page.goto(live_site.url(f"/admin/applications/edit/{application.pk}/"))
    page.select_option("select[name=status]", "contacted")
    page.fill("textarea[name=notes]", "Phone screen on Tuesday")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(live_site.url("/admin/applications/"))
    application.refresh_from_db()
    assert (application.status, application.notes) == (Status.CONTACTED, "Phone screen on Tuesday")

    page.goto(live_site.url(f"/admin/applications/edit/{application.pk}/"))
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download résumé").click()
    download = download_info.value
    assert download.suggested_filename == "Ada CV.pdf"
    assert Path(download.path()).read_bytes() == PDF_BYTES

    export = page.request.get(live_site.url("/admin/applications/?export=csv"))
    assert export.ok
    assert "ada@example.com" in export.text() and "Phone screen on Tuesday" in export.text()
    assert csp_problems(page) == []


def test_editor_cannot_see_applications(live_site, page, django_user_model):
    editor = applicants.make_user(django_user_model, "eddie", "Editors")
    editor.set_password(PASSWORD)
    editor.save()
    log_in(page, live_site, "eddie")
    assert page.get_by_role("link", name="Applications").count() == 0
    page.goto(live_site.url("/admin/applications/"))
    page.wait_for_url(live_site.url("/admin/"))
    assert "permission" in page.content()
