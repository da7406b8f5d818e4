"""The text format's rich-text notation, both ways: a small Markdown subset <-> Wagtail's HTML.

Pure: text in, stored rich-text HTML out (and back); no Django, no database. Page links are
resolved by functions the caller passes in, so the notation names a page by its URL path and
an export imports into a fresh database. The notation (docs/pipeline.md, "Rich text in the
text format"), one line per paragraph, list item or heading::

    A paragraph with **bold**, *italic*, [a link](https://example.com/) and
    [a page](page:/careers/data-engineer/) ([by id](page:12) works too).
    - an unordered list item
    1. an ordered list item
    ### A heading (h3)
    #### A smaller heading (h4)
    A line ending in a backslash \\
    continues the same paragraph after a line break.

``\\`` before any character makes it literal (``\\*``, ``\\[``, ``\\\\``). The HTML written is
what Wagtail's editor (Draftail's exporter) stores for the same content, so a page edited in the
admin exports and imports back unchanged, ``data-block-key`` attributes aside.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser

BOLD, ITALIC = "b", "i"
# Draftail's exporter nests styles in this order (its style names sorted: BOLD < ITALIC).
STYLE_ORDER = (BOLD, ITALIC)
SCHEMES = ("https://", "http://", "mailto:", "tel:")
PAGE_PREFIX = "page:"
_LIST_ITEM = re.compile(r"^(?P<marker>- |\d+\. )")
_HEADING = re.compile(r"^(?P<marker>#{3,4}) ")
_PAGE_ID = re.compile(r"^\d+$")
# "### Heading {text}": a section heading with its type, which the export never writes ("\{").
_SECTION_HINT = re.compile(r"(?<!\\)\{[\w -]*\}\s*$")

# A page link's target: ("page", "/careers/x/" or "12"); an external one: ("url", href).
Link = tuple[str, str]


class RichTextError(ValueError):
    """A line the notation cannot read; ``index`` is the line's position in the input."""

    def __init__(self, index: int, message: str):
        super().__init__(message)
        self.index = index
        self.message = message


@dataclass(frozen=True)
class Run:
    """Text with one set of styles and at most one link; "\\n" in the text is a line break."""

    text: str
    styles: frozenset = frozenset()
    link: Link | None = None


@dataclass(frozen=True)
class Block:
    """One paragraph ("p"), heading ("h3", "h4") or list item ("ul", "ol")."""

    kind: str
    runs: tuple[Run, ...]


# ---------------------------------------------------------------------------
# Text -> blocks -> HTML
# ---------------------------------------------------------------------------


def guarded(line: str) -> bool:
    """A line whose first characters mark it as rich text: never a section heading."""
    return bool(line[:1] in ("\\", "*", "[") or _LIST_ITEM.match(line) or _HEADING.match(line))


def is_rich_heading(line: str) -> bool:
    """A "### " or "#### " line: a heading inside a rich-text section, not a new section."""
    return bool(_HEADING.match(line)) and not _SECTION_HINT.search(line)


def read_lines(lines: Sequence[str]) -> list[Block]:
    """The blocks the lines describe; raises RichTextError naming the first bad line."""
    return [block for _, block in _read(lines)]


def problems(lines: Sequence[str]) -> list[tuple[int, str]]:
    """Every block the notation cannot read, as (line index, message); empty when all read."""
    found = []
    for index, text in _logical_lines(lines):
        try:
            _read_block(text, index)
        except RichTextError as exc:
            found.append((exc.index, exc.message))
    return found


def _logical_lines(lines: Sequence[str]) -> list[tuple[int, str]]:
    """Blocks' text with the index of their first line; a line ending in "\\" continues."""
    found: list[tuple[int, str]] = []
    continued = False
    for index, line in enumerate(lines):
        ends = _ends_continued(line)
        text = line[:-1] if ends else line
        if continued:
            found[-1] = (found[-1][0], found[-1][1] + "\n" + text)
        else:
            found.append((index, text))
        continued = ends
    return found


def _read(lines: Sequence[str]) -> list[tuple[int, Block]]:
    return [(index, _read_block(text, index)) for index, text in _logical_lines(lines)]


