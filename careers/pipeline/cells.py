"""Reading the salary table's cells: money ranges, percentage uplifts, levels with years.

Pure: no Django. Each reader returns typed figures or raises ``CellError`` with a message
naming the column, so the table reader can report it at the row's line.
"""

from __future__ import annotations

import re

from careers.facts.salary import CURRENCY_SYMBOLS, FIGURE_MAX, FIGURE_TOO_LARGE, is_currency_code
from careers.pipeline.lines import DASH, normalise_space

_SYMBOLS = sorted(
    ((symbol, code) for code, symbol in CURRENCY_SYMBOLS.items()),
    key=lambda pair: -len(pair[0]),
)
_ABSENT_CELLS = {"", "\u2014", "\u2013", "-", "--", "n/a", "na", "none", "\u2212"}


class CellError(ValueError):
    """A cell that cannot be read; the message names the problem."""


def _read_amount(text: str, what: str) -> tuple[int, str | None]:
    """ "$125,000" → (125000, "USD"); "CHF 90,000" → (90000, "CHF"); "125k" → (125000, None)."""
    rest = text.strip()
    currency = None
    for symbol, code in _SYMBOLS:
        if rest.startswith(symbol):
            currency, rest = code, rest[len(symbol) :].strip()
            break
    else:
        match = re.match(r"^([A-Za-z]{3})\s*(?=\d)", rest)
        if match:
            code = match.group(1).upper()
            if not is_currency_code(code):
                raise CellError(f'"{match.group(1)}" in {what} is not an ISO 4217 currency code')
            currency, rest = code, rest[match.end() :]
    if currency is None and rest.upper().endswith(tuple(f" {c}" for c in ("USD", "EUR", "GBP"))):
        currency, rest = rest[-3:].upper(), rest[:-4].strip()
    match = re.fullmatch(r"(\d[\d,]*)(\.\d+)?\s*([kK])?", rest)
    if not match:
        raise CellError(f'"{text.strip()}" in {what} is not a figure')
    digits, fraction, thousands = match.groups()
    if "," in digits and not re.fullmatch(r"\d{1,3}(,\d{3})+", digits):
        raise CellError(f'"{text.strip()}" in {what} has misplaced thousands separators')
    value = int(digits.replace(",", ""))
    if thousands:
        if fraction:
            value = int(round(float(digits.replace(",", "") + fraction) * 1000))
        else:
            value *= 1000
    elif fraction and int(fraction[1:]) != 0:
        raise CellError(f'"{text.strip()}" in {what} is not a whole number')
    if value > FIGURE_MAX:
        raise CellError(f'"{text.strip()}" in {what} is too large. {FIGURE_TOO_LARGE}')
    return value, currency


def read_money_range(cell: str, what: str, *, monthly: bool) -> tuple[int | None, int | None, set]:
    """A money cell: "$125,000–$180,000", "$300,000+", "up to $90,000", "—"; /mo if monthly."""
    text = normalise_space(cell)
    if text.lower() in _ABSENT_CELLS:
        return None, None, set()
    lowered = text.lower()
    for suffix in ("/mo", "/month", " per month", "/ mo", " a month"):
        if lowered.endswith(suffix):
            if not monthly:
                raise CellError(f'{what} is per year, but "{text}" is a monthly figure')
            text = text[: -len(suffix)].strip()
            break
    low = high = None
    currencies = set()
    if match := re.fullmatch(r"up\s+to\s+(.+)", text, re.I):
        high, cur = _read_amount(match.group(1), what)
        currencies.add(cur)
    elif text.endswith("+"):
        low, cur = _read_amount(text[:-1], what)
        currencies.add(cur)
    else:
        parts = re.split(rf"\s*{DASH}\s*|\s+to\s+", text, maxsplit=1)
        low, cur = _read_amount(parts[0], what)
        currencies.add(cur)
        if len(parts) == 2:
            high, cur2 = _read_amount(parts[1], what)
            currencies.add(cur2)
        else:
            high = low
    currencies.discard(None)
    return low, high, currencies


def read_percent_range(cell: str, what: str) -> tuple[int | None, int | None, str]:
    """ "+20–40% in equity/bonus" → (20, 40, "in equity/bonus"); "—" → (None, None, "")."""
    text = normalise_space(cell)
    if text.lower() in _ABSENT_CELLS:
        return None, None, ""
    # "— in equity/bonus": no figures, but the note is kept (the export writes it so).
    if match := re.fullmatch(rf"{DASH}\s+(?P<note>[^\d+\s].*)", text):
        return None, None, match.group("note")
    pct = r"\+?\s*(\d+)\s*%?"
    match = re.match(rf"^up\s+to\s+{pct}\s*(?P<note>.*)$", text, re.I)
    if match:
        return None, int(match.group(1)), match.group("note").strip()
    match = re.match(rf"^{pct}\s*(?:{DASH}\s*{pct}\s*%|%(?P<open>\+)?)\s*(?P<note>.*)$", text)
    if not match:
        raise CellError(f'"{text}" in {what} is not a percentage such as "+20–40% in equity/bonus"')
    low = int(match.group(1))
    high = int(match.group(2)) if match.group(2) is not None else (None if match["open"] else low)
    for figure in (low, high):
        if figure is not None and figure > FIGURE_MAX:
            raise CellError(f'"{text}" in {what} is too large. {FIGURE_TOO_LARGE}')
    return low, high, match.group("note").strip()


def read_level(cell: str) -> tuple[str, int | None, int | None]:
    """ "Entry-Level (0–2 yrs)" → ("Entry-Level", 0, 2); "Senior (8+ yrs)" → ("Senior", 8, None)."""
    text = normalise_space(cell)
    match = re.fullmatch(r"(?P<label>.*?)\s*\((?P<years>[^()]*)\)", text)
    if not match:
        return text, None, None
    years = match.group("years").strip()
    unit = r"\s*(?:yrs?|years?)?\.?"
    if m := re.fullmatch(rf"(\d+)\s*{DASH}\s*(\d+){unit}", years, re.I):
        return match["label"], int(m.group(1)), int(m.group(2))
    if m := re.fullmatch(rf"(\d+)\s*\+{unit}", years, re.I):
        return match["label"], int(m.group(1)), None
    if m := re.fullmatch(rf"up\s+to\s+(\d+){unit}", years, re.I):
        return match["label"], None, int(m.group(1))
    if m := re.fullmatch(rf"(\d+){unit}", years, re.I):
        return match["label"], int(m.group(1)), int(m.group(1))
    if re.search(r"\d", years) and re.search(r"yrs?\b|years?\b", years, re.I):
        raise CellError(f'"({years})" is not a range of years such as "(0–2 yrs)" or "(8+ yrs)"')
    return text, None, None


def split_row(line: str) -> list[str]:
    text = line.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    # "\|" is a pipe inside a cell (the export writes one so).
    return [cell.replace("\\|", "|").strip() for cell in re.split(r"(?<!\\)\|", text)]


_COLUMN_KINDS = (
    ("intern", re.compile(r"intern|monthly|stipend", re.I)),
    ("uplift", re.compile(r"total|comp|equity|bonus|uplift", re.I)),
    ("base", re.compile(r"base|salary|pay", re.I)),
    ("level", re.compile(r"level|role|title|position|grade", re.I)),
)


def column_kind(header: str) -> str | None:
    for kind, pattern in _COLUMN_KINDS:
        if pattern.search(header):
            return kind
    return None
