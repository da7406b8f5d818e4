"""Recognising a role document's lines: the title, section headings, and the line shapes
that keep a section open (skill items, the career ladder, questions and answers).

Pure: no Django. A heading that only restates the generated heading (with either article) is
read as "no override", so the page shows the generated one with the correct article.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from careers.pipeline.lines import DASH, normalise_space

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
    rf"^(?:(?P<role>.+?)\s*{DASH}+\s*|(?P<role2>.+?)\s*:\s*)?"
    r"(?:Frequently\s+Asked\s+Questions|FAQs?)$",
    re.I,
)
EXPLICIT_RE = re.compile(r"^#{1,6}\s+(?P<text>.*?)(?:\s*\{(?P<hint>[\w -]*)\})?\s*$")
SKILL_ITEM_RE = re.compile(r"^[-*\u2022]\s*(?:[\u2713\u2714\u2611\u2705]\ufe0f?|\[[xX ]\])?\s*")
LADDER_SPLIT = re.compile(r"\s*(?:\u2192|->|\u27f6|\u21d2|=>)\s*")
BUTTON_RE = re.compile(r"^Button\s*:\s*(?P<label>.*)$", re.I)
FAMILY_RE = re.compile(r"^(?:Role\s+)?Family\s*:\s*(?P<family>.*)$", re.I)
Q_PREFIX = re.compile(r"^Q\s*[:.]\s*", re.I)
A_PREFIX = re.compile(r"^A\s*[:.]\s*", re.I)


def fold(text: str) -> str:
    """Case-, dash- and space-insensitive key for comparing headings and role names."""
    text = normalise_space(text).casefold()
    text = re.sub(DASH, "-", text)
    return text.replace(" and ", " & ").rstrip("?").strip()


def same_role(a: str | None, b: str) -> bool:
    return a is not None and fold(a) == fold(b)


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
        return Heading("skills", "" if fold(line) == SKILLS_STANDARD else line)
    if match := DAY_RE.match(line):
        return Heading("day_in_the_life", "" if same_role(match["role"], role_name) else line)
    if CAREER_RE.match(line):
        return Heading("career_path", "" if fold(line) == CAREER_STANDARD else line)
    if match := APPLY_RE.match(line):
        return Heading("apply", "" if same_role(match["role"], role_name) else line)
    if match := FAQ_RE.match(line):
        role = match["role"] or match["role2"]
        standard = same_role(role, role_name) and "frequently" in line.lower()
        return Heading("faq", "" if standard else line)
    if match := SALARY_RE.match(line):
        standard = same_role(match["role"], role_name) and fold(line).endswith("salaries by level")
        return Heading("salary_table", "" if standard else line)
    return None


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


@dataclass
class RawSection:
    """A section being collected: the heading that opened it and the raw lines under it."""

    kind: str
    heading: str
    line: int
    explicit: bool
    lines: list[tuple[int, str]] = field(default_factory=list)
