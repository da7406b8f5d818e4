"""Salary rules: figure limits, range checks, bounds, currency, the source line, and how money
and levels are written.

Pure: no Django, no I/O. The block's ``clean``, the parser, the content checks, the API schema
and writes, the filters, the chart, compare, export and JSON-LD all read these, so a figure is
bounded, checked and written one way everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from functools import partial

EN_DASH = "\u2013"
EM_DASH = "\u2014"
ABSENT = EM_DASH

# ---------------------------------------------------------------------------
# Money
# ---------------------------------------------------------------------------

# The currency a salary table is in when nothing says otherwise: the block's default, the
# parser's assumption for a table that names none, and the listing's for the stored columns.
DEFAULT_CURRENCY = "USD"

CURRENCY_SYMBOLS = {
    "USD": "$",
    "EUR": "\u20ac",
    "GBP": "\u00a3",
    "JPY": "\u00a5",
    "INR": "\u20b9",
    "CAD": "CA$",
    "AUD": "A$",
}

# ISO 4217 active codes (2025 list).
ISO_4217 = frozenset(
    [
        "AED",
        "AFN",
        "ALL",
        "AMD",
        "ANG",
        "AOA",
        "ARS",
        "AUD",
        "AWG",
        "AZN",
        "BAM",
        "BBD",
        "BDT",
        "BGN",
        "BHD",
        "BIF",
        "BMD",
        "BND",
        "BOB",
        "BRL",
        "BSD",
        "BTN",
        "BWP",
        "BYN",
        "BZD",
        "CAD",
        "CDF",
        "CHF",
        "CLP",
        "CNY",
        "COP",
        "CRC",
        "CUP",
        "CVE",
        "CZK",
        "DJF",
        "DKK",
        "DOP",
        "DZD",
        "EGP",
        "ERN",
        "ETB",
        "EUR",
        "FJD",
        "FKP",
        "GBP",
        "GEL",
        "GHS",
        "GIP",
        "GMD",
        "GNF",
        "GTQ",
        "GYD",
        "HKD",
        "HNL",
        "HTG",
        "HUF",
        "IDR",
        "ILS",
        "INR",
        "IQD",
        "IRR",
        "ISK",
        "JMD",
        "JOD",
        "JPY",
        "KES",
        "KGS",
        "KHR",
        "KMF",
        "KPW",
        "KRW",
        "KWD",
        "KYD",
        "KZT",
        "LAK",
        "LBP",
        "LKR",
        "LRD",
        "LSL",
        "LYD",
        "MAD",
        "MDL",
        "MGA",
        "MKD",
        "MMK",
        "MNT",
        "MOP",
        "MRU",
        "MUR",
        "MVR",
        "MWK",
        "MXN",
        "MYR",
        "MZN",
        "NAD",
        "NGN",
        "NIO",
        "NOK",
        "NPR",
        "NZD",
        "OMR",
        "PAB",
        "PEN",
        "PGK",
        "PHP",
        "PKR",
        "PLN",
        "PYG",
        "QAR",
        "RON",
        "RSD",
        "RUB",
        "RWF",
        "SAR",
        "SBD",
        "SCR",
        "SDG",
        "SEK",
        "SGD",
        "SHP",
        "SLE",
        "SOS",
        "SRD",
        "SSP",
        "STN",
        "SVC",
        "SYP",
        "SZL",
        "THB",
        "TJS",
        "TMT",
        "TND",
        "TOP",
        "TRY",
        "TTD",
        "TWD",
        "TZS",
        "UAH",
        "UGX",
        "USD",
        "UYU",
        "UZS",
        "VES",
        "VND",
        "VUV",
        "WST",
        "XAF",
        "XCD",
        "XCG",
        "XOF",
        "XPF",
        "YER",
        "ZAR",
        "ZMW",
        "ZWG",
    ]
)


# One limit for every salary-table figure (block, importer, API, schema, filters). Whole units
# of any currency: KRW and JPY annual pay runs to hundreds of millions, so 100,000,000 is too
# low; 2,000,000,000 still fits the 32-bit columns base salaries are denormalised into.
FIGURE_MAX = 2_000_000_000
# A 32-bit database integer: what any integer without a limit of its own is still held to.
DB_INT_MAX = 2**31 - 1
FIGURE_TOO_LARGE = f"Salary table figures can be at most {FIGURE_MAX:,}."

# A salary row's ranges (fields <prefix>_min/<prefix>_max), each with the one label every
# path words it with.
SALARY_RANGES = {
    "years": "years of experience",
    "base": "base salary",
    "uplift": "total comp uplift",
    "intern_monthly": "intern pay per month",
}
# The ranges that are money (written with the table's currency); the others are counts.
MONEY_RANGES = ("base", "intern_monthly")


def range_problem(
    low: int | None, high: int | None, label: str, show: Callable[[int], str] = "{:,}".format
) -> str | None:
    """The inverted-range rule, worded once for the block, the importer and the checks."""
    if low is None or high is None or low <= high:
        return None
    return f"The {label} minimum ({show(low)}) is above its maximum ({show(high)})."


def is_currency_code(code: str | None) -> bool:
    return bool(code) and code in ISO_4217


def currency_problem(code: str | None) -> str | None:
    """Why a table's currency code is refused, worded once for the block and the checks."""
    if is_currency_code(code):
        return None
    return f'"{code or "(blank)"}" is not an ISO 4217 currency code (e.g. USD, EUR, GBP).'


