"""Content checks: what a careful reviewer would catch, computed from a role page's typed content.

Every check is a pure function of the page's fields and its body StreamValue; the only outside
fact a check needs (which linked pages are live) is passed in as a mapping, so the admin panel,
the publish gate and ``manage.py check_content`` all see exactly the same findings.

A finding says where it is twice: ``location`` for people ("Salary table › row 2 (Senior) ›
base salary") and ``path`` for machines ("body/4/value/rows/1/base_min", the shape of the
body's stored JSON), so the admin can put an error on the exact field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass

from django.utils import timezone

from wagtail.models import Page

from careers.facts.language import default_title, find_article_mistakes
from careers.facts.salary import (
    EN_DASH,
    MONEY_RANGES,
    SALARY_RANGES,
    currency_problem,
    figure_writer,
    level_meaning,
    range_problem,
)
from careers.facts.sections import REQUIRED_SECTIONS, RICH_TEXT_SECTIONS, section_label
from careers.facts.text import plain_text

ERROR = "error"
WARNING = "warning"
SEP = " \u203a "

FIELD_LABELS = {"title": "Title", "intro": "Intro", "role_name": "Role name", "year": "Year"}

_PLACEHOLDER = re.compile(
    r"\{\{.*?\}\}|\{(?:role|organisation|organization|year|name|company)\}"
    r"|\b(?:TODO|TBD|FIXME|XXX)\b|lorem ipsum",
    re.IGNORECASE,
)
# TODO/TBD are only placeholders in capitals: "tbd" in running text is rare but "todo" is a word.
_CASE_SENSITIVE_WORDS = {"todo", "tbd", "fixme", "xxx"}
_INTERNSHIP_PROMISE = re.compile(r"\binternships?\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_PAGE_LINK = re.compile(r'<a\b([^>]*\blinktype="page"[^>]*)>(.*?)</a>', re.DOTALL)
_ID_ATTR = re.compile(r'\bid="(\d+)"')


@dataclass(frozen=True)
class Finding:
    """One problem a reviewer would point at: how bad, what, where, and the words at fault."""

    level: str
    code: str
    message: str
    location: str
    path: str
    quote: str = ""

    @property
    def is_error(self) -> bool:
        return self.level == ERROR

    @property
    def field(self) -> str:
        """The form field the finding belongs to ("body", "title", "intro", ...)."""
        return self.path.split("/", 1)[0]

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class _Text:
    """A piece of editor-written text and where it lives."""

    text: str
    location: str
    path: str


# ---------------------------------------------------------------------------
# Walking the content
# ---------------------------------------------------------------------------


def _sections(body) -> list[tuple[int, str, object, str]]:
    """(index, block type, value, human label) per body block; repeats are numbered."""
    blocks = [(index, child.block_type, child.value) for index, child in enumerate(body or [])]
    counts: dict[str, int] = {}
    for _, block_type, _ in blocks:
        counts[block_type] = counts.get(block_type, 0) + 1
    seen: dict[str, int] = {}
    result = []
    for index, block_type, value in blocks:
        label = section_label(block_type)
        if counts[block_type] > 1:
            seen[block_type] = seen.get(block_type, 0) + 1
            label = f"{label} {seen[block_type]}"
        result.append((index, block_type, value, label))
    return result


def _row_label(number: int, row) -> str:
    level = (row.get("level") or "").strip()
    return f"row {number} ({level})" if level else f"row {number}"


def _texts(page) -> Iterator[_Text]:
    """Every piece of text an editor wrote on the page, with its location."""
    for name in ("title", "role_name", "intro"):
        value = getattr(page, name, "") or ""
        if value:
            yield _Text(value, FIELD_LABELS[name], name)
    for index, block_type, value, label in _sections(page.body):
        base = f"body/{index}/value"
        heading = (value.get("heading") or "").strip() if hasattr(value, "get") else ""
        if heading:
            yield _Text(heading, f"{label}{SEP}heading", f"{base}/heading")
        if block_type in RICH_TEXT_SECTIONS:
            yield _Text(plain_text(value.get("body")), f"{label}{SEP}text", f"{base}/body")
        elif block_type == "skills":
            for n, item in enumerate(value.get("items") or []):
                yield _Text(item or "", f"{label}{SEP}skill {n + 1}", f"{base}/items/{n}")
        elif block_type == "career_path":
            for n, step in enumerate(value.get("steps") or []):
                yield _Text(step or "", f"{label}{SEP}step {n + 1}", f"{base}/steps/{n}")
        elif block_type == "salary_table":
            note = value.get("source_note") or ""
            yield _Text(note, f"{label}{SEP}source note", f"{base}/source_note")
            for n, row in enumerate(value.get("rows") or []):
                where = f"{label}{SEP}{_row_label(n + 1, row)}"
                yield _Text(row.get("level") or "", f"{where}{SEP}level", f"{base}/rows/{n}/level")
                yield _Text(
                    row.get("uplift_note") or "",
                    f"{where}{SEP}uplift note",
                    f"{base}/rows/{n}/uplift_note",
                )
        elif block_type == "apply":
            yield _Text(value.get("text") or "", f"{label}{SEP}text", f"{base}/text")
            yield _Text(
                value.get("button_label") or "", f"{label}{SEP}button label", f"{base}/button_label"
            )
        elif block_type == "faq":
            for n, item in enumerate(value.get("items") or []):
                where = f"{label}{SEP}question {n + 1}"
                yield _Text(item.get("question") or "", where, f"{base}/items/{n}/question")
                yield _Text(
                    plain_text(item.get("answer")),
                    f"{where}{SEP}answer",
                    f"{base}/items/{n}/answer",
                )


def excerpt(text: str, start: int, end: int, width: int = 40) -> str:
    """The offending words with a little context either side, for quoting."""
    lo, hi = max(0, start - width), min(len(text), end + width)
    snippet = text[lo:hi].strip()
    return ("\u2026" if lo > 0 else "") + snippet + ("\u2026" if hi < len(text) else "")


# ---------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------


def check_salary_ranges(page) -> Iterator[Finding]:
    for index, block_type, value, label in _sections(page.body):
        if block_type != "salary_table":
            continue
        currency = (value.get("currency") or "").strip()
        for n, row in enumerate(value.get("rows") or []):
            for prefix, what in SALARY_RANGES.items():
                low, high = row.get(f"{prefix}_min"), row.get(f"{prefix}_max")
                show = figure_writer(prefix, currency)
                problem = range_problem(low, high, what, show)
                if problem is None:
                    continue
                yield Finding(
                    ERROR,
                    "range-inverted",
                    problem,
                    f"{label}{SEP}{_row_label(n + 1, row)}{SEP}{what}",
                    f"body/{index}/value/rows/{n}/{prefix}_min",
                    f"{show(low)}{EN_DASH}{show(high)}",
                )


def check_currency(page) -> Iterator[Finding]:
    for index, block_type, value, label in _sections(page.body):
        if block_type != "salary_table":
            continue
        raw = value.get("currency")
        code = (raw or "").strip()
        where, path = f"{label}{SEP}currency", f"body/{index}/value/currency"
        if not code:
            yield Finding(
                ERROR,
                "currency-missing",
                "The salary table has no currency: give an ISO 4217 code such as USD.",
                where,
                path,
            )
        elif problem := currency_problem(code):
            yield Finding(
                ERROR,
                "currency-invalid",
                problem,
                where,
                path,
                code,
            )


def check_internship_promise(page) -> Iterator[Finding]:
    title = page.title or ""
    match = _INTERNSHIP_PROMISE.search(title)
    if not match:
        return
    tables = [
        value for _, block_type, value, _ in _sections(page.body) if block_type == "salary_table"
    ]
    if any(table.has_intern_row for table in tables):
        return
    yield Finding(
        ERROR,
        "internships-without-intern-pay",
        f'The title promises "{match.group(0)}" but the salary table has no intern pay: '
        "add an Intern row with monthly pay, or take internships out of the title.",
        FIELD_LABELS["title"],
        "title",
        title,
    )


def _section_is_empty(block_type: str, value) -> bool:
    if block_type in RICH_TEXT_SECTIONS:
        return not plain_text(value.get("body"))
    if block_type == "skills":
        return not any((item or "").strip() for item in value.get("items") or [])
    if block_type == "career_path":
        return not any((step or "").strip() for step in value.get("steps") or [])
    if block_type == "salary_table":
        return not value.get("rows")
    if block_type == "apply":
        # Blank text is fine (the site's default text is used); a button without words is not.
        return not (value.get("button_label") or "").strip()
    if block_type == "faq":
        return not value.get("items")
    return False


def check_required_sections(page) -> Iterator[Finding]:
    sections = _sections(page.body)
    present = {block_type for _, block_type, _, _ in sections}
    for block_type in REQUIRED_SECTIONS:
        if block_type not in present:
            yield Finding(
                ERROR,
                "section-missing",
                f'The page has no "{section_label(block_type)}" section; every role page needs '
                "one.",
                "Body",
                "body",
            )
    for index, block_type, value, label in sections:
        if block_type in REQUIRED_SECTIONS and _section_is_empty(block_type, value):
            yield Finding(
                ERROR,
                "section-empty",
                f'The "{section_label(block_type)}" section is empty.',
                label,
                f"body/{index}",
            )


# ---------------------------------------------------------------------------
# Warnings
# ---------------------------------------------------------------------------


def check_articles(page) -> Iterator[Finding]:
    for piece in _texts(page):
        for mistake in find_article_mistakes(piece.text):
            yield Finding(
                WARNING,
                "article",
                f'Write "{mistake.expected}", not "{mistake.found}".',
                piece.location,
                piece.path,
                excerpt(piece.text, mistake.start, mistake.start + len(mistake.found)),
            )


def check_title_year(page, current_year: int) -> Iterator[Finding]:
    title = page.title or ""
    table = next(
        (value for _, block_type, value, _ in _sections(page.body) if block_type == "salary_table"),
        None,
    )
    as_of = table.get("as_of_year") if table is not None else None
    for match in _YEAR.finditer(title):
        year = int(match.group(0))
        if year < current_year:
            yield Finding(
                WARNING,
                "title-year-old",
                f"The title says {year}, but it is {current_year}: update the page and its year.",
                FIELD_LABELS["title"],
                "title",
                title,
            )
        if as_of is not None and year != as_of:
            yield Finding(
                WARNING,
                "title-year-mismatch",
                f"The title says {year} but the salary table's figures are for {as_of}.",
                FIELD_LABELS["title"],
                "title",
                title,
            )


def check_custom_title(page) -> Iterator[Finding]:
    """A title the editor typed (not the generated one) still names the page's role and year."""
    title = page.title or ""
    role_name = (page.role_name or "").strip()
    if not title or not role_name or title == default_title(role_name, page.year):
        return
    advice = "change the title, or clear it to follow the role name and year."
    if role_name.casefold() not in title.casefold():
        yield Finding(
            WARNING,
            "title-other-role",
            f'The title does not name the role "{role_name}": {advice}',
            FIELD_LABELS["title"],
            "title",
            title,
        )
    years = [int(match.group(0)) for match in _YEAR.finditer(title)]
    if page.year and years and page.year not in years:
        yield Finding(
            WARNING,
            "title-other-year",
            f"The title says {years[0]} but the page's year is {page.year}: {advice}",
            FIELD_LABELS["title"],
            "title",
            title,
        )


