"""careers.blockerrors: Wagtail's nested block validation errors to value paths and back."""

from django.core.exceptions import ValidationError

from wagtail import blocks
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

import pytest

from careers import blockerrors
from careers.blocks import RoleStreamBlock
from careers.testing.blocks import section_index, seed_salary_rows, with_section
from tests.support import seed


class RowBlock(blocks.StructBlock):
    level = blocks.CharBlock()
    base_min = blocks.IntegerBlock(required=False, max_value=10)


class TableBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False)
    rows = blocks.ListBlock(RowBlock(), min_num=1)
    notes = blocks.RichTextBlock(required=False)


class BodyBlock(blocks.StreamBlock):
    table = TableBlock()
    asides = blocks.StreamBlock([("note", blocks.CharBlock())])


def body(*children):
    return BodyBlock().to_python([{"type": kind, "value": value} for kind, value in children])


TABLE = {
    "heading": "",
    "rows": [{"level": "Junior", "base_min": 5}, {"level": "", "base_min": 11}],
    "notes": "<p>x</p>",
}


def clean_error(value) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        BodyBlock().clean(value)
    return caught.value


# --- flatten ---------------------------------------------------------------------------


def test_flatten_a_plain_error_keeps_its_messages_on_the_path():
    error = ValidationError(["First.", "Second."])
    assert blockerrors.flatten(error) == [((), "First."), ((), "Second.")]
    assert blockerrors.flatten(error, ("body", 2)) == [
        (("body", 2), "First."),
        (("body", 2), "Second."),
    ]


def test_flatten_a_cleaned_stream_names_struct_list_and_field():
    error = clean_error(body(("table", TABLE)))
    assert blockerrors.flatten(error) == [
        ((0, "value", "rows", 1, "level"), "This field is required."),
        (
            (0, "value", "rows", 1, "base_min"),
            "Ensure this value is less than or equal to 10.",
        ),
    ]


def test_flatten_a_nested_stream_inserts_value_after_each_stream_index():
    error = clean_error(
        body(
            ("table", TABLE | {"rows": [{"level": "A"}]}),
            ("asides", [{"type": "note", "value": ""}]),
        )
    )
    assert blockerrors.flatten(error) == [
        ((1, "value", 0, "value"), "This field is required."),
    ]


def test_flatten_puts_children_first_then_the_block_own_messages():
    error = StreamBlockValidationError(
        block_errors={
            3: StructBlockValidationError(block_errors={"heading": ValidationError("Bad.")}),
            1: ListBlockValidationError(
                block_errors={0: ValidationError("Item.")}, non_block_errors=["Too few."]
            ),
        },
        non_block_errors=[ValidationError(["Missing a section.", "Too many FAQs."])],
    )
    assert blockerrors.flatten(error) == [
        ((1, "value", 0), "Item."),
        ((1, "value"), "Too few."),
        ((3, "value", "heading"), "Bad."),
        ((), "Missing a section."),
        ((), "Too many FAQs."),
    ]


def role_body(pairs):
    return RoleStreamBlock().to_python([{"type": name, "value": value} for name, value in pairs])


def test_flatten_an_inverted_salary_range_from_the_role_blocks():
    rows = seed_salary_rows()
    rows[1]["base_min"], rows[1]["base_max"] = rows[1]["base_max"], rows[1]["base_min"]
    pairs = with_section(seed.seed_body(), "salary_table", rows=rows)
    with pytest.raises(ValidationError) as caught:
        RoleStreamBlock().clean(role_body(pairs))
    index = section_index(pairs, "salary_table")
    paths = [path for path, _ in blockerrors.flatten(caught.value)]
    assert paths == [(index, "value", "rows", 1, "base_min")]


# --- pointers --------------------------------------------------------------------------


def test_to_pointer_joins_keys_with_slashes():
    assert blockerrors.to_pointer(("body", 4, "value", "rows", 1, "base_min")) == (
        "body/4/value/rows/1/base_min"
    )
    assert blockerrors.to_pointer(()) == ""


