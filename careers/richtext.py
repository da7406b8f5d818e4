"""Batched page-link expansion for rich text: one query per render instead of two per value.

Wagtail's page link handler looks pages up once per rich-text value. A role page has many
rich-text values, and an API listing has many pages, so callers gather every stored HTML
source first and wrap rendering in ``prefetch_page_links``; the handler then answers from
that batch and only falls back to the database for links it was not told about.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from wagtail.models import Page

_PAGE_LINK_ID = re.compile(r'<a\b[^>]*\blinktype="page"[^>]*>')
_ID_ATTR = re.compile(r'\bid="(\d+)"')

_prefetched: ContextVar[dict | None] = ContextVar("careers_prefetched_page_links", default=None)


def page_link_ids(sources: Iterable[str]) -> set[int]:
    ids = set()
    for source in sources:
        for tag in _PAGE_LINK_ID.findall(source):
            match = _ID_ATTR.search(tag)
            if match:
                ids.add(int(match.group(1)))
    return ids


def current_batch() -> dict | None:
    return _prefetched.get()


def fetch_link_targets(ids: Iterable[int]) -> dict:
    """The pages behind the ids, in one query, with just the fields a URL needs."""
    ids = list(ids)
    if not ids:
        return {}
    pages = Page.objects.filter(id__in=ids).only(
        "id", "path", "depth", "url_path", "locale_id", "content_type_id", "live", "title"
    )
    return {str(page.id): page for page in pages}


@contextmanager
def prefetch_page_links(sources: Iterable[str]) -> Iterator[None]:
    """Within the block, page links in the given HTML resolve from one batched query."""
    outer = _prefetched.get()
    batch = dict(outer or {})
    missing = [pid for pid in page_link_ids(sources) if str(pid) not in batch]
    found = fetch_link_targets(missing)
    for pid in missing:
        batch[str(pid)] = found.get(str(pid))
    token = _prefetched.set(batch)
    try:
        yield
    finally:
        _prefetched.reset(token)
