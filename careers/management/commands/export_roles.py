"""Export role pages as text documents (the import format) or JSON payloads."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from careers.models import CareersIndexPage, RolePage
from careers.pipeline.export import (
    page_to_payload,
    page_to_text,
    site_apply_settings,
    text_round_trip_problems,
)
from careers.pipeline.pagelinks import PageLinks


class Command(BaseCommand):
    help = (
        "Write role pages out as text documents (what import_roles reads) or as JSON payloads. "
        "Exports what visitors see (pages not live are skipped); --latest exports each page's "
        "latest revision, drafts included. Without --out, prints to stdout."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "slugs", nargs="*", metavar="SLUG", help="pages to export (default: all)"
        )
        parser.add_argument("--format", choices=("text", "json"), default="text")
        parser.add_argument("--out", metavar="DIR", help="write one file per page into DIR")
        parser.add_argument(
            "--latest",
            action="store_true",
            help="export each page's latest revision, drafts and pages never published included",
        )

    def handle(self, *args, **options):
        index = CareersIndexPage.objects.first()
        if index is None:
            raise CommandError(
                "There is no careers index page (/careers/). Create the site first: "
                "python manage.py setup_site"
            )
        pages = RolePage.objects.child_of(index).select_related("latest_revision").order_by("slug")
        slugs = options["slugs"]
        if slugs:
            pages = pages.filter(slug__in=slugs)
            missing = sorted(set(slugs) - {page.slug for page in pages})
            if missing:
                raise CommandError(f"No role page with the slug: {', '.join(missing)}")
        if options["latest"]:
            pages = [page.latest_content() for page in pages]
        else:
            # Live content is the page row itself; a draft ahead of it is an editor's work in
            # progress (or an autosaved experiment), not content to export.
            skipped = [page.slug for page in pages if not page.live]
            pages = [page for page in pages if page.live]
            if skipped:
                self.stderr.write(
                    f"skipped (not live): {', '.join(skipped)}; use --latest to export drafts"
                )
        links = PageLinks()
        fmt = options["format"]
        settings = site_apply_settings()
        outputs = []
        for page in pages:
            if fmt == "json":
                outputs.append(
                    (page, json.dumps(page_to_payload(page), ensure_ascii=False, indent=2) + "\n")
                )
            else:
                text = page_to_text(page, settings, links)
                for problem in text_round_trip_problems(page, text, settings):
                    self.stderr.write(
                        f"{page.slug}: warning: the text export is not exact: {problem} "
                        "(use --format json for a lossless copy)"
                    )
                outputs.append((page, text))

        if options["out"]:
            out = Path(options["out"])
            out.mkdir(parents=True, exist_ok=True)
            suffix = ".json" if fmt == "json" else ".txt"
            for page, content in outputs:
                path = out / f"{page.slug}{suffix}"
                path.write_text(content, encoding="utf-8")
                self.stdout.write(f"wrote {path}")
            self.stdout.write(self.style.SUCCESS(f"Exported {len(outputs)} page(s) to {out}."))
        elif fmt == "json":
            payloads = [page_to_payload(page) for page, _ in outputs]
            self.stdout.write(json.dumps(payloads, ensure_ascii=False, indent=2))
        else:
            self.stdout.write("\n".join(content for _, content in outputs), ending="")