def format_amount(amount: int, currency: str = DEFAULT_CURRENCY) -> str:
    """ "$125,000" for USD; "CHF 125,000" where no symbol is customary."""
    symbol = CURRENCY_SYMBOLS.get(currency)
    digits = f"{amount:,}"
    return f"{symbol}{digits}" if symbol else f"{currency}\u00a0{digits}"


def figure_writer(prefix: str, currency: str | None) -> Callable[[int], str]:
    """How a range's figures are quoted: money in the table's currency, anything else as digits."""
    if prefix in MONEY_RANGES and is_currency_code(currency):
        return partial(format_amount, currency=currency)
    return "{:,}".format


def format_money_range(
    low: int | None, high: int | None, currency: str = DEFAULT_CURRENCY, suffix: str = ""
) -> str:
    """ "$125,000–$180,000", "$8,000–$13,000/mo", "$300,000+", "up to $90,000", or "—"."""
    return format_range(low, high, lambda amount: format_amount(amount, currency), suffix)


def format_range(
    low: int | None,
    high: int | None,
    show: Callable[[int], str],
    suffix: str = "",
    absent: str = ABSENT,
) -> str:
    """How every range reads: "a–b", "a" when equal, "a+" open-ended, "up to b", else ``absent``."""
    if low is None and high is None:
        return absent
    if low is not None and high is not None:
        if low == high:
            return f"{show(low)}{suffix}"
        return f"{show(low)}{EN_DASH}{show(high)}{suffix}"
    if low is not None:
        return f"{show(low)}+{suffix}"
    return f"up to {show(high)}{suffix}"


def bounds(figures: Iterable[int | None]) -> tuple[int | None, int | None]:
    """The lowest and highest of the figures given, absent ones skipped; (None, None) if none."""
    present = [figure for figure in figures if figure is not None]
    return (min(present), max(present)) if present else (None, None)


def level_bounds(rows: Iterable[Mapping], prefix: str = "base") -> tuple[int | None, int | None]:
    """The lowest and highest ``<prefix>_min``/``<prefix>_max`` figure across salary rows."""
    return bounds(
        figure for row in rows for figure in (row.get(f"{prefix}_min"), row.get(f"{prefix}_max"))
    )


def source_line(source_note: str | None, as_of_year: int | None) -> str:
    """The note under a table, as the page and the text export both write it (the parser reads it)."""
    source = (source_note or "").strip()
    sentences = (
        f"Salary data sourced from {source}." if source else "",
        f"{as_of_year} estimates." if as_of_year else "",
    )
    return " ".join(sentence for sentence in sentences if sentence)


def format_percent_range(low: int | None, high: int | None, note: str = "") -> str:
    """ "+20–40% in equity/bonus", or "—"."""
    if low is None and high is None:
        return ABSENT
    if low is not None and high is not None:
        core = f"+{low}%" if low == high else f"+{low}{EN_DASH}{high}%"
    elif low is not None:
        core = f"+{low}%+"
    else:
        core = f"up to +{high}%"
    return f"{core} {note}".strip() if note else core


