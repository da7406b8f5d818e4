"""What the text-format parser returns: a role document as typed, frozen dataclasses.

Pure: no Django, no I/O. Also the document's limits (each mirrors a block's or a model
field's, so a document that parses also passes the blocks' validation) and the problem
records every step of parsing reports with a source line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from careers.facts.site import DEFAULT_BUTTON_LABEL

# Limits mirror careers/blocks.py and careers/models.py (tests check they agree), so a
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
MAX_FAMILY = 80


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
    """What the role does: paragraphs in the rich-text notation (careers.pipeline.richtext)."""

    line: int
    heading: str
    paragraphs: tuple[str, ...]
    # Each paragraph line's number, so a rich-text problem is reported where it is.
    paragraph_lines: tuple[int, ...] = ()
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
    """A typical day: paragraphs in the rich-text notation."""

    line: int
    heading: str
    paragraphs: tuple[str, ...]
    paragraph_lines: tuple[int, ...] = ()
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
    answer_lines: tuple[int, ...] = ()


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
    paragraph_lines: tuple[int, ...] = ()
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
    # The "Family: …" line as written (a role family's name or slug); resolved by the loader.
    family: str = ""
    family_line: int = 0


@dataclass(frozen=True)
class ParseResult:
    """The document (None when there are errors) and every problem found."""

    document: RoleDocument | None
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.document is not None and not self.errors


@dataclass
class ProblemLog:
    """The errors and warnings found so far in one source, each at its 1-based line."""

    source: str
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def error(self, line: int, message: str) -> None:
        self.errors.append(Problem(self.source, max(1, line), message))

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(Problem(self.source, max(1, line), message))


def clip(text: str, limit: int = 60) -> str:
    """Text quoted in a problem message, shortened so the message stays one readable line."""
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"
