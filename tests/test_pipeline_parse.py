"""The pure parser: what a document means, and how every kind of bad input is reported."""

from pathlib import Path

import pytest

from careers import blocks
from careers.facts.language import indefinite_article
from careers.models import RolePage
from careers.pipeline import cells, document, headings, lines, parse, salary_table
from careers.pipeline.cells import read_level, read_money_range, read_percent_range
from careers.pipeline.document import (
    MAX_BUTTON_LABEL,
    MAX_HEADING,
    MAX_LEVEL,
    MAX_QUESTION,
    MAX_ROLE_NAME,
    MAX_SKILL,
    MAX_SOURCE_NOTE,
    MAX_STEP,
    MAX_TITLE,
    MAX_UPLIFT_NOTE,
    Problem,
)
from careers.pipeline.parse import parse_document

SEED = Path(__file__).resolve().parents[1].parent / "shared" / "seed" / "applied-ml-engineer.txt"
DEMO = Path(__file__).resolve().parents[1] / "demo" / "roles"

GOOD = """\
Data Engineer Jobs & Internships 2026
Data engineers build pipelines.
What Does an Data Engineer Do?
They move data.
Required Skills & Qualifications
- ✓SQL
- ✓Python
A Day in the Life of a Data Engineer
You fix a pipeline.
Career Path & Salary Progression
Intern → Data Engineer I → Senior Data Engineer
| Level | Base Salary | Total Comp (with equity) | Intern Monthly |
|---|---|---|---|
| Intern | — | — | $6,000-$9,000/mo |
| Entry-Level (0–2 yrs) | $100,000–$130,000 | +10–20% in equity/bonus | — |
| Staff (8+ yrs) | $200,000+ | +40% | - |
Salary data sourced from Glassdoor. 2026 estimates.
Apply for Data Engineer Roles
Come work with us.
Data Engineer — Frequently Asked Questions
Is SQL enough?
No.
Do I need Spark?
Sometimes.
"""


def parsed(text, source="doc.txt"):
    return parse_document(text, source)


def only_errors(text):
    result = parsed(text)
    assert result.document is None
    return [str(problem) for problem in result.errors]


def seed_text():
    if not SEED.exists():
        pytest.skip(f"seed document not found at {SEED}")
    return SEED.read_text(encoding="utf-8")


# --- the seed ------------------------------------------------------------------------------


def test_seed_parses_every_section_without_problems():
    result = parsed(seed_text(), "seed.txt")
    assert result.errors == [] and result.warnings == []
    doc = result.document
    assert (doc.title, doc.role_name, doc.year) == (
        "Applied ML Engineer Jobs & Internships 2026",
        "Applied ML Engineer",
        2026,
    )
    assert doc.intro.startswith("Applied ML engineers use machine learning")
    assert [s.kind for s in doc.sections] == [
        "overview",
        "skills",
        "day_in_the_life",
        "career_path",
        "salary_table",
        "apply",
        "faq",
    ]
    # "What Does a Applied ML Engineer Do?" only restates the standard heading: not stored.
    assert all(section.heading == "" for section in doc.sections)


def test_seed_salary_table_is_typed():
    table = next(s for s in parsed(seed_text()).document.sections if s.kind == "salary_table")
    assert (table.currency, table.as_of_year) == ("USD", 2026)
    assert table.source_note == "Levels.fyi, Glassdoor, and company disclosures"
    intern, entry, mid, senior = table.rows
    assert (intern.level, intern.intern_monthly_min, intern.intern_monthly_max) == (
        "Intern",
        8000,
        13000,
    )
    assert intern.base_min is None and intern.uplift_min is None
    assert (entry.level, entry.years_min, entry.years_max) == ("Entry-Level", 0, 2)
    assert (entry.base_min, entry.base_max, entry.uplift_min, entry.uplift_max) == (
        125000,
        180000,
        20,
        40,
    )
    assert entry.uplift_note == "in equity/bonus"
    assert (mid.years_min, mid.years_max, mid.base_max) == (3, 5, 252000)
    assert (senior.base_min, senior.base_max, senior.uplift_max) == (252000, 351000, 100)


# --- the format's natural variations -------------------------------------------------------


