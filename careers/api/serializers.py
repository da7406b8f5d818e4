"""Role pages as API JSON: one walker over the block definitions, shared by v2 and v3.

Every block value comes out in its stored shape (struct → object, list → array of plain
values, figures → JSON numbers or null) except rich text, which comes out as display HTML
with internal links resolved to page URLs. Callers serialise many pages inside
``rich_text_batch(pages)`` so every internal link in the whole response costs one query.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import contextmanager
from typing import Any

from wagtail import blocks
from wagtail.api.rich_text import APIRichText
from wagtail.rich_text import RichText, expand_db_html

from careers.richtext import prefetch_page_links

HTML = "html"


def rich_text_to_api(value, rich_text_format: str = HTML) -> str:
    source = value.source if isinstance(value, RichText) else (value or "")
    if rich_text_format == HTML:
        return expand_db_html(source)
    return APIRichText.serialize(source, format=rich_text_format)


def block_to_api(block: blocks.Block, value: Any, rich_text_format: str = HTML) -> Any:
    """The API JSON for one block value, following the block's definition."""
    if isinstance(block, blocks.RichTextBlock):
        return rich_text_to_api(value, rich_text_format)
    if isinstance(block, blocks.StructBlock):
        return {
            name: block_to_api(child, value.get(name), rich_text_format)
            for name, child in block.child_blocks.items()
        }
    if isinstance(block, blocks.ListBlock):
        return [block_to_api(block.child_block, item, rich_text_format) for item in value or []]
    if isinstance(block, blocks.StreamBlock):
        return stream_to_api(value, rich_text_format)
    return block.get_api_representation(value)


def stream_to_api(stream_value, rich_text_format: str = HTML) -> list[dict]:
    return [
        {
            "type": child.block_type,
            "id": child.id,
            "value": block_to_api(child.block, child.value, rich_text_format),
        }
        for child in stream_value
    ]


def rich_text_sources(pages: Iterable) -> list[str]:
    sources: list[str] = []
    for page in pages:
        if hasattr(page, "rich_text_sources"):
            sources.extend(page.rich_text_sources())
    return sources


@contextmanager
def rich_text_batch(pages: Iterable):
    """Resolve every page link in these pages' rich text with one query."""
    with prefetch_page_links(rich_text_sources(pages)):
        yield
