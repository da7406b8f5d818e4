"""Block validation errors in the editor's words: which section, which row, which field.

Wagtail's errors say "Validation error in StreamBlock" and "Ensure this value is greater than
or equal to 0."; editors need "Salary table, Entry-Level (0–2 yrs): the base salary minimum
can't be negative (-5,000)." The panel's findings and the save banner both word errors here,
so they say the same thing. The location is read off the block definitions (labels) and the
value as posted (a salary row is named by its level), so it follows the blocks as they change.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MinValueValidator

from wagtail import blocks

from careers.blockerrors import Path, child_value, steps
from careers.facts.salary import SALARY_RANGES, level_display
from careers.facts.sections import section_label

# Joins a location's parts, and a location to its message, as the editors read them.
PART_SEP = ", "

# Django's own messages for the mistakes editors make in figure fields, reworded below.
_NEGATIVE = str(MinValueValidator.message) % {"limit_value": 0}
_NOT_WHOLE = str(forms.IntegerField.default_error_messages["invalid"])
_REQUIRED = str(forms.Field.default_error_messages["required"])
# Messages about a whole row that Wagtail has to hang on one of its fields.
_ROW_WORDS = ("this level", "this row")


def stream_child_label(stream_value, index: int) -> str:
    """A body block's label, numbered when the page has several of its kind ("Text section 2")."""
    children = list(stream_value or [])
    block_type = children[index].block_type
    same = [n for n, child in enumerate(children) if child.block_type == block_type]
    label = section_label(block_type)
    return f"{label} {same.index(index) + 1}" if len(same) > 1 else label


def as_int(raw: Any) -> int | None:
    """A figure as typed, if it is a whole number (posted figures arrive as text)."""
    if isinstance(raw, int):
        return raw
    try:
        return int(str(raw).strip())
    except (TypeError, ValueError):
        return None


def list_item_label(child_block: blocks.Block, item: Any, index: int) -> str:
    """How an editor names a list item: a salary row by its level, anything else by number."""
    if isinstance(child_block, blocks.StructBlock) and "level" in child_block.child_blocks:
        level = str(child_value(item, "level") or "").strip()
        if level:
            return level_display(
                level,
                as_int(child_value(item, "years_min")),
                as_int(child_value(item, "years_max")),
            )
        return f"Row {index + 1}"
    return f"{child_block.label or 'Item'} {index + 1}"


def describe(
    block: blocks.Block, value: Any, path: Path
) -> tuple[list[str], blocks.Block | None, str, Any]:
    """The parts of a location, and the field (block, name, value) the path ends on, if any.

    Containers (sections, rows, list items) become parts; the last field is returned apart
    so the message can name it instead of repeating it.
    """
    parts: list[str] = []
    field: blocks.Block | None = None
    name = ""
    for step in steps(block, value, path):
        value = step.value
        if isinstance(step.parent, blocks.StreamBlock):
            # The body's children are sections; a nested stream's are items (rows of a kind).
            label = (
                list_item_label(step.block, step.value, step.key)
                if parts
                else stream_child_label(step.parent_value, step.key)
            )
            parts.append(label)
            field = None
        elif isinstance(step.parent, blocks.StructBlock):
            name = str(step.key)
            field = step.block
            if step.rest and isinstance(
                step.block, blocks.ListBlock | blocks.StructBlock | blocks.StreamBlock
            ):
                field = None  # a container: its items name themselves
        else:
            parts.append(list_item_label(step.block, step.value, step.key))
            field = None
    return parts, field, name, value


def form_order(block: blocks.Block, value: Any, path: Path) -> tuple[int, ...]:
    """A sort key that puts paths in the order their fields appear in the editor's form."""
    return tuple(
        list(step.parent.child_blocks).index(step.key)
        if isinstance(step.parent, blocks.StructBlock)
        else step.key
        for step in steps(block, value, path)
    )


def _shown(raw: Any) -> str:
    number = as_int(raw)
    return f"{number:,}" if number is not None else str(raw)


def _names_field(message: str, label: str, name: str) -> bool:
    """Whether the message already says which field it is about (or that it is the row's)."""
    lowered = message.lower()
    prefix = name.rsplit("_", 1)[0] if name.endswith(("_min", "_max")) else ""
    return (
        (bool(label) and label.lower() in lowered)
        or (prefix in SALARY_RANGES and SALARY_RANGES[prefix] in lowered)
        or lowered.startswith(_ROW_WORDS)
        or (bool(name) and name.replace("_", " ") in lowered)
    )


def reword(message: str, label: str, raw: Any) -> str:
    """Django's generic field messages, said about the field by name."""
    what = label.lower() if label else "value"
    if message == _NEGATIVE:
        return f"The {what} can't be negative ({_shown(raw)})."
    if message == _NOT_WHOLE:
        return f'The {what} must be a whole number, not "{raw}".'
    if message == _REQUIRED:
        return f"The {what} is required."
    return message


def word_block_error(block: blocks.Block, value: Any, path: Path, message: str) -> tuple[str, str]:
    """(location, message) for one flattened block error: where it is, what is wrong."""
    parts, field, name, raw = describe(block, value, path)
    label = str(field.label or "") if field is not None else ""
    if field is not None and getattr(field, "required", False) and not str(raw or "").strip():
        # Whatever rule refused it, a required field left blank is best said as such.
        message = _REQUIRED
    worded = reword(message, label, raw)
    if field is not None and not _names_field(worded, label, name):
        parts.append(label)
    return PART_SEP.join(parts) or "Body", worded


def sentence(location: str, message: str) -> str:
    """ "Salary table, Senior (5–8 yrs): the base salary minimum can't be negative (-5)." """
    if not location:
        return message
    if len(message) > 1 and message[0].isupper() and message[1].islower():
        message = message[0].lower() + message[1:]
    return f"{location}: {message}"
