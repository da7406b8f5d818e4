"""The public application form: validation, storage, duplicates, abuse and emails."""

from __future__ import annotations

import logging
import re
from pathlib import Path

from django.core import mail
from django.test import Client
from django.urls import reverse

import pytest

from applications.forms import HONEYPOT_FIELD, SHORT_NAMES, ApplicationForm
from applications.models import Application, Status
from tests.support import applicants
from tests.support.applicants import PDF_BYTES, docx_bytes, form_data, pdf_upload

pytestmark = pytest.mark.django_db

# Shared fixtures, bound here so pytest finds them.
applications_settings = applicants.applications_settings


def apply_url(role):
    return reverse("apply:form", kwargs={"slug": role.slug})


def post(client, role, **overrides):
    return client.post(apply_url(role), form_data(**overrides))


def test_role_page_button_leads_to_the_form(client, role_page):
    html = client.get(role_page.url).content.decode()
    assert f'href="/careers/{role_page.slug}/apply/"' in html
    response = client.get(apply_url(role_page))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Apply: Applied ML Engineer" in body
    for field in ("name", "email", "track", "linkedin_url", "github_url", "portfolio_url"):
        assert f'name="{field}"' in body
    assert 'type="file" name="resume"' in body
    assert 'name="consent"' in body and "never published" in body
    assert 'name="csrfmiddlewaretoken"' in body
    assert 'class="hp" aria-hidden="true"' in body
    # The page carries a CSRF token: the page cache must never replay it to someone else.
    again = client.get(apply_url(role_page))
    assert again.get("X-Page-Cache") != "hit"
    assert "no-store" in again["Cache-Control"]


def test_valid_application_is_stored_privately_and_confirmed(
    client, role_page, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, role_page, email="Ada@Example.com ")
    assert response.status_code == 302
    assert response["Location"] == f"/careers/{role_page.slug}/apply/thanks/"
    application = Application.objects.get()
    assert application.role_id == role_page.pk
    assert application.role_title == "Applied ML Engineer"
    assert application.email == "ada@example.com"
    assert application.status == Status.NEW
    assert application.resume_type == "pdf"
    assert application.resume_name == "resume.pdf"
    stored = Path(settings.PRIVATE_MEDIA_ROOT) / application.resume.name
    assert stored.read_bytes() == PDF_BYTES
    # Random name, not the visitor's, and nothing under the public media root.
    assert "resume" not in stored.stem
    # (The role's social card, drawn when it was published, is public by design.)
    public = [p for p in Path(settings.MEDIA_ROOT).rglob("*") if "social-cards" not in p.parts]
    assert public == []
    with pytest.raises(ValueError, match="no public URL"):
        application.resume.url

    thanks = client.get(response["Location"])
    assert "your application is on its way" in thanks.content.decode()
    assert [m.to for m in mail.outbox] == [["ada@example.com"], ["recruiters@example.com"]]
    assert "Applied ML Engineer" in mail.outbox[0].subject
    assert f"/admin/applications/edit/{application.pk}/" in mail.outbox[1].body
    # The recruiter notification carries no personal data; the admin has it.
    assert "ada@example.com" not in mail.outbox[1].body
    assert "Ada" not in mail.outbox[1].body


def test_docx_type_comes_from_content_not_name(client, role_page):
    response = post(
        client,
        role_page,
        resume=pdf_upload("cv.pdf", docx_bytes(), "application/pdf"),
    )
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.resume_type == "docx"
    assert application.resume.name.endswith(".docx")


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"just some text pretending", "resume.pdf"),
        (b"\x89PNG\r\n\x1a\n" + b"0" * 100, "resume.docx"),
        (docx_bytes(members=("[Content_Types].xml", "xl/workbook.xml")), "sheet.docx"),
        (b"PK\x03\x04 broken zip", "broken.docx"),
    ],
)
def test_content_that_is_not_pdf_or_docx_is_refused(client, role_page, content, name):
    response = post(client, role_page, resume=pdf_upload(name, content))
    assert response.status_code == 200
    assert "must be a PDF or a Word (.docx) document" in response.content.decode()
    assert not Application.objects.exists()


