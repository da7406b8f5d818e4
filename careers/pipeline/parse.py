"""Parse a role document (the legacy text format) into typed, frozen dataclasses.

Pure: text in, dataclasses out. No Django, no models, no I/O. Every problem carries the
source name and a 1-based line number so callers can print ``FILE:LINE: message``.

The format is described in docs/pipeline.md. In short::

    <Role> Jobs & Internships <year>
    Family: <role family name or slug>        -> optional, before the first section
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

Paragraph lines of the overview, day in the life, text sections and FAQ answers are rich text
in ``careers.pipeline.richtext``'s notation (``**bold**``, ``[link](page:/careers/x/)``,
``- item``, ``### heading`` …); its lines never open a section.

A heading that only restates the standard heading (with either article) is stored blank,
so the page shows the generated one with the correct article.

The parser walks the lines and groups them under headings; the pieces live beside it:
``document`` (the dataclasses it returns, the limits), ``headings`` (which line opens which
section), ``salary_table`` and ``cells`` (the Markdown salary table), ``lines`` (cleaning
and numbering the lines).
"""

from __future__ import annotations

from careers.facts.sections import SECTION_NAMES, SINGLE_SECTIONS, generated_heading, in_sentence
from careers.facts.site import DEFAULT_BUTTON_LABEL
from careers.pipeline.document import (
    MAX_BUTTON_LABEL,
    MAX_FAMILY,
    MAX_HEADING,
    MAX_QUESTION,
    MAX_ROLE_NAME,
    MAX_SKILL,
    MAX_STEP,
    MAX_TITLE,
    MAX_YEAR,
    MIN_YEAR,
    Apply,
    CareerPath,
    DayInTheLife,
    Faq,
    FaqItem,
    Overview,
    ParseResult,
    ProblemLog,
    RoleDocument,
    Section,
    Skills,
    TextSection,
    clip,
)
from careers.pipeline.headings import (
    A_PREFIX,
    BUTTON_RE,
    EXPLICIT_RE,
    FAMILY_RE,
    LADDER_SPLIT,
    Q_PREFIX,
    SKILL_ITEM_RE,
    TITLE_RE,
    Heading,
    RawSection,
    classify_heading,
    fold,
    looks_like_heading,
    slug_text,
)
from careers.pipeline.lines import normalise_space, numbered_lines
from careers.pipeline.richtext import guarded, is_rich_heading, problems
from careers.pipeline.salary_table import SOURCE_RE, YEAR_ONLY_RE, read_salary_table


