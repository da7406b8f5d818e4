"""Right to erasure: delete everything held about one candidate, identified by email."""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from applications.erasure import delete_applications, mask_email
from applications.models import Application

logger = logging.getLogger("applications")


class Command(BaseCommand):
    help = "Delete every application (and résumé file) sent with EMAIL, and log that it was done."

    def add_arguments(self, parser):
        parser.add_argument("email", help="The candidate's email address (case-insensitive).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count what would be deleted."
        )

    def handle(self, email, dry_run=False, **options):
        email = email.strip()
        try:
            validate_email(email)
        except ValidationError as exc:
            raise CommandError(f"{email!r} is not an email address.") from exc
        queryset = Application.objects.filter(email__iexact=email)
        who = mask_email(email)
        if dry_run:
            count = queryset.count()
            self.stdout.write(f"Would erase {count} application(s) for {who}.")
            return
        result = delete_applications(queryset)
        logger.info(
            "erase_candidate: erased %d application(s) and %d résumé file(s) for %s",
            result.applications,
            result.files,
            who,
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Erased {result.applications} application(s) and {result.files} résumé "
                f"file(s) for {who}."
            )
        )
