"""The salary and site facts every path shares: bounds, the source line, currency, site defaults."""

import pytest

from careers.chart import nice_step
from careers.facts.salary import (
    DEFAULT_CURRENCY,
    bounds,
    currency_problem,
    figure_writer,
    format_amount,
    format_money_range,
    level_bounds,
    source_line,
)
from careers.facts.site import (
    DEFAULT_APPLY_TEXT,
    DEFAULT_ORGANISATION_NAME,
    apply_text_template,
    fill_apply_text,
    organisation_name,
)
from careers.models import CareersSettings


def test_the_default_currency_is_what_unmarked_figures_are_written_in():
    assert DEFAULT_CURRENCY == "USD"
    assert format_amount(125000) == "$125,000"
    assert format_money_range(1, 2) == format_money_range(1, 2, DEFAULT_CURRENCY)


def test_bounds_skip_absent_figures():
    assert bounds([None, 5, 3, None, 9]) == (3, 9)
    assert bounds([None, None]) == (None, None)
    assert bounds([]) == (None, None)


def test_level_bounds_span_every_level_of_one_kind_of_pay():
    rows = [
        {"base_min": None, "base_max": None, "intern_monthly_min": 7000},
        {"base_min": 110000, "base_max": 150000},
        {"base_min": 300000, "base_max": None},
    ]
    assert level_bounds(rows) == (110000, 300000)
    assert level_bounds(rows, "intern_monthly") == (7000, 7000)
    assert level_bounds([{"level": "Intern"}]) == (None, None)


@pytest.mark.parametrize(
    ("source", "year", "line"),
    [
        ("Levels.fyi", 2026, "Salary data sourced from Levels.fyi. 2026 estimates."),
        (" Glassdoor ", None, "Salary data sourced from Glassdoor."),
        ("", 2026, "2026 estimates."),
        (None, None, ""),
    ],
)
def test_the_source_line_reads_the_same_on_the_page_and_in_the_export(source, year, line):
    assert source_line(source, year) == line


def test_a_currency_code_is_refused_with_one_wording():
    assert currency_problem("EUR") is None
    assert currency_problem("EURO") == (
        '"EURO" is not an ISO 4217 currency code (e.g. USD, EUR, GBP).'
    )
    assert currency_problem("") == (
        '"(blank)" is not an ISO 4217 currency code (e.g. USD, EUR, GBP).'
    )


def test_range_figures_are_quoted_as_money_only_when_they_are_money():
    assert figure_writer("base", "GBP")(90000) == "\u00a390,000"
    assert figure_writer("intern_monthly", "USD")(8000) == "$8,000"
    assert figure_writer("uplift", "USD")(40) == "40"
    assert figure_writer("base", "XYZ")(90000) == "90,000"  # not a currency: plain digits


@pytest.mark.parametrize(
    ("span", "step"), [(226000, 100000), (30000, 10000), (9, 5), (0, 1), (1, 1), (2, 1)]
)
def test_one_nice_step_for_both_charts_is_never_zero(span, step):
    assert nice_step(span) == step


def test_compare_asks_the_same_nice_step_for_finer_multiples():
    assert nice_step(110000, 5, (1, 2, 2.5, 5)) == 25000
    assert nice_step(110000, 5) == 50000


class Settings:
    def __init__(self, organisation_name="", default_apply_text=""):
        self.organisation_name = organisation_name
        self.default_apply_text = default_apply_text


def test_without_settings_the_site_names_itself_as_the_live_site_does():
    assert organisation_name(None) == DEFAULT_ORGANISATION_NAME == "PropelGrad"
    assert organisation_name(Settings("  ")) == "PropelGrad"
    assert organisation_name(Settings(" Acme ")) == "Acme"
    assert apply_text_template(None) == DEFAULT_APPLY_TEXT
    assert apply_text_template(Settings(default_apply_text="Ask {organisation}.")) == (
        "Ask {organisation}."
    )


def test_the_apply_text_fills_in_both_names():
    assert fill_apply_text(DEFAULT_APPLY_TEXT, "PropelGrad", "Data Engineer") == (
        "Submit your profile and a PropelGrad recruiter will help you land an interview for "
        "Data Engineer internships and entry-level positions at top companies."
    )


def test_the_settings_model_defaults_are_the_site_facts():
    field = CareersSettings._meta.get_field
    assert field("organisation_name").get_default() == DEFAULT_ORGANISATION_NAME
    assert field("default_apply_text").get_default() == DEFAULT_APPLY_TEXT
