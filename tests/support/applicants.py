"""Helpers for the applications tests: real PDF/DOCX bytes, users, a posted form."""

from __future__ import annotations

import importlib
import io
import zipfile

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def docx_bytes(members=("[Content_Types].xml", "word/document.xml", "_rels/.rels")) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member in members:
            archive.writestr(member, "<xml/>")
    return buffer.getvalue()


def pdf_upload(name="resume.pdf", content=PDF_BYTES, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def form_data(**overrides):
    data = {
        "name": "Ada Lovelace",
        "email": "ada@example.com",
        "track": "entry_level",
        "linkedin_url": "https://www.linkedin.com/in/ada",
        "github_url": "https://github.com/ada",
        "portfolio_url": "https://ada.example.org",
        "message": "I like engines.",
        "consent": "on",
        "website": "",
    }
    if "resume" not in overrides:
        data["resume"] = pdf_upload()
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture(autouse=True)
def applications_settings(settings, tmp_path):
    """Private files in a per-test directory, a recruiter inbox, a clean rate-limit cache."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.RECRUITER_EMAIL = "recruiters@example.com"
    settings.APPLICATION_RATE_LIMIT = "1000/h"
    cache.clear()
    yield settings
    cache.clear()


def ensure_groups():
    """Recreate the groups migrations made, after a transactional test's flush removed them."""
    if not Group.objects.filter(name="Recruiters").exists():
        migration = importlib.import_module("applications.migrations.0002_recruiters_group")
        migration.create_group(apps, None)
    if not Group.objects.filter(name="Editors").exists():
        editors = Group.objects.create(name="Editors")
        editors.permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        )


def make_user(django_user_model, username, *groups, superuser=False):
    user = django_user_model.objects.create_user(
        username=username, email=f"{username}@example.com", password="pw-123-secret"
    )
    if superuser:
        user.is_superuser = True
        user.is_staff = True
        user.save()
    if groups:
        ensure_groups()
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


@pytest.fixture
def recruiter(db, django_user_model):
    return make_user(django_user_model, "rita", "Recruiters")


@pytest.fixture
def editor(db, django_user_model):
    """A Wagtail editor: admin access and page permissions, nothing on applications."""
    user = make_user(django_user_model, "eddie", "Editors")
    assert user.has_perm("wagtailadmin.access_admin")
    assert not Permission.objects.filter(
        group__user=user, content_type__app_label="applications"
    ).exists()
    return user
