"""Skill phrases as written: how compare lines up two roles' skill lists.

Related roles compare canonical skills instead (``careers.facts.skills``), so that words
outside the vocabulary ("secure", "modelling") relate no roles.
"""

from __future__ import annotations

import re

_SPACE = re.compile(r"\s+")


def skill_key(phrase: str) -> str:
    """Two phrasings of one skill compare equal: case, spacing and trailing dots ignored."""
    return _SPACE.sub(" ", phrase).strip().rstrip(".;,").casefold()
