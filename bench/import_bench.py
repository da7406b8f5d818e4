"""Import benchmark: generate role documents, import them, print documents/s and queries/doc.

Runs against a throwaway test database made from the configured one (SQLite in memory, or
``test_<name>`` / $TEST_DATABASE_NAME on PostgreSQL), so it never touches real content.

    DJANGO_SETTINGS_MODULE=cms.settings.dev python bench/import_bench.py [--count 1000] [--json]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test TEST_DATABASE_NAME=test_bench \\
        DJANGO_SETTINGS_MODULE=cms.settings.dev python bench/import_bench.py
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")


class QueryCounter:
    """Counts every query without keeping them (a 1,000-document import runs tens of thousands)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="documents to generate")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--json", action="store_true", help="print one JSON object of results")
    parser.add_argument(
        "--inline-tasks",
        action="store_true",
        help="run tasks (social cards, webhooks) in the import, as the dev settings do; by "
        "default they are queued for the worker (the database tasks backend), as in production",
    )
    args = parser.parse_args()

    import tempfile

    import django
    from django.conf import settings

    if not args.inline_tasks:
        # Before setup: the task modules bind their backends when imported.
        queued = {"BACKEND": "django_tasks_db.DatabaseBackend"}
        settings.TASKS = {"default": queued, "webhooks": queued}
    django.setup()
    # Cards are drawn into a fresh folder: a card left by an earlier run would not be drawn.
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="import-bench-media-")
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import (
        setup_databases,
        setup_test_environment,
        teardown_databases,
        teardown_test_environment,
    )

    from careers.pipeline.load import Importer
    from careers.pipeline.parse import parse_document
    from careers.testing.samples import generate_documents

    documents = generate_documents(args.count, seed=args.seed)
    started = time.perf_counter()
    parsed = [parse_document(text, name) for name, text in documents]
    parse_seconds = time.perf_counter() - started
    bad = [problem for result in parsed for problem in result.errors]
    if bad:
        print("\n".join(map(str, bad[:20])), file=sys.stderr)
        return 1

    setup_test_environment()
    old_config = setup_databases(verbosity=0, interactive=False, keepdb=False)
    try:
        call_command("setup_site", "--no-admin", verbosity=0, stdout=io.StringIO())
        from delivery.models import WebhookEndpoint

        # One subscriber, so every publish records its webhook event (loopback, never sent here).
        WebhookEndpoint.objects.create(
            url="http://127.0.0.1:9/import-bench", secret="b" * 32, events="published"
        )
        results = {"vendor": connection.vendor, "documents": args.count}
        for label, publish in (("import", True), ("reimport_unchanged", True)):
            counter = QueryCounter()
            with connection.execute_wrapper(counter):
                started, cpu_started = time.perf_counter(), time.process_time()
                report = Importer(publish=publish).run(documents)
                seconds = time.perf_counter() - started
                cpu_seconds = time.process_time() - cpu_started
            if not report.ok:
                print("\n".join(map(str, report.errors[:20])), file=sys.stderr)
                return 1
            results[label] = {
                "seconds": round(seconds, 3),
                "documents_per_second": round(args.count / seconds, 1),
                "cpu_seconds": round(cpu_seconds, 3),
                "queries": counter.count,
                "queries_per_document": round(counter.count / args.count, 2),
                "created": report.count("created"),
                "unchanged": report.count("unchanged"),
            }
        # The headline figures first: readers of the JSON take the first "per_second" key.
        results = {
            "vendor": results["vendor"],
            "documents": args.count,
            "documents_per_second": results["import"]["documents_per_second"],
            "queries_per_document": results["import"]["queries_per_document"],
            **results,
            "parse_only_per_second": round(args.count / parse_seconds, 1),
        }
    finally:
        teardown_databases(old_config, verbosity=0)
        teardown_test_environment()

    if args.json:
        print(json.dumps(results))
    else:
        first, second = results["import"], results["reimport_unchanged"]
        print(f"import benchmark ({results['vendor']}, {args.count} generated documents)")
        print(f"  parse only       : {results['parse_only_per_second']:8.1f} per second")
        print(
            f"  re-import (same) : {second['documents_per_second']:8.1f} per second  "
            f"{second['queries_per_document']:6.2f} queries/document  "
            f"({second['seconds']} s wall, {second['cpu_seconds']} s CPU)"
        )
        cpu_rate = args.count / first["cpu_seconds"] if first["cpu_seconds"] else 0
        # Last, and the only "documents/s" figure: bench/run.py reads the last one it finds.
        print(
            f"  import + publish : {first['documents_per_second']:8.1f} documents/s  "
            f"{first['queries_per_document']:6.2f} queries/document  "
            f"({first['seconds']} s wall, {first['cpu_seconds']} s CPU = {cpu_rate:.1f} per CPU-second)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
