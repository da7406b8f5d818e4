"""Each block renders semantic HTML from typed values and rejects bad values on the right field."""

from django.core.exceptions import ValidationError

from wagtail.blocks.struct_block import StructBlockValidationError

import pytest
from bs4 import BeautifulSoup

from careers.blocks import (
    ApplyBlock,
    CareerPathBlock,
    DayInTheLifeBlock,
    FaqBlock,
    OverviewBlock,
    RoleStreamBlock,
    SalaryRowBlock,
    SalaryTableBlock,
    SkillsBlock,
    TextBlock,
)
from careers.testing.factories import sample_body


class FakePage:
    role_name = "Applied ML Engineer"
    apply_url = "/careers/applied-ml-engineer/apply/"


def render(block, raw, **context):
    value = block.to_python(raw)
    html = block.render(value, context={"page": FakePage(), **context})
    return BeautifulSoup(html, "html.parser")


def table_value(**overrides):
    raw = dict(sample_body()[4][1])
    raw.update(overrides)
    return raw


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
    soup = render(SalaryTableBlock(), table_value())
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


def test_salary_table_value_derives_summary_from_typed_numbers():
    value = SalaryTableBlock().to_python(table_value())
    assert value.base_bounds == (125000, 351000)
    assert value.base_range_display == "$125,000–$351,000"
    assert value.has_intern_row


def test_open_ended_years_render_as_plus():
    raw = table_value(rows=[{"level": "Staff", "years_min": 8, "base_min": 300000}])
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


def row_errors(raw_row):
    block = SalaryRowBlock()
    with pytest.raises(StructBlockValidationError) as exc:
        block.clean(block.to_python(raw_row))
    return {name: err.messages[0] for name, err in exc.value.block_errors.items()}


def test_salary_minimum_above_maximum_is_rejected_on_that_field():
    errors = row_errors({"level": "Senior", "base_min": 200000, "base_max": 100000})
    assert errors == {
        "base_min": "The base salary minimum (200,000) is above its maximum (100,000)."
    }


def test_negative_figure_is_rejected_on_that_field():
    errors = row_errors({"level": "Senior", "base_min": -5, "base_max": 100000})
    assert "base_min" in errors
    assert "greater than or equal to 0" in errors["base_min"]


def test_row_without_figures_is_rejected():
    errors = row_errors({"level": "Senior", "years_min": 3})
    assert errors == {
        "base_min": "This level has no figures: give a base salary, an uplift or intern pay."
    }


def test_invalid_currency_is_rejected_on_the_currency_field():
    block = SalaryTableBlock()
    with pytest.raises(StructBlockValidationError) as exc:
        block.clean(block.to_python(table_value(currency="DOL")))
    assert list(exc.value.block_errors) == ["currency"]
    assert "not an ISO 4217 currency code" in exc.value.block_errors["currency"].messages[0]


def test_lowercase_currency_is_normalised():
    block = SalaryTableBlock()
    value = block.clean(block.to_python(table_value(currency="eur")))
    assert value["currency"] == "EUR"


def test_row_error_is_reported_on_that_row_of_the_table():
    block = SalaryTableBlock()
    rows = table_value()["rows"]
    rows[2] = {**rows[2], "base_min": 999999}
    with pytest.raises(StructBlockValidationError) as exc:
        block.clean(block.to_python(table_value(rows=rows)))
    list_errors = exc.value.block_errors["rows"].block_errors
    assert list(list_errors) == [2]
    assert "base_min" in list_errors[2].block_errors


def test_duplicate_faq_question_is_rejected_on_the_repeat():
    block = FaqBlock()
    raw = {
        "heading": "",
        "items": [
            {"question": "Is it hard?", "answer": "<p>Yes.</p>"},
            {"question": "is it  hard?", "answer": "<p>No.</p>"},
        ],
    }
    with pytest.raises(StructBlockValidationError) as exc:
        block.clean(block.to_python(raw))
    assert list(exc.value.block_errors["items"].block_errors) == [1]


def test_skills_need_at_least_one_item():
    block = SkillsBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"heading": "", "items": []}))


def test_stream_allows_only_one_salary_table():
    stream = RoleStreamBlock()
    body = sample_body()
    body.append(body[4])
    with pytest.raises(ValidationError) as exc:
        stream.clean(stream.to_python([{"type": t, "value": v} for t, v in body]))
    messages = " ".join(str(e) for e in exc.value.non_block_errors.as_data())
    assert "Salary table" in messages
