"""Export role pages as text documents (the import format) or JSON payloads."""

from __future__ import annotations

import json
from itertools import islice
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from careers.models import CareersIndexPage, RolePage
from careers.pipeline.export import (
    body_links,
    page_to_payload,
    page_to_text,
    site_apply_settings,
    text_round_trip_problems,
)
from careers.pipeline.load import Families
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
        pages = (
            RolePage.objects.child_of(index)
            .select_related("latest_revision", "family")
            .order_by("slug")
        )
        slugs = options["slugs"]
        if slugs:
            pages = pages.filter(slug__in=slugs)
            missing = sorted(set(slugs) - set(pages.values_list("slug", flat=True)))
            if missing:
                raise CommandError(f"No role page with the slug: {', '.join(missing)}")
        if not options["latest"]:
            # Live content is the page row itself; a draft ahead of it is an editor's work in
            # progress (or an autosaved experiment), not content to export.
            skipped = list(pages.filter(live=False).values_list("slug", flat=True))
            pages = pages.filter(live=True)
            if skipped:
                self.stderr.write(
                    f"skipped (not live): {', '.join(skipped)}; use --latest to export drafts"
                )
        fmt = options["format"]
        out = Path(options["out"]) if options["out"] else None
        if out is not None:
            out.mkdir(parents=True, exist_ok=True)
        count = 0
        for page, content in self.exported(pages, fmt, options["latest"]):
            if out is not None:
                path = out / f"{page.slug}{'.json' if fmt == 'json' else '.txt'}"
                path.write_text(content, encoding="utf-8")
                self.stdout.write(f"wrote {path}")
            elif fmt == "json":
                # The pages as one JSON list, as json.dumps(list, indent=2) writes it, a page at
                # a time: no string in the JSON holds a raw newline, so indenting lines is exact.
                lead = "[\n" if count == 0 else ",\n"
                self.stdout.write(
                    lead + "  " + content.rstrip("\n").replace("\n", "\n  "), ending=""
                )
            else:
                self.stdout.write(("\n" if count else "") + content, ending="")
            count += 1
        if out is not None:
            self.stdout.write(self.style.SUCCESS(f"Exported {count} page(s) to {out}."))
        elif fmt == "json":
            self.stdout.write("[]" if count == 0 else "\n]")

    def exported(self, pages, fmt: str, latest: bool):
        """(page, content) for each page, read in chunks: memory and queries per chunk, not per page.

        The run's lookups (site root, families, settings) are made once; the pages each chunk
        links to are looked up in one query.
        """
        links = PageLinks()
        families = Families.load()
        settings = site_apply_settings()
        rows = pages.iterator(chunk_size=CHUNK_SIZE)
        while chunk := list(islice(rows, CHUNK_SIZE)):
            if latest:
                chunk = [page.latest_content() for page in chunk]
            if fmt == "json":
                for page in chunk:
                    payload = page_to_payload(page, families)
                    yield page, json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
                continue
            links.prefetch(set().union(*(body_links(page) for page in chunk)))
            for page in chunk:
                text = page_to_text(page, settings, links, families)
                for problem in text_round_trip_problems(page, text, settings, links, families):
                    self.stderr.write(
                        f"{page.slug}: warning: the text export is not exact: {problem} "
                        "(use --format json for a lossless copy)"
                    )
                yield page, text


# Pages read and exported per chunk: few queries per chunk, a chunk's pages in memory at a time.
CHUNK_SIZE = 200
