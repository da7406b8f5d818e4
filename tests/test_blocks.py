"""Each block renders semantic HTML, reads stored data into its value class, and rejects bad
values on the right field."""

import json
import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError

from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.rich_text import RichText

import pytest
from bs4 import BeautifulSoup

from careers.api.schema import READ, WRITE, BlockSchemaBuilder
from careers.blocks import (
    ApplyBlock,
    ApplyValue,
    CareerPathBlock,
    CareerPathValue,
    DayInTheLifeBlock,
    FaqBlock,
    OverviewBlock,
    RoleStreamBlock,
    RoleStreamBlockAdapter,
    SalaryRowBlock,
    SalaryRowBlockAdapter,
    SalaryRowValue,
    SalaryTableBlock,
    SalaryTableValue,
    SkillsBlock,
    TextBlock,
    TextValue,
)
from careers.facts.salary import KIND_RANGES, STANDARD_LEVELS, row_kind, row_summary
from careers.facts.sections import REQUIRED_SECTIONS, STANDARD_SECTIONS
from careers.testing.blocks import (
    faq,
    salary_row,
    salary_table,
    section,
    section_index,
    seed_salary_rows,
)
from careers.testing.factories import sample_body


class FakePage:
    role_name = "Applied ML Engineer"
    apply_url = "/careers/applied-ml-engineer/apply/"


def render(block, raw, **context):
    value = block.to_python(raw)
    html = block.render(value, context={"page": FakePage(), **context})
    return BeautifulSoup(html, "html.parser")


def test_overview_renders_generated_heading_with_correct_article():
    soup = render(OverviewBlock(), {"heading": "", "body": "<p>Ships models.</p>"})
    assert soup.h2.text == "What Does an Applied ML Engineer Do?"
    assert soup.find("p").text == "Ships models."


def test_editor_heading_override_wins():
    soup = render(OverviewBlock(), {"heading": "What you will do", "body": "<p>x</p>"})
    assert soup.h2.text == "What you will do"


def test_day_in_the_life_heading():
    soup = render(DayInTheLifeBlock(), {"heading": "", "body": "<p>Coffee.</p>"})
    assert soup.h2.text == "A Day in the Life of an Applied ML Engineer"


def test_skills_render_as_a_list():
    soup = render(SkillsBlock(), {"heading": "", "items": ["SQL", "Python"]})
    assert [li.text for li in soup.select("ul li")] == ["SQL", "Python"]


def test_career_path_renders_an_ordered_list():
    soup = render(CareerPathBlock(), {"heading": "", "steps": ["Intern", "Engineer I"]})
    assert [li.text for li in soup.select("ol li")] == ["Intern", "Engineer I"]


def test_salary_table_is_a_real_table_with_formatted_figures():
    soup = render(SalaryTableBlock(), salary_table())
    table = soup.find("table")
    assert table.caption.text == "Salary by level (USD, 2026 estimates)"
    assert [th.get("scope") for th in table.thead.find_all("th")] == ["col"] * 4
    rows = [[c.text for c in tr.find_all(["th", "td"])] for tr in table.tbody.find_all("tr")]
    assert rows[0] == ["Intern", "—", "—", "$8,000–$13,000/mo"]
    assert rows[1] == [
        "Entry-Level (0–2 yrs)",
        "$125,000–$180,000",
        "+20–40% in equity/bonus",
        "—",
    ]
    assert all(tr.th["scope"] == "row" for tr in table.tbody.find_all("tr"))
    assert "Levels.fyi" in soup.find(class_="source-note").text


def test_open_ended_years_render_as_plus():
    raw = salary_table(rows=[salary_row("Staff", years=(8, None), base=(300000, None))])
    soup = render(SalaryTableBlock(), raw)
    assert soup.tbody.th.text == "Staff (8+ yrs)"
    assert soup.tbody.find("td").text == "$300,000+"


def test_apply_uses_site_default_text_and_links_to_the_form():
    class Settings:
        organisation_name = "PropelGrad"
        default_apply_text = "Talk to a {organisation} recruiter about {role} roles."

    soup = render(
        ApplyBlock(),
        {"heading": "", "text": "", "button_label": "Apply now"},
        careers_settings=Settings(),
    )
    assert soup.h2.text == "Apply for Applied ML Engineer Roles"
    assert soup.find("p").text == "Talk to a PropelGrad recruiter about Applied ML Engineer roles."
    assert soup.find("a")["href"] == "/careers/applied-ml-engineer/apply/"


