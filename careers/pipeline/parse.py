"""Parse a role document (the legacy text format) into typed, frozen dataclasses.

Pure: text in, dataclasses out. No Django, no models, no I/O. Every problem carries the
source name and a 1-based line number so callers can print ``FILE:LINE: message``.

The format is described in docs/pipeline.md. In short::

    <Role> Jobs & Internships <year>
    <intro paragraph(s)>
    What Does a/an <Role> Do?                 -> overview (paragraphs)
    Required Skills & Qualifications          -> skills ("- ✓ item" lines)
    A Day in the Life of a/an <Role>          -> day_in_the_life (paragraphs)
    Career Path & Salary Progression          -> career_path ("A → B → C")
      | Level | Base Salary | ... |           -> salary_table (Markdown table)
      Salary data sourced from X. 2026 estimates.
    Apply for <Role> Roles                    -> apply (text)
    <Role> — Frequently Asked Questions       -> faq ("…?" question lines, answers below)
    ## Any Heading {section}                  -> explicit heading, optional section type

A heading that only restates the standard heading (with either article) is stored blank,
so the page shows the generated one with the correct article.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from careers.facts.characters import CONTROL_CHARACTERS, LINE_BREAKS, first_control_character
from careers.facts.language import GENERATED_HEADINGS
from careers.facts.salary import (
    CURRENCY_SYMBOLS,
    FIGURE_MAX,
    FIGURE_TOO_LARGE,
    SALARY_RANGES,
    is_currency_code,
    range_problem,
)

# document that parses also passes the blocks' validation.
MAX_TITLE = 255
MAX_ROLE_NAME = 100
MAX_HEADING = 200
MAX_SKILL = 300
MAX_STEP = 120
MAX_LEVEL = 80
MAX_UPLIFT_NOTE = 80
MAX_SOURCE_NOTE = 300
MAX_QUESTION = 300
MAX_BUTTON_LABEL = 60
MIN_YEAR = 2000
MAX_YEAR = 2100

DEFAULT_BUTTON_LABEL = "Submit your profile"
DEFAULT_UPLIFT_NOTE = "in equity/bonus"

SECTION_KINDS = (
    "overview",
    "skills",
    "day_in_the_life",
    "career_path",
    "salary_table",
    "apply",
    "faq",
    "text",
)
SINGLE_SECTIONS = {"career_path", "salary_table", "apply", "faq"}
SECTION_NAMES = {
    "overview": "overview",
    "skills": "skills",
    "day_in_the_life": "day in the life",
    "career_path": "career path",
    "salary_table": "salary table",
    "apply": "apply",
    "faq": "FAQ",
    "text": "text",
}


# ---------------------------------------------------------------------------
# Result types
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One error or warning, located in the source so an editor can find it."""

    source: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Overview:
    """What the role does: paragraphs of plain text."""

    line: int
    heading: str
    paragraphs: tuple[str, ...]
    kind = "overview"


@dataclass(frozen=True)
class Skills:
    """The skills checklist; ``item_lines`` locates each item for error messages."""

    line: int
    heading: str
    items: tuple[str, ...]
    item_lines: tuple[int, ...] = ()
    kind = "skills"


@dataclass(frozen=True)
class DayInTheLife:
    """A typical day: paragraphs of plain text."""

    line: int
    heading: str
    paragraphs: tuple[str, ...]
    kind = "day_in_the_life"


@dataclass(frozen=True)
class CareerPath:
    """The ladder of level titles, lowest first."""

    line: int
    heading: str
    steps: tuple[str, ...]
    kind = "career_path"


@dataclass(frozen=True)
class SalaryRow:
    """One level of the salary table, figures typed (None = absent)."""

    line: int
    level: str
    years_min: int | None = None
    years_max: int | None = None
    base_min: int | None = None
    base_max: int | None = None
    uplift_min: int | None = None
    uplift_max: int | None = None
    uplift_note: str = ""
    intern_monthly_min: int | None = None
    intern_monthly_max: int | None = None


