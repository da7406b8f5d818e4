"""Page links in the text format: a linked page named by its URL path, looked up in the database.

The notation itself is pure (careers.pipeline.richtext); this module gives it the two lookups it
takes as functions. Paths, not ids, so an export imports into a fresh database.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from wagtail.models import Page, Site

from careers.pipeline import richtext

_BLOCK_KEY = re.compile(r' data-block-key="[^"]*"')
_EMPTY_PARAGRAPH = re.compile(r"<p>\s*</p>")
_LINK_TAG = re.compile(r"<a\b[^>]*>")
_PAGE_LINK = re.compile(r'\blinktype="page"')
_LINK_ID = re.compile(r'\bid="(\d+)"')


class UnreadableText(ValueError):
    """Rich text the notation cannot store (an unknown page); ``line`` is its source line."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


# The id a link to a page of the same import run holds until that page exists.
WAITING_ID = 0


class PageLinks:
    """Both lookups for one run, each page asked for once.

    ``upcoming`` are the paths of pages the run creates: a link to one is valid, holds
    ``WAITING_ID`` and is recorded in ``waiting`` so the importer writes the linking page after.
    """

    def __init__(self, upcoming=()):
        self._root: str | None = None
        self._paths: dict[str, str] = {}
        self._ids: dict[str, int | None] = {}
        self.upcoming = set(upcoming)
        self.waiting: set[str] = set()

    def path_for(self, url_path: str) -> str:
        """A Wagtail ``url_path`` as a link writes it: relative to the site root."""
        return "/" + url_path[len(self.root) :] if url_path.startswith(self.root) else url_path

    @property
    def root(self) -> str:
        """The default site's root path ("/home/"): paths are written relative to it."""
        if self._root is None:
            site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
            self._root = site.root_page.url_path if site else "/"
        return self._root

    def path_of(self, page_id: str) -> str:
        """What follows "page:" for a stored link: the page's path, or its id if it has none."""
        if page_id not in self._paths:
            url_path = Page.objects.filter(pk=page_id).values_list("url_path", flat=True).first()
            inside = url_path is not None and url_path.startswith(self.root)
            self._paths[page_id] = self.path_for(url_path) if inside else page_id
        return self._paths[page_id]

    def prefetch(self, page_ids) -> None:
        """Look up many linked pages in one query (an export's chunk), not one query per link."""
        wanted = {str(pk) for pk in page_ids} - self._paths.keys()
        if not wanted:
            return
        found = dict(
            Page.objects.filter(pk__in=[int(pk) for pk in wanted]).values_list("pk", "url_path")
        )
        for page_id in wanted:
            url_path = found.get(int(page_id))
            inside = url_path is not None and url_path.startswith(self.root)
            self._paths[page_id] = self.path_for(url_path) if inside else page_id
            # What importing the written link back asks id_of (a round-trip check).
            self._ids.setdefault(page_id, int(page_id) if url_path is not None else None)
            if inside:
                self._ids.setdefault(self._paths[page_id], int(page_id))

    def id_of(self, ref: str) -> int | None:
        """The page a link's path (or id) names, or None."""
        if ref not in self._ids:
            pages = Page.objects.all()
            if ref.isdigit():
                found = pages.filter(pk=int(ref))
            else:
                found = pages.filter(url_path=self.root.rstrip("/") + ref)
            self._ids[ref] = found.values_list("pk", flat=True).first()
        if self._ids[ref] is None and ref in self.upcoming:
            self.waiting.add(ref)
            return WAITING_ID
        return self._ids[ref]


def rich_html(lines: Sequence[str], numbers: Sequence[int], line: int, links: PageLinks) -> str:
    """Lines of the notation as stored rich text; raises UnreadableText at the bad line."""
    try:
        return richtext.to_html(lines, links.id_of)
    except richtext.RichTextError as exc:
        where = numbers[exc.index] if exc.index < len(numbers) else line
        message = exc.message
        raise UnreadableText(where, message) from exc


def rich_lines(source, links: PageLinks) -> list[str]:
    """Stored rich text (a RichText value or its HTML) as lines of the notation."""
    return richtext.to_lines(str(getattr(source, "source", source) or ""), links.path_of)


def linked_page_ids(html: str) -> set[str]:
    """The ids of the pages stored rich text links to, as its links hold them."""
    ids = set()
    for tag in _LINK_TAG.findall(html or ""):
        match = _LINK_ID.search(tag)
        if match and _PAGE_LINK.search(tag):
            ids.add(match.group(1))
    return ids


def comparable(html: str) -> str:
    """Rich text without what the text format does not carry and no reader sees.

    Draftail's ``data-block-key`` attributes anchor comments; empty paragraphs show nothing.
    """
    return _EMPTY_PARAGRAPH.sub("", _BLOCK_KEY.sub("", html))


def comparable_body(value):
    """A body (or any part of one) with every rich text ``comparable``."""
    if isinstance(value, dict):
        return {key: comparable_body(item) for key, item in value.items()}
    if isinstance(value, list):
        return [comparable_body(item) for item in value]
    return comparable(value) if isinstance(value, str) else value


__all__ = [
    "PageLinks",
    "UnreadableText",
    "comparable",
    "comparable_body",
    "linked_page_ids",
    "rich_html",
    "rich_lines",
]
