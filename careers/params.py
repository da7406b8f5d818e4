"""The input rules every entry point shares: integers, text parameters and JSON bodies.

One place decides what a query parameter or a JSON document may contain, so the HTML
listings, both APIs and the importer refuse the same things with the same messages, and
nothing a visitor sends reaches the database driver in a form it cannot take (a NUL byte,
a lone surrogate, a number beyond 64 bits). Pure Python: no Django, so the pipeline can use it.
"""

from __future__ import annotations

import json
import re
from typing import Any

from careers.facts.characters import bad_character, printable

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1
# Deep enough for any role page (body → block → value → rows → row is five levels); far below
# Python's recursion limit, so nothing that walks a document can overflow the stack.
MAX_JSON_DEPTH = 64

_INTEGER = re.compile(r"[+-]?[0-9]+")
# A JSON string (escapes included) or one structural character; numbers and literals
# are skipped, which is all the depth scan needs.
_JSON_PIECE = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{},]', re.DOTALL)


class ParameterError(ValueError):
    """A value that breaks an input rule; ``str()`` names the parameter or JSON path."""

    def __init__(self, name: str, message: str | None = None, line: int = 1):
        if message is None:  # one argument: a message that already names what it is about
            name, message = "", name
        super().__init__(name, message)
        self.name = name
        self.message = message
        self.line = line

    def __str__(self) -> str:
        return f"{self.name}: {self.message}" if self.name else self.message


def clean_text(name: str, raw: str | None) -> str:
    """``raw`` unchanged if it is storable text; a ParameterError naming ``name`` if not."""
    text = raw or ""
    problem = bad_character(text)
    if problem:
        raise ParameterError(name, problem)
    return text


def parse_int(
    name: str, raw: str | None, minimum: int | None = None, maximum: int | None = None
) -> int:
    """A whole number in ASCII digits within [minimum, maximum] (and always within 64 bits).

    ``str.isdigit`` accepts "²" and "①", which ``int`` then refuses, and ``int`` accepts
    Arabic-Indic digits and underscores: neither is a number anyone types in a URL.
    """
    text = (raw or "").strip()
    low = INT64_MIN if minimum is None else max(minimum, INT64_MIN)
    high = INT64_MAX if maximum is None else min(maximum, INT64_MAX)
    if not _INTEGER.fullmatch(text):
        shown = text if len(text) <= 40 else text[:40] + "…"
        raise ParameterError(name, f"Enter a whole number (got {shown!r}).")
    digits = text.lstrip("+-").lstrip("0")
    # More digits than any 64-bit number: out of range, without converting a huge string.
    if len(digits) > 19:
        limit = high if not text.startswith("-") else low
        which = "or less" if limit == high else "or more"
        raise ParameterError(name, f"Must be {limit} {which}.")
    value = int(text)
    if value < low:
        raise ParameterError(name, f"Must be {low} or more (got {value}).")
    if value > high:
        raise ParameterError(name, f"Must be {high} or less (got {value}).")
    return value


# --- HTML listings ---------------------------------------------------------------------------

# Far past any real listing, and small enough that (page - 1) * per_page is a valid OFFSET
# for every database (64-bit) whatever the page size.
MAX_PAGE = 10_000_000


def listing_text(params, name: str, notes: list[str]) -> str:
    """An HTML listing's GET parameter; a refused value is dropped with a note, never a 400."""
    try:
        return clean_text(name, params.get(name))
    except ParameterError as error:
        notes.append(f"Ignored {name}: {error.message}")
        return ""


def listing_page(raw: str | None, notes: list[str]) -> int:
    """An HTML listing's ?page=: a whole number from 1, else page 1 and a note saying so."""
    text = (raw or "").strip()
    if not text:
        return 1
    try:
        return parse_int("page", text, 1, MAX_PAGE)
    except ParameterError as error:
        notes.append(
            f'Ignored page="{printable(text, 20)}": {error.message} Showing the first page.'
        )
        return 1


# --- JSON ------------------------------------------------------------------------------------


def _line_of(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def _path(frames: list[list]) -> str:
    return "/".join(str(label) for _kind, label in frames if label is not None)


def _check_depth(text: str, max_depth: int) -> None:
    """Refuse nesting deeper than ``max_depth`` before the decoder recurses into it."""
    if text.count("[") + text.count("{") <= max_depth:
        return  # cannot be that deep: skip the scan for ordinary bodies
    frames: list[list] = []  # [kind, label]: "[" with the item index, "{" with the last key
    expect_key = False
    for match in _JSON_PIECE.finditer(text):
        piece = match.group()
        if piece in "[{":
            if len(frames) >= max_depth:
                raise ParameterError(
                    _path(frames),
                    f"too deeply nested: more than {max_depth} levels.",
                    _line_of(text, match.start()),
                )
            frames.append([piece, 0 if piece == "[" else None])
            expect_key = piece == "{"
        elif piece in "]}":
            if frames:
                frames.pop()
            expect_key = False
        elif piece == ",":
            if frames and frames[-1][0] == "[":
                frames[-1][1] += 1
            expect_key = bool(frames) and frames[-1][0] == "{"
        elif expect_key and frames:
            try:
                frames[-1][1] = json.loads(piece)
            except ValueError:
                frames[-1][1] = piece[1:-1]
            expect_key = False


def _check_strings(value: Any, path: str = "") -> None:
    """Every key and string in a decoded document is storable text (no NUL, no surrogate)."""
    stack = [(path, value)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, str):
            problem = bad_character(item)
            if problem:
                raise ParameterError(where, problem)
        elif isinstance(item, dict):
            for key, child in item.items():
                child_path = f"{where}/{key}" if where else str(key)
                problem = bad_character(key)
                if problem:
                    shown = key.encode("ascii", "backslashreplace").decode()
                    raise ParameterError(
                        f"{where}/{shown}" if where else shown,
                        f"This key {problem[0].lower()}{problem[1:]}",
                    )
                stack.append((child_path, child))
        elif isinstance(item, list):
            stack.extend(
                (f"{where}/{index}" if where else str(index), child)
                for index, child in enumerate(item)
            )


def load_json(data: str | bytes, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """Decode a JSON document under the input rules; ParameterError names the path or line.

    Errors: not UTF-8, not JSON (with line and column), nested deeper than ``max_depth``, or a
    key or string holding a NUL, another control character or a lone surrogate
    (``"\\ud800"`` decodes to one, and no database can store it).
    """
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ParameterError(
                "",
                f"not UTF-8 text (byte 0x{data[error.start]:02x} at position {error.start}).",
                data[: error.start].count(b"\n") + 1,
            ) from None
    else:
        text = data
    _check_depth(text, max_depth)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise ParameterError(
            "",
            f"not valid JSON: {error.msg} (line {error.lineno}, column {error.colno}).",
            max(1, error.lineno),
        ) from None
    except (ValueError, RecursionError):
        # Python refuses integers of more than 4300 digits; the depth scan rules out recursion.
        raise ParameterError("", "not valid JSON: a number has too many digits.") from None
    _check_strings(value)
    return value