def format_years(low: int | None, high: int | None) -> str:
    """ "0–2 yrs", "8+ yrs", "up to 2 yrs", or ""."""
    return format_range(low, high, str, " yrs", absent="")


def level_display(label: str, years_min: int | None, years_max: int | None) -> str:
    years = format_years(years_min, years_max)
    return f"{label} ({years})" if years else label


# ---------------------------------------------------------------------------
# Level meaning: "Applied ML Engineer I" and "Entry-Level" are the same rung.
# ---------------------------------------------------------------------------

LEVEL_ORDER = ("intern", "entry", "mid", "senior", "staff", "principal")

_LEVEL_WORDS = (
    ("intern", re.compile(r"\bintern(ship)?s?\b", re.I)),
    ("principal", re.compile(r"\b(principal|distinguished|fellow)\b", re.I)),
    ("staff", re.compile(r"\bstaff\b", re.I)),
    ("senior", re.compile(r"\b(senior|sr\.?|lead)\b", re.I)),
    ("mid", re.compile(r"\b(mid|middle|intermediate)\b", re.I)),
    ("entry", re.compile(r"\b(entry|junior|jr\.?|new grad|graduate|associate)\b", re.I)),
)
# Roman numerals are matched case-sensitively: "I" the numeral, never the word "i".
_LEVEL_NUMERALS = re.compile(r"\b(IV|III|II|I)\b")
_NUMERAL_MEANING = {"I": "entry", "II": "mid", "III": "senior", "IV": "staff"}


def level_meaning(label: str) -> str | None:
    """Which rung a level title names ("Entry-Level" and "Engineer I" are both "entry")."""
    for meaning, pattern in _LEVEL_WORDS:
        if pattern.search(label):
            return meaning
    numeral = _LEVEL_NUMERALS.search(label)
    if numeral:
        return _NUMERAL_MEANING[numeral.group(1)]
    return None


# ---------------------------------------------------------------------------
# Row kinds: a salary row is a level (experience, base, uplift) or an internship (monthly pay).
# ---------------------------------------------------------------------------

LEVEL_ROW = "level"
INTERN_ROW = "intern"
ROW_KINDS = {LEVEL_ROW: "A level (base salary)", INTERN_ROW: "An internship (monthly pay)"}
# The ranges each kind of row is about; the admin hides an empty range the kind doesn't use.
KIND_RANGES = {
    LEVEL_ROW: ("years", "base", "uplift"),
    INTERN_ROW: ("intern_monthly",),
}
# The rows a new salary table starts with, lowest first (the standard ladder's labels).
STANDARD_LEVELS = ("Intern", "Entry-Level", "Mid-Level", "Senior")
# Between a row's level and its pay in the admin's one-line summary of a row.
SUMMARY_SEPARATOR = " \u00b7 "


def row_kind(row: Mapping) -> str:
    """The row's kind as stored; a row stored before kinds existed is an internship when its
    level names one ("Intern", "Data Engineering Intern") and a level otherwise."""
    kind = row.get("kind")
    if kind in ROW_KINDS:
        return kind
    return INTERN_ROW if level_meaning(row.get("level") or "") == "intern" else LEVEL_ROW


def row_summary(row: Mapping, currency: str | None = None) -> str:
    """A collapsed row's label in the admin: "Entry-Level (0–2 yrs) · $125,000–$180,000"."""
    code = (currency or "").strip().upper() or DEFAULT_CURRENCY
    level = level_display(row.get("level") or "", row.get("years_min"), row.get("years_max"))
    if row_kind(row) == INTERN_ROW:
        pay = format_range(
            row.get("intern_monthly_min"),
            row.get("intern_monthly_max"),
            partial(format_amount, currency=code),
            "/mo",
            absent="",
        )
    else:
        pay = format_range(
            row.get("base_min"),
            row.get("base_max"),
            partial(format_amount, currency=code),
            absent="",
        )
    return SUMMARY_SEPARATOR.join(part for part in (level, pay) if part)
