"""Each content check on typed content, without a database: what it finds, and where."""

import copy
from types import SimpleNamespace

import pytest

from careers.blocks import RoleStreamBlock
from careers.editorial import checks
from careers.facts.sections import REQUIRED_SECTIONS, SECTION_LABELS
from careers.testing.blocks import SEED_SALARY_ROWS, section_index
from careers.testing.factories import sample_body
from tests.support import seed

YEAR = 2026


def stream(pairs):
    return RoleStreamBlock().to_python([{"type": name, "value": value} for name, value in pairs])


def page(body=None, title=seed.TITLE, intro=seed.INTRO, role=seed.ROLE):
    pairs = seed.seed_body() if body is None else body
    return SimpleNamespace(title=title, role_name=role, intro=intro, year=YEAR, body=stream(pairs))


def run(p, live_by_id=None):
    return checks.run_checks(p, current_year=YEAR, live_by_id=live_by_id or {})


def codes(findings, level=None):
    return [f.code for f in findings if level is None or f.level == level]


def with_block(name, change, body=None):
    """The seed body with one block's value changed in place by ``change(value)``."""
    body = copy.deepcopy(body or seed.seed_body())
    for block_name, value in body:
        if block_name == name:
            change(value)
            break
    return body


# --- the seed -------------------------------------------------------------------------


def test_seed_page_has_no_errors_and_the_warnings_a_reviewer_would_raise():
    findings = run(page())
    assert checks.errors(findings) == []
    warnings = [(f.code, f.location, f.quote) for f in findings]
    assert (
        "article",
        "What the role does \u203a heading",
        "What Does a Applied ML Engineer Do?",
    ) in warnings
    assert ("article", "A day in the life \u203a heading", seed.DAY_HEADING) in warnings
    # The seed's ladder reaches Staff but its table stops at Senior.
    assert (
        "step-without-salary-row",
        "Career path \u203a step 5",
        "Staff Applied ML Engineer",
    ) in warnings
    assert len(findings) == 3


def test_sample_body_is_clean():
    p = page(
        sample_body("Data Engineer"),
        title="Data Engineer Jobs & Internships 2026",
        role="Data Engineer",
    )
    assert run(p) == []


# --- errors ----------------------------------------------------------------------------


def test_inverted_salary_range_is_an_error_on_that_figure():
    def invert(value):
        value["rows"][3]["base_min"], value["rows"][3]["base_max"] = 351000, 252000

    body = with_block("salary_table", invert)
    [finding] = checks.errors(run(page(body)))
    assert finding.code == "range-inverted"
    assert finding.location == "Salary table \u203a row 4 (Senior) \u203a base salary"
    assert finding.path == f"body/{section_index(body, 'salary_table')}/value/rows/3/base_min"
    assert finding.quote == "$351,000\u2013$252,000"
    assert "$351,000" in finding.message and "$252,000" in finding.message
    assert finding.field == "body"


@pytest.mark.parametrize("prefix", ["intern_monthly", "uplift", "years"])
def test_every_inverted_range_is_caught(prefix):
    def invert(value):
        value["rows"][1][f"{prefix}_min"], value["rows"][1][f"{prefix}_max"] = 50, 10

    findings = checks.errors(run(page(with_block("salary_table", invert))))
    assert [f.path.rsplit("/", 1)[1] for f in findings] == [f"{prefix}_min"]


def test_equal_minimum_and_maximum_is_fine():
    def same(value):
        value["rows"][1]["base_max"] = value["rows"][1]["base_min"]

    assert checks.errors(run(page(with_block("salary_table", same)))) == []


@pytest.mark.parametrize(
    ("currency", "code"), [("", "currency-missing"), ("DOL", "currency-invalid")]
)
def test_missing_or_unknown_currency_is_an_error(currency, code):
    def set_currency(value):
        value["currency"] = currency

    [finding] = checks.errors(run(page(with_block("salary_table", set_currency))))
    assert finding.code == code
    assert finding.location == "Salary table \u203a currency"
    assert finding.path.endswith("/value/currency")


