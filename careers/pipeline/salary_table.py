"""Reading the salary table section: the Markdown table, its currency and its source line.

Pure: no Django. Cells are read by ``careers.pipeline.cells``; the range rule and its labels
come from ``careers.facts.salary``, so the parser words an inverted range as the block does.
"""

from __future__ import annotations

import re

from careers.facts.salary import DEFAULT_CURRENCY, SALARY_RANGES, range_problem
from careers.pipeline.cells import (
    CellError,
    column_kind,
    read_level,
    read_money_range,
    read_percent_range,
    split_row,
)
from careers.pipeline.document import (
    MAX_LEVEL,
    MAX_SOURCE_NOTE,
    MAX_UPLIFT_NOTE,
    MAX_YEAR,
    MIN_YEAR,
    ProblemLog,
    SalaryRow,
    SalaryTable,
    clip,
)
from careers.pipeline.headings import RawSection

SOURCE_RE = re.compile(
    r"^Salary\s+data(?:\s+(?:sourced\s+)?from\s+(?P<src>.+?))?"
    r"(?:\s*[.:]\s*(?:(?P<year>\d{4})\s+estimates?\.?)?|\s*\.?)$",
    re.I,
)
YEAR_ONLY_RE = re.compile(r"^(?P<year>\d{4})\s+estimates?\.?$", re.I)
TABLE_SEPARATOR_RE = re.compile(r"^\|?\s*:?-{1,}:?\s*(\|\s*:?-{1,}:?\s*)*\|?$")


def read_salary_table(section: RawSection, problems: ProblemLog) -> SalaryTable:
    """The salary table section: header, rows, and the source line below them."""
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
                _check_header(problems, number, header, kinds)
                continue
            if TABLE_SEPARATOR_RE.match(text):
                continue
            row_lines += 1
            row = _read_row(problems, number, text, header, kinds, currencies)
            if row is not None:
                rows.append(row)
            continue
        if text.startswith("|"):
            problems.error(number, "a second salary table; a page has only one")
            continue
        table_done = header is not None
        source = SOURCE_RE.match(text) or YEAR_ONLY_RE.match(text)
        if source and source_line is None:
            source_line = number
            source_note = (source.groupdict().get("src") or "").strip()
            if len(source_note) > MAX_SOURCE_NOTE:
                problems.error(number, f"the source is longer than {MAX_SOURCE_NOTE} characters")
            if source.group("year"):
                as_of_year = int(source.group("year"))
                if not MIN_YEAR <= as_of_year <= MAX_YEAR:
                    problems.error(
                        number,
                        f"the estimates year {as_of_year} is not between {MIN_YEAR} and {MAX_YEAR}",
                    )
            continue
        problems.error(
            number,
            "expected a salary table row or the source line "
            f'("Salary data sourced from … 2026 estimates."), found "{clip(text)}"',
        )
    if header is None:
        problems.error(section.line, "the salary section has no table")
    elif not row_lines:
        problems.error(section.line, "the salary table has no rows")
    if len(currencies) > 1:
        listed = ", ".join(f"{code} (line {line})" for code, line in currencies.items())
        problems.error(section.line, f"the salary table mixes currencies: {listed}")
    currency = next(iter(currencies), None)
    if currency is None:
        currency = DEFAULT_CURRENCY
        if rows and any(r.base_min is not None or r.intern_monthly_min is not None for r in rows):
            problems.warn(
                section.line, f"the salary table names no currency; assuming {DEFAULT_CURRENCY}"
            )
    return SalaryTable(
        section.line, section.heading, currency, as_of_year, source_note, tuple(rows)
    )


def _check_header(
    problems: ProblemLog, number: int, header: list[str], kinds: list[str | None]
) -> None:
    for cell, kind in zip(header, kinds, strict=True):
        if kind is None:
            problems.error(
                number,
                f'unknown salary table column "{clip(cell)}"; expected Level, Base Salary, '
                "Total Comp (with equity) and/or Intern Monthly",
            )
    seen = set()
    for cell, kind in zip(header, kinds, strict=True):
        if kind is not None and kind in seen:
            problems.error(number, f'the column "{clip(cell)}" repeats another column')
        seen.add(kind)
    if "level" not in kinds:
        problems.error(number, 'the salary table has no "Level" column')


def _read_row(problems: ProblemLog, number, text, header, kinds, currencies) -> SalaryRow | None:
    """One table row as typed figures, or None (with the errors logged) if it cannot be read."""
    cells = split_row(text)
    if len(cells) != len(header):
        problems.error(
            number,
            f"this table row has {len(cells)} cells but the header has {len(header)}",
        )
        return None
    values: dict = {}
    ok = True
    for cell, kind, title in zip(cells, kinds, header, strict=True):
        what = f'the "{clip(title, 40)}" column'
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
            problems.error(number, str(exc))
            ok = False
    if not ok or "level" not in values:
        return None
    row = SalaryRow(line=number, **values)
    for prefix, label in SALARY_RANGES.items():
        low, high = getattr(row, f"{prefix}_min"), getattr(row, f"{prefix}_max")
        if problem := range_problem(low, high, label):
            problems.error(number, problem)
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
        problems.error(number, f'the level "{clip(row.level)}" has no figures')
        ok = False
    return row if ok else None