def _money_figures(table) -> list[tuple]:
    return [
        tuple(row.get(f"{prefix}_{end}") for prefix in MONEY_RANGES for end in ("min", "max"))
        for row in table.get("rows") or []
    ]


def check_salary_figures_updated(page, previous) -> Iterator[Finding]:
    """A salary table moved to a later year with the old year's figures is not updated yet."""
    before = [value for _, kind, value, _ in _sections(previous.body) if kind == "salary_table"]
    for index, block_type, value, label in _sections(page.body):
        if block_type != "salary_table" or not before:
            continue
        old = before.pop(0)
        # A table with no as-of year held figures for the page's year.
        old_year = old.get("as_of_year") or getattr(previous, "year", None)
        new_year = value.get("as_of_year")
        if not (old_year and new_year and new_year > old_year):
            continue
        if _money_figures(value) == _money_figures(old):
            yield Finding(
                WARNING,
                "salary-figures-not-updated",
                f"The salary table says its figures are for {new_year}, but they are unchanged "
                f"since {old_year}: update them from {new_year}'s data.",
                f"{label}{SEP}as-of year",
                f"body/{index}/value/as_of_year",
                str(new_year),
            )


def check_ladder_matches_table(page) -> Iterator[Finding]:
    sections = _sections(page.body)
    path_block = next((s for s in sections if s[1] == "career_path"), None)
    table_block = next((s for s in sections if s[1] == "salary_table"), None)
    if path_block is None or table_block is None:
        return
    path_index, _, path_value, path_label = path_block
    table_index, _, table_value, table_label = table_block
    steps = [(step or "", level_meaning(step or "")) for step in path_value.get("steps") or []]
    rows = list(table_value.get("rows") or [])
    row_meanings = {level_meaning(row.get("level") or "") for row in rows} - {None}
    step_meanings = {meaning for _, meaning in steps} - {None}
    for n, (step, meaning) in enumerate(steps):
        if meaning is not None and meaning not in row_meanings:
            yield Finding(
                WARNING,
                "step-without-salary-row",
                f'The career path step "{step}" ({meaning}) has no {meaning} row in the salary '
                "table.",
                f"{path_label}{SEP}step {n + 1}",
                f"body/{path_index}/value/steps/{n}",
                step,
            )
    for n, row in enumerate(rows):
        level = row.get("level") or ""
        meaning = level_meaning(level)
        if meaning is not None and meaning not in step_meanings:
            yield Finding(
                WARNING,
                "salary-row-without-step",
                f'The salary row "{level}" ({meaning}) has no {meaning} step in the career path.',
                f"{table_label}{SEP}{_row_label(n + 1, row)}{SEP}level",
                f"body/{table_index}/value/rows/{n}/level",
                level,
            )


