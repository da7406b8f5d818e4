"""Site search over live role pages: Wagtail's search backend, name matches first, snippets.

The database backend ranks with PostgreSQL full-text weights or SQLite FTS5 BM25. SQLite
ignores field boosts (only the title gets a length norm), so a role that mentions a word ten
times can outrank the role named after it. We keep the backend's order but move roles whose
name matches the query to the front, which gives the same answer on both databases.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import DatabaseError
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from wagtail.search.backends import get_search_backend

from careers.columns import ladder_of, list_items
from careers.facts.sections import RICH_TEXT_SECTIONS, SEARCH_LABELS
from careers.facts.text import plain_text

logger = logging.getLogger("careers.find")

MAX_QUERY_LENGTH = 200
MAX_TERMS = 10
# A careers site has dozens or hundreds of roles; past this the ordering is the backend's.
MAX_RESULTS = 500
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
    hits: list[SearchHit]
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


def name_matches(role, query: str) -> bool:
    """Every query term starts a word of the role name (or of the title)."""
    names = f"{role.role_name} {role.title}"
    words = [word.casefold() for word in _TERM.findall(names)]
    return all(any(word.startswith(stem(term)) for word in words) for term in query.split())


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


def _run(backend, query: str, roles, operator: str) -> list:
    results = backend.search(query, roles, operator=operator)
    return list(results[:MAX_RESULTS])


def search_roles(raw_query: str, roles) -> SearchOutcome:
    """Rank the live roles for the query. ``roles`` is a RolePage queryset (live, public)."""
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
        found = _run(backend, query, listing, "and")
        if not found and len(query.split()) > 1:
            found = _run(backend, query, listing, "or")
            any_term = bool(found)
            if any_term:
                notes.append("No role matched every word, so these match at least one.")
    except DatabaseError:
        # A broken index must not take the page down; the visitor is told what happened.
        logger.exception("search failed for %r", query)
        notes.append("Search is unavailable at the moment; please browse the roles instead.")
        return SearchOutcome(query=query, hits=[], notes=notes)
    # Stable sort: the backend's relevance order stands within each group.
    ranked = sorted(
        ((not name_matches(role, query), position, role) for position, role in enumerate(found)),
        key=lambda item: item[:2],
    )
    hits = [SearchHit(role=role, name_match=not later) for later, _, role in ranked]
    return SearchOutcome(query=query, hits=hits, notes=notes, any_term=any_term)


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
