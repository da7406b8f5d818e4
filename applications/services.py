"""Storing a submission: one application per person and role per 24 hours, race-safe."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from applications import emails
from applications.models import Application
from applications.storage import private_storage, resume_upload_to

logger = logging.getLogger("applications")

DUPLICATE_WINDOW = timedelta(hours=24)


@dataclass
class Submission:
    """The cleaned data of a valid form, independent of HTML or JSON."""

    name: str
    email: str
    track: str
    linkedin_url: str
    github_url: str
    portfolio_url: str
    message: str
    resume: object  # an UploadedFile
    resume_type: str
    resume_name: str

    @classmethod
    def from_form(cls, form) -> Submission:
        data = form.cleaned_data
        return cls(
            name=data["name"],
            email=data["email"],
            track=data["track"],
            linkedin_url=data.get("linkedin_url") or "",
            github_url=data.get("github_url") or "",
            portfolio_url=data.get("portfolio_url") or "",
            message=(data.get("message") or "").strip(),
            resume=data["resume"],
            resume_type=form.resume_type,
            resume_name=form.safe_filename(data["resume"]),
        )


def _lock_candidate(role_id: int, email: str) -> None:
    """Serialise submissions for one (role, email) pair until the transaction ends.

    No row exists to lock before the first application, so a row lock cannot stop two
    concurrent first submissions; PostgreSQL's transaction-scoped advisory lock can.
    SQLite needs nothing: this project opens its transactions with BEGIN IMMEDIATE, which
    already serialises writers.
    """
    if connection.vendor != "postgresql":
        return
    digest = hashlib.sha256(f"applications:{role_id}:{email}".encode()).digest()
    key = int.from_bytes(digest[:8], "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def submit_application(role, submission: Submission, *, organisation: str = "") -> Application:
    """Store the résumé, then create the application or update the recent one.

    The file is written first (outside the transaction, under a fresh random name) and
    removed again if the database write fails; a replaced résumé is removed only after
    the commit, so a rollback never leaves an application without its file.
    """
    stored_name = private_storage.save(
        resume_upload_to(submission, submission.resume_name), submission.resume
    )
    now = timezone.now()
    try:
        with transaction.atomic():
            _lock_candidate(role.pk, submission.email)
            existing = (
                Application.objects.select_for_update()
                .filter(
                    role=role,
                    email=submission.email,
                    last_submitted_at__gte=now - DUPLICATE_WINDOW,
                )
                .order_by("-last_submitted_at")
                .first()
            )
            application = existing or Application(role=role, submitted_at=now, submission_count=0)
            replaced_file = existing.resume.name if existing else None
            application.role_title = role.role_name
            application.name = submission.name
            application.email = submission.email
            application.track = submission.track
            application.linkedin_url = submission.linkedin_url
            application.github_url = submission.github_url
            application.portfolio_url = submission.portfolio_url
            application.message = submission.message
            application.resume.name = stored_name
            application.resume_name = submission.resume_name
            application.resume_type = submission.resume_type
            application.resume_size = submission.resume.size
            application.consented_at = now
            application.last_submitted_at = now
            application.submission_count += 1
            application.save()
            created = existing is None
            if replaced_file:
                transaction.on_commit(lambda: delete_file(replaced_file), robust=True)
            transaction.on_commit(
                lambda: emails.send_application_emails(
                    application, created=created, organisation=organisation
                ),
                # A failing callback must not undo the stored application (see except).
                robust=True,
            )
    except BaseException:
        delete_file(stored_name)
        raise
    logger.info(
        "application %s %s for role %s",
        application.pk,
        "created" if created else "updated",
        role.pk,
    )
    return application


def delete_file(name: str) -> None:
    """Remove a private file; a missing file is not an error (erasure may run twice)."""
    if not name:
        return
    try:
        private_storage.delete(name)
    except OSError:
        logger.exception("could not delete private file %s", name)
