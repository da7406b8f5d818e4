"""Deleting applications for good: rows, résumé files and the admin's log entries about them."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from wagtail.models import ModelLogEntry

from applications.models import Application
from applications.storage import private_storage

logger = logging.getLogger("applications")


@dataclass
class ErasureResult:
    applications: int
    files: int


def mask_email(email: str) -> str:
    """ "ada@example.com" → "a***@example.com #1f2e3d4c": enough to match a request, not to read it."""
    email = email.strip().lower()
    local, _, domain = email.partition("@")
    digest = hashlib.sha256(email.encode()).hexdigest()[:8]
    return f"{local[:1]}***@{domain} #{digest}"


def delete_applications(queryset) -> ErasureResult:
    """Delete the applications atomically; files go after the commit (see signals.py)."""
    with transaction.atomic():
        rows = list(queryset.select_for_update().only("pk", "resume"))
        if not rows:
            return ErasureResult(0, 0)
        ids = [row.pk for row in rows]
        files = sum(1 for row in rows if row.resume)
        content_type = ContentType.objects.get_for_model(Application)
        # Log entries record recruiters' actions on the application; they go with it.
        ModelLogEntry.objects.filter(
            content_type=content_type, object_id__in=[str(pk) for pk in ids]
        ).delete()
        # Row by row, so post_delete removes each résumé file once the transaction commits.
        for row in rows:
            row.delete()
    return ErasureResult(len(ids), files)


def delete_orphan_files(min_age_seconds: int = 3600) -> int:
    """Remove résumé files no application points at (e.g. a crash between commit and cleanup).

    Files younger than min_age_seconds are left alone: they may belong to a submission whose
    transaction has not committed yet.
    """
    try:
        _, names = private_storage.listdir("resumes")
    except FileNotFoundError:
        return 0
    referenced = set(Application.objects.values_list("resume", flat=True))
    cutoff = timezone.now().timestamp() - min_age_seconds
    removed = 0
    for name in names:
        path = f"resumes/{name}"
        if path in referenced:
            continue
        if private_storage.get_modified_time(path).timestamp() > cutoff:
            continue
        private_storage.delete(path)
        removed += 1
    return removed