def test_faq_renders_questions_as_subheadings():
    soup = render(
        FaqBlock(),
        {"heading": "", "items": [{"question": "Why?", "answer": "<p>Because.</p>"}]},
    )
    assert soup.h2.text == "Applied ML Engineer — Frequently Asked Questions"
    assert soup.h3.text == "Why?"


def test_text_block_uses_its_own_heading():
    soup = render(TextBlock(), {"heading": "Where they work", "body": "<p>Everywhere.</p>"})
    assert soup.h2.text == "Where they work"


def test_every_block_has_icon_label_description_and_preview():
    for name, block in RoleStreamBlock().child_blocks.items():
        assert block.meta.icon and block.meta.icon != "placeholder", name
        assert block.label, name
        assert block.meta.description, name
        assert block.meta.preview_value, name
        # The preview must itself render.
        assert block.render(block.get_preview_value(), context={}), name


# --- one class per block: to_python gives the value class, clean refuses on the right field ---


def row_errors(raw_row):
    block = SalaryRowBlock()
    with pytest.raises(StructBlockValidationError) as exc:
        block.clean(block.to_python(raw_row))
    return {name: err.messages[0] for name, err in exc.value.block_errors.items()}


ENTRY_LEVEL = salary_row(
    "Entry-Level",
    years=(0, 2),
    base=(125000, 180000),
    uplift=(20, 40),
    uplift_note="in equity/bonus",
)


class TestSalaryRowBlockToPython:
    def test_a_stored_row_gives_a_salary_row_value_with_its_derived_values(self):
        value = SalaryRowBlock().to_python(ENTRY_LEVEL)
        assert isinstance(value, SalaryRowValue)
        assert value.level_display == "Entry-Level (0–2 yrs)"
        assert value.level_meaning == "entry"
        assert value.has_base
        assert not value.has_intern_pay

    def test_figures_a_stored_row_leaves_out_are_none(self):
        value = SalaryRowBlock().to_python(salary_row("Intern", intern_monthly=(8000, 13000)))
        assert value["base_min"] is None and value["years_max"] is None
        assert value.has_intern_pay
        assert not value.has_base
        assert value.level_meaning == "intern"


class TestSalaryRowBlockClean:
    def test_a_valid_row_is_returned_as_its_value(self):
        block = SalaryRowBlock()
        value = block.clean(block.to_python(ENTRY_LEVEL))
        assert isinstance(value, SalaryRowValue)
        assert (value["base_min"], value["base_max"]) == (125000, 180000)

    def test_an_inverted_base_range_is_refused_naming_the_field(self):
        errors = row_errors(salary_row("Senior", base=(200000, 100000)))
        assert errors == {
            "base_min": "The base salary minimum (200,000) is above its maximum (100,000)."
        }

    @pytest.mark.parametrize("prefix", ["years", "uplift", "intern_monthly"])
    def test_every_inverted_range_is_refused_on_its_minimum(self, prefix):
        # A base salary too, so the row has figures whichever range is inverted.
        row = {"level": "Senior", "base_min": 100000, f"{prefix}_min": 50, f"{prefix}_max": 10}
        errors = row_errors(row)
        assert list(errors) == [f"{prefix}_min"]
        assert "is above its maximum" in errors[f"{prefix}_min"]

    def test_an_equal_minimum_and_maximum_is_accepted(self):
        block = SalaryRowBlock()
        value = block.clean(block.to_python(salary_row("Entry", base=(50000, 50000))))
        assert value["base_min"] == value["base_max"] == 50000

    def test_a_negative_figure_is_refused_on_that_field(self):
        errors = row_errors(salary_row("Senior", base=(-5, 100000)))
        assert "base_min" in errors
        assert "greater than or equal to 0" in errors["base_min"]

    def test_a_row_without_figures_is_refused(self):
        errors = row_errors(salary_row("Senior", years=(3, None)))
        assert errors == {
            "base_min": "This level has no figures: give a base salary, an uplift or intern pay."
        }


