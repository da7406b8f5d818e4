"""Where résumés live: a private directory outside MEDIA_ROOT that no URL maps to."""

from __future__ import annotations

import secrets
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_media_root() -> Path:
    return Path(getattr(settings, "PRIVATE_MEDIA_ROOT", settings.BASE_DIR / "var" / "private"))


class PrivateStorage(FileSystemStorage):
    """A FileSystemStorage with no public URL; files leave it only through permission-checked views."""

    def __init__(self):
        # The location is read from settings on every access (see below), so tests and
        # deployments can point PRIVATE_MEDIA_ROOT elsewhere without re-importing models.
        super().__init__(directory_permissions_mode=0o700, file_permissions_mode=0o600)

    @property
    def base_location(self):
        return private_media_root()

    @property
    def location(self):
        return str(private_media_root().resolve())

    @property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError(
            "Private files have no public URL; serve them through a permission-checked view."
        )

    def deconstruct(self):
        # Migrations must not embed a machine's path.
        return ("applications.storage.PrivateStorage", (), {})


private_storage = PrivateStorage()


def get_private_storage():
    """Callable storage for FileField, so migrations never capture settings."""
    return private_storage


def resume_upload_to(instance, filename: str) -> str:
    """A random, unguessable name; the visitor's file name is kept only in the database."""
    extension = getattr(instance, "resume_type", "") or "bin"
    return f"resumes/{secrets.token_urlsafe(24)}.{extension}"
