"""Role bodies with chosen skills, salaries, ladders and FAQ, for the finding-roles tests."""

from __future__ import annotations

import importlib

from careers.taxonomy import RoleFamily
from careers.testing.blocks import salary_row
from careers.testing.factories import sample_body


def salary_rows(top: int, intern: bool = True) -> list[dict]:
    """Entry-Level and Senior rows whose base salaries reach ``top``, after the seed's intern row."""
    rows = [salary_row("Intern", intern_monthly=(8000, 13000))] if intern else []
    return [
        *rows,
        salary_row("Entry-Level", years=(0, 2), base=(top // 3, top // 2)),
        salary_row("Senior", years=(5, 8), base=(top // 2, top)),
    ]


def role_body(
    role_name: str,
    *,
    top: int = 351000,
    intern: bool = True,
    skills: list[str] | None = None,
    steps: list[str] | None = None,
    faq: list[tuple[str, str]] | None = None,
    day: str | None = None,
    currency: str = "USD",
    rows: list[dict] | None = None,
) -> list:
    body = []
    for name, value in sample_body(role_name):
        value = dict(value)
        if name == "skills" and skills is not None:
            value["items"] = skills
        elif name == "career_path" and steps is not None:
            value["steps"] = steps
        elif name == "salary_table":
            value["rows"] = rows if rows is not None else salary_rows(top, intern)
            value["currency"] = currency
        elif name == "faq" and faq is not None:
            value["items"] = [{"question": q, "answer": f"<p>{a}</p>"} for q, a in faq]
        elif name == "day_in_the_life" and day is not None:
            value["body"] = f"<p>{day}</p>"
        body.append((name, value))
    return body


def family(slug: str):
    """A seeded role family; re-created if a transactional test's flush removed the seed."""

    seed = importlib.import_module("careers.migrations.0004_seed_role_families")
    for name, seed_slug, description, code, code_name in seed.FAMILIES:
        if seed_slug == slug:
            found, _ = RoleFamily.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "description": description,
                    "occupational_category": code,
                    "occupational_category_name": code_name,
                },
            )
            return found
    raise LookupError(f"no seeded role family {slug!r}")