class TestSalaryTableBlockToPython:
    def test_a_stored_table_gives_a_salary_table_value_of_row_values(self):
        value = SalaryTableBlock().to_python(salary_table())
        assert isinstance(value, SalaryTableValue)
        assert all(isinstance(row, SalaryRowValue) for row in value["rows"])
        assert value.caption == "Salary by level (USD, 2026 estimates)"

    def test_the_value_derives_its_summary_from_the_typed_numbers(self):
        value = SalaryTableBlock().to_python(salary_table())
        assert value.base_bounds == (125000, 351000)
        assert value.base_range_display == "$125,000–$351,000"
        assert value.has_intern_row

    def test_each_row_is_formatted_in_the_table_currency(self):
        value = SalaryTableBlock().to_python(salary_table(rows=[ENTRY_LEVEL]))
        [row] = value.formatted_rows
        assert (row.level, row.base, row.total_comp, row.intern_monthly) == (
            "Entry-Level (0–2 yrs)",
            "$125,000–$180,000",
            "+20–40% in equity/bonus",
            "—",
        )

    def test_a_blank_currency_reads_as_usd_and_no_year_leaves_the_caption_plain(self):
        value = SalaryTableBlock().to_python(salary_table(currency="", as_of_year=None))
        assert value.currency == "USD"
        assert value.caption == "Salary by level (USD)"

    def test_a_table_without_base_salaries_has_no_bounds(self):
        value = SalaryTableBlock().to_python(
            salary_table(rows=[salary_row("Senior", uplift=(10, 20))])
        )
        assert value.base_bounds == (None, None)
        assert not value.has_intern_row


class TestSalaryTableBlockClean:
    def test_an_unknown_currency_is_refused_on_the_currency_field(self):
        block = SalaryTableBlock()
        with pytest.raises(StructBlockValidationError) as exc:
            block.clean(block.to_python(salary_table(currency="DOL")))
        assert list(exc.value.block_errors) == ["currency"]
        assert "not an ISO 4217 currency code" in exc.value.block_errors["currency"].messages[0]

    def test_a_lowercase_currency_is_normalised(self):
        block = SalaryTableBlock()
        value = block.clean(block.to_python(salary_table(currency="eur")))
        assert value["currency"] == "EUR"

    def test_a_row_error_is_reported_on_that_row_of_the_table(self):
        block = SalaryTableBlock()
        rows = seed_salary_rows()
        rows[2]["base_min"] = 999999  # Mid-Level, above its maximum
        with pytest.raises(StructBlockValidationError) as exc:
            block.clean(block.to_python(salary_table(rows=rows)))
        list_errors = exc.value.block_errors["rows"].block_errors
        assert list(list_errors) == [2]
        assert "base_min" in list_errors[2].block_errors


class TestFaqBlockToPython:
    def test_a_stored_faq_gives_questions_with_rich_text_answers(self):
        value = FaqBlock().to_python(faq(("Why?", "<p>Because.</p>")))
        [item] = value["items"]
        assert item["question"] == "Why?"
        assert isinstance(item["answer"], RichText)
        assert item["answer"].source == "<p>Because.</p>"


class TestFaqBlockClean:
    def test_a_repeated_question_is_refused_on_the_repeat(self):
        block = FaqBlock()
        raw = faq(("Is it hard?", "<p>Yes.</p>"), ("is it  hard?", "<p>No.</p>"))
        with pytest.raises(StructBlockValidationError) as exc:
            block.clean(block.to_python(raw))
        assert list(exc.value.block_errors["items"].block_errors) == [1]

    def test_distinct_questions_are_accepted(self):
        block = FaqBlock()
        value = block.clean(block.to_python(faq(("Why?", "<p>A.</p>"), ("How?", "<p>B.</p>"))))
        assert [item["question"] for item in value["items"]] == ["Why?", "How?"]


class TestSkillsBlockClean:
    def test_skills_need_at_least_one_item(self):
        block = SkillsBlock()
        with pytest.raises(ValidationError):
            block.clean(block.to_python({"heading": "", "items": []}))


class TestSectionValuesFromToPython:
    def test_a_blank_heading_is_generated_with_the_right_article(self):
        value = OverviewBlock().to_python({"heading": "", "body": "<p>x</p>"})
        assert value.display_heading("SRE") == "What Does an SRE Do?"

    def test_a_text_section_keeps_its_own_heading(self):
        value = TextBlock().to_python({"heading": "Where", "body": "<p>x</p>"})
        assert isinstance(value, TextValue)
        assert value.display_heading("SRE") == "Where"

    def test_the_career_path_knows_what_each_step_means(self):
        value = CareerPathBlock().to_python(
            {"heading": "", "steps": ["Data Engineer Intern", "Data Engineer I", "Senior DE"]}
        )
        assert isinstance(value, CareerPathValue)
        assert value.step_meanings == [
            ("Data Engineer Intern", "intern"),
            ("Data Engineer I", "entry"),
            ("Senior DE", "senior"),
        ]

    def test_apply_text_written_by_the_editor_wins_over_the_default(self):
        block = ApplyBlock()
        written = block.to_python({"heading": "", "text": "Write to us.", "button_label": "Go"})
        blank = block.to_python({"heading": "", "text": "", "button_label": "Go"})
        assert isinstance(written, ApplyValue)
        assert written.display_text("SRE") == "Write to us."
        assert "SRE" in blank.display_text("SRE")


