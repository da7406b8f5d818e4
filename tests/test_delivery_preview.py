"""Headless preview: editor's draft → token → JSON for the front end; Wagtail's preview intact."""

import html
import re
import time
from urllib.parse import parse_qs, urlsplit

from django.core import signing
from django.test import RequestFactory, override_settings
from django.urls import reverse

from wagtail.models import Site

import pytest
from wagtail_headless_preview.models import PagePreview

from careers.models import RolePage
from careers.testing.factories import sample_body
from tests.support.formdata import role_page_form_data

PREVIEW_API = "/api/preview/"


def edit_preview(admin_client, page, intro):
    """Do what the editor's browser does: post the unsaved form to the preview endpoint."""
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    data = role_page_form_data(
        page.role_name, page.year, intro, sample_body(page.role_name), publish=False
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200 and response.json()["is_valid"], response.content
    return url


def token_from(response) -> tuple[str, dict]:
    match = re.search(r'<iframe src="([^"]+)"', response.content.decode())
    assert match, response.content.decode()[:500]
    src = html.unescape(match.group(1))
    query = {k: v[0] for k, v in parse_qs(urlsplit(src).query).items()}
    return src, query


def test_wagtail_html_preview_still_works_and_is_the_default(admin_client, role_page):
    assert role_page.default_preview_mode == ""
    assert [mode for mode, _ in role_page.preview_modes] == ["", "headless"]
    url = edit_preview(admin_client, role_page, "An unsaved intro for the HTML preview.")
    response = admin_client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "An unsaved intro for the HTML preview." in body
    assert "<iframe" not in body  # the page itself, not the headless wrapper


def test_headless_preview_hands_the_draft_to_the_front_end_as_api_json(
    admin_client, client, role_page, django_assert_max_num_queries
):
    url = edit_preview(admin_client, role_page, "A draft intro nobody has published.")
    response = admin_client.get(url, {"mode": "headless"})
    assert response.status_code == 200
    src, query = token_from(response)
    assert src.startswith("/preview-frontend/?")  # the default client URL (settings)
    assert query["content_type"] == "careers.rolepage"

    with django_assert_max_num_queries(6):
        draft = client.get(PREVIEW_API, query)
    assert draft.status_code == 200
    assert draft["Cache-Control"] == "no-store, private"
    assert "noindex" in draft["X-Robots-Tag"]
    data = draft.json()
    assert data["id"] == role_page.pk
    assert data["intro"] == "A draft intro nobody has published."

    # The same shape as the read API's detail, rich text as HTML.
    live = client.get(f"/api/v3/pages/{role_page.pk}/").json()
    assert live["intro"] == role_page.intro  # the draft is not live
    assert set(data) == set(live)
    assert set(data["meta"]) == set(live["meta"])
    # The same blocks with the same fields as the live API; rich text as display HTML.
    assert [(b["type"], sorted(b["value"])) for b in data["body"]] == [
        (b["type"], sorted(b["value"])) for b in live["body"]
    ]
    draft_overview = next(b["value"] for b in data["body"] if b["type"] == "overview")
    live_overview = next(b["value"] for b in live["body"] if b["type"] == "overview")
    # (The admin's rich text editor adds data-block-key attributes when the form is posted.)
    assert re.sub(r' data-block-key="\w+"', "", draft_overview["body"]) == live_overview["body"]


def test_headless_preview_on_a_new_page_has_no_id(admin_client, client, careers_index):
    url = reverse(
        "wagtailadmin_pages:preview_on_add", args=["careers", "rolepage", careers_index.pk]
    )
    data = role_page_form_data(
        "Robotics Engineer", 2026, "Brand new.", sample_body(), publish=False
    )
    assert admin_client.post(url, data).json()["is_valid"]
    _, query = token_from(admin_client.get(url, {"mode": "headless"}))
    page = client.get(PREVIEW_API, query).json()
    assert (page["id"], page["meta"]["detail_url"], page["intro"]) == (None, None, "Brand new.")


def test_tokens_expire(admin_client, client, role_page, monkeypatch, settings):
    url = edit_preview(admin_client, role_page, "Draft.")
    _, query = token_from(admin_client.get(url, {"mode": "headless"}))
    assert client.get(PREVIEW_API, query).status_code == 200
    later = time.time() + settings.HEADLESS_PREVIEW_TOKEN_MAX_AGE + 5
    monkeypatch.setattr(signing.time, "time", lambda: later)
    response = client.get(PREVIEW_API, query)
    assert response.status_code == 403
    assert "expired" in response.json()["detail"]


def test_bad_requests_name_the_problem(admin_client, client, role_page):
    url = edit_preview(admin_client, role_page, "Draft.")
    _, query = token_from(admin_client.get(url, {"mode": "headless"}))

    def problem(params):
        response = client.get(PREVIEW_API, params)
        return response.status_code, response.json()["detail"]

    assert problem({"token": query["token"]}) == (
        400,
        "Both content_type and token query parameters are required.",
    )
    assert problem({**query, "content_type": "careers.careersindexpage"})[0] == 400
    assert problem({**query, "content_type": "nope.nothing"})[0] == 400
    assert problem({**query, "token": query["token"] + "x"}) == (
        403,
        "The preview token is not valid.",
    )
    # A validly signed token whose snapshot is missing (garbage-collected, say).
    stale = RolePage.get_preview_signer().sign(f"id={role_page.pk}")
    PagePreview.objects.filter(token=stale).delete()
    assert problem({**query, "token": stale})[0] == 404


def test_a_token_only_opens_the_page_it_was_made_for(admin_client, client, role_page, make_role):
    other = make_role("Data Engineer")
    # A snapshot of one page filed under a token signed for another is refused.
    token = RolePage.get_preview_signer().sign(f"id={other.pk}")
    PagePreview.objects.create(
        token=token, content_type=role_page.content_type, content_json=role_page.to_json()
    )
    response = client.get(PREVIEW_API, {"content_type": "careers.rolepage", "token": token})
    assert response.status_code == 403
    assert "does not belong" in response.json()["detail"]


@override_settings(
    WAGTAIL_HEADLESS_PREVIEW={
        "CLIENT_URLS": {
            "default": "https://front.example/preview",
            "jobs.example": "https://jobs-front.example/draft",
        }
    }
)
def test_each_site_previews_in_its_own_front_end(admin_user, role_page, home):
    Site.objects.create(hostname="jobs.example", port=80, root_page=home)
    factory = RequestFactory()
    for host, client_url in [
        ("localhost", "https://front.example/preview/"),
        ("jobs.example", "https://jobs-front.example/draft/"),
    ]:
        request = factory.get("/", HTTP_HOST=host)
        request.user = admin_user
        response = role_page.serve_preview(request, "headless")
        src, _ = token_from(response)
        assert src.startswith(client_url + "?")
        origin = "https://" + urlsplit(client_url).netloc
        # The admin page may frame that front end, and only it.
        assert f"frame-src 'self' {origin}" in response["Content-Security-Policy"]


def test_example_front_end_is_served_only_in_debug(client, settings, db):
    settings.DEBUG = False
    assert client.get("/preview-frontend/").status_code == 404
    settings.DEBUG = True
    response = client.get("/preview-frontend/")
    assert response.status_code == 200
    assert b'<script src="app.js" defer></script>' in b"".join(response.streaming_content)
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert client.get("/preview-frontend/app.js").status_code == 200
    assert client.get("/preview-frontend/../cms/settings/base.py").status_code == 404


@pytest.mark.parametrize("fmt", ["db_html", "markdown"])
def test_rich_text_format_follows_the_read_api(admin_client, client, role_page, fmt):
    url = edit_preview(admin_client, role_page, "Draft.")
    _, query = token_from(admin_client.get(url, {"mode": "headless"}))
    data = client.get(PREVIEW_API, {**query, "rich_text_format": fmt}).json()
    overview = next(b for b in data["body"] if b["type"] == "overview")
    assert overview["value"]["body"].startswith("<p") is (fmt == "db_html")
