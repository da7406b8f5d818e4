"""Recruiters work applications in the Wagtail admin; editors and the public cannot reach them."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse

from wagtail.models import ModelLogEntry

import pytest

from applications.models import Application, Status
from tests.support import applicants
from tests.support.applicants import PDF_BYTES, form_data

pytestmark = pytest.mark.django_db

# Shared fixtures, bound here so pytest finds them.
applications_settings = applicants.applications_settings
editor = applicants.editor
recruiter = applicants.recruiter

INDEX = "/admin/applications/"


@pytest.fixture
def applied(client, role_page, make_role):
    """Three applications over two roles, sent through the public form."""
    other = make_role("Data Engineer")
    client.post(f"/careers/{role_page.slug}/apply/", form_data())
    client.post(
        f"/careers/{role_page.slug}/apply/",
        form_data(name="Grace Hopper", email="grace@example.com", track="experienced"),
    )
    client.post(
        f"/careers/{other.slug}/apply/",
        form_data(name='=HYPERLINK("http://evil")', email="eve@example.com", track="internship"),
    )
    assert Application.objects.count() == 3
    return {a.email: a for a in Application.objects.all()}


def test_migration_creates_the_recruiters_group():
    group = Group.objects.get(name="Recruiters")
    codenames = set(group.permissions.values_list("content_type__app_label", "codename"))
    assert {
        ("wagtailadmin", "access_admin"),
        ("applications", "view_application"),
        ("applications", "change_application"),
        ("applications", "download_resume"),
    } <= codenames
    # Deleting is left to erase_candidate / purge_applications, which keep the files in step.
    assert ("applications", "delete_application") not in codenames
    assert ("applications", "add_application") not in codenames


def test_recruiter_lists_and_filters(client, recruiter, applied, role_page):
    client.force_login(recruiter)
    response = client.get(INDEX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ada Lovelace" in html and "Grace Hopper" in html
    assert "Applications" in client.get("/admin/").content.decode()

    by_role = client.get(INDEX, {"role": role_page.pk}).content.decode()
    assert "Ada Lovelace" in by_role and "HYPERLINK" not in by_role
    by_track = client.get(INDEX, {"track": "experienced"}).content.decode()
    assert "Grace Hopper" in by_track and "Ada Lovelace" not in by_track
    Application.objects.filter(email="grace@example.com").update(status=Status.INTERVIEWING)
    by_status = client.get(INDEX, {"status": "interviewing"}).content.decode()
    assert "Grace Hopper" in by_status and "Ada Lovelace" not in by_status
    searched = client.get(INDEX, {"q": "grace@example"}).content.decode()
    assert "Grace Hopper" in searched and "Ada Lovelace" not in searched


def test_listing_query_count_is_flat(client, recruiter, applied, django_assert_max_num_queries):
    client.force_login(recruiter)
    client.get(INDEX)
    with django_assert_max_num_queries(18):
        assert client.get(INDEX).status_code == 200
    for n in range(20):
        Application.objects.create(
            role_title="Bulk",
            name=f"Bulk {n}",
            email=f"bulk{n}@example.com",
            track="internship",
            resume="resumes/x.pdf",
            resume_name="x.pdf",
            resume_type="pdf",
            resume_size=1,
            consented_at=applied["ada@example.com"].consented_at,
        )
    with django_assert_max_num_queries(18):
        assert client.get(INDEX).status_code == 200


def test_recruiter_updates_status_and_notes(client, recruiter, applied):
    client.force_login(recruiter)
    application = applied["ada@example.com"]
    url = reverse("applications:edit", args=[application.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "ada@example.com" in html
    assert reverse("applications:resume", args=[application.pk]) in html
    response = client.post(
        url,
        {
            "status": "contacted",
            "notes": "Phone screen Tuesday",
            "name": "Hacked",
            "email": "x@y.z",
        },
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.CONTACTED
    assert application.notes == "Phone screen Tuesday"
    # Candidate data is read-only in the admin.
    assert application.name == "Ada Lovelace"
    assert application.email == "ada@example.com"


def test_csv_export_has_every_application_and_defuses_formulas(client, recruiter, applied):
    client.force_login(recruiter)
    response = client.get(INDEX, {"export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="applications.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert {row["Email"] for row in rows} == set(applied)
    eve = next(row for row in rows if row["Email"] == "eve@example.com")
    assert eve["Name"].startswith("'=HYPERLINK")
    assert eve["Role"] == "Data Engineer"
    filtered = client.get(INDEX, {"export": "csv", "track": "experienced"})
    rows = list(csv.DictReader(io.StringIO(b"".join(filtered.streaming_content).decode())))
    assert [row["Email"] for row in rows] == ["grace@example.com"]


def test_recruiter_downloads_the_resume(client, recruiter, applied):
    client.force_login(recruiter)
    application = applied["ada@example.com"]
    response = client.get(reverse("applications:resume", args=[application.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="resume.pdf"'
    assert "no-store" in response["Cache-Control"]
    assert ModelLogEntry.objects.filter(
        action="applications.download_resume", user=recruiter, object_id=str(application.pk)
    ).exists()


@pytest.mark.parametrize(
    "path",
    [
        INDEX,
        INDEX + "?export=csv",
        INDEX + "?export=xlsx",
        "/admin/applications/edit/{pk}/",
        "/admin/applications/inspect/{pk}/",
        "/admin/applications/delete/{pk}/",
        "/admin/applications/history/{pk}/",
        "/admin/applications/resume/{pk}/",
    ],
)
def test_editor_cannot_reach_applications_by_url(client, editor, applied, path):
    client.force_login(editor)
    pk = applied["ada@example.com"].pk
    response = client.get(path.format(pk=pk))
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"] == "/admin/"
    body = response.content.decode() if not response.streaming else ""
    assert "ada@example.com" not in body and "Ada Lovelace" not in body


def test_editor_does_not_see_the_menu_item(client, editor, applied):
    client.force_login(editor)
    assert f'href="{INDEX}"' not in client.get("/admin/").content.decode()


def test_anonymous_visitor_is_sent_to_login(client, applied):
    pk = applied["ada@example.com"].pk
    for path in (INDEX, f"/admin/applications/resume/{pk}/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


def test_nobody_creates_applications_in_the_admin(client, django_user_model, applied):
    admin = django_user_model.objects.create_superuser("root", "root@example.com", "pw")
    client.force_login(admin)
    response = client.get("/admin/applications/new/")
    assert response.status_code in (302, 403)
    assert "/admin/applications/new/" not in client.get(INDEX).content.decode()


def test_role_page_usage_does_not_list_applications(client, django_user_model, applied, role_page):
    admin = django_user_model.objects.create_superuser("root", "root@example.com", "pw")
    client.force_login(admin)
    html = client.get(f"/admin/pages/{role_page.pk}/usage/").content.decode()
    assert "Application #" not in html and "Ada" not in html


def test_resume_has_no_public_address(client, applied, settings):
    application = applied["ada@example.com"]
    name = application.resume.name
    assert (Path(settings.PRIVATE_MEDIA_ROOT) / name).exists()
    for path in (f"/media/{name}", f"/private/{name}", f"/var/private/{name}", f"/{name}"):
        assert client.get(path).status_code == 404


def test_check_refuses_private_root_inside_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "media" / "private"
    with pytest.raises(SystemCheckError, match="applications.E001"):
        call_command("check")
