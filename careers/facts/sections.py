"""The role page's sections: block names, labels, which are single and which are required.

Pure: no Django, no I/O. One vocabulary read by the blocks (labels, ``block_counts``), the
text-format parser (section hints, one-per-page rule, messages), the content checks (labels,
required sections) and search (snippet labels). A section's name is its block name in
``RoleStreamBlock``: the API contract, and the ``{hint}`` the text format accepts.
"""

from __future__ import annotations

from dataclasses import dataclass

from careers.facts.language import GENERATED_HEADINGS


@dataclass(frozen=True)
class SectionKind:
    """One kind of role-page section and every way the project refers to it."""

    name: str
    # The editor's name for it: the block's label in the admin and in content-check messages.
    label: str
    # How a sentence names it: "a second salary table section", "the FAQ section is empty".
    in_sentence: str
    # What a visitor sees beside a search snippet from it; blank when search shows none.
    search_label: str = ""
    # At most one per page (the stream's block_counts, the parser's "a second …" error).
    single: bool = False
    # A page without it is not published (the content checks' "section-missing" error).
    required: bool = False
    # Its content is one rich-text body (so its words are the body's plain text).
    rich_text: bool = False
    # A new page opens with it, empty, in this order (the admin's "Add child page").
    standard: bool = True


SECTIONS: tuple[SectionKind, ...] = (
    SectionKind(
        "overview",
        "What the role does",
        "overview",
        search_label="What the role does",
        required=True,
        rich_text=True,
    ),
    SectionKind("skills", "Required skills", "skills", search_label="Skills", required=True),
    SectionKind(
        "day_in_the_life",
        "A day in the life",
        "day in the life",
        search_label="A day in the life",
        rich_text=True,
    ),
    SectionKind(
        "career_path", "Career path", "career path", search_label="Career path", single=True
    ),
    SectionKind("salary_table", "Salary table", "salary table", single=True, required=True),
    SectionKind("apply", "Apply call to action", "apply", single=True, required=True),
    SectionKind("faq", "FAQ", "FAQ", search_label="FAQ", single=True),
    SectionKind(
        "text",
        "Text section",
        "text",
        search_label="More about the role",
        rich_text=True,
        standard=False,
    ),
)

SECTIONS_BY_NAME = {section.name: section for section in SECTIONS}
# In page order: the order of RoleStreamBlock's children and of the parser's hint list.
SECTION_NAMES = tuple(section.name for section in SECTIONS)
SECTION_LABELS = {section.name: section.label for section in SECTIONS}
SINGLE_SECTIONS = frozenset(section.name for section in SECTIONS if section.single)
REQUIRED_SECTIONS = tuple(section.name for section in SECTIONS if section.required)
STANDARD_SECTIONS = tuple(section.name for section in SECTIONS if section.standard)
RICH_TEXT_SECTIONS = tuple(section.name for section in SECTIONS if section.rich_text)
SEARCH_LABELS = {section.name: section.search_label for section in SECTIONS if section.search_label}
# The stream block's limits, in the shape Wagtail's StreamBlock Meta.block_counts takes.
BLOCK_COUNTS = {name: {"max_num": 1} for name in SECTION_NAMES if name in SINGLE_SECTIONS}


def section_label(name: str) -> str:
    """The editor's label for a section, or its name for a block type the vocabulary lacks."""
    section = SECTIONS_BY_NAME.get(name)
    return section.label if section else name


def in_sentence(name: str) -> str:
    """How a sentence names the section ("day in the life"), or its name if unknown."""
    section = SECTIONS_BY_NAME.get(name)
    return section.in_sentence if section else name


def generated_heading(name: str, role_name: str) -> str:
    """The heading shown when the editor leaves it blank; "" for a section that has none."""
    generate = GENERATED_HEADINGS.get(name)
    return generate(role_name) if generate else ""
