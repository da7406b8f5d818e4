"""Site search over live role pages: Wagtail's search backend, name matches first, snippets.

The database backend ranks with PostgreSQL full-text weights or SQLite FTS5 BM25. SQLite
ignores field boosts (only the title gets a length norm), so a role that mentions a word ten
times can outrank the role named after it. We keep the backend's order but move roles whose
name matches the query to the front, which gives the same answer on both databases.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.db import DatabaseError
from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from careers.columns import ladder_of, list_items
from careers.facts.sections import RICH_TEXT_SECTIONS, SEARCH_LABELS
from careers.facts.text import plain_text

logger = logging.getLogger("careers.find")

MAX_QUERY_LENGTH = 200
MAX_TERMS = 10
SNIPPETS_PER_HIT = 3
SNIPPET_LENGTH = 180

_TERM = re.compile(r"\w+", re.UNICODE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# Endings stripped before prefix matching, so "engineers" marks "engineering" as PostgreSQL's
# stemmer would. Longest first.
_SUFFIXES = ("ing", "ers", "ed", "es", "er", "s")


@dataclass(frozen=True)
class Snippet:
    """Where a result matched ("Skills") and the matching text, escaped, with <mark>s."""

    where: str
    html: SafeString


@dataclass(frozen=True)
class SearchHit:
    """One result: the role, whether its name matched, and the snippets to show."""

    role: object
    name_match: bool
    snippets: tuple[Snippet, ...] = ()


@dataclass
class SearchOutcome:
    query: str
    hits: Sequence[SearchHit]  # a RankedHits: sliced and counted in the database
    notes: list[str]
    any_term: bool = False  # fell back to matching any word


def clean_query(raw: str) -> tuple[str, list[str]]:
    """Words only (FTS syntax characters would be errors or operators), with notes."""
    notes = []
    text = (raw or "").strip()
    if len(text) > MAX_QUERY_LENGTH:
        text = text[:MAX_QUERY_LENGTH]
        notes.append(f"The search was shortened to {MAX_QUERY_LENGTH} characters.")
    terms = _TERM.findall(text)
    if len(terms) > MAX_TERMS:
        terms = terms[:MAX_TERMS]
        notes.append(f"Only the first {MAX_TERMS} words were searched for.")
    return " ".join(terms), notes


def stem(term: str) -> str:
    lower = term.casefold()
    for suffix in _SUFFIXES:
        if lower.endswith(suffix) and len(lower) - len(suffix) >= 3:
            return lower[: -len(suffix)]
    return lower


def term_pattern(query: str) -> re.Pattern | None:
    """Words that start with any query term's stem, case-insensitively."""
    stems = sorted({stem(term) for term in query.split()}, key=len, reverse=True)
    if not stems:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(s) for s in stems) + r")\w*", re.IGNORECASE)


