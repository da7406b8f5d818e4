"""A repeat submission (same role, same email in any case) never changes or replaces the first."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from django.core import mail
from django.db import connection

import pytest

from applications.emails import greeting_name
from applications.models import Application, Status
from tests.support import applicants
from tests.support.applicants import PDF_BYTES, docx_bytes, form_data, pdf_upload

pytestmark = pytest.mark.django_db

applications_settings = applicants.applications_settings
recruiter = applicants.recruiter

INDEX = "/admin/applications/"
ATTACKER = {
    "name": "<b>Mallory</b> & co",
    "email": "ADA@Example.COM",
    "track": "internship",
    "linkedin_url": "https://www.linkedin.com/in/mallory",
    "github_url": "https://github.com/mallory",
    "portfolio_url": "https://evil.example/phish",
    "message": "Your account is suspended, log in at https://evil.example/login",
}


def count_queries(call) -> int:
    queries = []

    def record(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        call()
    return len(queries)


def apply(client, role, **overrides):
    return client.post(f"/careers/{role.slug}/apply/", form_data(**overrides))


@pytest.fixture
def first(client, role_page, django_capture_on_commit_callbacks):
    """Ada's application, already worked by a recruiter."""
    with django_capture_on_commit_callbacks(execute=True):
        assert apply(client, role_page, message="I like engines.").status_code == 302
    application = Application.objects.get()
    application.status = Status.CONTACTED
    application.notes = "called on Monday"
    application.save()
    mail.outbox.clear()
    return application


@pytest.fixture
def repeat(client, role_page, first, django_capture_on_commit_callbacks):
    """A stranger's submission with Ada's address (other case), name, message and résumé."""
    resume = pdf_upload("click-https-evil.example.docx", docx_bytes(), "application/zip")
    with django_capture_on_commit_callbacks(execute=True):
        response = apply(client, role_page, resume=resume, **ATTACKER)
    assert response.status_code == 302
    return Application.objects.exclude(pk=first.pk).get()


def test_a_repeat_leaves_the_first_application_and_its_resume_untouched(first, repeat, settings):
    before = {field: getattr(first, field) for field in ("name", "email", "track", "message")}
    first.refresh_from_db()
    assert {field: getattr(first, field) for field in before} == before
    assert first.name == "Ada Lovelace" and first.message == "I like engines."
    assert (first.status, first.notes) == (Status.CONTACTED, "called on Monday")
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    assert (root / first.resume.name).read_bytes() == PDF_BYTES
    assert first.resume_type == "pdf"

    # The repeat is its own application, with its own file, linked to the first.
    assert repeat.repeat_of == first
    assert repeat.email == "ada@example.com"
    assert repeat.message == ATTACKER["message"]
    assert repeat.resume_type == "docx"
    assert repeat.resume.name != first.resume.name
    assert (root / repeat.resume.name).is_file()
    assert first.repeat_of is None


def test_every_later_repeat_links_to_the_first(client, role_page, first, repeat):
    apply(client, role_page, email="ada@EXAMPLE.com", message="third")
    third = Application.objects.get(message="third")
    assert third.repeat_of == first
    assert set(first.repeats.all()) == {repeat, third}


def test_the_confirmation_quotes_nothing_but_the_escaped_name(first, repeat):
    candidate, recruiters = mail.outbox
    assert candidate.to == ["ada@example.com"]
    assert candidate.subject == "We received another application: Applied ML Engineer"
    assert "&lt;b&gt;Mallory&lt;/b&gt; &amp; co" in candidate.body
    assert "<b>" not in candidate.body
    for typed in (*ATTACKER.values(), "evil.example", "click-https", "mallory"):
        if typed != ATTACKER["email"]:
            assert typed not in candidate.body, typed
    # The name is in no header, of either email.
    for message in (candidate, recruiters):
        headers = str(message.message())
        assert "Mallory" not in headers.split("\n\n", 1)[0]
    assert "earlier one is unchanged" in candidate.body
    # The recruiters are pointed at both applications.
    assert recruiters.subject.startswith("Repeat application: Applied ML Engineer")
    assert f"/admin/applications/edit/{repeat.pk}/" in recruiters.body
    assert f"/admin/applications/edit/{first.pk}/" in recruiters.body
    assert "Mallory" not in recruiters.body


