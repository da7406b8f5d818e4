"""Import role documents (text files) as RolePages under /careers/: all or nothing."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tqdm import tqdm

from careers.pipeline.document import Problem
from careers.pipeline.load import (
    CREATED,
    FAILED,
    UNCHANGED,
    UPDATED,
    Importer,
    NoCareersIndex,
    PageImport,
)

SUFFIXES = {".txt", ".json"}


def read_text(file: Path) -> str:
    return file.read_bytes().decode("utf-8")


def read_documents(
    paths: list[str], lazy: bool = False
) -> tuple[list[tuple[str, str | Callable[[], str]]], list[Problem]]:
    """Expand files and directories (their *.txt and *.json, recursively) into (source, text).

    ``lazy``: each file is checked now, but its text is a function that reads the file again,
    so a run of thousands of documents does not hold every text (Importer.run streams them).
    """
    documents, problems = [], []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files = sorted(
                f for f in path.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES
            )
            if not files:
                problems.append(Problem(raw, 1, "this directory holds no .txt or .json documents"))
        elif path.is_file():
            files = [path]
        else:
            problems.append(Problem(raw, 1, "no such file or directory"))
            continue
        for file in files:
            source = str(file)
            try:
                data = file.read_bytes()
            except OSError as exc:
                problems.append(Problem(source, 1, f"cannot read the file: {exc.strerror}"))
                continue
            try:
                text = data.decode("utf-8")
                documents.append((source, partial(read_text, file) if lazy else text))
            except UnicodeDecodeError as exc:
                line = data[: exc.start].count(b"\n") + 1
                problems.append(
                    Problem(
                        source,
                        line,
                        f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
                    )
                )
    return documents, problems


class Command(BaseCommand):
    help = (
        "Import role documents (files, or directories of .txt / .json files) as role pages under "
        "/careers/. All files are imported in one transaction: any error anywhere and nothing "
        "is written. See docs/pipeline.md for the format. There is no --jobs: the run is one "
        "transaction on one connection (see docs/scaling.md, Importing many roles)."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="files or directories")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="parse, validate and report exactly as an import would, writing nothing",
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="publish the pages (default: save a draft revision)",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="one line per file even on a terminal"
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="overwrite pages whose latest revision was not made by an import of the same "
            "document (an editor's changes, another document's import)",
        )

    def handle(self, *args, **options):
        self.dry_run = options["dry_run"]
        documents, read_problems = read_documents(options["paths"], lazy=True)
        importer = Importer(
            publish=options["publish"], dry_run=self.dry_run, force=options["force"]
        )
        self.tty = self.stdout.isatty() and not options["no_progress"]
        self.bar = None
        try:
            report = importer.run(documents, progress=self.progress)
        except NoCareersIndex as exc:
            raise CommandError(str(exc)) from exc
        finally:
            if self.bar is not None:
                self.bar.close()

        for warning in report.warnings:
            self.stderr.write(f"{warning.source}:{warning.line}: warning: {warning.message}")
        problems = sorted(
            read_problems + report.errors, key=lambda problem: (problem.source, problem.line)
        )
        for problem in problems:
            self.stderr.write(self.style.ERROR(str(problem)))

        failed_sources = {problem.source for problem in problems}
        counts = {
            CREATED: report.count(CREATED),
            UPDATED: report.count(UPDATED),
            UNCHANGED: report.count(UNCHANGED),
            FAILED: len(failed_sources),
        }
        if problems:
            total = len({source for source, _ in documents} | failed_sources)
            self.stdout.write(
                f"Summary: 0 created, 0 updated, 0 unchanged, {counts[FAILED]} failed."
            )
            raise CommandError(
                f"{counts[FAILED]} of {total} file(s) failed with {len(problems)} problem(s); "
                "nothing was written."
            )
        prefix = "Dry run, nothing written. Would have: " if self.dry_run else "Summary: "
        self.stdout.write(
            self.style.SUCCESS(
                f"{prefix}{counts[CREATED]} created, {counts[UPDATED]} updated, "
                f"{counts[UNCHANGED]} unchanged, {counts[FAILED]} failed."
            )
        )

    def progress(self, item: PageImport, number: int, total: int) -> None:
        action = item.action
        if self.dry_run and action != UNCHANGED:
            action = f"would be {action}"
        if self.tty:
            if self.bar is None:
                self.bar = tqdm(total=total, unit="doc", file=self.stdout._out, leave=True)
            self.bar.set_postfix_str(Path(item.source).name[:40], refresh=False)
            self.bar.update(1)
        else:
            self.stdout.write(f"{action:<18} /careers/{item.slug}/  {item.source}")
