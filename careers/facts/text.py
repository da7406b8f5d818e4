"""Rich text as the words a visitor reads: the one rule for turning stored HTML into plain text.

SEO descriptions and JSON-LD, the content checks, search snippets, the listing columns and
the text export all read rich text through here, so "<p>…end.</p><p>Next…</p>" reads
"…end. Next…" everywhere. Block-level elements (paragraphs, list items, headings, line
breaks, table cells…) separate words; inline elements (links, bold, italics) do not, so
"<b>Data</b>base" stays "Database". Entities are decoded and whitespace collapsed. Pure: no
Django models, no database — a page link's ``linktype``/``id`` attributes are simply dropped.
"""

from __future__ import annotations

import html
import re

# Elements that end a run of text: the words either side belong to different lines.
BLOCK_ELEMENTS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "caption",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    }
)
# Elements whose content is code, not text: dropped whole.
_HIDDEN = re.compile(r"<(script|style|template)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
# A tag (quoted attribute values may hold ">") or a comment. A regex, not an HTML parser:
# search snippets and listing columns read many bodies, and this is several times faster.
_TAG = re.compile(
    r"<(?:/?([A-Za-z][A-Za-z0-9]*)(?:[^>\"']|\"[^\"]*\"|'[^']*')*|!--.*?--)>", re.DOTALL
)


def _words(fragment: str) -> str:
    return " ".join(html.unescape(fragment).split())


def source_of(rich_text) -> str:
    """The stored HTML of a Wagtail ``RichText`` value, or the string itself.

    ``RichText.source`` is the database form; ``str()`` would expand page links with a query.
    """
    source = getattr(rich_text, "source", rich_text)
    return str(source) if source else ""


def paragraphs(rich_text) -> list[str]:
    """Rich text (a ``RichText`` value, stored HTML or plain text) as its non-empty paragraphs."""
    source = _HIDDEN.sub("", source_of(rich_text))
    found, start = [], 0
    for tag in _TAG.finditer(source):
        if (tag.group(1) or "").lower() in BLOCK_ELEMENTS:
            found.append(source[start : tag.start()])
            start = tag.end()
    found.append(source[start:])
    # Inline tags are removed only now, so "<b>Data</b>base" stays one word.
    texts = (_words(_TAG.sub("", piece)) for piece in found)
    return [text for text in texts if text]


def plain_text(rich_text) -> str:
    """Rich text as one line of plain text, paragraphs separated by a single space."""
    return " ".join(paragraphs(rich_text))


__all__ = ["BLOCK_ELEMENTS", "paragraphs", "plain_text", "source_of"]