def test_a_first_confirmation_does_not_echo_the_resume_file_name(
    client, make_role, django_capture_on_commit_callbacks
):
    role = make_role("Data Engineer")
    resume = pdf_upload("visit-evil.example.pdf")
    with django_capture_on_commit_callbacks(execute=True):
        apply(client, role, email="grace@example.com", resume=resume)
    assert "evil" not in mail.outbox[0].body
    assert mail.outbox[0].subject == "We received your application: Data Engineer"


@pytest.mark.parametrize(
    ("name", "greeting"),
    [
        ("Seán O'Brien", "Seán O'Brien"),
        ("<a href=x>Ada</a>", "&lt;a href=x&gt;Ada&lt;/a&gt;"),
        ("Ada\u202e\u200bLove\x00lace", "AdaLovelace"),
        ("Ada\u00a0\u2028Lovelace", "Ada Lovelace"),
    ],
)
def test_the_greeting_name_is_one_line_without_markup_or_invisible_characters(name, greeting):
    assert greeting_name(name) == greeting


def test_a_name_with_a_line_break_is_refused_and_nothing_is_sent(client, role_page):
    response = apply(client, role_page, name="Ada\r\nBcc: everyone@example.com")
    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    assert not Application.objects.exists()
    assert not mail.outbox


def test_admin_listing_and_csv_show_which_applications_are_repeats(
    client, recruiter, first, repeat
):
    client.force_login(recruiter)
    html = client.get(INDEX).content.decode()
    assert f'<a href="/admin/applications/edit/{first.pk}/">Repeat of #{first.pk}</a>' in html
    assert "First · 1 repeat" in html

    rows = list(
        csv.DictReader(
            io.StringIO(b"".join(client.get(INDEX, {"export": "csv"}).streaming_content).decode())
        )
    )
    by_id = {int(row["ID"]): row for row in rows}
    assert (by_id[first.pk]["Repeat of (ID)"], by_id[first.pk]["Repeats"]) == ("", "1")
    assert (by_id[repeat.pk]["Repeat of (ID)"], by_id[repeat.pk]["Repeats"]) == (str(first.pk), "0")

    only_repeats = client.get(INDEX, {"repeat": "true"}).content.decode()
    assert "Mallory" in only_repeats and "Ada Lovelace" not in only_repeats
    only_firsts = client.get(INDEX, {"repeat": "false"}).content.decode()
    assert "Ada Lovelace" in only_firsts and "Mallory" not in only_firsts


def test_the_edit_page_lists_every_submission_from_the_address(client, recruiter, first, repeat):
    client.force_login(recruiter)
    html = client.get(f"/admin/applications/edit/{first.pk}/").content.decode()
    assert "Submissions for this role from this address" in html
    assert f'<a href="/admin/applications/edit/{repeat.pk}/">#{repeat.pk}</a>' in html
    assert "&lt;b&gt;Mallory&lt;/b&gt;" in html  # escaped by the admin template
    assert "I like engines." in html


def test_listing_with_repeats_keeps_a_flat_query_count(
    client, recruiter, first, repeat, role_page, django_assert_max_num_queries
):
    client.force_login(recruiter)
    client.get(INDEX)
    few = count_queries(lambda: client.get(INDEX))
    for n in range(10):
        apply(client, role_page, name=f"Repeat {n}")
    with django_assert_max_num_queries(few):
        assert "First · 11 repeats" in client.get(INDEX).content.decode()


def test_deleting_the_first_keeps_its_repeats_together(client, role_page, first, repeat):
    apply(client, role_page, message="third")
    third = Application.objects.get(message="third")
    first.delete()
    repeat.refresh_from_db()
    third.refresh_from_db()
    assert repeat.repeat_of is None
    assert third.repeat_of == repeat
