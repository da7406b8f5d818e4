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


# A second complete role document (a role the seed does not cover).
PLATFORM = """Platform Engineer Jobs & Internships 2026
Platform engineers build the internal tools and infrastructure other engineers ship on.
What Does a Platform Engineer Do?
They run the paved road: build systems, deploy pipelines and observability.
Required Skills & Qualifications
- ✓Kubernetes and container orchestration
- ✓Infrastructure as code with Terraform
Career Path & Salary Progression
Platform Intern → Platform Engineer I → Senior Platform Engineer
| Level | Base Salary | Total Comp (with equity) | Intern Monthly |
|---|---|---|---|
| Intern | — | — | $7,000–$10,000/mo |
| Entry-Level (0–2 yrs) | $120,000–$160,000 | +10–25% in equity/bonus | — |
| Senior (5–8 yrs) | $200,000–$280,000 | +40–80% in equity/bonus | — |
Salary data sourced from Levels.fyi. 2026 estimates.
Apply for Platform Engineer Roles
Send us your profile and we will match you with platform teams that are hiring.
"""
