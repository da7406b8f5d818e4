"""Running import_roles from tests: a good document, temp files and the command's output."""

from io import StringIO
from pathlib import Path

from django.core.management import CommandError, call_command

import pytest

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "demo" / "roles"
SEED = REPO.parent / "shared" / "seed" / "applied-ml-engineer.txt"

GOOD = """\
Data Engineer Jobs & Internships 2026
Data engineers build pipelines.
What Does a Data Engineer Do?
They move data.
Required Skills & Qualifications
- ✓SQL
Career Path & Salary Progression
Intern → Data Engineer I
| Level | Base Salary | Total Comp (with equity) | Intern Monthly |
|---|---|---|---|
| Entry-Level (0–2 yrs) | $100,000–$130,000 | +10–20% in equity/bonus | — |
Apply for Data Engineer Roles
Come work with us.
Data Engineer — Frequently Asked Questions
Is SQL enough?
No.
"""


def seed_path() -> Path:
    if not SEED.exists():
        pytest.skip(f"seed document not found at {SEED}")
    return SEED


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import_roles", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing(*args):
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command("import_roles", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue(), str(excinfo.value)


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path