def test_variations_parse_to_typed_values():
    result = parsed(GOOD)
    assert result.errors == []
    doc = result.document
    overview = doc.sections[0]
    # Wrong article in the source: still the standard heading, so the page generates "a Data".
    assert overview.kind == "overview" and overview.heading == ""
    path, table = doc.sections[3], doc.sections[4]
    assert path.steps == ("Intern", "Data Engineer I", "Senior Data Engineer")
    intern, entry, staff = table.rows
    assert (intern.intern_monthly_min, intern.intern_monthly_max) == (6000, 9000)
    assert (staff.years_min, staff.years_max) == (8, None)
    assert (staff.base_min, staff.base_max) == (200000, None)
    assert (staff.uplift_min, staff.uplift_max, staff.uplift_note) == (40, 40, "")
    apply, faq = doc.sections[5], doc.sections[6]
    assert apply.text == "Come work with us." and apply.button_label == "Submit your profile"
    assert [(i.question, i.answer) for i in faq.items] == [
        ("Is SQL enough?", ("No.",)),
        ("Do I need Spark?", ("Sometimes.",)),
    ]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("$125,000–$180,000", (125000, 180000, {"USD"})),
        ("$125,000 - $180,000", (125000, 180000, {"USD"})),
        ("€60,000–€80,000", (60000, 80000, {"EUR"})),
        ("£45k–£60k", (45000, 60000, {"GBP"})),
        ("CHF 90,000–CHF 120,000", (90000, 120000, {"CHF"})),
        ("up to $90,000", (None, 90000, {"USD"})),
        ("$300,000+", (300000, None, {"USD"})),
        ("—", (None, None, set())),
        ("-", (None, None, set())),
    ],
)
def test_money_cells(cell, expected):
    assert read_money_range(cell, "base", monthly=False) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("+20–40% in equity/bonus", (20, 40, "in equity/bonus")),
        ("+20-40%", (20, 40, "")),
        ("+15%", (15, 15, "")),
        ("up to +30% in bonus", (None, 30, "in bonus")),
        ("—", (None, None, "")),
    ],
)
def test_percent_cells(cell, expected):
    assert read_percent_range(cell, "total comp") == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Entry-Level (0–2 yrs)", ("Entry-Level", 0, 2)),
        ("Senior (8+ yrs)", ("Senior", 8, None)),
        ("Mid (3-5 years)", ("Mid", 3, 5)),
        ("Intern", ("Intern", None, None)),
        ("Senior (L5)", ("Senior (L5)", None, None)),
    ],
)
def test_level_cells(cell, expected):
    assert read_level(cell) == expected


def test_non_standard_heading_is_kept_as_override():
    text = GOOD.replace("What Does an Data Engineer Do?", "What Does a Data Wrangler Do?")
    overview = parsed(text).document.sections[0]
    assert overview.kind == "overview"
    assert overview.heading == "What Does a Data Wrangler Do?"


def test_explicit_heading_with_section_type():
    text = GOOD.replace("Required Skills & Qualifications", "## What You Need to Know {skills}")
    skills = parsed(text).document.sections[1]
    assert skills.kind == "skills" and skills.heading == "What You Need to Know"


def test_unrecognised_section_becomes_text_block_with_warning():
    text = GOOD.replace(
        "Required Skills & Qualifications",
        "Where Data Engineers Work\nEverywhere data is a product.\nRequired Skills & Qualifications",
    )
    result = parsed(text)
    assert result.errors == []
    kinds = [s.kind for s in result.document.sections]
    assert kinds[:3] == ["overview", "text", "skills"]
    text_block = result.document.sections[1]
    assert text_block.heading == "Where Data Engineers Work"
    assert text_block.paragraphs == ("Everywhere data is a product.",)
    assert [str(w) for w in result.warnings] == [
        'doc.txt:5: unrecognised section "Where Data Engineers Work" kept as a text section'
    ]


def test_apply_button_label_and_faq_markers():
    text = GOOD.replace("Come work with us.", "Come work with us.\nButton: Apply now").replace(
        "Sometimes.", "A: Why not?"
    )
    doc = parsed(text).document
    assert doc.sections[5].button_label == "Apply now"
    assert doc.sections[6].items[1].answer == ("Why not?",)


def test_windows_line_endings_and_bom():
    result = parsed("\ufeff" + GOOD.replace("\n", "\r\n"))
    assert result.errors == [] and result.document.role_name == "Data Engineer"


def test_demo_documents_parse_cleanly():
    files = sorted(DEMO.glob("*.txt"))
    assert len(files) >= 3
    articles = set()
    for file in files:
        result = parsed(file.read_text(encoding="utf-8"), file.name)
        assert result.errors == [] and result.warnings == [], file
        articles.add(indefinite_article(result.document.role_name))
        kinds = {section.kind for section in result.document.sections}
        assert {"overview", "skills", "career_path", "salary_table", "apply", "faq"} <= kinds
    assert articles == {"a", "an"}


# --- bad documents: every problem, with its line ---------------------------------------------


def test_every_problem_of_a_document_is_reported_with_its_line():
    bad = (
        GOOD.replace("| Intern | — | — | $6,000-$9,000/mo |", "| Intern | — | $6,000-$9,000/mo |")
        .replace("$100,000–$130,000", "$130,000–$100,000")
        .replace("$200,000+", "lots")
        .replace("No.\n", "")
    )
    assert only_errors(bad) == [
        "doc.txt:14: this table row has 3 cells but the header has 4",
        "doc.txt:15: The base salary minimum (130,000) is above its maximum (100,000).",
        'doc.txt:16: "lots" in the "Base Salary" column is not a figure',
        'doc.txt:21: the question "Is SQL enough?" has no answer',
    ]