class TestRoleStreamBlock:
    def test_a_stored_body_keeps_its_block_order_and_value_classes(self):
        stream = RoleStreamBlock().to_python(
            [{"type": name, "value": value} for name, value in sample_body()]
        )
        assert [child.block_type for child in stream] == [name for name, _ in sample_body()]
        assert isinstance(
            stream[section_index(sample_body(), "salary_table")].value, SalaryTableValue
        )

    def test_only_one_salary_table_is_allowed(self):
        stream = RoleStreamBlock()
        body = sample_body()
        body.append(("salary_table", section(body, "salary_table")))
        with pytest.raises(ValidationError) as exc:
            stream.clean(stream.to_python([{"type": t, "value": v} for t, v in body]))
        messages = " ".join(str(e) for e in exc.value.non_block_errors.as_data())
        assert "Salary table" in messages


class TestSalaryTableSourceLine:
    def test_source_and_year_print_as_one_sentence(self):
        soup = render(SalaryTableBlock(), salary_table(source_note="Glassdoor", as_of_year=2026))
        assert soup.find(class_="source-note").text == (
            "Salary data sourced from Glassdoor. 2026 estimates."
        )

    def test_a_year_alone_prints_as_estimates(self):
        soup = render(SalaryTableBlock(), salary_table(source_note="", as_of_year=2026))
        assert soup.find(class_="source-note").text == "2026 estimates."

    def test_neither_prints_no_note(self):
        soup = render(SalaryTableBlock(), salary_table(source_note="", as_of_year=None))
        assert soup.find(class_="source-note") is None


class TestApplyWithoutSiteSettings:
    def test_the_default_text_names_the_site_as_the_live_site_does(self):
        soup = render(ApplyBlock(), {"heading": "", "text": "", "button_label": "Apply now"})
        assert soup.find("p").text == (
            "Submit your profile and a PropelGrad recruiter will help you land an interview for "
            "Applied ML Engineer internships and entry-level positions at top companies."
        )


# --- salary row kinds, the row's form layout and its one-line summary (#16) -------------------


class TestSalaryRowKind:
    def test_a_row_stored_before_kinds_reads_its_kind_from_its_level(self):
        block = SalaryRowBlock()
        assert block.to_python(salary_row("Intern", intern_monthly=(1, 2)))["kind"] == "intern"
        assert block.to_python(salary_row("Data Engineering Intern"))["kind"] == "intern"
        assert block.to_python(ENTRY_LEVEL)["kind"] == "level"
        # The same when a whole table is read at once (ListBlock's bulk_to_python).
        table = SalaryTableBlock().to_python(salary_table(rows=seed_salary_rows()))
        assert [row["kind"] for row in table["rows"]] == ["intern", "level", "level", "level"]

    def test_a_stored_kind_wins_over_the_level(self):
        row = {**salary_row("Summer placement", intern_monthly=(1, 2)), "kind": "intern"}
        assert SalaryRowBlock().to_python(row)["kind"] == "intern"
        intern_named_level = {**salary_row("Intern", base=(1, 2)), "kind": "level"}
        assert SalaryRowBlock().to_python(intern_named_level)["kind"] == "level"

    def test_the_kind_is_stored_and_in_the_api_after_the_level(self):
        block = SalaryRowBlock()
        value = block.to_python(salary_row("Intern", intern_monthly=(8000, 13000)))
        assert block.get_prep_value(value)["kind"] == "intern"
        representation = block.get_api_representation(value)
        assert list(representation)[:2] == ["level", "kind"]
        assert representation["kind"] == "intern"

    def test_an_unknown_kind_is_refused_on_the_kind_field(self):
        errors = row_errors({**ENTRY_LEVEL, "kind": "contractor"})
        assert list(errors) == ["kind"]
        assert "contractor is not one of the available choices" in errors["kind"]

    def test_a_form_posted_without_a_kind_reads_as_the_stored_row(self):
        # A page opened in the admin before kinds existed submits none.
        block = SalaryRowBlock()
        data = {"row-level": "Intern", "row-intern_monthly_min": "7000"}
        assert block.value_from_datadict(data, {}, "row")["kind"] == "intern"
        data["row-kind"] = "level"
        assert block.value_from_datadict(data, {}, "row")["kind"] == "level"

    def test_the_api_schema_lists_the_kinds(self):
        for direction in (READ, WRITE):
            builder = BlockSchemaBuilder(direction, "#/$defs/")
            builder.schema_for(RoleStreamBlock())
            suffix = "" if direction == READ else "Input"
            kind = builder.defs[f"SalaryRowBlockValue{suffix}"]["properties"]["kind"]
            assert (kind["type"], kind["enum"]) == ("string", ["level", "intern"])

    def test_row_kind_is_the_one_rule(self):
        assert row_kind({"level": "Intern"}) == "intern"
        assert row_kind({"level": "Intern", "kind": None}) == "intern"
        assert row_kind({"level": "Senior", "kind": "intern"}) == "intern"
        assert row_kind({"level": "Senior"}) == "level"