def test_title_promising_internships_needs_an_intern_pay_row():
    def drop_intern(value):
        value["rows"] = value["rows"][1:]

    body = with_block("salary_table", drop_intern)
    [finding] = checks.errors(run(page(body)))
    assert finding.code == "internships-without-intern-pay"
    assert finding.path == "title" and finding.quote == seed.TITLE
    # Without the promise in the title, no intern row is needed.
    assert checks.errors(run(page(body, title="Applied ML Engineer Jobs 2026"))) == []


def test_title_promising_internships_with_no_salary_table_is_an_error_too():
    body = [pair for pair in seed.seed_body() if pair[0] != "salary_table"]
    assert "internships-without-intern-pay" in codes(run(page(body)), checks.ERROR)


@pytest.mark.parametrize("section", REQUIRED_SECTIONS)
def test_a_missing_required_section_is_an_error(section):
    body = [pair for pair in seed.seed_body() if pair[0] != section]
    missing = [f for f in run(page(body)) if f.code == "section-missing"]
    assert len(missing) == 1
    assert SECTION_LABELS[section] in missing[0].message
    assert missing[0].path == "body"


@pytest.mark.parametrize("section", ["day_in_the_life", "career_path", "faq"])
def test_optional_sections_may_be_left_out(section):
    body = [pair for pair in seed.seed_body() if pair[0] != section]
    assert checks.errors(run(page(body))) == []


@pytest.mark.parametrize(
    ("section", "empty"),
    [
        ("overview", {"body": "<p> </p>"}),
        ("skills", {"items": ["", "  "]}),
        ("salary_table", {"rows": []}),
        ("apply", {"button_label": ""}),
    ],
)
def test_an_empty_required_section_is_an_error_at_that_block(section, empty):
    body = with_block(section, lambda value: value.update(empty))
    index = next(i for i, (name, _) in enumerate(body) if name == section)
    empty_findings = [f for f in run(page(body)) if f.code == "section-empty"]
    assert [(f.level, f.path) for f in empty_findings] == [("error", f"body/{index}")]


def test_apply_with_blank_text_is_not_empty_it_uses_the_default():
    body = with_block("apply", lambda value: value.update(text=""))
    assert checks.errors(run(page(body))) == []


# --- warnings --------------------------------------------------------------------------


def test_wrong_articles_are_found_in_every_kind_of_text():
    def faq(value):
        value["items"][0]["answer"] = "<p>It is <b>an</b> <i>Data</i> job.</p>"

    body = with_block("faq", faq)
    body = with_block("skills", lambda v: v["items"].append("Being a Excel expert"), body)
    body = with_block(
        "overview",
        lambda v: v.update(body="<p>Work as a</p><p>Analyst first.</p>"),
        body,
    )
    p = page(body, intro="It is a ideal role.", title="A Applied ML Engineer Jobs 2026")
    found = {(f.location, f.quote) for f in run(p) if f.code == "article"}
    assert ("Intro", "It is a ideal role.") in found
    assert ("Title", "A Applied ML Engineer Jobs 2026") in found
    assert ("Required skills \u203a skill 9", "Being a Excel expert") in found
    assert ("FAQ \u203a question 1 \u203a answer", "It is an Data job.") in found
    # Tags are stripped but paragraphs still separate words.
    assert any(loc == "What the role does \u203a text" for loc, _ in found)
    messages = {f.message for f in run(p) if f.code == "article"}
    assert 'Write "a Data", not "an Data".' in messages


def test_correct_articles_and_generated_headings_raise_nothing():
    body = with_block("overview", lambda v: v.update(heading=""))
    body = with_block("day_in_the_life", lambda v: v.update(heading=""), body)
    assert "article" not in codes(run(page(body)))


def test_title_year_older_than_this_year_is_a_warning():
    p = page(title="Applied ML Engineer Jobs & Internships 2024")
    found = codes(run(p))
    assert "title-year-old" in found
    assert "title-year-mismatch" in found  # the table is for 2026