def _question_key(question: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", question.lower()).split())


def check_duplicate_questions(page) -> Iterator[Finding]:
    for index, block_type, value, label in _sections(page.body):
        if block_type != "faq":
            continue
        first_seen: dict[str, int] = {}
        for n, item in enumerate(value.get("items") or []):
            question = (item.get("question") or "").strip()
            key = _question_key(question)
            if not key:
                continue
            if key in first_seen:
                yield Finding(
                    WARNING,
                    "faq-duplicate",
                    f"This question repeats question {first_seen[key] + 1}.",
                    f"{label}{SEP}question {n + 1}",
                    f"body/{index}/value/items/{n}/question",
                    question,
                )
            else:
                first_seen[key] = n


def page_link_sources(page) -> Iterator[tuple[str, str, str]]:
    """(stored HTML, human location, path) for every rich-text value in the body."""
    for index, block_type, value, label in _sections(page.body):
        base = f"body/{index}/value"
        if block_type in RICH_TEXT_SECTIONS:
            yield _source(value.get("body")), f"{label}{SEP}text", f"{base}/body"
        elif block_type == "faq":
            for n, item in enumerate(value.get("items") or []):
                yield (
                    _source(item.get("answer")),
                    f"{label}{SEP}question {n + 1}{SEP}answer",
                    f"{base}/items/{n}/answer",
                )


def _source(rich_text) -> str:
    return str(getattr(rich_text, "source", rich_text) or "")


def linked_page_ids(page) -> set[int]:
    ids = set()
    for source, _, _ in page_link_sources(page):
        for attrs, _ in _PAGE_LINK.findall(source):
            match = _ID_ATTR.search(attrs)
            if match:
                ids.add(int(match.group(1)))
    return ids


def check_internal_links(page, live_by_id: Mapping[int, bool]) -> Iterator[Finding]:
    """Links to pages that are not live; ``live_by_id`` lacks the ids of deleted pages."""
    for source, location, path in page_link_sources(page):
        for attrs, text in _PAGE_LINK.findall(source):
            match = _ID_ATTR.search(attrs)
            if not match:
                continue
            page_id = int(match.group(1))
            words = plain_text(text) or f"page {page_id}"
            if page_id not in live_by_id:
                message = f'The link "{words}" points to a page that no longer exists.'
            elif not live_by_id[page_id]:
                message = f'The link "{words}" points to a page that is not live (id {page_id}).'
            else:
                continue
            yield Finding(WARNING, "link-not-live", message, location, path, words)


def check_placeholders(page) -> Iterator[Finding]:
    for piece in _texts(page):
        for match in _PLACEHOLDER.finditer(piece.text):
            found = match.group(0)
            if found.lower() in _CASE_SENSITIVE_WORDS and not found.isupper():
                continue
            yield Finding(
                WARNING,
                "placeholder",
                f'Leftover placeholder "{found}": replace it with the real text.',
                piece.location,
                piece.path,
                excerpt(piece.text, match.start(), match.end()),
            )


# ---------------------------------------------------------------------------
# Entry points
# ---------------------------------------------------------------------------


def run_checks(
    page,
    *,
    current_year: int,
    live_by_id: Mapping[int, bool] | None = None,
    previous=None,
) -> list[Finding]:
    """Every finding for the page, errors first, each group in page order.

    ``page`` needs ``title``, ``role_name``, ``intro`` and a ``body`` StreamValue (a RolePage,
    saved or not). ``live_by_id`` maps each linked page id to whether it is live; leave it out
    to skip the link check. ``previous`` is the page before a change (``roll_year`` passes
    it), for the checks that compare the two.
    """
    findings: list[Finding] = [
        *check_required_sections(page),
        *check_currency(page),
        *check_salary_ranges(page),
        *check_internship_promise(page),
        *check_articles(page),
        *check_title_year(page, current_year),
        *check_custom_title(page),
        *check_ladder_matches_table(page),
        *check_duplicate_questions(page),
        *check_placeholders(page),
    ]
    if live_by_id is not None:
        findings.extend(check_internal_links(page, live_by_id))
    if previous is not None:
        findings.extend(check_salary_figures_updated(page, previous))
    return sorted(findings, key=lambda f: f.level != ERROR)


def check_page(page, *, current_year: int | None = None, previous=None) -> list[Finding]:
    """``run_checks`` with the facts it needs looked up: this year, and linked pages' state."""
    ids = linked_page_ids(page)
    live_by_id = dict(Page.objects.filter(id__in=ids).values_list("id", "live")) if ids else {}
    year = current_year if current_year is not None else timezone.now().year
    return run_checks(page, current_year=year, live_by_id=live_by_id, previous=previous)


def errors(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.level == ERROR]


def warnings(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.level == WARNING]
