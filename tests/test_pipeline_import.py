"""import_roles end to end: real files, real database, the command's exit status and output."""

from io import StringIO
from pathlib import Path

from django.core.management import CommandError, call_command

import pytest

from careers.models import RolePage

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "demo" / "roles"
SEED = REPO.parent / "shared" / "seed" / "applied-ml-engineer.txt"


def seed_path() -> Path:
    if not SEED.exists():
        pytest.skip(f"seed document not found at {SEED}")
    return SEED


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import_roles", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_imports_demo_directory_and_second_run_is_unchanged(careers_index):
    out, _ = run(DEMO, "--publish")
    files = sorted(DEMO.glob("*.txt"))
    assert len(files) >= 3
    assert f"{len(files)} created, 0 updated, 0 unchanged, 0 failed" in out
    pages = RolePage.objects.child_of(careers_index)
    assert pages.count() == len(files)
    assert all(page.live for page in pages)
    revisions = {page.pk: page.revisions.count() for page in pages}

    out, _ = run(DEMO, "--publish")
    assert f"0 created, 0 updated, {len(files)} unchanged, 0 failed" in out
    assert {page.pk: page.revisions.count() for page in pages.all()} == revisions


def test_without_index_tells_user_to_run_setup_site(db, tmp_path):
    with pytest.raises(CommandError, match="manage.py setup_site"):
        run(DEMO)