def test_title_year_different_from_the_salary_year():
    def later(value):
        value["as_of_year"] = 2027

    found = [f for f in run(page(with_block("salary_table", later))) if f.code.startswith("title")]
    assert [(f.code, f.level) for f in found] == [("title-year-mismatch", "warning")]
    assert "2027" in found[0].message


def test_ladder_and_table_are_matched_by_level_meaning_not_text():
    # "Applied ML Engineer I" matches "Entry-Level", "II" matches "Mid-Level".
    matched = [f for f in run(page()) if f.code.endswith("row") or f.code.endswith("step")]
    assert [f.quote for f in matched] == ["Staff Applied ML Engineer"]


def test_salary_row_without_a_step():
    def add_principal(value):
        value["rows"].append({"level": "Principal", "base_min": 400000, "base_max": 500000})

    body = with_block("salary_table", add_principal)
    [finding] = [f for f in run(page(body)) if f.code == "salary-row-without-step"]
    assert finding.location == "Salary table \u203a row 5 (Principal) \u203a level"
    assert finding.path.endswith("/rows/4/level")


def test_ladder_check_needs_both_blocks():
    body = [pair for pair in seed.seed_body() if pair[0] != "career_path"]
    assert not [f for f in run(page(body)) if "step" in f.code]


def test_duplicate_faq_questions_ignore_case_and_punctuation():
    def repeat(value):
        value["items"].append(
            {"question": "what industries hire Applied ML engineers most", "answer": "<p>x</p>"}
        )

    [finding] = [f for f in run(page(with_block("faq", repeat))) if f.code == "faq-duplicate"]
    assert finding.level == "warning"
    assert finding.message == "This question repeats question 1."
    assert finding.location == "FAQ \u203a question 6"


def test_internal_links_to_pages_that_are_not_live():
    def link(value):
        value["body"] = (
            '<p>See <a linktype="page" id="7">the data role</a> and '
            '<a linktype="page" id="8">gone</a> and <a linktype="page" id="9">fine</a>.</p>'
        )

    p = page(with_block("overview", link))
    assert checks.linked_page_ids(p) == {7, 8, 9}
    found = [f for f in run(p, live_by_id={7: False, 9: True}) if f.code == "link-not-live"]
    assert [f.quote for f in found] == ["the data role", "gone"]
    assert "not live" in found[0].message and "no longer exists" in found[1].message
    assert found[0].location == "What the role does \u203a text"


@pytest.mark.parametrize(
    "text",
    ["Work as a {role}.", "Hello {{ name }}", "TODO: write this", "Pay is TBD", "Lorem ipsum"],
)
def test_leftover_placeholders(text):
    [finding] = [f for f in run(page(intro=text)) if f.code == "placeholder"]
    assert finding.level == "warning" and finding.path == "intro"
    assert finding.quote == text


def test_ordinary_words_are_not_placeholders():
    p = page(intro="Keep a todo list; the {braces} in code samples are fine.")
    assert "placeholder" not in codes(run(p))


def test_errors_come_before_warnings():
    def broken(value):
        value["currency"] = ""

    levels = [f.level for f in run(page(with_block("salary_table", broken)))]
    assert levels == sorted(levels, key=lambda level: level != "error")
    assert levels[0] == "error" and "warning" in levels


def test_seed_document_matches_the_hand_built_page():
    if not seed.SEED_PATH.exists():
        pytest.skip(f"seed document not found at {seed.SEED_PATH}")
    text = seed.SEED_PATH.read_text(encoding="utf-8")
    assert seed.TITLE in text
    for heading in (seed.OVERVIEW_HEADING, seed.DAY_HEADING):
        assert heading in text
    assert " \u2192 ".join(seed.STEPS) in text
    for question in seed.FAQ_QUESTIONS:
        assert question in text
    for skill in seed.SKILLS:
        assert skill in text
    for row in SEED_SALARY_ROWS:
        for key in ("base_min", "base_max", "intern_monthly_min", "intern_monthly_max"):
            if row.get(key):
                assert f"${row[key]:,}" in text