class _Parser:
    """Single use: walks the lines once, collecting sections and problems."""

    def __init__(self, text: str, source: str):
        self.source = source
        self.text = text
        self.problems = ProblemLog(source)
        self.family, self.family_line = "", 0

    # -- driver ---------------------------------------------------------------------------

    def parse(self) -> ParseResult:
        numbered = numbered_lines(self.text, self.problems)
        content = [(n, text) for n, text in numbered if text]
        if not content:
            self.problems.error(1, "the document is empty")
            return self.result(None)
        title_line, title = content[0]
        role_name, year = self.read_title(title_line, title)
        # Without a title line, the first line is most likely the intro: keep it as such so
        # the only error is the missing title.
        body = content[1:] if TITLE_RE.match(title) else content
        sections, intro = self.split_sections(body, role_name or "")
        intro_line = intro[0][0] if intro else min(title_line + 1, len(numbered))
        intro_text = "\n\n".join(text for _, text in intro)
        if not intro_text:
            self.problems.error(
                intro_line, "the intro is missing: write a paragraph after the title line"
            )
        built = self.build_sections(sections, role_name or "")
        if not sections and intro_text:
            self.problems.error(
                intro[-1][0],
                "the document has no sections after the intro; a role page needs at least one "
                f'(e.g. "{generated_heading("overview", role_name or "Data Engineer")}")',
            )
        if self.problems.errors or role_name is None or year is None:
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
            family=self.family,
            family_line=self.family_line,
        )
        return self.result(document)

    def result(self, document: RoleDocument | None) -> ParseResult:
        key = lambda problem: problem.line  # noqa: E731
        return ParseResult(
            document=None if self.problems.errors else document,
            errors=sorted(self.problems.errors, key=key),
            warnings=sorted(self.problems.warnings, key=key),
        )

    # -- title ----------------------------------------------------------------------------

    def read_title(self, number: int, title: str) -> tuple[str | None, int | None]:
        match = TITLE_RE.match(title)
        if not match:
            self.problems.error(
                number,
                f'missing title: the first line must be "<Role> Jobs & Internships <year>", '
                f'found "{clip(title)}"',
            )
            return None, None
        role_name = match.group("role").strip()
        ok = True
        if len(title) > MAX_TITLE:
            self.problems.error(number, f"the title is longer than {MAX_TITLE} characters")
            ok = False
        if len(role_name) > MAX_ROLE_NAME:
            self.problems.error(number, f"the role name is longer than {MAX_ROLE_NAME} characters")
            ok = False
        if not slug_text(role_name):
            self.problems.error(
                number, f'the role name "{clip(role_name)}" has no letters or digits'
            )
            ok = False
        year_text = match.group("year")
        year = None
        if year_text is None:
            self.problems.error(number, 'the title has no year: "<Role> Jobs & Internships <year>"')
        elif not MIN_YEAR <= int(year_text) <= MAX_YEAR:
            self.problems.error(
                number, f"the year {year_text} is not between {MIN_YEAR} and {MAX_YEAR}"
            )
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
            if kind not in SECTION_NAMES:
                self.problems.error(
                    number,
                    f'unknown section type "{hint.strip()}"; use one of {", ".join(SECTION_NAMES)}',
                )
                kind = "text"
            recognised = classify_heading(heading, role_name) if heading else None
            if recognised and recognised.kind == kind:
                return Heading(kind, recognised.override, explicit=True)
            if kind != "text" and fold(heading) == fold(generated_heading(kind, role_name)):
                return Heading(kind, "", explicit=True)
            return Heading(kind, heading, explicit=True)
        recognised = classify_heading(heading, role_name) if heading else None
        if recognised:
            return Heading(recognised.kind, recognised.override, explicit=True)
        return Heading("text", heading, explicit=True)

    def split_sections(self, content, role_name):
        """Group lines under headings; returns (sections, intro lines)."""
        intro: list[tuple[int, str]] = []
        sections: list[RawSection] = []
        current: RawSection | None = None
        for number, text in content:
            # Before the first section a "Family: …" line is the page's role family, not text.
            if current is None and (match := FAMILY_RE.match(text)):
                self.read_family(number, match.group("family").strip())
                continue
            # "### …" inside a rich-text section is a heading in its text, not a new section.
            rich_line = (
                current is not None
                and current.kind in RICH_KINDS
                and guarded(text)
                and (not text.startswith("#") or is_rich_heading(text))
            )
            heading = None if rich_line else self.explicit_heading(number, text, role_name)
            if heading is None and not rich_line:
                heading = self.implicit_heading(current, text, role_name)
            if heading is not None:
                current = RawSection(heading.kind, heading.override, number, heading.explicit)
                if heading.kind == "text" and not heading.explicit:
                    self.problems.warn(
                        number,
                        f'unrecognised section "{clip(text)}" kept as a text section',
                    )
                sections.append(current)
            elif current is None:
                intro.append((number, text))
            else:
                current.lines.append((number, text))
        return sections, intro

    def read_family(self, number: int, family: str) -> None:
        if self.family_line:
            self.problems.error(
                number, f"a second family line (the first is at line {self.family_line})"
            )
        elif not family:
            self.problems.error(
                number,
                'the family line is empty: write the family\'s name or slug ("Family: Data")',
            )
        elif len(family) > MAX_FAMILY:
            self.problems.error(number, f"the family is longer than {MAX_FAMILY} characters")
        else:
            self.family, self.family_line = family, number

    def implicit_heading(self, current: RawSection | None, text: str, role_name: str):
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

    def build_sections(self, sections: list[RawSection], role_name: str) -> list[Section]:
        built: list[Section] = []
        first_of_kind: dict[str, int] = {}
        for section in sections:
            if len(section.heading) > MAX_HEADING:
                self.problems.error(
                    section.line, f"the heading is longer than {MAX_HEADING} characters"
                )
            builder = getattr(self, f"build_{section.kind}")
            results = builder(section, role_name)
            for result in results:
                if result.kind in SINGLE_SECTIONS:
                    if result.kind in first_of_kind:
                        self.problems.error(
                            result.line,
                            f"a second {in_sentence(result.kind)} section (the first is at "
                            f"line {first_of_kind[result.kind]}); a page has only one",
                        )
                        continue
                    first_of_kind[result.kind] = result.line
                built.append(result)
        return built

    def paragraphs(self, section: RawSection) -> tuple[str, ...]:
        paragraphs = tuple(text for _, text in section.lines)
        self.check_rich_text(section.lines)
        if not paragraphs:
            self.problems.error(
                section.line,
                f'the {in_sentence(section.kind)} section "{clip(self.heading_text(section))}" '
                "is empty",
            )
        return paragraphs

    def check_rich_text(self, lines: list[tuple[int, str]]) -> None:
        for index, message in problems([text for _, text in lines]):
            self.problems.error(lines[index][0], message)

    def heading_text(self, section: RawSection) -> str:
        return section.heading or in_sentence(section.kind)

    def build_overview(self, section, role_name):
        return [
            Overview(section.line, section.heading, self.paragraphs(section), _numbers(section))
        ]

    def build_day_in_the_life(self, section, role_name):
        return [
            DayInTheLife(section.line, section.heading, self.paragraphs(section), _numbers(section))
        ]

    def build_text(self, section, role_name):
        if not section.heading:
            self.problems.error(section.line, "a text section needs a heading")
        return [
            TextSection(section.line, section.heading, self.paragraphs(section), _numbers(section))
        ]

    def build_skills(self, section, role_name):
        items, lines = [], []
        for number, text in section.lines:
            match = SKILL_ITEM_RE.match(text)
            if not match or text[:1] not in "-*\u2022":
                self.problems.error(number, f'expected a skill item "- ✓ …", found "{clip(text)}"')
                continue
            item = text[match.end() :].strip()
            if not item:
                self.problems.error(number, "empty skill item")
            elif len(item) > MAX_SKILL:
                self.problems.error(number, f"the skill is longer than {MAX_SKILL} characters")
            else:
                items.append(item)
                lines.append(number)
        if not section.lines:
            self.problems.error(section.line, "the skills section has no items")
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
                    self.problems.error(
                        number, f"a second career ladder (the first is at line {ladder_line})"
                    )
                    continue
                ladder_line = number
                steps = [normalise_space(step) for step in LADDER_SPLIT.split(text)]
                for index, step in enumerate(steps, 1):
                    if not step:
                        self.problems.error(number, f"step {index} of the career ladder is empty")
                    elif len(step) > MAX_STEP:
                        self.problems.error(
                            number, f"step {index} is longer than {MAX_STEP} characters"
                        )
            else:
                self.problems.error(
                    number,
                    'expected the career ladder ("Intern → Engineer I → …"), the salary table '
                    f'or the source line, found "{clip(text)}"',
                )
        results: list[Section] = []
        if ladder_line is not None:
            results.append(CareerPath(section.line, section.heading, tuple(steps)))
        elif not table_lines:
            self.problems.error(section.line, 'the career path section has no ladder ("A → B → C")')
        if table_lines:
            if ladder_line is None:
                self.problems.warn(
                    section.line,
                    "the career path section has no ladder; only its salary table is imported",
                )
            table_section = RawSection("salary_table", "", table_lines[0][0], False, table_lines)
            results.extend(self.build_salary_table(table_section, role_name))
        return results

    def build_salary_table(self, section, role_name):
        return [read_salary_table(section, self.problems)]

    def build_apply(self, section, role_name):
        paragraphs, label, label_line = [], DEFAULT_BUTTON_LABEL, None
        for number, text in section.lines:
            if match := BUTTON_RE.match(text):
                if label_line is not None:
                    self.problems.error(
                        number, f"a second button label (the first is at line {label_line})"
                    )
                label, label_line = match.group("label").strip(), number
                if not label:
                    self.problems.error(number, "the button label is empty")
                elif len(label) > MAX_BUTTON_LABEL:
                    self.problems.error(
                        number, f"the button label is longer than {MAX_BUTTON_LABEL} characters"
                    )
            else:
                paragraphs.append(text)
        return [Apply(section.line, section.heading, "\n\n".join(paragraphs), label)]

    def build_faq(self, section, role_name):
        items: list[FaqItem] = []
        question: tuple[int, str] | None = None
        answer: list[tuple[int, str]] = []
        seen: dict[str, int] = {}

        def close():
            if question is None:
                return
            number, text = question
            if not answer:
                self.problems.error(number, f'the question "{clip(text)}" has no answer')
                return
            key = fold(text)
            if key in seen:
                self.problems.error(
                    number, f"this question repeats the question at line {seen[key]}"
                )
                return
            seen[key] = number
            self.check_rich_text(answer)
            items.append(
                FaqItem(number, text, tuple(t for _, t in answer), tuple(n for n, _ in answer))
            )

        for number, text in section.lines:
            is_answer = A_PREFIX.match(text)
            is_question = Q_PREFIX.match(text) or (text.endswith("?") and not is_answer)
            if is_question:
                close()
                text = Q_PREFIX.sub("", text, count=1).strip()
                if not text:
                    self.problems.error(number, "empty question")
                elif len(text) > MAX_QUESTION:
                    self.problems.error(
                        number, f"the question is longer than {MAX_QUESTION} characters"
                    )
                question, answer = (number, text), []
            elif question is None:
                self.problems.error(
                    number,
                    f'an answer before any question: "{clip(text)}" (questions end with "?")',
                )
            else:
                text = A_PREFIX.sub("", text, count=1).strip() if is_answer else text
                if text:
                    answer.append((number, text))
        close()
        if not section.lines:
            self.problems.error(section.line, "the FAQ section has no questions")
        return [Faq(section.line, section.heading, tuple(items))]


# Sections whose lines are rich text (careers.pipeline.richtext): a guarded line stays in them.
RICH_KINDS = frozenset({"overview", "day_in_the_life", "text", "faq"})


def _numbers(section: RawSection) -> tuple[int, ...]:
    return tuple(number for number, _ in section.lines)


def parse_document(text: str, source: str = "<text>") -> ParseResult:
    """Parse one role document; never raises for any input text."""
    return _Parser(text, source).parse()
