"""Which API query strings may become cache keys: a bounded, normalised key space.

Anonymous visitors choose the query string, so every distinct one stored is memory they
spend. Only parameters whose values come from a small fixed set, or that identify content
that exists, are keyed; a request with anything else is answered normally but not stored.
See docs/scaling.md ("What anonymous visitors can store").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings

# Values from a fixed set. Values are keyed as sent (no defaults dropped, no numbers
# rewritten): two spellings the views might treat differently never share an entry.
CHOICES = {
    "rich_text_format": frozenset({"html", "db_html", "markdown", "db_markdown"}),
    "version": frozenset({"live"}),  # anonymous readers only ever get the live version
    "show_in_menus": frozenset({"true", "false"}),
}
# One name from the API's own vocabulary (page types, field names, order terms): a name it
# does not know is a 400, which is never stored.
TOKENS = frozenset({"type", "fields", "order"})
TOKEN = re.compile(r"^(?:\*|_|-?[A-Za-z_][A-Za-z0-9_.]{0,63})$")
# Exact-match filters: keyed only when the listing they select is not empty, so the keys
# they can make are bounded by the content, not by what a visitor types.
MATCHES = frozenset({"slug", "family", "locale", "site"})
MATCH = re.compile(r"^[a-z0-9][-a-z0-9_.:]{0,99}$")
INTEGER_MATCHES = frozenset({"year", "child_of", "descendant_of", "ancestor_of", "translation_of"})
INTEGER = re.compile(r"^(?:0|[1-9][0-9]{0,8})$")  # canonical spelling only: no "007"


@dataclass(frozen=True)
class KeyedQuery:
    """A normalised query string, and whether the listing must have items to be stored."""

    query: str
    needs_items: bool


def allowed_limits() -> frozenset[int]:
    return frozenset(int(limit) for limit in getattr(settings, "PAGECACHE_API_LIMITS", (20,)))


def _integer(raw: str) -> int | None:
    return int(raw) if INTEGER.match(raw) else None


def api_key(pairs: list[tuple[str, str]]) -> KeyedQuery | None:
    """The key for these (tracking-free) query parameters, or None: serve, but do not store."""
    names = [name for name, _ in pairs]
    if len(names) != len(set(names)):
        return None  # repeated parameters: which one wins is the view's business, not the key's
    kept: list[tuple[str, str]] = []
    needs_items = False
    for name, raw in pairs:
        if name == "limit":
            limit = _integer(raw)
            if limit not in allowed_limits():
                return None
            kept.append((name, raw))
        elif name == "offset":
            offset = _integer(raw)
            if offset is None:
                return None
            kept.append((name, raw))
            # Stored only while the offset is within the results (the page has items).
            needs_items = needs_items or offset > 0
        elif name in CHOICES:
            if raw not in CHOICES[name]:
                return None
            kept.append((name, raw))
        elif name in TOKENS:
            if not TOKEN.match(raw):
                return None
            kept.append((name, raw))
        elif name in MATCHES:
            if not MATCH.match(raw):
                return None
            kept.append((name, raw))
            needs_items = True
        elif name in INTEGER_MATCHES:
            if _integer(raw) is None:
                return None
            kept.append((name, raw))
            needs_items = True
        else:
            return None  # free text (search, skill), salary figures, cache-busters, unknowns
    return KeyedQuery(urlencode(sorted(kept)), needs_items)
