"""Imported documents through the content checks: the seed and the demo roles have no errors."""

import json
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError

import pytest

from careers.editorial import checks
from careers.models import RolePage
from tests.support.seed import SEED_PATH

DEMO = Path(__file__).resolve().parents[1] / "demo" / "roles"


def check_json(*slugs):
    out = StringIO()
    try:
        # --latest: an import without --publish leaves drafts, which the default skips.
        call_command("check_content", "--json", "--latest", *slugs, stdout=out)
        code = 0
    except CommandError as exc:
        code = exc.returncode
    return code, json.loads(out.getvalue())["pages"]


def test_imported_seed_has_no_errors(careers_index):
    if not SEED_PATH.exists():
        pytest.skip(f"seed document not found at {SEED_PATH}")
    call_command("import_roles", str(SEED_PATH), stdout=StringIO(), stderr=StringIO())
    page = RolePage.objects.get()
    draft = page.get_latest_revision_as_object()
    findings = checks.check_page(draft, current_year=2026)
    assert checks.errors(findings) == []
    # The seed's ladder reaches Staff; its salary table stops at Senior.
    assert ("step-without-salary-row", "Staff Applied ML Engineer") in {
        (f.code, f.quote) for f in findings
    }

    code, [report] = check_json(page.slug)
    assert code == 0 and report["errors"] == 0


def test_demo_roles_have_no_errors(careers_index):
    call_command("import_roles", str(DEMO), stdout=StringIO(), stderr=StringIO())
    assert RolePage.objects.count() == len(list(DEMO.glob("*.txt")))
    code, reports = check_json()
    assert code == 0, [(r["slug"], r["findings"]) for r in reports if r["errors"]]
