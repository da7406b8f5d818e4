"""Run the content checks over role pages' live content (or, with --latest, drafts), for CI."""

from __future__ import annotations

import json
from types import SimpleNamespace

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from wagtail.models import Page

from careers.editorial import checks, status
from careers.models import RolePage


class Command(BaseCommand):
    help = (
        "Check role pages' live content (pages not live are skipped); --latest checks each "
        "page's latest revision, drafts included. Exits non-zero when any page has an error; "
        "warnings alone exit 0."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "slugs", nargs="*", metavar="SLUG", help="Role page slugs (default: all)."
        )
        parser.add_argument(
            "--json", action="store_true", help="Print machine-readable JSON on stdout."
        )
        parser.add_argument(
            "--latest",
            action="store_true",
            help="Check each page's latest revision, drafts and pages never published included.",
        )
        parser.add_argument(
            "--store",
            action="store_true",
            help="Store each page's check status (of its latest revision) for the admin's "
            "Role pages filter, and print nothing else; exits 0.",
        )

    def handle(self, *args, **options):
        slugs = options["slugs"]
        pages = RolePage.objects.select_related("latest_revision").order_by("path")
        if slugs:
            pages = pages.filter(slug__in=slugs)
        pages = list(pages)
        if slugs:
            missing = sorted(set(slugs) - {page.slug for page in pages})
            if missing:
                raise CommandError(f"No role page with slug: {', '.join(missing)}.")

        if options["store"]:
            self.store(pages)
            return

        latest = options["latest"]
        skipped = [] if latest else [page.slug for page in pages if not page.live]
        if latest:
            drafts = [(page, latest_content(page)) for page in pages]
        else:
            # The page row holds the live content; drafts ahead of it are not judged.
            drafts = [(page, page) for page in pages if page.live]
        # One query for every linked page's state, not one per page.
        ids = set().union(*(checks.linked_page_ids(draft) for _, draft in drafts))
        live_by_id = dict(Page.objects.filter(id__in=ids).values_list("id", "live")) if ids else {}
        year = timezone.now().year
        reports = [
            report(
                page,
                draft,
                checks.run_checks(draft, current_year=year, live_by_id=live_by_id),
                latest=latest,
            )
            for page, draft in drafts
        ]

        if options["json"]:
            data = {"checked": "latest" if latest else "live", "pages": reports, "skipped": skipped}
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
        else:
            self.write_text(reports)
            if skipped:
                self.stdout.write(
                    f"Skipped {len(skipped)} page(s) that are not live: {', '.join(skipped)} "
                    "(use --latest to check drafts)."
                )

        error_count = sum(r["errors"] for r in reports)
        if error_count:
            failing = sum(1 for r in reports if r["errors"])
            raise CommandError(
                f"{error_count} content error{'s' if error_count != 1 else ''} on "
                f"{failing} page{'s' if failing != 1 else ''}.",
                returncode=1,
            )

    def store(self, pages: list[RolePage]) -> None:
        """The listing's stored status, recomputed from each page's latest content."""
        year = timezone.now().year
        for page in pages:
            found = status.status_of(latest_content(page), current_year=year)
            page.check_errors, page.check_warnings = found.errors, found.warnings
        # Columns only: no revision, no signals, no cache invalidation for a stored count.
        RolePage.objects.bulk_update(pages, list(status.STATUS_FIELDS), batch_size=500)
        total = len(pages)
        self.stdout.write(
            f"Stored the check status of {total} role page{'s' if total != 1 else ''}."
        )

    def write_text(self, reports: list[dict]) -> None:
        for r in reports:
            state = "live" if r["live"] else "draft"
            if r["live"] and r["has_unpublished_changes"]:
                state = "live, with unpublished changes"
            summary = f"{r['errors']} error(s), {r['warnings']} warning(s)"
            self.stdout.write(f"{r['slug']} (page {r['page_id']}, {state}): {summary}")
            for f in r["findings"]:
                style = self.style.ERROR if f["level"] == checks.ERROR else self.style.WARNING
                quote = f" \u2014 \u201c{f['quote']}\u201d" if f["quote"] else ""
                self.stdout.write(
                    "  "
                    + style(f"{f['level'].upper():7}")
                    + f" {f['location']}: {f['message']}{quote}"
                )
        total = len(reports)
        self.stdout.write(f"Checked {total} role page{'s' if total != 1 else ''}.")


def latest_content(page: RolePage):
    """The checked fields as the latest revision has them (a draft may be ahead of the live page).

    Read straight from the revision's JSON: ``Revision.as_object()`` costs ~5 queries a page
    (the page again, its locale, comments, ...) and the checks need none of that.
    """
    revision = page.latest_revision
    if revision is None:
        return page
    content = revision.content
    body = content.get("body", page.body.raw_data)
    return SimpleNamespace(
        title=content.get("title", page.title),
        role_name=content.get("role_name", page.role_name),
        intro=content.get("intro", page.intro),
        year=content.get("year", page.year),
        body=RolePage._meta.get_field("body").to_python(body),
    )


def report(
    page: RolePage, draft: RolePage, findings: list[checks.Finding], *, latest: bool
) -> dict:
    return {
        "page_id": page.pk,
        "slug": page.slug,
        "title": draft.title,
        "revision_id": page.latest_revision_id if latest else page.live_revision_id,
        "live": page.live,
        "has_unpublished_changes": page.has_unpublished_changes,
        "errors": len(checks.errors(findings)),
        "warnings": len(checks.warnings(findings)),
        "findings": [f.as_dict() for f in findings],
    }