def _read_block(line: str, index: int) -> Block:
    kind = "p"
    if match := _HEADING.match(line):
        kind, line = f"h{len(match['marker'])}", line[match.end() :]
    elif match := _LIST_ITEM.match(line):
        kind = "ul" if match["marker"] == "- " else "ol"
        line = line[match.end() :]
    runs: list[Run] = []
    text: list[str] = []
    styles: frozenset = frozenset()
    link: Link | None = None
    close = end = -1
    at = 0

    def flush():
        if text:
            runs.append(Run("".join(text), styles, link))
            text.clear()

    while at < len(line):
        char = line[at]
        if char == "\\" and at + 1 < len(line):
            text.append(line[at + 1])
            at += 2
        elif char == "*":
            stars = len(line[at:]) - len(line[at:].lstrip("*"))
            if stars > 3:
                raise RichTextError(
                    index, f"{stars} asterisks in a row; write \\* for a literal one"
                )
            flush()
            styles = styles ^ {1: {ITALIC}, 2: {BOLD}, 3: {BOLD, ITALIC}}[stars]
            at += stars
        elif char == "[" and link is None and (found := _link_at(line, at, index)):
            flush()
            link, close, end = found
            at += 1
        elif link is not None and at == close:
            flush()
            link, at = None, end
        else:
            text.append(char)
            at += 1
    flush()
    if styles:
        raise RichTextError(index, _unclosed(styles))
    return Block(kind, tuple(_merge(runs)))


def _unclosed(styles: frozenset) -> str:
    names = " and ".join(
        '"**" (bold)' if style == BOLD else '"*" (italic)'
        for style in STYLE_ORDER
        if style in styles
    )
    return f"unclosed {names}; write \\* for a literal asterisk"


def _link_at(line: str, start: int, index: int) -> tuple[Link, int, int] | None:
    """The link opened by "[" at ``start``, where its "](" is and where it ends; else None."""
    at = start + 1
    while at < len(line):
        char = line[at]
        if char == "\\":
            at += 2
            continue
        if char == "[":
            return None
        if char == "]":
            if line[at + 1 : at + 2] != "(":
                return None
            found = _target(line, at + 2)
            if found is None:
                return None
            target, end = found
            return _classify_target(target, index), at, end
        at += 1
    return None


def _target(line: str, start: int) -> tuple[str, int] | None:
    """The link target from ``start`` to the unescaped ")", and the position after it."""
    out, at = [], start
    while at < len(line):
        char = line[at]
        if char == "\\" and at + 1 < len(line):
            out.append(line[at + 1])
            at += 2
            continue
        if char == ")":
            return "".join(out), at + 1
        out.append(char)
        at += 1
    return None


def _classify_target(target: str, index: int) -> Link:
    if target.startswith(PAGE_PREFIX):
        ref = target[len(PAGE_PREFIX) :].strip()
        if _PAGE_ID.match(ref) or (ref.startswith("/") and ref.endswith("/") and " " not in ref):
            return ("page", ref)
        raise RichTextError(
            index,
            f'the page link "{target}" must name the page by its path, e.g. '
            '"page:/careers/data-engineer/", or by its id, e.g. "page:12"',
        )
    if target.lower().startswith(SCHEMES):
        return ("url", target)
    raise RichTextError(
        index,
        f'the link target "{target}" must start with https://, http://, mailto:, tel: or '
        '"page:" (e.g. "page:/careers/data-engineer/")',
    )


def _merge(runs: Iterable[Run]) -> list[Run]:
    merged: list[Run] = []
    for run in runs:
        if not run.text:
            continue
        if merged and (merged[-1].styles, merged[-1].link) == (run.styles, run.link):
            merged[-1] = Run(merged[-1].text + run.text, run.styles, run.link)
        else:
            merged.append(run)
    return merged


def page_links(lines: Sequence[str]) -> list[tuple[int, str]]:
    """Every page link the lines make, as (line index, path or id); raises RichTextError."""
    found = []
    for index, block in _read(lines):
        for run in block.runs:
            if run.link and run.link[0] == "page":
                found.append((index, run.link[1]))
    return list(dict.fromkeys(found))


def _ends_continued(line: str) -> bool:
    trailing = len(line) - len(line.rstrip("\\"))
    return trailing % 2 == 1


def to_html(lines: Sequence[str], page_id: Callable[[str], int | None]) -> str:
    """The lines as Wagtail stores rich text; ``page_id`` maps a page link's path or id to an id.

    Raises RichTextError at the line of the first block it cannot read or page it cannot find.
    """
    return blocks_to_html(_read(lines), page_id)