def test_from_pointer_reads_indexes_back_as_numbers():
    assert blockerrors.from_pointer("body/4/value/rows/1/base_min") == (
        "body",
        4,
        "value",
        "rows",
        1,
        "base_min",
    )
    assert blockerrors.from_pointer("") == ()
    assert blockerrors.from_pointer("body/\u0663") == (
        "body",
        "\u0663",
    )  # an Arabic digit is a name


def test_split_stream_path_separates_the_child_index():
    assert blockerrors.split_stream_path((4, "value", "rows", 1)) == (4, ("rows", 1))
    assert blockerrors.split_stream_path((4, "rows", 1)) == (4, ("rows", 1))
    assert blockerrors.split_stream_path((4,)) == (4, ())
    assert blockerrors.split_stream_path(()) == (None, ())
    assert blockerrors.split_stream_path(("intro",)) == (None, ())


# --- unflatten -------------------------------------------------------------------------


def test_unflatten_nests_messages_into_wagtail_errors():
    value = body(("table", TABLE), ("asides", [{"type": "note", "value": "x"}]))
    error = blockerrors.unflatten(
        BodyBlock(),
        value,
        [
            ((0, "value", "rows", 1, "base_min"), "Too high."),
            ((0, "value", "heading"), "No heading."),
            ((1, "value", 0, "value"), "Empty note."),
            ((0,), "Whole block."),
            ((), "Missing a section."),
        ],
    )
    assert isinstance(error, StreamBlockValidationError)
    assert error.as_json_data() == {
        "messages": ["Missing a section."],
        "blockErrors": {
            0: {
                "messages": ["Whole block."],
                "blockErrors": {
                    "rows": {
                        "blockErrors": {
                            1: {"blockErrors": {"base_min": {"messages": ["Too high."]}}}
                        }
                    },
                    "heading": {"messages": ["No heading."]},
                },
            },
            1: {"blockErrors": {0: {"messages": ["Empty note."]}}},
        },
    }


def test_unflatten_then_flatten_gives_the_pairs_back():
    value = body(("table", TABLE), ("asides", [{"type": "note", "value": "x"}]))
    pairs = [
        ((0, "value", "rows", 1, "level"), "Required."),
        ((0, "value", "rows", 1, "base_min"), "Too high."),
        ((0, "value", "rows"), "Too few rows."),
        ((1, "value", 0, "value"), "Empty note."),
        ((), "Missing a section."),
    ]
    assert blockerrors.flatten(blockerrors.unflatten(BodyBlock(), value, pairs)) == pairs


def test_flatten_then_unflatten_rebuilds_the_cleaned_error():
    value = body(("table", TABLE))
    error = clean_error(value)
    rebuilt = blockerrors.unflatten(BodyBlock(), value, blockerrors.flatten(error))
    assert rebuilt.as_json_data() == error.as_json_data()


def test_unflatten_puts_a_path_past_a_field_on_the_field():
    value = body(("table", TABLE))
    error = blockerrors.unflatten(BodyBlock(), value, [((0, "value", "notes", "p", 0), "Run-on.")])
    assert error.as_json_data() == {
        "blockErrors": {0: {"blockErrors": {"notes": {"messages": ["Run-on."]}}}}
    }


def test_unflatten_puts_an_unknown_name_or_index_on_the_nearest_block():
    value = body(("table", TABLE))
    error = blockerrors.unflatten(
        BodyBlock(),
        value,
        [((0, "value", "colour"), "No such field."), ((7, "value", "heading"), "No such block.")],
    )
    assert error.as_json_data() == {
        "messages": ["No such block."],
        "blockErrors": {0: {"messages": ["No such field."]}},
    }


def test_unflatten_with_no_errors_is_an_empty_stream_error():
    error = blockerrors.unflatten(BodyBlock(), body(), [])
    assert isinstance(error, StreamBlockValidationError)
    assert error.as_json_data() == {}


def test_unflatten_a_role_body_from_a_checks_pointer():
    pairs = seed.seed_body()
    index = section_index(pairs, "salary_table")
    pointer = f"body/{index}/value/rows/1/base_min"
    error = blockerrors.unflatten(
        RoleStreamBlock(), role_body(pairs), [(blockerrors.from_pointer(pointer)[1:], "Too high.")]
    )
    assert blockerrors.flatten(error, ("body",)) == [
        (blockerrors.from_pointer(pointer), "Too high.")
    ]
