"""POST /api/applications/: the headless form, with the same validation and protections."""

from __future__ import annotations

import json

from django.core import mail
from django.test import Client

import pytest

from applications.models import Application
from tests.support import applicants
from tests.support.applicants import docx_bytes, form_data, pdf_upload

pytestmark = pytest.mark.django_db

applications_settings = applicants.applications_settings

URL = "/api/applications/"


def api_post(client, **overrides):
    return client.post(URL, form_data(**overrides))


def test_submits_by_slug_and_is_stored(client, role_page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api_post(client, role=role_page.slug)
    assert response.status_code == 202
    assert response.json() == {
        "status": "received",
        "role": {"id": role_page.pk, "slug": role_page.slug, "title": "Applied ML Engineer"},
    }
    application = Application.objects.get()
    assert application.role_id == role_page.pk
    assert application.resume_type == "pdf"
    assert len(mail.outbox) == 2


def test_submits_by_page_id(client, role_page):
    assert api_post(client, role=str(role_page.pk)).status_code == 202
    assert Application.objects.get().role_id == role_page.pk


def test_field_errors_are_named_and_nothing_is_stored(client, role_page):
    response = api_post(
        client,
        role=role_page.slug,
        email="nope",
        github_url="https://gitlab.com/ada",
        resume=pdf_upload("cv.pdf", b"not really a pdf"),
        consent=None,
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"email", "github_url", "resume", "consent"}
    assert errors["resume"] == [
        {
            "message": "The résumé must be a PDF or a Word (.docx) document; this file is neither.",
            "code": "bad_type",
        }
    ]
    assert errors["github_url"][0]["code"] == "wrong_site"
    assert not Application.objects.exists()


def test_missing_or_unknown_role_is_an_error_on_role(client, role_page, make_role):
    missing = api_post(client)
    assert missing.status_code == 400
    assert missing.json()["errors"]["role"][0]["code"] == "required"
    draft = make_role("Hidden Role", publish=False)
    for ref in ("no-such-role", str(draft.pk), draft.slug):
        response = api_post(client, role=ref)
        assert response.status_code == 400
        assert response.json()["errors"]["role"][0]["code"] == "invalid"
    assert not Application.objects.exists()


def test_json_body_is_refused_with_a_clear_message(client, role_page):
    response = client.post(
        URL, json.dumps({"role": role_page.slug, "name": "Ada"}), content_type="application/json"
    )
    assert response.status_code == 415
    assert "multipart/form-data" in response.json()["errors"]["__all__"][0]["message"]


def test_oversized_resume_is_refused(client, role_page):
    big = b"%PDF-1.4" + b"0" * (5 * 1024 * 1024)
    response = api_post(client, role=role_page.slug, resume=pdf_upload("big.pdf", big))
    assert response.status_code == 400
    assert response.json()["errors"]["resume"][0]["code"] == "too_large"


def test_honeypot_answers_like_success_and_stores_nothing(client, role_page):
    response = api_post(client, role=role_page.slug, website="spam")
    assert response.status_code == 202
    assert response.json()["status"] == "received"
    assert not Application.objects.exists()


def test_rate_limit_is_shared_with_the_html_form(client, role_page, settings):
    settings.APPLICATION_RATE_LIMIT = "2/h"
    assert api_post(client, role=role_page.slug).status_code == 202
    assert (
        client.post(f"/careers/{role_page.slug}/apply/", form_data(email="b@example.com"))
    ).status_code == 302
    response = api_post(client, role=role_page.slug, email="c@example.com")
    assert response.status_code == 429
    assert response.json()["errors"]["__all__"][0]["code"] == "rate_limited"
    assert int(response["Retry-After"]) > 0
    assert Application.objects.count() == 2


def test_repeat_answers_exactly_like_a_new_application(client, role_page):
    first = api_post(client, role=role_page.slug)
    second = api_post(
        client, role=role_page.slug, resume=pdf_upload("cv.docx", docx_bytes(), "application/zip")
    )
    # Identical answers: the endpoint must not reveal that an address already applied.
    assert (first.status_code, first.json()) == (second.status_code, second.json())
    original, repeat = Application.objects.order_by("pk")
    assert (original.resume_type, repeat.resume_type) == ("pdf", "docx")
    assert repeat.repeat_of == original


def test_no_csrf_token_needed(role_page):
    response = Client(enforce_csrf_checks=True).post(URL, form_data(role=role_page.slug))
    assert response.status_code == 202
