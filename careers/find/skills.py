"""Skill phrases and keywords: how two roles' skill lists are compared."""

from __future__ import annotations

import re

_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9+#]*")
_SPACE = re.compile(r"\s+")

# Words that say nothing about which skill it is ("code", "design" appear in every field).
STOPWORDS = frozenset(
    {
        "a",
        "an",
        "and",
        "as",
        "at",
        "be",
        "by",
        "e.g",
        "for",
        "from",
        "in",
        "including",
        "into",
        "is",
        "of",
        "on",
        "or",
        "such",
        "the",
        "their",
        "to",
        "using",
        "use",
        "used",
        "via",
        "with",
        "within",
        "without",
        "your",
        "you",
        "skills",
        "skill",
        "experience",
        "knowledge",
        "strong",
        "understanding",
        "ability",
        "familiarity",
        "proficiency",
        "proficient",
        "working",
        "work",
        "tools",
        "tooling",
        "code",
        "design",
        "systems",
        "system",
        "review",
        "reviews",
        "practices",
        "fundamentals",
        "basics",
        "concepts",
        "production",
        "modern",
        "large",
        "scale",
        "best",
        "other",
        "another",
        "based",
        "end",
        "tests",
        "testing",
        "writing",
        "building",
        "across",
        "each",
        "more",
        "like",
        "etc",
        "good",
        "solid",
        "deep",
        "hands",
    }
)


def skill_key(phrase: str) -> str:
    """Two phrasings of one skill compare equal: case, spacing and trailing dots ignored."""
    return _SPACE.sub(" ", phrase).strip().rstrip(".;,").casefold()


def keywords(text: str) -> dict[str, str]:
    """Meaningful words of the text, keyed by their lower case, valued by first spelling."""
    found: dict[str, str] = {}
    for word in _WORD.findall(text or ""):
        key = word.casefold()
        if key in STOPWORDS or (len(key) < 2 and not key.isdigit()) or key.isdigit():
            continue
        found.setdefault(key, word)
    return found


def similarity(a: set[str], b: set[str]) -> float:
    """Jaccard similarity of two keyword sets: 0 (nothing shared) to 1 (identical)."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)
