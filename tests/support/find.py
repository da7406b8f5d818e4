"""Role bodies with chosen skills, salaries, ladders and FAQ, for the finding-roles tests."""

from __future__ import annotations

import importlib

from careers.testing.factories import sample_body


def salary_rows(top: int, intern: bool = True) -> list[dict]:
    rows = []
    if intern:
        rows.append({"level": "Intern", "intern_monthly_min": 8000, "intern_monthly_max": 13000})
    rows += [
        {
            "level": "Entry-Level",
            "years_min": 0,
            "years_max": 2,
            "base_min": top // 3,
            "base_max": top // 2,
        },
        {"level": "Senior", "years_min": 5, "years_max": 8, "base_min": top // 2, "base_max": top},
    ]
    return rows


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
    from careers.taxonomy import RoleFamily  # noqa: PLC0415

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