def test_resume_over_5_mb_is_refused_with_its_size(client, role_page, settings):
    big = PDF_BYTES + b"0" * (5 * 1024 * 1024)
    response = post(client, role_page, resume=pdf_upload("big.pdf", big))
    assert response.status_code == 200
    assert "The résumé is larger than 5 MB." in response.content.decode()
    assert not Application.objects.exists()
    assert not any(Path(settings.PRIVATE_MEDIA_ROOT).rglob("*.*"))


def test_exactly_5_mb_is_accepted(client, role_page):
    exact = PDF_BYTES + b"0" * (5 * 1024 * 1024 - len(PDF_BYTES))
    assert post(client, role_page, resume=pdf_upload("five.pdf", exact)).status_code == 302


def test_errors_are_per_field_and_input_is_kept(client, role_page):
    response = post(
        client,
        role_page,
        name="  ",
        email="not-an-email",
        linkedin_url="https://github.com/ada",
        github_url="javascript:alert(1)",
        consent=None,
        track="astronaut",
        message="Keep me",
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["name"] == ["Enter your name."]
    assert form.errors["email"] == ["Enter an email address like name@example.com."]
    assert form.errors["linkedin_url"] == [
        "This should be a linkedin.com address, e.g. https://linkedin.com/…"
    ]
    assert form.errors["github_url"] == ["Enter a full web address starting with https://."]
    assert form.errors["consent"] == ["Tick the box to agree to the privacy notice."]
    assert "track" in form.errors
    assert "resume" not in form.errors
    html = response.content.decode()
    assert 'value="not-an-email"' in html
    assert "Keep me" in html
    assert "please choose your résumé again" in html
    assert 'aria-invalid="true"' in html
    assert "Please correct 6 fields" in html
    assert not Application.objects.exists()


def test_error_summary_uses_short_names_linking_to_each_field(client, role_page):
    response = client.post(apply_url(role_page), {})
    html = response.content.decode()
    summary = html[
        html.index('id="error-summary"') : html.index("</div>", html.index('id="error-summary"'))
    ]
    links = re.findall(r'<li><a href="#([^"]+)">([^:<]+):', summary)
    assert links == [
        ("id_name", "Full name"),
        ("id_email", "Email"),
        ("id_track_0", "Track"),
        ("id_resume", "Résumé"),
        ("id_consent", "Consent"),
    ]
    # Every link lands on an element that exists; the consent sentence stays out of the summary.
    for target, _ in links:
        assert f'id="{target}"' in html
    assert "recruiting team may store" not in summary


def test_every_visible_field_has_a_short_name_shorter_than_its_label():
    form = ApplicationForm()
    visible = {name for name in form.fields if name != HONEYPOT_FIELD}
    assert set(SHORT_NAMES) == visible
    assert len(SHORT_NAMES["consent"]) < 10 < len(form.fields["consent"].label)


def test_optional_fields_are_marked_the_same_way_and_required_ones_not_at_all(client, role_page):
    html = client.get(apply_url(role_page)).content.decode()
    marked = re.findall(
        r'<label for="id_(\w+)">[^<]*<span class="optional">\(optional\)</span>', html
    )
    assert marked == ["linkedin_url", "github_url", "portfolio_url", "message"]
    assert "(required)" not in html
    assert "Every field is needed unless it is marked “(optional)”." in html


def test_missing_resume_is_named(client, role_page):
    response = client.post(apply_url(role_page), form_data(resume=""))
    assert response.context["form"].errors["resume"] == [
        "Attach your résumé as a PDF or Word (.docx) file."
    ]


def test_unknown_or_unpublished_role_is_404(client, make_role):
    draft = make_role("Quantum Plumber", publish=False)
    draft.unpublish() if draft.live else None
    assert client.get("/careers/no-such-role/apply/").status_code == 404
    assert client.get(apply_url(draft)).status_code == 404
    assert client.post(apply_url(draft), form_data()).status_code == 404
    assert not Application.objects.exists()


def test_post_without_csrf_token_is_forbidden(role_page):
    client = Client(enforce_csrf_checks=True)
    response = client.post(apply_url(role_page), form_data())
    assert response.status_code == 403
    assert not Application.objects.exists()


def test_post_with_csrf_token_from_the_form_is_accepted(role_page):
    client = Client(enforce_csrf_checks=True)
    client.get(apply_url(role_page))
    token = client.cookies["csrftoken"].value
    response = client.post(apply_url(role_page), form_data(csrfmiddlewaretoken=token))
    assert response.status_code == 302
    assert Application.objects.count() == 1


def test_honeypot_looks_like_success_but_stores_nothing(client, role_page, caplog):
    """(See tests/test_applications_abuse.py for the whole of "indistinguishable".)"""
    with caplog.at_level(logging.INFO, logger="applications"):
        response = post(client, role_page, website="http://spam.example")
    assert response.status_code == 302
    assert response["Location"].endswith("/apply/thanks/")
    assert not Application.objects.exists()
    assert "honeypot" in caplog.text
    assert not mail.outbox


def test_rate_limit_throttles_a_bot(client, role_page, settings):
    settings.APPLICATION_RATE_LIMIT = "3/h"
    for n in range(3):
        assert post(client, role_page, email=f"bot{n}@example.com").status_code == 302
    response = post(client, role_page, email="bot4@example.com")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    assert "Too many applications" in response.content.decode()
    assert Application.objects.count() == 3
    # Another address is not affected.
    other = client.post(
        apply_url(role_page), form_data(email="human@example.com"), REMOTE_ADDR="10.9.8.7"
    )
    assert other.status_code == 302


def test_rate_limit_counts_the_forwarded_client_behind_a_trusted_proxy(client, role_page, settings):
    settings.APPLICATION_RATE_LIMIT = "1/h"
    settings.APPLICATION_TRUSTED_PROXIES = 1
    first = client.post(apply_url(role_page), form_data(), HTTP_X_FORWARDED_FOR="203.0.113.1")
    second = client.post(
        apply_url(role_page), form_data(email="b@example.com"), HTTP_X_FORWARDED_FOR="203.0.113.2"
    )
    third = client.post(
        apply_url(role_page), form_data(email="c@example.com"), HTTP_X_FORWARDED_FOR="203.0.113.1"
    )
    assert [first.status_code, second.status_code, third.status_code] == [302, 302, 429]


def test_same_email_and_role_is_kept_as_a_repeat_of_the_first(
    client, role_page, make_role, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post(client, role_page, message="first")
    first = Application.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        post(client, role_page, email="ADA@example.com", message="second", track="internship")
    repeat = Application.objects.exclude(pk=first.pk).get()
    assert repeat.repeat_of == first
    assert (repeat.message, repeat.track) == ("second", "internship")
    assert "We received another application" in mail.outbox[-2].subject

    # Another role is another application, not a repeat.
    other_role = make_role("Data Engineer")
    post(client, other_role)
    assert Application.objects.get(role=other_role).repeat_of is None


def test_email_failure_never_loses_the_application(
    client, role_page, settings, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.test_applications_form.ExplodingBackend"
    with (
        caplog.at_level(logging.ERROR, logger="applications"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = post(client, role_page)
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.resume
    assert "could not send the candidate email" in caplog.text
    assert "could not send the recruiter email" in caplog.text


def test_without_a_recruiter_address_only_the_candidate_is_emailed(
    client, role_page, settings, django_capture_on_commit_callbacks, caplog
):
    settings.RECRUITER_EMAIL = ""
    with django_capture_on_commit_callbacks(execute=True):
        post(client, role_page)
    assert [m.to for m in mail.outbox] == [["ada@example.com"]]
    assert "RECRUITER_EMAIL is not set" in caplog.text


class ExplodingBackend:
    """An email backend whose server is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server unreachable")