@dataclass(frozen=True)
class SalaryTable:
    """Salary by level in one currency, with where the figures come from."""

    line: int
    heading: str
    currency: str
    as_of_year: int | None
    source_note: str
    rows: tuple[SalaryRow, ...]
    kind = "salary_table"


@dataclass(frozen=True)
class Apply:
    """The call to action; blank text means the site's default text is shown."""

    line: int
    heading: str
    text: str
    button_label: str = DEFAULT_BUTTON_LABEL
    kind = "apply"


@dataclass(frozen=True)
class FaqItem:
    """One question with its answer paragraphs."""

    line: int
    question: str
    answer: tuple[str, ...]


@dataclass(frozen=True)
class Faq:
    """Frequently asked questions."""

    line: int
    heading: str
    items: tuple[FaqItem, ...]
    kind = "faq"


@dataclass(frozen=True)
class TextSection:
    """Any section the format has no structure for; kept, never dropped."""

    line: int
    heading: str
    paragraphs: tuple[str, ...]
    kind = "text"


Section = Overview | Skills | DayInTheLife | CareerPath | SalaryTable | Apply | Faq | TextSection


@dataclass(frozen=True)
class RoleDocument:
    """A whole role page as the document describes it."""

    source: str
    title: str
    role_name: str
    year: int
    intro: str
    sections: tuple[Section, ...]
    title_line: int = 1
    intro_line: int = 2


@dataclass(frozen=True)
class ParseResult:
    """The document (None when there are errors) and every problem found."""

    document: RoleDocument | None
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.document is not None and not self.errors


# ---------------------------------------------------------------------------
# Line-level recognisers
# ---------------------------------------------------------------------------

_DASHES = "\u2013\u2014\u2012\u2212-"
_DASH = f"[{_DASHES}]"
_SPACES = re.compile(r"[ \t\u00a0\u2009\u202f]+")
# A byte-order mark inside the text and the two noncharacters: signs of a mangled file.
_NONCHARACTERS = re.compile(r"[\ufeff\ufffe\uffff]")

TITLE_RE = re.compile(
    r"^(?P<role>.+?)\s+Jobs\s*(?:&|and|\+)\s*Internships(?:\s*(?:in\s+|[,:]\s*)?(?P<year>\d+))?$",
    re.I,
)
_ARTICLE = r"(?:(?:an?|the)\s+)?"
OVERVIEW_RE = re.compile(rf"^What\s+(?:Does|Do)\s+{_ARTICLE}(?P<role>.+?)\s+Do\s*\??$", re.I)
SKILLS_RE = re.compile(
    r"^(?:Required\s+)?Skills(?:\s*(?:&|and)\s*Qualifications)?$|^Qualifications$", re.I
)
SKILLS_STANDARD = "required skills & qualifications"
DAY_RE = re.compile(rf"^A\s+Day\s+in\s+the\s+Life\s+of\s+{_ARTICLE}(?P<role>.+?)$", re.I)
CAREER_RE = re.compile(
    r"^Career\s+(?:Path|Ladder|Progression)(?:\s*(?:&|and)\s*Salary(?:\s+Progression)?)?$", re.I
)
CAREER_STANDARD = "career path & salary progression"
SALARY_RE = re.compile(
    r"^(?:(?P<role>.+?)\s+)?Salar(?:y|ies)(?:\s+(?:by|per)\s+Level)?$|^Compensation$", re.I
)
APPLY_RE = re.compile(r"^(?:Apply\s+for\s+(?P<role>.+?)\s+Roles|How\s+to\s+Apply|Apply)$", re.I)
FAQ_RE = re.compile(
    rf"^(?:(?P<role>.+?)\s*{_DASH}+\s*|(?P<role2>.+?)\s*:\s*)?"
    r"(?:Frequently\s+Asked\s+Questions|FAQs?)$",
    re.I,
)
EXPLICIT_RE = re.compile(r"^#{1,6}\s+(?P<text>.*?)(?:\s*\{(?P<hint>[\w -]*)\})?\s*$")
SKILL_ITEM_RE = re.compile(r"^[-*\u2022]\s*(?:[\u2713\u2714\u2611\u2705]\ufe0f?|\[[xX ]\])?\s*")
LADDER_SPLIT = re.compile(r"\s*(?:\u2192|->|\u27f6|\u21d2|=>)\s*")
BUTTON_RE = re.compile(r"^Button\s*:\s*(?P<label>.*)$", re.I)
Q_PREFIX = re.compile(r"^Q\s*[:.]\s*", re.I)
A_PREFIX = re.compile(r"^A\s*[:.]\s*", re.I)
SOURCE_RE = re.compile(
    r"^Salary\s+data(?:\s+(?:sourced\s+)?from\s+(?P<src>.+?))?"
    r"(?:\s*[.:]\s*(?:(?P<year>\d{4})\s+estimates?\.?)?|\s*\.?)$",
    re.I,
)
YEAR_ONLY_RE = re.compile(r"^(?P<year>\d{4})\s+estimates?\.?$", re.I)
TABLE_SEPARATOR_RE = re.compile(r"^\|?\s*:?-{1,}:?\s*(\|\s*:?-{1,}:?\s*)*\|?$")


