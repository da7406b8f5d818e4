"""The section vocabulary: one list of sections that the blocks, parser, checks and search read."""

import pytest

from careers.blocks import RoleStreamBlock
from careers.facts.language import GENERATED_HEADINGS
from careers.facts.sections import (
    BLOCK_COUNTS,
    REQUIRED_SECTIONS,
    RICH_TEXT_SECTIONS,
    SEARCH_LABELS,
    SECTION_LABELS,
    SECTION_NAMES,
    SECTIONS_BY_NAME,
    SINGLE_SECTIONS,
    generated_heading,
    in_sentence,
    section_label,
)
from careers.pipeline.parse import parse_document


def test_the_names_are_the_stream_blocks_children_in_order():
    assert tuple(RoleStreamBlock().child_blocks) == SECTION_NAMES


def test_each_block_is_labelled_from_the_vocabulary():
    stream = RoleStreamBlock()
    assert {name: block.label for name, block in stream.child_blocks.items()} == SECTION_LABELS


def test_single_sections_are_the_stream_blocks_block_counts():
    assert RoleStreamBlock().meta.block_counts == BLOCK_COUNTS
    assert set(BLOCK_COUNTS) == SINGLE_SECTIONS == {"career_path", "salary_table", "apply", "faq"}


def test_required_and_rich_text_sections():
    assert REQUIRED_SECTIONS == ("overview", "skills", "salary_table", "apply")
    assert RICH_TEXT_SECTIONS == ("overview", "day_in_the_life", "text")


def test_every_section_but_text_has_a_generated_heading():
    assert set(GENERATED_HEADINGS) == set(SECTION_NAMES) - {"text"}
    assert generated_heading("overview", "SRE") == "What Does an SRE Do?"
    assert generated_heading("text", "SRE") == ""


def test_unknown_names_fall_back_to_the_name():
    assert section_label("salary_table") == "Salary table"
    assert section_label("video") == "video"
    assert in_sentence("day_in_the_life") == "day in the life"
    assert in_sentence("video") == "video"


def test_search_labels_name_only_the_sections_search_reads():
    assert SEARCH_LABELS == {
        "overview": "What the role does",
        "skills": "Skills",
        "day_in_the_life": "A day in the life",
        "career_path": "Career path",
        "faq": "FAQ",
        "text": "More about the role",
    }


@pytest.mark.parametrize("name", sorted(SINGLE_SECTIONS))
def test_the_parser_refuses_a_second_single_section(name):
    heading = f"## Again {{{name}}}"
    text = (
        "Data Engineer Jobs & Internships 2026\nIntro.\n"
        f"## First {{{name}}}\n{_content(name)}\n{heading}\n{_content(name)}\n"
    )
    errors = [str(problem) for problem in parse_document(text, "a.txt").errors]
    wanted = f"a second {SECTIONS_BY_NAME[name].in_sentence} section"
    assert any(wanted in error for error in errors), errors


def test_the_parser_lists_the_vocabulary_for_an_unknown_hint():
    text = "Data Engineer Jobs & Internships 2026\nIntro.\n## Video {video}\nSome text.\n"
    errors = [problem.message for problem in parse_document(text, "a.txt").errors]
    assert f"use one of {', '.join(SECTION_NAMES)}" in errors[0]


def _content(name: str) -> str:
    return {
        "career_path": "Intern → Engineer",
        "salary_table": "| Level | Base Salary |\n|---|---|\n| Junior | $100,000 |",
        "apply": "Send us your CV.",
        "faq": "Is it fun?\nYes.",
    }[name]
