"""Block values built by name for tests and fixtures, with the seed's salary rows written once.

Every builder returns the stored (raw) form a StreamField body holds, as ``(name, value)``
pairs take it, so a test says which figure it needs instead of picking one by position.
"""

from __future__ import annotations

import copy

Range = tuple[int | None, int | None]

SEED_SOURCE_NOTE = "Levels.fyi, Glassdoor, and company disclosures"
SEED_UPLIFT_NOTE = "in equity/bonus"


def salary_row(
    level: str,
    *,
    years: Range | None = None,
    base: Range | None = None,
    uplift: Range | None = None,
    uplift_note: str | None = None,
    intern_monthly: Range | None = None,
) -> dict:
    """One salary-table row; each range is (min, max) and an end given as None is left out."""
    row: dict = {"level": level}

    def add(prefix: str, figures: Range | None) -> None:
        for end, figure in zip(("min", "max"), figures or (None, None), strict=True):
            if figure is not None:
                row[f"{prefix}_{end}"] = figure

    # Added in the block's field order, as a stored row has them.
    add("years", years)
    add("base", base)
    add("uplift", uplift)
    if uplift_note is not None:
        row["uplift_note"] = uplift_note
    add("intern_monthly", intern_monthly)
    return row


# The table of shared/seed/applied-ml-engineer.txt, level by level.
SEED_SALARY_ROWS: tuple[dict, ...] = (
    salary_row("Intern", intern_monthly=(8000, 13000)),
    salary_row(
        "Entry-Level",
        years=(0, 2),
        base=(125000, 180000),
        uplift=(20, 40),
        uplift_note=SEED_UPLIFT_NOTE,
    ),
    salary_row(
        "Mid-Level",
        years=(3, 5),
        base=(180000, 252000),
        uplift=(30, 60),
        uplift_note=SEED_UPLIFT_NOTE,
    ),
    salary_row(
        "Senior",
        years=(5, 8),
        base=(252000, 351000),
        uplift=(50, 100),
        uplift_note=SEED_UPLIFT_NOTE,
    ),
)


def seed_salary_rows() -> list[dict]:
    """The seed's rows as a fresh list a test may change without touching the constant."""
    return copy.deepcopy(list(SEED_SALARY_ROWS))


def salary_table(
    rows: list[dict] | tuple[dict, ...] | None = None,
    *,
    currency: str = "USD",
    as_of_year: int | None = 2026,
    source_note: str = SEED_SOURCE_NOTE,
    heading: str = "",
) -> dict:
    """A salary table's value: the seed's rows and source unless told otherwise."""
    return {
        "heading": heading,
        "currency": currency,
        "as_of_year": as_of_year,
        "source_note": source_note,
        "rows": copy.deepcopy(list(SEED_SALARY_ROWS if rows is None else rows)),
    }


def faq(*questions_and_answers: tuple[str, str], heading: str = "") -> dict:
    """An FAQ block's value from (question, answer as rich-text HTML) pairs."""
    return {
        "heading": heading,
        "items": [
            {"question": question, "answer": answer} for question, answer in questions_and_answers
        ],
    }


def section_index(body: list, name: str) -> int:
    """Where the first block called ``name`` sits in a body of (name, value) pairs."""
    return next(index for index, (block_name, _) in enumerate(body) if block_name == name)


def section(body: list, name: str) -> dict:
    """The value of the first block called ``name`` in a body of (name, value) pairs."""
    return body[section_index(body, name)][1]


def with_section(body: list, name: str, /, **changes) -> list:
    """A copy of ``body`` whose first ``name`` block has ``changes`` applied to its value.

    Positional-only, so a block field called ``body`` or ``name`` can be changed too.
    """
    changed = copy.deepcopy(body)
    index = section_index(changed, name)
    changed[index] = (name, {**changed[index][1], **changes})
    return changed
