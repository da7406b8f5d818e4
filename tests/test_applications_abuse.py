"""The honeypot is invisible, and the rate limit counts accepted submissions, not mistakes."""

from __future__ import annotations

from django.core import mail

import pytest

from applications.models import Application
from tests.support import applicants
from tests.support.applicants import form_data, pdf_upload

pytestmark = pytest.mark.django_db

applications_settings = applicants.applications_settings

API = "/api/applications/"
BOT = {"website": "http://spam.example"}


def form_url(role):
    return f"/careers/{role.slug}/apply/"


def html_answer(response) -> tuple:
    """What a visitor of the HTML form can observe: status, where it leads, field errors."""
    errors = response.context["form"].errors if response.context else None
    return response.status_code, response.get("Location"), errors and dict(errors)


def api_answer(response) -> tuple:
    return response.status_code, response.json()


# --- the honeypot ------------------------------------------------------------------------


def test_html_honeypot_hit_is_answered_like_a_real_application(client, role_page):
    real = client.post(form_url(role_page), form_data())
    bot = client.post(form_url(role_page), form_data(email="bot@example.com", **BOT))
    assert html_answer(bot) == html_answer(real) == (302, f"{form_url(role_page)}thanks/", None)
    thanks_real = client.get(real["Location"])
    thanks_bot = client.get(bot["Location"])
    assert thanks_bot.status_code == thanks_real.status_code == 200
    assert thanks_bot.content == thanks_real.content
    assert list(Application.objects.values_list("email", flat=True)) == ["ada@example.com"]


def test_html_honeypot_hit_with_mistakes_gets_the_same_errors_as_a_person(client, role_page):
    mistakes = {"email": "not-an-email", "consent": None}
    real = client.post(form_url(role_page), form_data(**mistakes))
    bot = client.post(form_url(role_page), form_data(**mistakes, **BOT))
    assert html_answer(bot) == html_answer(real)
    assert real.status_code == 200 and set(real.context["form"].errors) == {"email", "consent"}
    assert not Application.objects.exists()


def test_api_honeypot_hit_is_answered_like_a_real_application(client, role_page):
    real = client.post(API, form_data(role=role_page.slug))
    bot = client.post(API, form_data(role=role_page.slug, email="bot@example.com", **BOT))
    assert api_answer(bot) == api_answer(real)
    assert api_answer(real) == (
        202,
        {
            "status": "received",
            "role": {"id": role_page.pk, "slug": role_page.slug, "title": "Applied ML Engineer"},
        },
    )
    assert Application.objects.count() == 1


@pytest.mark.parametrize(
    "mistakes",
    [
        {"email": "nope"},
        {"resume": pdf_upload("cv.pdf", b"not a pdf")},
        {"role": "no-such-role"},
    ],
)
def test_api_honeypot_hit_with_mistakes_gets_the_same_errors_as_a_person(
    client, role_page, mistakes
):
    def body(**extra):
        data = {"role": role_page.slug, **mistakes}
        if "resume" in mistakes:
            data["resume"] = pdf_upload("cv.pdf", b"not a pdf")
        return form_data(**data, **extra)

    real = client.post(API, body())
    bot = client.post(API, body(**BOT))
    assert real.status_code == 400
    assert api_answer(bot) == api_answer(real)
    assert not Application.objects.exists()


def test_honeypot_hits_count_towards_the_limit_like_real_applications(client, role_page, settings):
    # Otherwise a bot could tell it was caught: it would never be throttled.
    settings.APPLICATION_RATE_LIMIT = "2/h"
    assert client.post(API, form_data(role=role_page.slug, **BOT)).status_code == 202
    assert client.post(form_url(role_page), form_data(**BOT)).status_code == 302
    assert client.post(API, form_data(role=role_page.slug, **BOT)).status_code == 429
    assert client.post(API, form_data(role=role_page.slug)).status_code == 429
    assert not Application.objects.exists()
    assert not mail.outbox


# --- what the rate limit counts -----------------------------------------------------------


def test_mistyped_html_submissions_do_not_count_towards_the_limit(client, role_page, settings):
    settings.APPLICATION_RATE_LIMIT = "2/h"
    for _ in range(5):
        response = client.post(form_url(role_page), form_data(email="ada@example"))
        assert response.status_code == 200
        assert "email" in response.context["form"].errors
    assert client.post(form_url(role_page), form_data()).status_code == 302
    assert client.post(form_url(role_page), form_data(email="b@example.com")).status_code == 302
    # Two accepted: the third is throttled, valid or not.
    over = client.post(form_url(role_page), form_data(email="c@example.com"))
    assert over.status_code == 429
    assert client.post(form_url(role_page), form_data(email="bad")).status_code == 429
    assert Application.objects.count() == 2


def test_mistyped_api_submissions_do_not_count_towards_the_limit(client, role_page, settings):
    settings.APPLICATION_RATE_LIMIT = "1/h"
    assert client.post(API, form_data(role=role_page.slug, consent=None)).status_code == 400
    assert client.post(API, form_data(role="no-such-role")).status_code == 400
    assert client.post(API, form_data(role=role_page.slug)).status_code == 202
    response = client.post(API, form_data(role=role_page.slug, email="b@example.com"))
    assert response.status_code == 429
    assert response.json()["errors"]["__all__"][0]["code"] == "rate_limited"
    assert Application.objects.count() == 1