def blocks_to_html(
    blocks: Iterable[Block | tuple[int, Block]], page_id: Callable[[str], int | None]
) -> str:
    """Blocks (or (line index, block) pairs) as stored rich text, lists grouped as Draftail does."""
    out: list[str] = []
    open_list = None
    for item in blocks:
        index, block = item if isinstance(item, tuple) else (0, item)
        if block.kind in ("ul", "ol"):
            if open_list != block.kind:
                if open_list:
                    out.append(f"</{open_list}>")
                out.append(f"<{block.kind}>")
                open_list = block.kind
            tag = "li"
        else:
            if open_list:
                out.append(f"</{open_list}>")
                open_list = None
            tag = block.kind
        out.append(f"<{tag}>{_inline_html(block.runs, page_id, index)}</{tag}>")
    if open_list:
        out.append(f"</{open_list}>")
    return "".join(out)


def _inline_html(runs: Sequence[Run], page_id, index: int) -> str:
    """Runs nested exactly as Draftail's exporter nests them, so editor HTML reads back equal.

    Outside links, style elements stay open while the next run keeps them (b outside i). Inside a
    link, and for the first run after one, each run is wrapped in its own styles.
    """
    out: list[str] = []
    stack: list[str] = []
    link: Link | None = None
    for run in runs:
        wanted = [style for style in STYLE_ORDER if style in run.styles]
        text = "<br/>".join(html.escape(part, quote=False) for part in run.text.split("\n"))
        if run.link is not None or link is not None:
            out.extend(f"</{tag}>" for tag in reversed(stack))
            stack = []
            if link is not None and run.link != link:
                out.append("</a>")
            if run.link is not None and run.link != link:
                out.append(_open_link(run.link, page_id, index))
            link = run.link
            out.append(_wrapped(text, wanted))
            continue
        keep = 0
        while keep < min(len(stack), len(wanted)) and stack[keep] == wanted[keep]:
            keep += 1
        out.extend(f"</{tag}>" for tag in reversed(stack[keep:]))
        stack = stack[:keep]
        for style in wanted[keep:]:
            out.append(f"<{style}>")
            stack.append(style)
        out.append(text)
    out.extend(f"</{tag}>" for tag in reversed(stack))
    if link is not None:
        out.append("</a>")
    return "".join(out)


def _wrapped(text: str, styles: Sequence[str]) -> str:
    opening = "".join(f"<{style}>" for style in styles)
    closing = "".join(f"</{style}>" for style in reversed(styles))
    return f"{opening}{text}{closing}"


def _open_link(link: Link, page_id, index: int) -> str:
    kind, target = link
    if kind == "url":
        return f'<a href="{_attribute(target)}">'
    found = page_id(target)
    if found is None:
        raise RichTextError(index, f'the page link "page:{target}" names no page')
    return f'<a linktype="page" id="{found}">'


def _attribute(value: str) -> str:
    return html.escape(value, quote=False).replace('"', "&quot;")


# ---------------------------------------------------------------------------
# HTML -> blocks -> text
# ---------------------------------------------------------------------------


