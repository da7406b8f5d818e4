"""``manage.py roll_year --to 2027``: the yearly refresh of role pages, as drafts, from the shell."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from careers.editorial.roll_year import SKIPPED, report_lines, role_pages, roll_pages


class Command(BaseCommand):
    help = (
        "Roll role pages to a new year: the year, generated titles and the salary table's "
        "as-of year, saved as draft revisions (nothing is published). Pages already at the "
        "year are left unchanged, so running it again does nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "slugs", nargs="*", metavar="SLUG", help="Role page slugs (default: all)."
        )
        parser.add_argument("--to", type=int, required=True, metavar="YEAR", dest="year")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; save nothing."
        )
        parser.add_argument(
            "--submit",
            action="store_true",
            help="Also submit each rolled page to its review workflow.",
        )
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help="Save the revisions as this user, with their permissions (default: no user).",
        )

    def handle(self, *args, year, slugs, dry_run, submit, user, **options):
        if not 2000 <= year <= 2100:
            raise CommandError(f"--to {year}: the year must be between 2000 and 2100.")
        author = None
        if user:
            author = get_user_model().objects.filter(username=user).first()
            if author is None:
                raise CommandError(f'--user {user}: there is no user "{user}".')
        pages = role_pages(slugs=slugs)
        missing = sorted(set(slugs) - {page.slug for page in pages})
        if missing:
            raise CommandError(f"No role page with slug: {', '.join(missing)}.")
        results = roll_pages(pages, year, user=author, dry_run=dry_run, submit=submit)
        for line in report_lines(results, year, dry_run=dry_run):
            self.stdout.write(line)
        if any(result.status == SKIPPED for result in results):
            raise CommandError("Some pages could not be rolled; see above.")