def highlight(text: str, pattern: re.Pattern, length: int = SNIPPET_LENGTH) -> SafeString | None:
    """The part of ``text`` around its first match, HTML-escaped, matches in <mark>."""
    first = pattern.search(text)
    if first is None:
        return None
    start = max(0, first.start() - length // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first.start() else start
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", first.end(), end)
        end = space if space > first.end() else end
    window = text[start:end]
    parts = ["…" if start else ""]
    position = 0
    for match in pattern.finditer(window):
        parts.append(escape(window[position : match.start()]))
        parts.append(f"<mark>{escape(match.group(0))}</mark>")
        position = match.end()
    parts.append(escape(window[position:]))
    parts.append("…" if end < len(text) else "")
    # Every piece of the text went through escape(); only our <mark> tags are markup.
    return mark_safe("".join(parts))  # noqa: S308


def _sentences(text: str) -> Iterator[str]:
    return iter(_SENTENCE_END.split(text)) if text else iter(())


def _sections(role) -> Iterator[tuple[str, Iterator[str]]]:
    """The role's text by section, in the order a visitor would look; lazily, so snippet
    search stops reading (and stripping tags) once it has found enough."""
    raw = list(role.body.raw_data)
    yield "Introduction", _sentences(role.intro)
    for child in raw:
        if child.get("type") in RICH_TEXT_SECTIONS:
            body = plain_text((child.get("value") or {}).get("body"))
            yield SEARCH_LABELS[child["type"]], _sentences(body)
    for child in raw:
        if child.get("type") == "skills":
            items = list_items(child["value"].get("items"))
            yield SEARCH_LABELS["skills"], (str(item) for item in items)
    yield SEARCH_LABELS["career_path"], iter([" → ".join(ladder_of(raw))])
    for child in raw:
        if child.get("type") == "faq":
            for item in list_items((child.get("value") or {}).get("items")):
                if isinstance(item, dict):
                    yield SEARCH_LABELS["faq"], iter([str(item.get("question") or "")])
                    yield SEARCH_LABELS["faq"], _sentences(plain_text(item.get("answer")))


def snippets_for(role, query: str, limit: int = SNIPPETS_PER_HIT) -> tuple[Snippet, ...]:
    pattern = term_pattern(query)
    if pattern is None:
        return ()
    found: list[Snippet] = []
    for where, pieces in _sections(role):
        if any(snippet.where == where for snippet in found):
            continue  # one snippet per section: show where else it matched instead
        for piece in pieces:
            marked = highlight(piece, pattern)
            if marked:
                found.append(Snippet(where, marked))
                break
        if len(found) >= limit:
            break
    return tuple(found)


def names_contain(model, words) -> Q:
    """Pages whose title or role name contains every one of ``words`` (compare's chooser too).

    Each word is a ``UNION`` of two trigram index scans on PostgreSQL (migration 0013), not an
    ``OR`` across the page and role tables, which no index serves.
    """
    condition = Q()
    for word in words:
        named = model._base_manager.filter(role_name__icontains=word).order_by().values("pk")
        titled = Page._base_manager.filter(title__icontains=word).order_by().values("pk")
        condition &= Q(pk__in=named.union(titled))
    return condition


def name_candidates(model, query: str) -> Q:
    """Pages whose title or role name contains every query term's stem ("engineers" →
    "engineer"), in SQL so name matches can be ranked and paged in the database."""
    return names_contain(model, [stem(term) for term in query.split()])


class RankedHits(Sequence):
    """Name matches, then the rest, each in the backend's relevance order, paged in SQL.

    Two searches over Wagtail's index: one limited to name candidates, one excluding them.
    Only the slice asked for is read (``LIMIT``/``OFFSET`` on the ranked query), so a page
    costs the same with ten matches or ten thousand; Django's Paginator takes it as is.
    """

    def __init__(self, backend, query: str, roles, operator: str):
        candidates = name_candidates(roles.model, query)
        self._all = backend.search(query, roles, operator=operator)
        self._named = backend.search(query, roles.filter(candidates), operator=operator)
        self._others = backend.search(query, roles.exclude(candidates), operator=operator)
        self._count = None
        self._named_count = None

    def count(self) -> int:
        if self._count is None:
            self._count = self._all.count()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key):
        if not isinstance(key, slice):
            found = self[key : key + 1]
            if not found:
                raise IndexError(key)
            return found[0]
        start, stop, _ = key.indices(self.count())
        if start >= stop:
            return []
        hits = []
        if self._named_count is None or start < self._named_count:
            named = list(self._named[start:stop])
            if start == 0 and len(named) < stop:
                self._named_count = len(named)  # a short first slice tells the total
            hits = [SearchHit(role=role, name_match=True) for role in named]
        if len(hits) < stop - start:
            # Past the name matches: the rest start where they end.
            if self._named_count is None:
                self._named_count = self._named.count()
            offset = max(0, start - self._named_count)
            rest = self._others[offset : offset + (stop - start - len(hits))]
            hits += [SearchHit(role=role, name_match=False) for role in rest]
        return hits


def search_roles(raw_query: str, roles) -> SearchOutcome:
    """Rank the live roles for the query. ``roles`` is a RolePage queryset (live, public).

    ``hits`` is a lazy sequence: its length is one ``COUNT`` and a slice reads only that page.
    """
    query, notes = clean_query(raw_query)
    if not query:
        if raw_query.strip():
            notes.append("The search had no letters or digits to look for.")
        return SearchOutcome(query="", hits=[], notes=notes)
    backend = get_search_backend()
    # Ranking needs names only; the shown page of results is loaded in full afterwards.
    listing = roles.only("id", "title", "role_name")
    any_term = False
    try:
        found = RankedHits(backend, query, listing, "and")
        if not found.count() and len(query.split()) > 1:
            found = RankedHits(backend, query, listing, "or")
            any_term = bool(found.count())
            if any_term:
                notes.append("No role matched every word, so these match at least one.")
    except DatabaseError:
        # A broken index must not take the page down; the visitor is told what happened.
        logger.exception("search failed for %r", query)
        notes.append("Search is unavailable at the moment; please browse the roles instead.")
        return SearchOutcome(query=query, hits=[], notes=notes)
    return SearchOutcome(query=query, hits=found, notes=notes, any_term=any_term)


def with_snippets(hits: list[SearchHit], query: str, load) -> list[SearchHit]:
    """One page of hits in full, with snippets; ``load(ids)`` fetches them in one query."""
    full = load([hit.role.pk for hit in hits])
    return [
        SearchHit(
            role=full[hit.role.pk],
            name_match=hit.name_match,
            snippets=snippets_for(full[hit.role.pk], query),
        )
        for hit in hits
        if hit.role.pk in full  # withdrawn between the two queries
    ]
