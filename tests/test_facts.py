"""The facts: articles (possessive and plural forms too), money, years and level meanings."""

from io import StringIO
from pathlib import Path

from django.core.management import call_command

import pytest

from careers.editorial import checks
from careers.facts.language import (
    find_article_mistakes,
    heading_day_in_the_life,
    heading_faq,
    heading_overview,
    with_article,
)
from careers.facts.salary import (
    format_money_range,
    format_percent_range,
    format_years,
    is_currency_code,
    level_meaning,
)
from careers.models import RolePage


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("Applied ML Engineer", "an Applied ML Engineer"),
        ("Data Engineer", "a Data Engineer"),
        ("SRE", "an SRE"),
        ("ML Engineer", "an ML Engineer"),
        ("UX Researcher", "a UX Researcher"),
        ("Unity Developer", "a Unity Developer"),
        ("Hour-long Interview", "an Hour-long Interview"),
        ("Honest Broker", "an Honest Broker"),
        ("Engineer", "an Engineer"),
        ("European Sales Lead", "a European Sales Lead"),
        ("Undergraduate Researcher", "an Undergraduate Researcher"),
        ("iOS Developer", "an iOS Developer"),
        ("FPGA Engineer", "an FPGA Engineer"),
        ("NLP Scientist", "an NLP Scientist"),
        ("HR Partner", "an HR Partner"),
        ("Backend Engineer", "a Backend Engineer"),
        ("One-off Contractor", "a One-off Contractor"),
        ("User Researcher", "a User Researcher"),
        ("8-week Internship", "an 8-week Internship"),
        ("18-month Fellowship", "an 18-month Fellowship"),
        ("3D Artist", "a 3D Artist"),
        ("QA Engineer", "a QA Engineer"),
        ("AI Engineer", "an AI Engineer"),
        ("Operations Analyst", "an Operations Analyst"),
    ],
)
def test_with_article_picks_the_article_by_sound(phrase, expected):
    assert with_article(phrase) == expected


def test_with_article_capitalises_at_sentence_start():
    assert with_article("Applied ML Engineer", capitalize=True) == "An Applied ML Engineer"


def test_generated_headings_use_the_right_article():
    assert heading_overview("Applied ML Engineer") == "What Does an Applied ML Engineer Do?"
    assert heading_day_in_the_life("Data Engineer") == "A Day in the Life of a Data Engineer"
    assert heading_faq("SRE") == "SRE — Frequently Asked Questions"


def test_find_article_mistakes_reports_each_wrong_article():
    found = find_article_mistakes("What Does a Applied ML Engineer Do? Ask an Data team.")
    assert [(m.found, m.expected) for m in found] == [
        ("a Applied", "an Applied"),
        ("an Data", "a Data"),
    ]


def test_find_article_mistakes_accepts_correct_text():
    assert find_article_mistakes("An SRE is a UX-minded engineer, an hour a day.") == []


@pytest.mark.parametrize(
    "text",
    [
        "an SRE's time",
        "an SRE",
        "an SRE\u2019s time",
        "the SREs' rota and an SREs' guild",
        "an MLOps engineer's week",
        "an MLOps engineer",
        "an Applied ML Engineer's day",
        "a UX team's research",
        "a URL's path",
        "an hour's work",
        "a NASA engineer's badge",
        "an 18's birthday",
    ],
)
def test_possessive_and_plural_endings_do_not_change_the_article(text):
    assert find_article_mistakes(text) == []


@pytest.mark.parametrize(
    ("text", "found", "expected"),
    [
        ("a SRE's time", "a SRE's", "an SRE's"),
        ("a SREs' rota", "a SREs'", "an SREs'"),
        ("a MLOps engineer", "a MLOps", "an MLOps"),
        ("a Applied ML Engineer's day", "a Applied", "an Applied"),
        ("an UX team's research", "an UX", "a UX"),
    ],
)
def test_wrong_articles_before_possessives_and_plurals_are_still_found(text, found, expected):
    assert [(m.found, m.expected) for m in find_article_mistakes(text)] == [(found, expected)]


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("SRE's Handbook", "an SRE's Handbook"),
        ("SREs", "an SREs"),
        ("MLOps Engineer", "an MLOps Engineer"),
        ("LLMs", "an LLMs"),
        ("SQLite Expert", "an SQLite Expert"),
        ("UIs", "a UIs"),
    ],
)
def test_with_article_reads_acronyms_with_endings_letter_by_letter(phrase, expected):
    assert with_article(phrase) == expected


@pytest.mark.parametrize(
    ("low", "high", "currency", "suffix", "expected"),
    [
        (125000, 180000, "USD", "", "$125,000–$180,000"),
        (8000, 13000, "USD", "/mo", "$8,000–$13,000/mo"),
        (300000, None, "USD", "", "$300,000+"),
        (None, 90000, "USD", "", "up to $90,000"),
        (None, None, "USD", "", "—"),
        (50000, 50000, "EUR", "", "€50,000"),
        (90000, 120000, "CHF", "", "CHF\u00a090,000–CHF\u00a0120,000"),
    ],
)
def test_format_money_range(low, high, currency, suffix, expected):
    assert format_money_range(low, high, currency, suffix) == expected


def test_format_percent_range():
    assert format_percent_range(20, 40, "in equity/bonus") == "+20–40% in equity/bonus"
    assert format_percent_range(None, None, "in equity/bonus") == "—"


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [(0, 2, "0–2 yrs"), (8, None, "8+ yrs"), (None, 2, "up to 2 yrs"), (None, None, "")],
)
def test_format_years(low, high, expected):
    assert format_years(low, high) == expected


@pytest.mark.parametrize(
    ("label", "meaning"),
    [
        ("Applied ML Intern", "intern"),
        ("Entry-Level", "entry"),
        ("Applied ML Engineer I", "entry"),
        ("Applied ML Engineer II", "mid"),
        ("Mid-Level", "mid"),
        ("Senior Applied ML Engineer", "senior"),
        ("Staff Applied ML Engineer", "staff"),
        ("Principal Engineer", "principal"),
        ("Engineer", None),
    ],
)
def test_level_meaning(label, meaning):
    assert level_meaning(label) == meaning


def test_currency_codes():
    assert is_currency_code("USD")
    assert not is_currency_code("usd")
    assert not is_currency_code("DOL")
    assert not is_currency_code("")


DEMO_ROLES = Path(__file__).resolve().parents[1] / "demo" / "roles"


def test_the_demo_roles_raise_no_article_warning(careers_index):
    call_command("import_roles", str(DEMO_ROLES), stdout=StringIO(), stderr=StringIO())
    pages = list(RolePage.objects.all())
    assert len(pages) == len(list(DEMO_ROLES.glob("*.txt")))
    warnings = [
        (page.slug, finding.quote)
        for page in pages
        for finding in checks.check_page(page.get_latest_revision_as_object(), current_year=2026)
        if finding.code == "article"
    ]
    assert warnings == []
