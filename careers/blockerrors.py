"""One mapping between Wagtail's nested block validation errors and the value paths they name.

A path is the list of keys leading to a value in a block's JSON data, the shape the API
reads and writes: a stream child is ``(index, "value")``, a struct field its name, a list
item its index. ``(4, "value", "rows", 1, "base_min")`` is the second salary row's base
minimum in the body's fifth block; as text (``to_pointer``) it is
``body/4/value/rows/1/base_min``. ``flatten`` turns Wagtail's error tree into
``(path, message)`` pairs and ``unflatten`` builds the tree back, so the API, the importer,
``push_roles`` and the editor panel all read and write errors the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError

from wagtail import blocks
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

Path = tuple[int | str, ...]

# The key under which a stream child's JSON holds its value, next to "type" and "id".
STREAM_VALUE = "value"

# Shown on a field the panel had no message of its own for.
SEE_PANEL = "See the content checks panel."


def flatten(error: ValidationError, path: Path = ()) -> list[tuple[Path, str]]:
    """Every message in a (nested) block validation error, with the path of its value.

    Children come first, in index (or field) order, then the block's own messages.
    """
    if isinstance(error, StreamBlockValidationError):
        children = [
            ((*path, index, STREAM_VALUE), child)
            for index, child in sorted(error.block_errors.items())
        ]
    elif isinstance(error, ListBlockValidationError):
        children = [((*path, index), child) for index, child in sorted(error.block_errors.items())]
    elif isinstance(error, StructBlockValidationError):
        children = [((*path, name), child) for name, child in error.block_errors.items()]
    else:
        return [(path, message) for message in error.messages]
    found = [pair for child_path, child in children for pair in flatten(child, child_path)]
    # as_data(), not iteration: iterating an ErrorList loses all but one message of each error.
    found += [
        (path, message) for own in error.non_block_errors.as_data() for message in own.messages
    ]
    return found


def to_pointer(path: Path) -> str:
    """A path as text: ``("body", 4, "value", "currency")`` → ``body/4/value/currency``."""
    return "/".join(str(key) for key in path)


def from_pointer(pointer: str) -> Path:
    """The inverse of ``to_pointer``: numeric keys become indexes again."""
    return tuple(
        int(key) if key.isascii() and key.isdigit() else key for key in pointer.split("/") if key
    )


def split_stream_path(path: Path) -> tuple[int | None, Path]:
    """A stream path's child index and the path inside that child's value (``None`` for the stream)."""
    if not path or not isinstance(path[0], int):
        return None, ()
    rest = path[1:]
    if rest[:1] == (STREAM_VALUE,):
        rest = rest[1:]
    return path[0], rest


def unflatten(
    block: blocks.Block, value: Any, errors: Iterable[tuple[Path, str]]
) -> ValidationError:
    """The error tree ``block.clean(value)`` would raise for these ``(path, message)`` pairs.

    ``value`` is needed to know each stream child's block type. A path reaching past a plain
    field (into rich text, say) or naming no child puts its message on the deepest block it
    does name, so every message is shown somewhere.
    """
    tree: dict = {}
    for path, message in errors:
        node = tree
        for key in _block_keys(block, value, path):
            node = node.setdefault(key, {})
        node.setdefault("", []).append(message)
    return _error_tree(block, value, tree)


def _block_keys(block: blocks.Block, value: Any, path: Path) -> list:
    """The leading keys of ``path`` that name child blocks, stream "value" steps left out."""
    return [step.key for step in steps(block, value, path)]


@dataclass(frozen=True)
class Step:
    """One child block a value path names: its key in its parent, the parent and the child."""

    key: int | str
    parent: blocks.Block
    parent_value: Any
    block: blocks.Block
    value: Any
    rest: Path


def steps(block: blocks.Block, value: Any, path: Path) -> Iterator[Step]:
    """The child blocks ``path`` names, outermost first, stopping where it names none.

    The one walk from a block and its value down a path: the error tree, the editor's
    wording of a location and the form's field order all follow it.
    """
    while path:
        if isinstance(block, blocks.StreamBlock):
            index, rest = split_stream_path(path)
            if index is None or not 0 <= index < len(value or []):
                return
            child = value[index]
            step = Step(index, block, value, child.block, child.value, rest)
        elif isinstance(block, blocks.StructBlock) and path[0] in block.child_blocks:
            name = path[0]
            step = Step(
                name, block, value, block.child_blocks[name], child_value(value, name), path[1:]
            )
        elif isinstance(block, blocks.ListBlock) and isinstance(path[0], int):
            step = Step(
                path[0], block, value, block.child_block, child_value(value, path[0]), path[1:]
            )
        else:
            return
        yield step
        block, value, path = step.block, step.value, step.rest


def child_value(value: Any, key: int | str) -> Any:
    """``value[key]``, or None where the value has no such child (a partial or odd value)."""
    try:
        return value[key]
    except (KeyError, IndexError, TypeError):
        return None


def _error_tree(block: blocks.Block, value: Any, tree: dict) -> ValidationError:
    messages = tree.get("", [])
    children = {key: subtree for key, subtree in tree.items() if key != ""}
    if isinstance(block, blocks.StreamBlock):
        return StreamBlockValidationError(
            block_errors={
                index: _error_tree(value[index].block, value[index].value, subtree)
                for index, subtree in children.items()
            },
            non_block_errors=messages,
        )
    if isinstance(block, blocks.StructBlock):
        return StructBlockValidationError(
            block_errors={
                name: _error_tree(block.child_blocks[name], child_value(value, name), subtree)
                for name, subtree in children.items()
            },
            non_block_errors=messages,
        )
    if isinstance(block, blocks.ListBlock):
        return ListBlockValidationError(
            block_errors={
                index: _error_tree(block.child_block, child_value(value, index), subtree)
                for index, subtree in children.items()
            },
            non_block_errors=messages,
        )
    return ValidationError(messages or [SEE_PANEL])
