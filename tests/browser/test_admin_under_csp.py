"""The Wagtail admin keeps working under the site's Content-Security-Policy (real Chromium)."""

import pytest

pytestmark = pytest.mark.browser


def csp_problems(page):
    return [
        message
        for message in page.log.console_errors + page.log.page_errors
        if "Content Security Policy" in message or "Refused to" in message
    ]


def test_editor_logs_in_and_edits_a_role_page_without_csp_violations(
    live_site, page, django_user_model
):
    django_user_model.objects.create_superuser("editor", "editor@example.com", "correct-horse-9")
    page.goto(live_site.url("/admin/login/"))
    page.fill("input[name=username]", "editor")
    page.fill("input[name=password]", "correct-horse-9")
    page.click("button[type=submit]")
    page.wait_for_url(live_site.url("/admin/"))
    assert page.locator("h1").first.is_visible()

    page.goto(live_site.url(f"/admin/pages/{live_site.role.id}/edit/"))
    # The StreamField editor is built by JavaScript: its blocks appearing proves scripts ran.
    page.wait_for_selector("[data-contentpath='body'] [data-contentpath='overview'], .w-panel")
    assert page.locator("input[name=role_name]").input_value() == "Applied ML Engineer"

    page.goto(live_site.url(f"/admin/pages/add/careers/rolepage/{live_site.careers_index.id}/"))
    page.wait_for_selector("input[name=role_name]")

    assert csp_problems(page) == []
    response = page.request.get(live_site.url("/admin/"))
    assert "default-src 'self'" in response.headers["content-security-policy"]