class TestSalaryRowFormLayout:
    def test_fields_are_grouped_by_range_after_the_level_and_kind(self):
        layout = SalaryRowBlock().meta.form_layout
        assert layout.children[:2] == ["level", "kind"]
        groups = {group.heading: group for group in layout.children[2:]}
        assert {heading: group.children for heading, group in groups.items()} == {
            "Experience": ["years_min", "years_max"],
            "Base salary": ["base_min", "base_max"],
            "Total comp uplift": ["uplift_min", "uplift_max", "uplift_note"],
            "Intern pay": ["intern_monthly_min", "intern_monthly_max"],
        }
        # Each group names its range, which is how the admin hides the ones a kind doesn't use.
        assert [group.attrs["data-salary-range"] for group in groups.values()] == [
            "years",
            "base",
            "uplift",
            "intern_monthly",
        ]
        assert {prefix for prefixes in KIND_RANGES.values() for prefix in prefixes} == {
            group.attrs["data-salary-range"] for group in groups.values()
        }

    def test_the_admin_gets_the_rules_from_the_server_and_loads_the_script(self):
        name, _children, meta = SalaryRowBlockAdapter().js_args(SalaryRowBlock())
        assert meta["kindRanges"] == KIND_RANGES
        assert meta["currencySymbols"]["EUR"] == "\u20ac"
        assert meta["labelFormat"] == "{level}"
        assert "careers/admin/role-body.js" in str(SalaryRowBlockAdapter().media)

    def test_the_stream_tells_the_admin_which_sections_it_cannot_lose(self):
        _name, _groups, _states, meta = RoleStreamBlockAdapter().js_args(RoleStreamBlock())
        assert meta["requiredSections"] == list(REQUIRED_SECTIONS)
        assert meta["requiredSections"] == ["overview", "skills", "salary_table", "apply"]


ROW_SUMMARIES = [
    (ENTRY_LEVEL, "USD", "Entry-Level (0\u20132 yrs) \u00b7 $125,000\u2013$180,000"),
    (
        salary_row("Intern", intern_monthly=(8000, 13000)),
        "USD",
        "Intern \u00b7 $8,000\u2013$13,000/mo",
    ),
    (
        salary_row("Senior", years=(8, None), base=(300000, None)),
        "EUR",
        "Senior (8+ yrs) \u00b7 \u20ac300,000+",
    ),
    (salary_row("Staff", base=(None, 90000)), "chf", "Staff \u00b7 up to CHF\u00a090,000"),
    (salary_row("Mid-Level", base=(150000, 150000)), "", "Mid-Level \u00b7 $150,000"),
    (salary_row("Mid-Level", uplift=(10, 20)), "USD", "Mid-Level"),
    ({"level": "Intern", "kind": "intern", "base_min": 5}, "USD", "Intern"),
    ({"level": "", "kind": "level"}, "USD", ""),
]


