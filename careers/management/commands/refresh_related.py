"""Recompute every live role page's related-role suggestions, e.g. after a bulk import."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from careers.find.related import refresh_suggestions
from careers.models import RolePage
from pagecache import tags
from pagecache.signals import invalidate_on_commit

CHUNK_SIZE = 200


class Command(BaseCommand):
    help = (
        "Recompute and store the related roles each live role page suggests (ranked by skills, "
        "family and pay against the roles live now). Run it after a bulk import, so pages "
        "published earlier also suggest the new roles. Editors' picks are not touched."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "slugs", nargs="*", metavar="SLUG", help="Role page slugs (default: all live)."
        )
        parser.add_argument(
            "--missing",
            action="store_true",
            help="Only pages with no stored suggestions (published since they were computed).",
        )

    def handle(self, *args, **options):
        pages = RolePage.objects.live().order_by("path")
        slugs = options["slugs"]
        if slugs:
            pages = pages.filter(slug__in=slugs)
            missing = sorted(set(slugs) - set(pages.values_list("slug", flat=True)))
            if missing:
                raise CommandError(f"No live role page with slug: {', '.join(missing)}.")
        if options["missing"]:
            pages = pages.filter(suggested_roles__isnull=True)
        # A transaction per batch (bulk_update's), not one over thousands of pages holding
        # locks for minutes; suggestions are derived data, and --missing resumes a broken run.
        done = refresh_suggestions(pages, CHUNK_SIZE)
        if done:
            # One tag for every cached response, not one per page refreshed (thousands).
            invalidate_on_commit({tags.GLOBAL})
        self.stdout.write(f"Refreshed related-role suggestions of {done} role page(s).")