class _Reader(HTMLParser):
    """Stored rich text as blocks; anything outside the notation is kept as its text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.lists: list[str] = []
        self.kind: str | None = None
        self.runs: list[Run] = []
        self.styles: list[str] = []
        self.link: Link | None = None

    def start_block(self, kind: str) -> None:
        self.end_block()
        self.kind = kind

    def end_block(self) -> None:
        if self.kind is not None:
            self.blocks.append(Block(self.kind, tuple(_merge(self.runs))))
        self.kind, self.runs = None, []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in ("p", "h3", "h4"):
            self.start_block(tag)
        elif tag in ("h1", "h2", "h5", "h6", "blockquote", "pre", "div"):
            self.start_block("p")
        elif tag in ("ul", "ol"):
            self.end_block()
            self.lists.append(tag)
        elif tag == "li":
            self.start_block(self.lists[-1] if self.lists else "ul")
        elif tag in ("b", "strong"):
            self.styles.append(BOLD)
        elif tag in ("i", "em"):
            self.styles.append(ITALIC)
        elif tag == "a":
            if attributes.get("linktype") == "page" and attributes.get("id"):
                self.link = ("page", attributes["id"])
            elif attributes.get("href"):
                self.link = ("url", attributes["href"])
        elif tag == "br":
            self.text("\n")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in ("br",):
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "div"):
            self.end_block()
        elif tag in ("ul", "ol") and self.lists:
            self.end_block()
            self.lists.pop()
        elif tag in ("b", "strong") and BOLD in self.styles:
            self.styles.remove(BOLD)
        elif tag in ("i", "em") and ITALIC in self.styles:
            self.styles.remove(ITALIC)
        elif tag == "a":
            self.link = None

    def handle_data(self, data):
        self.text(_squash_spaces(data))

    def text(self, data: str) -> None:
        if not data:
            return
        if self.kind is None:
            self.kind = self.lists[-1] if self.lists else "p"
        self.runs.append(Run(data, frozenset(self.styles), self.link))


def _squash_spaces(text: str) -> str:
    return re.sub(r"[ \t\r\n\u00a0\u2009\u202f]+", " ", text)


def from_html(source: str) -> list[Block]:
    """Stored rich text as blocks (empty paragraphs dropped); never raises."""
    reader = _Reader()
    reader.feed(source or "")
    reader.close()
    reader.end_block()
    return [_strip(block) for block in reader.blocks if "".join(r.text for r in block.runs).strip()]


def _strip(block: Block) -> Block:
    """Spaces and line breaks at a block's ends are not kept by the line format."""
    runs = [run for run in block.runs if run.text]
    while runs and not runs[0].text.lstrip(" \n"):
        runs.pop(0)
    while runs and not runs[-1].text.rstrip(" \n"):
        runs.pop()
    if runs:
        runs[0] = Run(runs[0].text.lstrip(" \n"), runs[0].styles, runs[0].link)
        runs[-1] = Run(runs[-1].text.rstrip(" \n"), runs[-1].styles, runs[-1].link)
    return Block(block.kind, tuple(_merge(runs)))


def to_lines(source: str, page_ref: Callable[[str], str]) -> list[str]:
    """Stored rich text in the notation, one line per block (more after a line break).

    ``page_ref`` maps a linked page's id (as stored) to what follows "page:" — its path, so the
    export imports into another database; or the id itself when the page has no path.
    """
    lines: list[str] = []
    counters: dict[int, int] = {}
    previous = None
    for position, block in enumerate(from_html(source)):
        if block.kind == "ol":
            counters[position] = counters.get(position - 1, 0) + 1 if previous == "ol" else 1
        prefix = {"h3": "### ", "h4": "#### ", "ul": "- ", "ol": f"{counters.get(position)}. "}
        body = _inline_text(block.runs, page_ref).split("\n")
        first = body[0]
        if block.kind == "p" and (_LIST_ITEM.match(first) or first.startswith("#")):
            first = "\\" + first
        lines.append(prefix.get(block.kind, "") + first)
        lines.extend(body[1:])
        previous = block.kind
    return lines


def _inline_text(runs: Sequence[Run], page_ref) -> str:
    out: list[str] = []
    styles: frozenset = frozenset()
    link: Link | None = None
    for run in runs:
        if run.link != link:
            out.append(_toggle(styles, frozenset()))
            styles = frozenset()
            if link is not None:
                out.append(f"]({_target_text(link, page_ref)})")
            if run.link is not None:
                out.append("[")
            link = run.link
        out.append(_toggle(styles, run.styles))
        styles = run.styles
        out.append("\\\n".join(_escape(part) for part in run.text.split("\n")))
    out.append(_toggle(styles, frozenset()))
    if link is not None:
        out.append(f"]({_target_text(link, page_ref)})")
    return "".join(out)


def _toggle(before: frozenset, after: frozenset) -> str:
    changed = before ^ after
    return ("**" if BOLD in changed else "") + ("*" if ITALIC in changed else "")


def _escape(text: str) -> str:
    return re.sub(r"([\\*\[\]{])", r"\\\1", text)


def _target_text(link: Link, page_ref) -> str:
    kind, target = link
    text = f"{PAGE_PREFIX}{page_ref(target)}" if kind == "page" else target
    return re.sub(r"([\\)])", r"\\\1", text)


__all__ = [
    "Block",
    "RichTextError",
    "Run",
    "blocks_to_html",
    "from_html",
    "guarded",
    "is_rich_heading",
    "page_links",
    "problems",
    "read_lines",
    "to_html",
    "to_lines",
]
