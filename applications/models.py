"""A candidate's application for one role page, and what recruiters record while working it."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from applications.storage import get_private_storage, resume_upload_to


class Track(models.TextChoices):
    INTERNSHIP = "internship", "Internship"
    ENTRY_LEVEL = "entry_level", "Entry-level"
    EXPERIENCED = "experienced", "Experienced"


class Status(models.TextChoices):
    NEW = "new", "New"
    CONTACTED = "contacted", "Contacted"
    INTERVIEWING = "interviewing", "Interviewing"
    CLOSED = "closed", "Closed"


class Application(models.Model):
    """One submission for one role; a repeat from the same address is a new row linked to the first."""

    role = models.ForeignKey(
        "careers.RolePage",
        # A role page may be deleted later; its applications stay with recruiters.
        on_delete=models.SET_NULL,
        null=True,
        related_name="applications",
    )
    role_title = models.CharField(
        "role",
        max_length=255,
        help_text="The role's name when the candidate applied, kept if the page is deleted.",
    )
    name = models.CharField(max_length=200)
    email = models.EmailField(max_length=254, db_index=True)
    track = models.CharField(max_length=20, choices=Track.choices)
    linkedin_url = models.URLField("LinkedIn", max_length=500, blank=True, default="")
    github_url = models.URLField("GitHub", max_length=500, blank=True, default="")
    portfolio_url = models.URLField("portfolio", max_length=500, blank=True, default="")
    message = models.TextField(blank=True, default="")
    resume = models.FileField(
        "résumé", storage=get_private_storage, upload_to=resume_upload_to, max_length=200
    )
    resume_name = models.CharField(
        "résumé file name", max_length=255, help_text="The file name the candidate uploaded."
    )
    resume_type = models.CharField("résumé type", max_length=10)
    resume_size = models.PositiveIntegerField("résumé size (bytes)")
    consented_at = models.DateTimeField(
        help_text="When the candidate agreed to the privacy notice."
    )

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    notes = models.TextField(
        blank=True, default="", help_text="Recruiters' notes; never shown to the candidate."
    )

    submitted_at = models.DateTimeField(default=timezone.now, db_index=True)
    repeat_of = models.ForeignKey(
        "self",
        # Deleting the first application re-links its repeats (see signals.py), never deletes them.
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="repeats",
        verbose_name="repeat of",
        help_text="The first application for this role from the same email address. "
        "A repeat never changes or replaces it.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        permissions = [("download_resume", "Can download candidates' résumés")]
        indexes = [models.Index(fields=["role", "email", "submitted_at"])]

    def __str__(self) -> str:
        # No personal data: this string lands in audit logs and admin messages.
        return f"Application #{self.pk} — {self.role_title}"

    @property
    def is_repeat(self) -> bool:
        return self.repeat_of_id is not None

    @property
    def resume_filename(self) -> str:
        return self.resume_name or f"resume.{self.resume_type}"
