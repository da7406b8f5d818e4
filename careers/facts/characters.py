"""Characters text may not hold: what no column can store, and what breaks a one-line value.

Pure: no Django. Any text a request or document brings is refused by ``bad_character`` when no
column can store it; titles, role names and labels are held to ``single_line_problem``; log
lines escape what they print with ``escape_control_characters``.
"""

from __future__ import annotations

import re

# ---------------------------------------------------------------------------
# Single-line text
# ---------------------------------------------------------------------------

# What no stored text may hold, one line or many: C0 controls other than tab, line feed and
# carriage return (whitespace every text field already folds; the rest is never typed, and NUL
# cannot be stored in PostgreSQL at all) and lone surrogates (not text in any encoding).
UNSTORABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
# The stricter one-line rule: C0 controls, DEL, C1 controls and Unicode's line and paragraph separators: none belongs in a
# one-line value, and each can split an HTTP header, an email header or a log line.
CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# What str.splitlines() (and most log readers) treat as the end of a line.
LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


def first_control_character(text: str) -> str | None:
    """The first control character in the text, or None."""
    match = CONTROL_CHARACTERS.search(text)
    return match.group() if match else None


def describe_control_character(char: str) -> str:
    """ "the line break", "the tab", "the control character U+0000"."""
    if char in LINE_BREAKS:
        return "the line break"
    if char == "\t":
        return "the tab"
    return f"the control character U+{ord(char):04X}"


def single_line_problem(text: str) -> str | None:
    """Why the text cannot be a one-line value (title, role name, label), or None if it can."""
    char = first_control_character(text)
    if char is None:
        return None
    if char == "\t":
        return "Replace the tab with a space; this field is a single line."
    return f"Remove {describe_control_character(char)}; this field is a single line."


def escape_control_characters(text: str) -> str:
    """The text with each control character written as its escape (CR as \\r), for log lines."""
    return CONTROL_CHARACTERS.sub(
        lambda match: match.group().encode("unicode_escape").decode("ascii"), text
    )


def describe_character(character: str) -> str:
    """ "a NUL character (U+0000)", "a lone surrogate (U+D800)", "a control character (U+001B)"."""
    code = f"U+{ord(character):04X}"
    if character == "\x00":
        return f"a NUL character ({code})"
    if "\ud800" <= character <= "\udfff":
        return f"a lone surrogate ({code})"
    return f"a control character ({code})"


def bad_character(text: str) -> str | None:
    """Why ``text`` cannot be accepted as text, or None when it can."""
    match = UNSTORABLE.search(text)
    if match is None:
        return None
    return f"Contains {describe_character(match.group())}, which is not allowed."


def printable(text: str, limit: int = 40) -> str:
    """``text`` cut to ``limit`` characters, refused characters shown as ``\\uXXXX``: safe to echo."""
    cut = text[:limit] + ("…" if len(text) > limit else "")
    return UNSTORABLE.sub(lambda match: f"\\u{ord(match.group()):04x}", cut)
