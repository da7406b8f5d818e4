"""Pure facts about role pages: articles, money, ranges, levels. No Django, no I/O.

Every output (HTML, API, JSON-LD, text export, content checks) formats figures through
these functions so a number is written one way everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

EN_DASH = "\u2013"
EM_DASH = "\u2014"
ABSENT = EM_DASH

# ---------------------------------------------------------------------------
# Indefinite articles
# ---------------------------------------------------------------------------

# Words spelled with a vowel letter but said with a consonant sound ("a unicorn", "a one-off").
_CONSONANT_SOUND_PREFIXES = (
    "uni",
    "unic",
    "use",
    "usa",
    "user",
    "usu",
    "uti",
    "ure",
    "uro",
    "eu",
    "ewe",
    "one",
    "once",
    "ubiq",
    "uk",
    "ukr",
    "utah",
)
# Exceptions to the prefixes above ("an unimportant", "an uninstall").
_VOWEL_SOUND_OVERRIDES = ("unin", "unim", "unid", "unis", "unil", "unic0")
# Words spelled with a consonant but said with a vowel sound (silent h).
_VOWEL_SOUND_PREFIXES = ("hour", "honest", "honor", "honour", "heir", "herb")
# Letters whose spoken name starts with a vowel sound: "an SRE", "an ML", "an F1", "an X-ray".
_VOWEL_SOUND_LETTERS = set("AEFHILMNORSX")
# Acronyms that are pronounced as words, not letter by letter.
_WORD_ACRONYMS = {
    "NASA": "a",
    "NATO": "a",
    "SQL": "an",
    "UX": "a",
    "UI": "a",
    "URL": "a",
    "FAANG": "a",
    "SAAS": "a",
    "LIDAR": "a",
    "RADAR": "a",
    "SCUBA": "a",
    "GIS": "a",
    "SOC": "a",
    "UAV": "a",
    "IOS": "an",
    "ETL": "an",
}


def _first_word(phrase: str) -> str:
    match = re.search(r"[A-Za-z0-9][A-Za-z0-9'\-]*", phrase)
    return match.group(0) if match else ""


# A possessive ending ("SRE's", "SREs'"), dropped before judging: it is never what is heard first.
_POSSESSIVE = re.compile(r"(?:'s|')$")
# Two or more capitals starting a word: an acronym, perhaps with a plural or a word attached
# ("SREs", "MLOps", "SQLite").
_LEADING_CAPITALS = re.compile(r"[A-Z]{2,}")


def _spoken_acronym(head: str) -> str | None:
    """The acronym a word starts with, if any, as the sound that decides its article."""
    match = _LEADING_CAPITALS.match(head)
    if not match:
        return None
    capitals = match.group(0)
    # "MLOps": the last capital may begin the attached word; "NATOs", "SQLite": it may not.
    for candidate in (capitals, capitals[:-1]):
        if candidate in _WORD_ACRONYMS:
            return candidate
    return capitals


def indefinite_article(phrase: str) -> str:
    """Return "a" or "an" for the phrase, by the sound of its first word."""
    word = _first_word(phrase)
    if not word:
        return "a"
    head = _POSSESSIVE.sub("", word.split("-")[0])
    upper = head.upper()
    if upper in _WORD_ACRONYMS:
        return _WORD_ACRONYMS[upper]
    if head[0].isdigit():
        # "an 8-week", "an 11", "an 18"; otherwise "a".
        if head.startswith("8") or re.fullmatch(r"1[18](\d{3})*", head):
            return "an"
        return "a"
    # An acronym is read letter by letter unless it is said as a word ("a NASA", "an SQL").
    acronym = _spoken_acronym(head)
    if acronym is not None:
        if acronym in _WORD_ACRONYMS:
            return _WORD_ACRONYMS[acronym]
        return "an" if acronym[0] in _VOWEL_SOUND_LETTERS else "a"
    if len(head) == 1:
        return "an" if head.upper() in _VOWEL_SOUND_LETTERS else "a"
    lower = head.lower()
    if lower.startswith(_VOWEL_SOUND_PREFIXES):
        return "an"
    if lower[0] in "aeiou":
        if lower.startswith(_CONSONANT_SOUND_PREFIXES) and not lower.startswith(
            _VOWEL_SOUND_OVERRIDES
        ):
            return "a"
        return "an"
    return "a"


def with_article(phrase: str, capitalize: bool = False) -> str:
    """ "an Applied ML Engineer", or "An …" when it starts a sentence."""
    article = indefinite_article(phrase)
    if capitalize:
        article = article.capitalize()
    return f"{article} {phrase}"


_ARTICLE_USE = re.compile(r"\b(a|an|A|An)\s+([A-Za-z0-9][A-Za-z0-9'\-]*)")


@dataclass(frozen=True)
class ArticleMistake:
    """A wrong "a"/"an" found in text, with what it should be."""

    found: str
    expected: str
    start: int


def find_article_mistakes(text: str) -> list[ArticleMistake]:
    """Every "a X"/"an X" in the text whose article does not fit X."""
    mistakes = []
    for match in _ARTICLE_USE.finditer(text):
        article, word = match.group(1), match.group(2)
        # "A" starting a list item like "A/B" or a lone letter is not an article.
        if article in ("A",) and word.isupper() and len(word) == 1:
            continue
        expected = indefinite_article(word)
        if article.lower() != expected:
            fixed = expected.capitalize() if article[0].isupper() else expected
            mistakes.append(ArticleMistake(match.group(0), f"{fixed} {word}", match.start()))
    return mistakes


# ---------------------------------------------------------------------------
# Generated headings
# ---------------------------------------------------------------------------


def default_title(role_name: str, year: int | None) -> str:
    return f"{role_name} Jobs & Internships {year}" if year else f"{role_name} Jobs & Internships"


def heading_overview(role_name: str) -> str:
    return f"What Does {with_article(role_name)} Do?"


def heading_skills(role_name: str) -> str:
    return "Required Skills & Qualifications"


def heading_day_in_the_life(role_name: str) -> str:
    return f"A Day in the Life of {with_article(role_name)}"


def heading_career_path(role_name: str) -> str:
    return "Career Path & Salary Progression"


def heading_salary_table(role_name: str) -> str:
    return f"{role_name} Salaries by Level"


def heading_apply(role_name: str) -> str:
    return f"Apply for {role_name} Roles"


def heading_faq(role_name: str) -> str:
    return f"{role_name} {EM_DASH} Frequently Asked Questions"


GENERATED_HEADINGS = {
    "overview": heading_overview,
    "skills": heading_skills,
    "day_in_the_life": heading_day_in_the_life,
    "career_path": heading_career_path,
    "salary_table": heading_salary_table,
    "apply": heading_apply,
    "faq": heading_faq,
}


# ---------------------------------------------------------------------------
# Money
# ---------------------------------------------------------------------------

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


def range_problem(
    low: int | None, high: int | None, label: str, show: Callable[[int], str] = "{:,}".format
) -> str | None:
    """The inverted-range rule, worded once for the block, the importer and the checks."""
    if low is None or high is None or low <= high:
        return None
    return f"The {label} minimum ({show(low)}) is above its maximum ({show(high)})."


def is_currency_code(code: str | None) -> bool:
    return bool(code) and code in ISO_4217


def format_amount(amount: int, currency: str = "USD") -> str:
    """ "$125,000" for USD; "CHF 125,000" where no symbol is customary."""
    symbol = CURRENCY_SYMBOLS.get(currency)
    digits = f"{amount:,}"
    return f"{symbol}{digits}" if symbol else f"{currency}\u00a0{digits}"


def format_money_range(
    low: int | None, high: int | None, currency: str = "USD", suffix: str = ""
) -> str:
    """ "$125,000–$180,000", "$8,000–$13,000/mo", "$300,000+", "up to $90,000", or "—"."""
    if low is None and high is None:
        return ABSENT
    if low is not None and high is not None:
        if low == high:
            return f"{format_amount(low, currency)}{suffix}"
        return f"{format_amount(low, currency)}{EN_DASH}{format_amount(high, currency)}{suffix}"
    if low is not None:
        return f"{format_amount(low, currency)}+{suffix}"
    return f"up to {format_amount(high, currency)}{suffix}"


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
    if low is None and high is None:
        return ""
    if low is not None and high is not None:
        if low == high:
            return f"{low} yrs"
        return f"{low}{EN_DASH}{high} yrs"
    if low is not None:
        return f"{low}+ yrs"
    return f"up to {high} yrs"


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
# Single-line text
# ---------------------------------------------------------------------------

# C0 controls, DEL, C1 controls and Unicode's line and paragraph separators: none belongs in a
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
