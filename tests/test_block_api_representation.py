"""Each block's get_api_representation: the JSON the v2, v3 and preview APIs give for it."""

from wagtail import blocks

import pytest

from careers.blocks import (
    RICH_TEXT_FEATURES,
    APIRichTextBlock,
    FaqBlock,
    OverviewBlock,
    RoleStreamBlock,
    SalaryRowBlock,
    SalaryTableBlock,
    SkillsBlock,
)
from careers.testing.blocks import faq, salary_row, salary_table

LINK = '<p>See <a linktype="page" id="{id}">the role</a>.</p>'


def test_rich_text_is_display_html_with_links_resolved_by_default(db, role_page):
    block = APIRichTextBlock(features=RICH_TEXT_FEATURES)
    value = block.to_python(LINK.format(id=role_page.id))
    assert block.get_api_representation(value) == (
        f'<p>See <a href="{role_page.url}">the role</a>.</p>'
    )


@pytest.mark.parametrize(
    ("rich_text_format", "expected"),
    [
        ("html", "<p>Ships <b>models</b>.</p>"),
        ("db_html", "<p>Ships <b>models</b>.</p>"),
        ("markdown", "Ships **models**."),
    ],
)
def test_rich_text_format_comes_from_the_context(rich_text_format, expected):
    block = APIRichTextBlock(features=RICH_TEXT_FEATURES)
    value = block.to_python("<p>Ships <b>models</b>.</p>")
    representation = block.get_api_representation(
        value, context={"rich_text_format": rich_text_format}
    )
    assert representation.strip() == expected


def test_rich_text_db_html_keeps_the_stored_link(db, role_page):
    block = APIRichTextBlock(features=RICH_TEXT_FEATURES)
    source = LINK.format(id=role_page.id)
    value = block.to_python(source)
    assert block.get_api_representation(value, context={"rich_text_format": "db_html"}) == source


def test_missing_rich_text_is_an_empty_string():
    assert APIRichTextBlock().get_api_representation(None) == ""


def test_rich_text_schema_is_a_string_of_html_null_when_optional():
    assert APIRichTextBlock(features=["bold"]).api_schema() == {
        "type": "string",
        "contentMediaType": "text/html",
        "x-rich-text-features": ["bold"],
    }
    assert APIRichTextBlock(required=False).api_schema()["type"] == ["string", "null"]


def test_rich_text_block_deconstructs_as_wagtails_so_migrations_never_name_it():
    path, _, kwargs = APIRichTextBlock(features=["bold"]).deconstruct()
    assert path == "wagtail.blocks.RichTextBlock"
    assert kwargs == {"features": ["bold"]}


def test_section_lists_every_field_in_definition_order():
    block = OverviewBlock()
    # Built in memory from a dict without a heading, as a value may be before it is saved.
    value = block.normalize({"body": "<p>Hi.</p>"})
    representation = block.get_api_representation(value)
    assert list(representation) == ["heading", "body"]
    assert representation == {"heading": None, "body": "<p>Hi.</p>"}


def test_skills_are_a_list_of_strings():
    block = SkillsBlock()
    value = block.to_python({"heading": "", "items": ["SQL", "Python"]})
    assert block.get_api_representation(value) == {"heading": "", "items": ["SQL", "Python"]}


def test_salary_row_figures_are_numbers_or_null():
    block = SalaryRowBlock()
    value = block.to_python(salary_row("Intern", intern_monthly=(8000, 13000)))
    representation = block.get_api_representation(value)
    assert list(representation) == list(block.child_blocks)
    assert representation["intern_monthly_min"] == 8000
    assert representation["base_min"] is None
    assert representation["uplift_note"] == "in equity/bonus"  # the field's default


def test_salary_table_keeps_its_typed_rows():
    block = SalaryTableBlock()
    value = block.to_python(salary_table([salary_row("Senior", base=(200000, 250000))]))
    representation = block.get_api_representation(value)
    assert representation["currency"] == "USD"
    assert representation["as_of_year"] == 2026
    assert [(row["level"], row["base_min"], row["base_max"]) for row in representation["rows"]] == [
        ("Senior", 200000, 250000)
    ]


def test_faq_answers_follow_the_context_format():
    block = FaqBlock()
    value = block.to_python(faq(("Why?", "<p>Because <i>data</i>.</p>")))
    representation = block.get_api_representation(value, context={"rich_text_format": "markdown"})
    assert representation["items"][0]["question"] == "Why?"
    assert representation["items"][0]["answer"].strip() == "Because *data*."


def test_stream_items_are_type_id_value_in_that_order():
    block = RoleStreamBlock()
    value = block.to_python(
        [{"type": "skills", "id": "a1", "value": {"heading": "", "items": ["SQL"]}}]
    )
    assert block.get_api_representation(value) == [
        {"type": "skills", "id": "a1", "value": {"heading": "", "items": ["SQL"]}}
    ]
    assert list(block.get_api_representation(value)[0]) == ["type", "id", "value"]
    # Wagtail's own order, which clients of this API have never been given:
    assert list(blocks.StreamBlock.get_api_representation(block, value)[0]) == [
        "type",
        "value",
        "id",
    ]


def test_an_empty_stream_is_an_empty_list():
    assert RoleStreamBlock().get_api_representation(None) == []
