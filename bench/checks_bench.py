"""How long content checks take: per page in memory, and `check_content` over many drafts.

    DATABASE_URL=sqlite:////tmp/checks-bench.sqlite3 .venv/bin/python bench/checks_bench.py

Prints figures; asserts nothing. Uses a throwaway SQLite database unless DATABASE_URL is set.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
os.environ.setdefault(
    "DATABASE_URL", f"sqlite:///{Path(tempfile.mkdtemp(prefix='checks-bench-')) / 'db.sqlite3'}"
)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from careers.editorial import checks  # noqa: E402
from careers.models import CareersIndexPage, RolePage  # noqa: E402
from careers.testing.factories import RolePageFactory, sample_body  # noqa: E402

PAGES = int(os.environ.get("CHECKS_BENCH_PAGES", "200"))


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("setup_site", "--no-admin", stdout=StringIO())
    index = CareersIndexPage.objects.get()
    existing = RolePage.objects.count()
    for n in range(existing, PAGES):
        page = RolePageFactory(
            parent=index, role_name=f"Bench Role {n}", body=sample_body(f"Bench Role {n}")
        )
        page.save_revision()

    page = RolePage.objects.first()
    rounds = 500
    start = time.perf_counter()
    for _ in range(rounds):
        checks.run_checks(page, current_year=2026, live_by_id={})
    per_page = (time.perf_counter() - start) / rounds * 1000
    print(f"run_checks, one full page in memory: {per_page:.2f} ms per page ({rounds} rounds)")

    connection.queries_log.clear()  # creating the pages filled the log; count from empty
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        call_command("check_content", "--json", stdout=StringIO())
        elapsed = time.perf_counter() - start
    total = RolePage.objects.count()
    print(
        f"check_content --json over {total} drafts: {elapsed:.2f} s "
        f"({elapsed / total * 1000:.1f} ms per page), {len(queries)} SQL queries"
    )


if __name__ == "__main__":
    main()
