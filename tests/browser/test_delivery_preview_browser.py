"""An editor previews an unsaved draft in the example headless front end (real Chromium).

The front end runs on its own origin (a static server on this worktree's port range), as a
real deployment would, so the preview token, CORS and the admin's frame policy are all
exercised.
"""

import shutil
from functools import partial
from http.server import SimpleHTTPRequestHandler
from pathlib import Path

import pytest

from tests.support.delivery import reserve_port, serve

pytestmark = pytest.mark.browser

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "preview-frontend"
DRAFT_INTRO = "A draft intro that only the preview may show."


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def frontend(live_site, tmp_path, settings):
    """examples/preview-frontend/ served from another origin, pointed at the live CMS."""
    root = tmp_path / "frontend"
    shutil.copytree(EXAMPLE, root)
    (root / "config.js").write_text(
        f'window.PREVIEW_CONFIG = {{ apiBase: "{live_site.base_url}" }};\n'
    )
    server, thread = serve(reserve_port(), partial(QuietHandler, directory=str(root)))
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    settings.WAGTAIL_HEADLESS_PREVIEW = {"CLIENT_URLS": {"default": origin + "/"}}
    settings.CORS_ALLOWED_ORIGINS = [origin]
    yield origin
    server.shutdown()
    server.server_close()
    thread.join(5)


def sign_in(page, live_site, django_user_model):
    django_user_model.objects.create_superuser("editor", "editor@example.com", "correct-horse-9")
    page.goto(live_site.url("/admin/login/"))
    page.fill("input[name=username]", "editor")
    page.fill("input[name=password]", "correct-horse-9")
    page.click("button[type=submit]")
    page.wait_for_url(live_site.url("/admin/"))


def test_editor_previews_a_draft_in_the_headless_front_end(
    live_site, frontend, page, django_user_model
):
    sign_in(page, live_site, django_user_model)
    page.goto(live_site.url(f"/admin/pages/{live_site.role.id}/edit/"))
    page.fill("#id_intro", DRAFT_INTRO)  # not saved

    page.click("[data-side-panel-toggle='preview']")
    panel = page.frame_locator("#w-preview-iframe")
    # Wagtail's own HTML preview is still the default and shows the unsaved text.
    # Generous waits: the panel posts the form, then loads two nested frames and a fetch.
    panel.get_by_text(DRAFT_INTRO).first.wait_for(timeout=45_000)

    page.select_option("#id_preview_mode", "headless")
    front_end = page.frame_locator("#w-preview-iframe").frame_locator("iframe")
    front_end.locator("#app[data-state='ready'], #app[data-state='error']").wait_for(timeout=45_000)
    assert front_end.locator("#app").get_attribute("data-state") == "ready", front_end.locator(
        "#app"
    ).inner_text()
    assert front_end.locator("#intro").inner_text() == DRAFT_INTRO
    assert front_end.locator("h1").inner_text() == live_site.role.title
    assert front_end.locator("section.block-salary_table table tbody tr").count() == 4
    assert front_end.locator("text=Draft preview — not published").is_visible()

    # The front end lives on its own origin and still got the draft (CORS), while the
    # published page is untouched.
    frame_urls = [frame.url for frame in page.frames]
    assert any(
        url.startswith(frontend + "/?content_type=careers.rolepage&token=") for url in frame_urls
    )
    live_html = page.request.get(live_site.url(live_site.role.url)).text()
    assert DRAFT_INTRO not in live_html
    assert not [e for e in page.log.page_errors if "preview" in e.lower()]


def test_the_front_end_explains_an_expired_or_missing_token(live_site, frontend, page):
    page.goto(frontend + "/?content_type=careers.rolepage&token=not-a-token")
    page.locator("#app[data-state='error']").wait_for()
    assert page.locator("[role=alert]").inner_text() == "The preview token is not valid."
    page.goto(frontend + "/")
    page.locator("#app[data-state='error']").wait_for()
    assert "Open this page from the page editor" in page.locator("[role=alert]").inner_text()