class TestRowSummary:
    @pytest.mark.parametrize(("row", "currency", "summary"), ROW_SUMMARIES)
    def test_a_row_reads_like_the_table(self, row, currency, summary):
        assert row_summary(row, currency) == summary

    @pytest.mark.skipif(shutil.which("node") is None, reason="needs node to run the admin script")
    def test_the_admin_script_labels_rows_exactly_as_row_summary(self):
        script = Path(settings.BASE_DIR, "static/careers/admin/role-body.js").read_text()
        _name, _children, meta = SalaryRowBlockAdapter().js_args(SalaryRowBlock())
        keys = ("internKind", "currencySymbols", "defaultCurrency", "separator")
        meta = {key: meta[key] for key in keys}
        cases = []
        for row, currency, _summary in ROW_SUMMARIES:
            # As the form holds them: strings, blanks for absent figures, the kind chosen.
            form = {
                name: "" if row.get(name) is None else str(row[name])
                for name in SalaryRowBlock().child_blocks
            }
            form["kind"] = row_kind(row)
            cases.append([form, currency])
        program = (
            "globalThis.window = globalThis;\n"
            f"{script}\n"
            f"const meta = {json.dumps(meta)};\n"
            f"const cases = {json.dumps(cases)};\n"
            "console.log(JSON.stringify(cases.map(([row, currency]) =>"
            " window.careersRoleBody.rowSummary(row, currency, meta))));\n"
        )
        result = subprocess.run(
            ["node", "-e", program], capture_output=True, text=True, timeout=30, check=True
        )
        assert json.loads(result.stdout) == [summary for _row, _currency, summary in ROW_SUMMARIES]


# --- what a new section and a new page start with (#16) -------------------------------------


class TestNewSectionDefaults:
    def test_list_sections_start_with_one_empty_item(self):
        assert list(SkillsBlock().get_default()["items"]) == [None]
        assert list(CareerPathBlock().get_default()["steps"]) == [None]
        (question,) = FaqBlock().get_default()["items"]
        assert not question["question"] and not question["answer"].source

    def test_a_new_salary_table_has_the_standard_levels_labelled_and_blank(self):
        table = SalaryTableBlock().get_default()
        assert [row["level"] for row in table["rows"]] == list(STANDARD_LEVELS)
        assert [row["kind"] for row in table["rows"]] == ["intern", "level", "level", "level"]
        for row in table["rows"]:
            assert all(row[name] is None for name in SalaryRowBlock.FIGURES)
        assert table["currency"] == "USD"

    def test_a_new_row_added_to_a_table_is_a_level(self):
        row = SalaryRowBlock().get_default()
        assert (row["level"], row["kind"]) == (None, "level")

    def test_a_new_page_value_has_each_standard_section_once_in_reading_order(self):
        body = RoleStreamBlock().new_page_value()
        assert [child.block_type for child in body] == list(STANDARD_SECTIONS)
        assert list(STANDARD_SECTIONS) == [
            "overview",
            "skills",
            "day_in_the_life",
            "career_path",
            "salary_table",
            "apply",
            "faq",
        ]
        assert len({child.id for child in body}) == len(STANDARD_SECTIONS)

    def test_a_stored_body_is_not_filled_in(self):
        # Only the admin's new page starts whole: reading stored data adds nothing.
        stored = [{"type": "skills", "value": {"heading": "", "items": []}}]
        (skills,) = RoleStreamBlock().to_python(stored)
        assert list(skills.value["items"]) == []


class TestSalaryRowDraft:
    def test_a_blank_row_waits_for_figures_in_a_draft_but_not_in_a_publish(self):
        # "Save draft" in the admin defers what only publishing needs (Wagtail's deferred
        # validation); the API, the importer and "Publish" clean as before.
        block = SalaryTableBlock()
        table = block.get_default()
        assert block.clean_deferred(table)["rows"][0]["level"] == "Intern"
        with pytest.raises(StructBlockValidationError):
            block.clean(table)

    def test_an_inverted_range_is_refused_in_a_draft_too(self):
        block = SalaryRowBlock()
        with pytest.raises(StructBlockValidationError) as exc:
            block.clean_deferred(block.to_python(salary_row("Senior", base=(200000, 100000))))
        assert list(exc.value.block_errors) == ["base_min"]


class TestSalaryRowKindSearch:
    def test_the_kinds_form_words_are_not_searched(self):
        # Search indexes the body: "An internship (monthly pay)" is the form's, not the page's.
        block = SalaryRowBlock()
        content = block.get_searchable_content(block.to_python(salary_row("Intern")))
        assert not any("monthly pay" in text or text == "intern" for text in content)
        assert "Intern" in content


class TestSalaryRowWithoutFigures:
    def test_an_internship_without_figures_is_told_on_its_intern_pay(self):
        # The admin hides an intern row's base salary: the error goes where the editor looks.
        errors = row_errors(salary_row("Intern"))
        assert errors == {
            "intern_monthly_min": (
                "This level has no figures: give a base salary, an uplift or intern pay."
            )
        }