def test_missing_title():
    errors = only_errors(GOOD.split("\n", 1)[1])
    assert errors[0].startswith("doc.txt:1: missing title")


def test_title_without_year():
    errors = only_errors(GOOD.replace("Internships 2026", "Internships"))
    assert errors == ['doc.txt:1: the title has no year: "<Role> Jobs & Internships <year>"']


def test_empty_document():
    assert only_errors("") == ["doc.txt:1: the document is empty"]
    assert only_errors("\n  \n") == ["doc.txt:1: the document is empty"]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("- ✓SQL", "SQL is nice", 'doc.txt:6: expected a skill item "- ✓ …", found "SQL is nice"'),
        ("- ✓SQL", "- ✓", "doc.txt:6: empty skill item"),
        ("Intern → Data", "Intern → → Data", "doc.txt:11: step 2 of the career ladder is empty"),
        (
            "$6,000-$9,000/mo",
            "$6,000.50/mo",
            'doc.txt:14: "$6,000.50" in the "Intern Monthly" column is not a whole number',
        ),
        (
            "$100,000–$130,000",
            "€100,000–$130,000",
            "doc.txt:12: the salary table mixes currencies: USD (line 14), EUR (line 15)",
        ),
        (
            "$100,000–$130,000",
            "$100,000/mo",
            'doc.txt:15: the "Base Salary" column is per year, but "$100,000/mo" is a monthly figure',
        ),
        (
            "| Staff (8+ yrs) | $200,000+ | +40% | - |",
            "| Staff (8+ yrs) | — | — | — |",
            'doc.txt:16: the level "Staff" has no figures',
        ),
        (
            "Total Comp (with equity)",
            "Vibes",
            'doc.txt:12: unknown salary table column "Vibes"; expected Level, Base Salary, Total Comp (with equity) and/or Intern Monthly',
        ),
        (
            "Do I need Spark?",
            "Is SQL enough?",
            "doc.txt:23: this question repeats the question at line 21",
        ),
        (
            "Salary data sourced from Glassdoor. 2026 estimates.",
            "Salary data sourced from Glassdoor. 1999 estimates.",
            "doc.txt:17: the estimates year 1999 is not between 2000 and 2100",
        ),
        (
            "Data engineers build pipelines.",
            "Data engineers \x00 pipelines.",
            "doc.txt:2: contains the control character U+0000",
        ),
    ],
)
def test_specific_problems(old, new, message):
    assert old in GOOD
    assert message in only_errors(GOOD.replace(old, new))


def test_second_faq_section_is_an_error():
    text = GOOD + "Data Engineer — Frequently Asked Questions\nWhy?\nBecause.\n"
    assert (
        "doc.txt:25: a second FAQ section (the first is at line 20); a page has only one"
        in only_errors(text)
    )


def test_problem_str_is_file_line_message():
    assert str(Problem("a.txt", 7, "broken")) == "a.txt:7: broken"


def test_limits_mirror_the_blocks():
    """The parser refuses what the blocks would refuse, so errors keep their line numbers."""

    def max_length(block):
        return block.field.max_length

    stream = blocks.RoleStreamBlock()
    assert max_length(stream.child_blocks["skills"].child_blocks["items"].child_block) == MAX_SKILL
    assert (
        max_length(stream.child_blocks["career_path"].child_blocks["steps"].child_block) == MAX_STEP
    )
    row = stream.child_blocks["salary_table"].child_blocks["rows"].child_block
    assert max_length(row.child_blocks["level"]) == MAX_LEVEL
    assert max_length(row.child_blocks["uplift_note"]) == MAX_UPLIFT_NOTE
    table = stream.child_blocks["salary_table"]
    assert max_length(table.child_blocks["source_note"]) == MAX_SOURCE_NOTE
    assert max_length(table.child_blocks["heading"]) == MAX_HEADING
    faq_item = stream.child_blocks["faq"].child_blocks["items"].child_block
    assert max_length(faq_item.child_blocks["question"]) == MAX_QUESTION
    assert max_length(stream.child_blocks["apply"].child_blocks["button_label"]) == (
        MAX_BUTTON_LABEL
    )
    assert RolePage._meta.get_field("role_name").max_length == MAX_ROLE_NAME
    assert RolePage._meta.get_field("title").max_length == MAX_TITLE


@pytest.mark.parametrize("module", [parse, document, headings, salary_table, cells, lines])
def test_parser_modules_are_pure(module):
    source = Path(module.__file__).read_text()
    assert "django" not in source and "careers.models" not in source and "wagtail" not in source
