"""Retention: delete applications (and their résumés) not touched by the candidate for DAYS."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from applications.erasure import delete_applications, delete_orphan_files
from applications.models import Application

logger = logging.getLogger("applications")


class Command(BaseCommand):
    help = (
        "Delete applications whose last submission is older than --older-than DAYS, "
        "with their résumé files. Run it daily (cron) to enforce the retention period."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            required=True,
            metavar="DAYS",
            help="Delete applications submitted more than DAYS days ago (at least 1).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count what would be deleted."
        )

    def handle(self, older_than, dry_run=False, **options):
        if older_than < 1:
            raise CommandError(f"--older-than must be at least 1 day; got {older_than}.")
        cutoff = timezone.now() - timedelta(days=older_than)
        queryset = Application.objects.filter(submitted_at__lt=cutoff)
        if dry_run:
            self.stdout.write(
                f"Would delete {queryset.count()} application(s) submitted before "
                f"{cutoff:%Y-%m-%d %H:%M} UTC."
            )
            return
        total = files = 0
        # Batches keep each transaction (and its row locks) short on a large table.
        while True:
            batch = list(queryset.order_by("pk").values_list("pk", flat=True)[:500])
            if not batch:
                break
            result = delete_applications(Application.objects.filter(pk__in=batch))
            total += result.applications
            files += result.files
        orphans = delete_orphan_files()
        logger.info(
            "purge_applications: deleted %d application(s) and %d résumé file(s) older than "
            "%d days, and %d orphaned file(s)",
            total,
            files,
            older_than,
            orphans,
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Deleted {total} application(s) and {files} résumé file(s) submitted "
                f"more than {older_than} days ago, and {orphans} orphaned file(s)."
            )
        )
