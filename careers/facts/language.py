"""Language rules: indefinite articles ("an SRE", "a one-off") and the generated headings.

Pure: no Django, no I/O. Every generated heading is built here, so a role name is never
substituted blindly ("What Does a Applied ML Engineer Do?").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

EM_DASH = "\u2014"

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
