"""How the text format reads its lines: numbered, cleaned of control characters, spacing
collapsed, any dash read as one.

Pure: no Django. Editors paste from word processors, so non-breaking and thin spaces count as
spaces, and every kind of dash (hyphen, en, em, figure, minus) reads as one.
"""

from __future__ import annotations

import re

from careers.facts.characters import CONTROL_CHARACTERS, LINE_BREAKS, first_control_character
from careers.pipeline.document import ProblemLog

DASHES = "\u2013\u2014\u2012\u2212-"
DASH = f"[{DASHES}]"
_SPACES = re.compile(r"[ \t\u00a0\u2009\u202f]+")
# A byte-order mark inside the text and the two noncharacters: signs of a mangled file.
_NONCHARACTERS = re.compile(r"[\ufeff\ufffe\uffff]")


def normalise_space(text: str) -> str:
    """Runs of any space collapsed to one, ends stripped."""
    return _SPACES.sub(" ", text).strip()


def numbered_lines(text: str, problems: ProblemLog) -> list[tuple[int, str]]:
    """Every line (blank ones too) as (1-based number, spacing-normalised text).

    A control character is reported at its line and read as a space, so one stray character
    costs one error, not the rest of the document.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    numbered = []
    for number, raw in enumerate(text.split("\n"), 1):
        # Every line of the format is one line of text (careers.facts' single-line rule);
        # tabs are only spacing here, collapsed like spaces.
        spaced = raw.replace("\t", " ")
        if char := first_control_character(spaced) or _first(_NONCHARACTERS, spaced):
            problems.error(number, f"contains {_describe_character(char)}")
            raw = _NONCHARACTERS.sub(" ", CONTROL_CHARACTERS.sub(" ", spaced))
        numbered.append((number, normalise_space(raw)))
    return numbered


def _first(pattern: re.Pattern, text: str) -> str | None:
    match = pattern.search(text)
    return match.group() if match else None


def _describe_character(char: str) -> str:
    if char in LINE_BREAKS:
        return f"a line break (U+{ord(char):04X}) inside the line"
    return f"the control character U+{ord(char):04X}"
