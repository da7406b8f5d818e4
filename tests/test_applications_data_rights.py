"""erase_candidate and purge_applications: rows, files and log entries go; others stay."""

from __future__ import annotations

import io
import logging
import os
import time
from datetime import timedelta
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

import pytest

from applications.models import Application
from tests.support import applicants
from tests.support.applicants import form_data

pytestmark = pytest.mark.django_db

applications_settings = applicants.applications_settings


@pytest.fixture
def people(client, role_page, make_role):
    other = make_role("Data Engineer")
    for role in (role_page, other):
        client.post(f"/careers/{role.slug}/apply/", form_data())
    client.post(
        f"/careers/{role_page.slug}/apply/", form_data(name="Grace", email="grace@example.com")
    )
    assert Application.objects.count() == 3
    return other


def private_files(settings):
    return sorted(p.name for p in Path(settings.PRIVATE_MEDIA_ROOT).rglob("*") if p.is_file())


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_erase_candidate_deletes_applications_files_and_log_entries(
    people, settings, caplog, django_capture_on_commit_callbacks
):
    ada = list(Application.objects.filter(email="ada@example.com"))
    grace = Application.objects.get(email="grace@example.com")
    for application in ada:
        log(instance=application, action="wagtail.edit")
    assert len(private_files(settings)) == 3

    with (
        caplog.at_level(logging.INFO, logger="applications"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        out = run("erase_candidate", "ADA@example.com")

    assert "Erased 2 application(s) and 2 résumé file(s) for a***@example.com" in out
    assert list(Application.objects.all()) == [grace]
    assert private_files(settings) == [Path(grace.resume.name).name]
    assert not ModelLogEntry.objects.filter(object_id__in=[str(a.pk) for a in ada]).exists()
    assert "erase_candidate: erased 2 application(s)" in caplog.text
    # The log proves the erasure without keeping the address readable.
    assert "ada@example.com" not in caplog.text


def test_erase_candidate_without_applications_says_so(people):
    assert "Erased 0 application(s)" in run("erase_candidate", "nobody@example.com")
    assert Application.objects.count() == 3


def test_erase_candidate_dry_run_deletes_nothing(people, settings):
    assert "Would erase 2 application(s)" in run("erase_candidate", "ada@example.com", "--dry-run")
    assert Application.objects.count() == 3
    assert len(private_files(settings)) == 3


def test_erase_candidate_rejects_a_non_email():
    with pytest.raises(CommandError, match="'ada' is not an email address"):
        call_command("erase_candidate", "ada")


def test_purge_applications_enforces_retention(
    people, settings, caplog, django_capture_on_commit_callbacks
):
    old = Application.objects.filter(email="ada@example.com")
    old_ids = set(old.values_list("pk", flat=True))
    old.update(submitted_at=timezone.now() - timedelta(days=181))

    assert "Would delete 2 application(s)" in run(
        "purge_applications", "--older-than", "180", "--dry-run"
    )
    assert Application.objects.count() == 3

    with (
        caplog.at_level(logging.INFO, logger="applications"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        out = run("purge_applications", "--older-than", "180")
    assert "Deleted 2 application(s) and 2 résumé file(s)" in out
    remaining = Application.objects.get()
    assert remaining.pk not in old_ids
    assert private_files(settings) == [Path(remaining.resume.name).name]
    assert "purge_applications: deleted 2 application(s)" in caplog.text


def test_purge_removes_old_orphaned_files_only(people, settings):
    root = Path(settings.PRIVATE_MEDIA_ROOT) / "resumes"
    stale = root / "stale-orphan.pdf"
    fresh = root / "fresh-orphan.pdf"
    stale.write_bytes(b"%PDF-1.4")
    fresh.write_bytes(b"%PDF-1.4")
    two_hours_ago = time.time() - 7200
    os.utime(stale, (two_hours_ago, two_hours_ago))

    out = run("purge_applications", "--older-than", "30")
    assert "and 1 orphaned file(s)" in out
    assert not stale.exists()
    assert fresh.exists()
    assert Application.objects.count() == 3
    assert all((root.parent / a.resume.name).exists() for a in Application.objects.all())


@pytest.mark.parametrize("days", ["0", "-5"])
def test_purge_refuses_a_meaningless_period(days):
    with pytest.raises(CommandError, match="--older-than must be at least 1 day"):
        call_command("purge_applications", "--older-than", days)


def test_deleting_in_the_admin_removes_the_file(
    client, people, settings, django_user_model, django_capture_on_commit_callbacks
):
    admin = django_user_model.objects.create_superuser("root", "root@example.com", "pw")
    client.force_login(admin)
    application = Application.objects.get(email="grace@example.com")
    path = Path(settings.PRIVATE_MEDIA_ROOT) / application.resume.name
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/applications/delete/{application.pk}/")
    assert response.status_code == 302
    assert not Application.objects.filter(pk=application.pk).exists()
    assert not path.exists()
