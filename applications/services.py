"""Storing a submission: every one is kept; a repeat is linked to the first, race-safe."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from applications import emails
from applications.models import Application
from applications.storage import private_storage, resume_upload_to

logger = logging.getLogger("applications")


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
    """Store the résumé and a new application; a repeat links to the first, never replaces it.

    Nothing a submission says may change an earlier one: anybody can type someone else's
    address. The file is written first (outside the transaction, under a fresh random
    name) and removed again if the database write fails.
    """
    stored_name = private_storage.save(
        resume_upload_to(submission, submission.resume_name), submission.resume
    )
    try:
        with transaction.atomic():
            # Serialised per (role, email), so concurrent first submissions agree on one first.
            _lock_candidate(role.pk, submission.email)
            now = timezone.now()  # taken under the lock, so the first is also the earliest
            first = (
                Application.objects.filter(
                    role=role, email=submission.email, repeat_of__isnull=True
                )
                .order_by("submitted_at", "pk")
                .only("pk")
                .first()
            )
            application = Application(
                role=role,
                role_title=role.role_name,
                name=submission.name,
                email=submission.email,
                track=submission.track,
                linkedin_url=submission.linkedin_url,
                github_url=submission.github_url,
                portfolio_url=submission.portfolio_url,
                message=submission.message,
                resume_name=submission.resume_name,
                resume_type=submission.resume_type,
                resume_size=submission.resume.size,
                consented_at=now,
                submitted_at=now,
                repeat_of=first,
            )
            application.resume.name = stored_name
            application.save()
            transaction.on_commit(
                lambda: emails.send_application_emails(application, organisation=organisation),
                # A failing callback must not undo the stored application (see except).
                robust=True,
            )
    except BaseException:
        delete_file(stored_name)
        raise
    logger.info(
        "application %s stored for role %s%s",
        application.pk,
        role.pk,
        f" (repeat of {first.pk})" if first else "",
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