def normalise_space(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _fold(text: str) -> str:
    """Case-, dash- and space-insensitive key for comparing headings and role names."""
    text = normalise_space(text).casefold()
    text = re.sub(_DASH, "-", text)
    return text.replace(" and ", " & ").rstrip("?").strip()


def same_role(a: str | None, b: str) -> bool:
    return a is not None and _fold(a) == _fold(b)


def slug_text(role_name: str) -> str:
    """What Django's slugify keeps of the role name (ASCII letters, digits)."""
    ascii_text = unicodedata.normalize("NFKD", role_name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "", ascii_text.lower())


@dataclass(frozen=True)
class Heading:
    """A recognised heading line: which section it opens and its override (blank = standard)."""

    kind: str
    override: str
    explicit: bool = False


def classify_heading(text: str, role_name: str) -> Heading | None:
    """Which section a line opens, if it is a standard-pattern heading for one.

    The override is blank when the line only restates the generated heading (either article).
    """
    line = normalise_space(text)
    if match := OVERVIEW_RE.match(line):
        return Heading("overview", "" if same_role(match["role"], role_name) else line)
    if SKILLS_RE.match(line):
        return Heading("skills", "" if _fold(line) == SKILLS_STANDARD else line)
    if match := DAY_RE.match(line):
        return Heading("day_in_the_life", "" if same_role(match["role"], role_name) else line)
    if CAREER_RE.match(line):
        return Heading("career_path", "" if _fold(line) == CAREER_STANDARD else line)
    if match := APPLY_RE.match(line):
        return Heading("apply", "" if same_role(match["role"], role_name) else line)
    if match := FAQ_RE.match(line):
        role = match["role"] or match["role2"]
        standard = same_role(role, role_name) and "frequently" in line.lower()
        return Heading("faq", "" if standard else line)
    if match := SALARY_RE.match(line):
        standard = same_role(match["role"], role_name) and _fold(line).endswith("salaries by level")
        return Heading("salary_table", "" if standard else line)
    return None


def standard_heading(kind: str, role_name: str) -> str:
    generate = GENERATED_HEADINGS.get(kind)
    return generate(role_name) if generate else ""


def looks_like_heading(line: str) -> bool:
    """A short Title-Case line with no sentence punctuation: an (unrecognised) heading."""
    if len(line) > 90 or line[-1] in ".,;:!\u2026" or line.startswith(("|", "-", "*", "\u2022")):
        return False
    words = line.split()
    if not 1 <= len(words) <= 12 or not words[0][0].isupper():
        return False
    small = {"a", "an", "the", "and", "or", "of", "in", "on", "for", "to", "at", "by", "with"}
    for word in words[1:]:
        letters = word.lstrip("(\"'\u201c")
        if not letters or not letters[0].isalpha() or word.lower() in small:
            continue
        if not letters[0].isupper():
            return False
    return True


# ---------------------------------------------------------------------------
# Salary table cells
# ---------------------------------------------------------------------------

_SYMBOLS = sorted(
    ((symbol, code) for code, symbol in CURRENCY_SYMBOLS.items()),
    key=lambda pair: -len(pair[0]),
)
_ABSENT_CELLS = {"", "\u2014", "\u2013", "-", "--", "n/a", "na", "none", "\u2212"}
_AMOUNT = r"(?P<{n}>\d[\d,]*(?:\.\d+)?)\s*(?P<{n}k>[kK])?"


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
        parts = re.split(rf"\s*{_DASH}\s*|\s+to\s+", text, maxsplit=1)
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
    pct = r"\+?\s*(\d+)\s*%?"
    match = re.match(rf"^up\s+to\s+{pct}\s*(?P<note>.*)$", text, re.I)
    if match:
        return None, int(match.group(1)), match.group("note").strip()
    match = re.match(rf"^{pct}\s*(?:{_DASH}\s*{pct}\s*%|%(?P<open>\+)?)\s*(?P<note>.*)$", text)
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
    if m := re.fullmatch(rf"(\d+)\s*{_DASH}\s*(\d+){unit}", years, re.I):
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
    return [cell.strip() for cell in text.split("|")]


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


# ---------------------------------------------------------------------------
# The parser
# ---------------------------------------------------------------------------


@dataclass
class _Open:
    """A section being collected: its heading and its raw lines."""

    kind: str
    heading: str
    line: int
    explicit: bool
    lines: list[tuple[int, str]] = field(default_factory=list)


class _Parser:
    """Single use: walks the lines once, collecting sections and problems."""

    def __init__(self, text: str, source: str):
        self.source = source
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if text.startswith("\ufeff"):
            text = text[1:]
        self.lines = text.split("\n")

    def error(self, line: int, message: str) -> None:
        self.errors.append(Problem(self.source, max(1, line), message))

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(Problem(self.source, max(1, line), message))

    # -- driver ---------------------------------------------------------------------------

    def parse(self) -> ParseResult:
        numbered = []
        for number, raw in enumerate(self.lines, 1):
            # Every line of the format is one line of text (careers.facts' single-line rule);
            # tabs are only spacing here, collapsed like spaces.
            spaced = raw.replace("\t", " ")
            if char := first_control_character(spaced) or _first(_NONCHARACTERS, spaced):
                self.error(number, f"contains {_describe_character(char)}")
                raw = _NONCHARACTERS.sub(" ", CONTROL_CHARACTERS.sub(" ", spaced))
            numbered.append((number, normalise_space(raw)))
        content = [(n, text) for n, text in numbered if text]
        if not content:
            self.error(1, "the document is empty")
            return self.result(None)
        title_line, title = content[0]
        role_name, year = self.read_title(title_line, title)
        # Without a title line, the first line is most likely the intro: keep it as such so
        # the only error is the missing title.
        body = content[1:] if TITLE_RE.match(title) else content
        sections, intro = self.split_sections(body, role_name or "")
        intro_line = intro[0][0] if intro else min(title_line + 1, len(self.lines))
        intro_text = "\n\n".join(text for _, text in intro)
        if not intro_text:
            self.error(intro_line, "the intro is missing: write a paragraph after the title line")
        built = self.build_sections(sections, role_name or "")
        if not sections and intro_text:
            self.error(
                intro[-1][0],
                "the document has no sections after the intro; a role page needs at least one "
                f'(e.g. "{standard_heading("overview", role_name or "Data Engineer")}")',
            )
        if self.errors or role_name is None or year is None:
            return self.result(None)
        document = RoleDocument(
            source=self.source,
            title=title,
            role_name=role_name,
            year=year,
            intro=intro_text,
            sections=tuple(built),
            title_line=title_line,
            intro_line=intro_line,
        )
        return self.result(document)

    def result(self, document: RoleDocument | None) -> ParseResult:
        key = lambda problem: problem.line  # noqa: E731
        return ParseResult(
            document=None if self.errors else document,
            errors=sorted(self.errors, key=key),
            warnings=sorted(self.warnings, key=key),
        )

    # -- title ----------------------------------------------------------------------------

    def read_title(self, number: int, title: str) -> tuple[str | None, int | None]:
        match = TITLE_RE.match(title)
        if not match:
            self.error(
                number,
                f'missing title: the first line must be "<Role> Jobs & Internships <year>", '
                f'found "{_clip(title)}"',
            )
            return None, None
        role_name = match.group("role").strip()
        ok = True
        if len(title) > MAX_TITLE:
            self.error(number, f"the title is longer than {MAX_TITLE} characters")
            ok = False
        if len(role_name) > MAX_ROLE_NAME:
            self.error(number, f"the role name is longer than {MAX_ROLE_NAME} characters")
            ok = False
        if not slug_text(role_name):
            self.error(number, f'the role name "{_clip(role_name)}" has no letters or digits')
            ok = False
        year_text = match.group("year")
        year = None
        if year_text is None:
            self.error(number, 'the title has no year: "<Role> Jobs & Internships <year>"')
        elif not MIN_YEAR <= int(year_text) <= MAX_YEAR:
            self.error(number, f"the year {year_text} is not between {MIN_YEAR} and {MAX_YEAR}")
        else:
            year = int(year_text)
        return (role_name if ok else None), year

    # -- sections -------------------------------------------------------------------------

    def explicit_heading(self, number: int, text: str, role_name: str) -> Heading | None:
        match = EXPLICIT_RE.match(text)
        if not match:
            return None
        heading = match.group("text").strip()
        hint = match.group("hint")
        if hint is not None:
            kind = hint.strip().lower().replace(" ", "_").replace("-", "_")
            if kind not in SECTION_KINDS:
                self.error(
                    number,
                    f'unknown section type "{hint.strip()}"; use one of {", ".join(SECTION_KINDS)}',
                )
                kind = "text"
            recognised = classify_heading(heading, role_name) if heading else None
            if recognised and recognised.kind == kind:
                return Heading(kind, recognised.override, explicit=True)
            if kind != "text" and _fold(heading) == _fold(standard_heading(kind, role_name)):
                return Heading(kind, "", explicit=True)
            return Heading(kind, heading, explicit=True)
        recognised = classify_heading(heading, role_name) if heading else None
        if recognised:
            return Heading(recognised.kind, recognised.override, explicit=True)
        return Heading("text", heading, explicit=True)

    def split_sections(self, content, role_name):
        """Group lines under headings; returns (sections, intro lines)."""
        intro: list[tuple[int, str]] = []
        sections: list[_Open] = []
        current: _Open | None = None
        for number, text in content:
            heading = self.explicit_heading(number, text, role_name)
            if heading is None:
                heading = self.implicit_heading(current, text, role_name)
            if heading is not None:
                current = _Open(heading.kind, heading.override, number, heading.explicit)
                if heading.kind == "text" and not heading.explicit:
                    self.warn(
                        number,
                        f'unrecognised section "{_clip(text)}" kept as a text section',
                    )
                sections.append(current)
            elif current is None:
                intro.append((number, text))
            else:
                current.lines.append((number, text))
        return sections, intro

    def implicit_heading(self, current: _Open | None, text: str, role_name: str):
        kind = current.kind if current else None
        if kind == "faq" and (text.endswith("?") or Q_PREFIX.match(text) or A_PREFIX.match(text)):
            return None
        if kind in ("career_path", "salary_table") and (
            text.startswith("|") or SOURCE_RE.match(text) or YEAR_ONLY_RE.match(text)
        ):
            return None
        if kind == "skills" and SKILL_ITEM_RE.match(text) and text[:1] in "-*\u2022":
            return None
        recognised = classify_heading(text, role_name)
        if recognised:
            return recognised
        if kind == "faq" or kind == "apply":
            return None
        if looks_like_heading(text) and not LADDER_SPLIT.search(text):
            return Heading("text", text)
        return None

    def build_sections(self, sections: list[_Open], role_name: str) -> list[Section]:
        built: list[Section] = []
        first_of_kind: dict[str, int] = {}
        for section in sections:
            if len(section.heading) > MAX_HEADING:
                self.error(section.line, f"the heading is longer than {MAX_HEADING} characters")
            builder = getattr(self, f"build_{section.kind}")
            results = builder(section, role_name)
            for result in results:
                if result.kind in SINGLE_SECTIONS:
                    if result.kind in first_of_kind:
                        self.error(
                            result.line,
                            f"a second {SECTION_NAMES[result.kind]} section (the first is at "
                            f"line {first_of_kind[result.kind]}); a page has only one",
                        )
                        continue
                    first_of_kind[result.kind] = result.line
                built.append(result)
        return built

    def paragraphs(self, section: _Open) -> tuple[str, ...]:
        paragraphs = tuple(text for _, text in section.lines)
        if not paragraphs:
            self.error(
                section.line,
                f'the {SECTION_NAMES[section.kind]} section "{_clip(self.heading_text(section))}" '
                "is empty",
            )
        return paragraphs

    def heading_text(self, section: _Open) -> str:
        return section.heading or SECTION_NAMES[section.kind]

    def build_overview(self, section, role_name):
        return [Overview(section.line, section.heading, self.paragraphs(section))]

    def build_day_in_the_life(self, section, role_name):
        return [DayInTheLife(section.line, section.heading, self.paragraphs(section))]

    def build_text(self, section, role_name):
        if not section.heading:
            self.error(section.line, "a text section needs a heading")
        return [TextSection(section.line, section.heading, self.paragraphs(section))]

    def build_skills(self, section, role_name):
        items, lines = [], []
        for number, text in section.lines:
            match = SKILL_ITEM_RE.match(text)
            if not match or text[:1] not in "-*\u2022":
                self.error(number, f'expected a skill item "- ✓ …", found "{_clip(text)}"')
                continue
            item = text[match.end() :].strip()
            if not item:
                self.error(number, "empty skill item")
            elif len(item) > MAX_SKILL:
                self.error(number, f"the skill is longer than {MAX_SKILL} characters")
            else:
                items.append(item)
                lines.append(number)
        if not section.lines:
            self.error(section.line, "the skills section has no items")
        return [Skills(section.line, section.heading, tuple(items), tuple(lines))]

    def build_career_path(self, section, role_name):
        steps: list[str] = []
        ladder_line = None
        table_lines: list[tuple[int, str]] = []
        for number, text in section.lines:
            if text.startswith("|") or table_lines:
                table_lines.append((number, text))
            elif LADDER_SPLIT.search(text):
                if ladder_line is not None:
                    self.error(
                        number, f"a second career ladder (the first is at line {ladder_line})"
                    )
                    continue
                ladder_line = number
                steps = [normalise_space(step) for step in LADDER_SPLIT.split(text)]
                for index, step in enumerate(steps, 1):
                    if not step:
                        self.error(number, f"step {index} of the career ladder is empty")
                    elif len(step) > MAX_STEP:
                        self.error(number, f"step {index} is longer than {MAX_STEP} characters")
            else:
                self.error(
                    number,
                    'expected the career ladder ("Intern → Engineer I → …"), the salary table '
                    f'or the source line, found "{_clip(text)}"',
                )
        results: list[Section] = []
        if ladder_line is not None:
            results.append(CareerPath(section.line, section.heading, tuple(steps)))
        elif not table_lines:
            self.error(section.line, 'the career path section has no ladder ("A → B → C")')
        if table_lines:
            if ladder_line is None:
                self.warn(
                    section.line,
                    "the career path section has no ladder; only its salary table is imported",
                )
            table_section = _Open("salary_table", "", table_lines[0][0], False, table_lines)
            results.extend(self.build_salary_table(table_section, role_name))
        return results

    def build_salary_table(self, section, role_name):
        rows: list[SalaryRow] = []
        header: list[str] | None = None
        kinds: list[str | None] = []
        currencies: dict[str, int] = {}
        source_note, as_of_year, source_line = "", None, None
        table_done = False
        row_lines = 0
        for number, text in section.lines:
            if text.startswith("|") and not table_done:
                if header is None:
                    header = split_row(text)
                    kinds = [column_kind(cell) for cell in header]
                    self.check_header(number, header, kinds)
                    continue
                if TABLE_SEPARATOR_RE.match(text):
                    continue
                row_lines += 1
                row = self.read_row(number, text, header, kinds, currencies)
                if row is not None:
                    rows.append(row)
                continue
            if text.startswith("|"):
                self.error(number, "a second salary table; a page has only one")
                continue
            table_done = header is not None
            source = SOURCE_RE.match(text) or YEAR_ONLY_RE.match(text)
            if source and source_line is None:
                source_line = number
                source_note = (source.groupdict().get("src") or "").strip()
                if len(source_note) > MAX_SOURCE_NOTE:
                    self.error(number, f"the source is longer than {MAX_SOURCE_NOTE} characters")
                if source.group("year"):
                    as_of_year = int(source.group("year"))
                    if not MIN_YEAR <= as_of_year <= MAX_YEAR:
                        self.error(
                            number,
                            f"the estimates year {as_of_year} is not between {MIN_YEAR} "
                            f"and {MAX_YEAR}",
                        )
                continue
            self.error(
                number,
                "expected a salary table row or the source line "
                f'("Salary data sourced from … 2026 estimates."), found "{_clip(text)}"',
            )
        if header is None:
            self.error(section.line, "the salary section has no table")
        elif not row_lines:
            self.error(section.line, "the salary table has no rows")
        if len(currencies) > 1:
            listed = ", ".join(f"{code} (line {line})" for code, line in currencies.items())
            self.error(section.line, f"the salary table mixes currencies: {listed}")
        currency = next(iter(currencies), None)
        if currency is None:
            currency = "USD"
            if rows and any(
                r.base_min is not None or r.intern_monthly_min is not None for r in rows
            ):
                self.warn(section.line, "the salary table names no currency; assuming USD")
        return [
            SalaryTable(
                section.line,
                section.heading,
                currency,
                as_of_year,
                source_note,
                tuple(rows),
            )
        ]

    def check_header(self, number: int, header: list[str], kinds: list[str | None]) -> None:
        for cell, kind in zip(header, kinds, strict=True):
            if kind is None:
                self.error(
                    number,
                    f'unknown salary table column "{_clip(cell)}"; expected Level, Base Salary, '
                    "Total Comp (with equity) and/or Intern Monthly",
                )
        seen = set()
        for cell, kind in zip(header, kinds, strict=True):
            if kind is not None and kind in seen:
                self.error(number, f'the column "{_clip(cell)}" repeats another column')
            seen.add(kind)
        if "level" not in kinds:
            self.error(number, 'the salary table has no "Level" column')

    def read_row(self, number, text, header, kinds, currencies) -> SalaryRow | None:
        cells = split_row(text)
        if len(cells) != len(header):
            self.error(
                number,
                f"this table row has {len(cells)} cells but the header has {len(header)}",
            )
            return None
        values: dict = {}
        ok = True
        for cell, kind, title in zip(cells, kinds, header, strict=True):
            what = f'the "{_clip(title, 40)}" column'
            try:
                if kind == "level":
                    level, values["years_min"], values["years_max"] = read_level(cell)
                    if not level:
                        raise CellError("the level is blank")
                    if len(level) > MAX_LEVEL:
                        raise CellError(f"the level is longer than {MAX_LEVEL} characters")
                    values["level"] = level
                elif kind in ("base", "intern"):
                    low, high, found = read_money_range(cell, what, monthly=kind == "intern")
                    prefix = "base" if kind == "base" else "intern_monthly"
                    values[f"{prefix}_min"], values[f"{prefix}_max"] = low, high
                    for code in found:
                        currencies.setdefault(code, number)
                elif kind == "uplift":
                    low, high, note = read_percent_range(cell, what)
                    if len(note) > MAX_UPLIFT_NOTE:
                        raise CellError(f"the note is longer than {MAX_UPLIFT_NOTE} characters")
                    values["uplift_min"], values["uplift_max"], values["uplift_note"] = (
                        low,
                        high,
                        note,
                    )
            except CellError as exc:
                self.error(number, str(exc))
                ok = False
        if not ok or "level" not in values:
            return None
        row = SalaryRow(line=number, **values)
        for prefix, label in SALARY_RANGES.items():
            low, high = getattr(row, f"{prefix}_min"), getattr(row, f"{prefix}_max")
            if problem := range_problem(low, high, label):
                self.error(number, problem)
                ok = False
        if all(
            getattr(row, name) is None
            for name in (
                "base_min",
                "base_max",
                "uplift_min",
                "uplift_max",
                "intern_monthly_min",
                "intern_monthly_max",
            )
        ):
            self.error(number, f'the level "{_clip(row.level)}" has no figures')
            ok = False
        return row if ok else None

    def build_apply(self, section, role_name):
        paragraphs, label, label_line = [], DEFAULT_BUTTON_LABEL, None
        for number, text in section.lines:
            if match := BUTTON_RE.match(text):
                if label_line is not None:
                    self.error(number, f"a second button label (the first is at line {label_line})")
                label, label_line = match.group("label").strip(), number
                if not label:
                    self.error(number, "the button label is empty")
                elif len(label) > MAX_BUTTON_LABEL:
                    self.error(
                        number, f"the button label is longer than {MAX_BUTTON_LABEL} characters"
                    )
            else:
                paragraphs.append(text)
        return [Apply(section.line, section.heading, "\n\n".join(paragraphs), label)]

    def build_faq(self, section, role_name):
        items: list[FaqItem] = []
        question: tuple[int, str] | None = None
        answer: list[str] = []
        seen: dict[str, int] = {}

        def close():
            if question is None:
                return
            number, text = question
            if not answer:
                self.error(number, f'the question "{_clip(text)}" has no answer')
                return
            key = _fold(text)
            if key in seen:
                self.error(number, f"this question repeats the question at line {seen[key]}")
                return
            seen[key] = number
            items.append(FaqItem(number, text, tuple(answer)))

        for number, text in section.lines:
            is_answer = A_PREFIX.match(text)
            is_question = Q_PREFIX.match(text) or (text.endswith("?") and not is_answer)
            if is_question:
                close()
                text = Q_PREFIX.sub("", text, count=1).strip()
                if not text:
                    self.error(number, "empty question")
                elif len(text) > MAX_QUESTION:
                    self.error(number, f"the question is longer than {MAX_QUESTION} characters")
                question, answer = (number, text), []
            elif question is None:
                self.error(
                    number,
                    f'an answer before any question: "{_clip(text)}" (questions end with "?")',
                )
            else:
                text = A_PREFIX.sub("", text, count=1).strip() if is_answer else text
                if text:
                    answer.append(text)
        close()
        if not section.lines:
            self.error(section.line, "the FAQ section has no questions")
        return [Faq(section.line, section.heading, tuple(items))]


def _first(pattern: re.Pattern, text: str) -> str | None:
    match = pattern.search(text)
    return match.group() if match else None


def _describe_character(char: str) -> str:
    if char in LINE_BREAKS:
        return f"a line break (U+{ord(char):04X}) inside the line"
    return f"the control character U+{ord(char):04X}"


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def parse_document(text: str, source: str = "<text>") -> ParseResult:
    """Parse one role document; never raises for any input text."""
    return _Parser(text, source).parse()
