"""Write role pages back out: the legacy text format (correct articles) or the JSON payload.

``page_to_text`` writes what ``parse_document`` reads, so exporting and importing again
reproduces the page: rich text in its notation (careers.pipeline.richtext), page links by path.
``text_round_trip_problems`` checks that for a given page, for what the format still cannot
carry (a nested list, say).
"""

from __future__ import annotations

from careers.facts.language import default_title
from careers.facts.sections import RICH_TEXT_SECTIONS, generated_heading
from careers.facts.site import DEFAULT_BUTTON_LABEL, apply_text_template, organisation_name
from careers.models import CareersSettings, RolePage
from careers.pipeline.headings import (
    A_PREFIX,
    EXPLICIT_RE,
    Q_PREFIX,
    TITLE_RE,
    classify_heading,
    looks_like_heading,
    same_role,
)
from careers.pipeline.lines import normalise_space
from careers.pipeline.load import (
    ApplyDefaults,
    Families,
    canonical_body,
    document_to_payload,
    page_to_payload,
    paragraphs_to_html,
)
from careers.pipeline.pagelinks import (
    PageLinks,
    UnreadableText,
    comparable_body,
    linked_page_ids,
    rich_lines,
)
from careers.pipeline.parse import parse_document
from careers.pipeline.richtext import guarded

TABLE_HEADER = "| Level | Base Salary | Total Comp (with equity) | Intern Monthly |"
TABLE_RULE = "|---|---|---|---|"


def _lines(text: str) -> list[str]:
    return [normalise_space(line) for line in (text or "").splitlines() if line.strip()]


def _heading_line(kind: str, override: str, role_name: str) -> str:
    """The heading as the parser will read it back: plain when unambiguous, else "## … {kind}"."""
    if not override:
        return generated_heading(kind, role_name)
    recognised = classify_heading(override, role_name)
    if kind == "text":
        if recognised is None and not EXPLICIT_RE.match(override):
            return f"## {override}"
        return f"## {override} {{text}}"
    if recognised is not None and recognised.kind == kind and recognised.override == override:
        return override
    return f"## {override} {{{kind}}}"


def _salary_lines(value) -> list[str]:
    """The table as the page prints it (``SalaryTableValue.formatted_rows``) and its source line."""
    lines = [TABLE_HEADER, TABLE_RULE]
    for row in value.formatted_rows:
        cells = [row.level, row.base, _uplift_cell(row), row.intern_monthly]
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    if value.source_line:
        lines.append(value.source_line)
    return lines


def _uplift_cell(row) -> str:
    """The uplift as the page prints it; a note without figures is kept as "— note"."""
    note = (row.row.get("uplift_note") or "").strip()
    absent = row.row.get("uplift_min") is None and row.row.get("uplift_max") is None
    return f"\u2014 {note}" if absent and note else row.total_comp


def _reads_as_heading(line: str, role_name: str) -> bool:
    """Whether the parser would open a section at this line of rich text."""
    if guarded(line):
        return False
    return bool(
        EXPLICIT_RE.match(line) or classify_heading(line, role_name) or looks_like_heading(line)
    )


def _rich_lines(rich_text, role_name: str, links: PageLinks) -> list[str]:
    """Rich text in the notation; a line that would read as a heading starts with "\\"."""
    return [
        f"\\{line}" if _reads_as_heading(line, role_name) else line
        for line in rich_lines(rich_text, links)
    ]


def _faq_lines(value, role_name: str, links: PageLinks) -> list[str]:
    lines = []
    for item in value.get("items") or []:
        question = normalise_space(item.get("question") or "")
        lines.append(question if question.endswith("?") else f"Q: {question}")
        for paragraph in rich_lines(item.get("answer"), links):
            needs_marker = (
                paragraph.endswith("?")
                or Q_PREFIX.match(paragraph)
                or A_PREFIX.match(paragraph)
                or (not guarded(paragraph) and _reads_as_heading(paragraph, role_name))
            )
            lines.append(f"A: {paragraph}" if needs_marker else paragraph)
    return lines


def site_apply_settings():
    """The default site's Careers settings; an unsaved one with the defaults before any exist."""
    return CareersSettings.objects.filter(site__is_default_site=True).first() or CareersSettings()


def _title_line(page: RolePage) -> str:
    match = TITLE_RE.match(normalise_space(page.title or ""))
    if (
        match
        and same_role(match.group("role"), page.role_name)
        and match.group("year")
        and int(match.group("year")) == page.year
    ):
        return normalise_space(page.title)
    return default_title(page.role_name, page.year)


def body_links(page: RolePage) -> set[str]:
    """The ids of the pages the page's rich text links to (to look them up in bulk)."""
    ids = set()
    for child in page.body:
        value = child.value
        if child.block_type in RICH_TEXT_SECTIONS:
            ids |= linked_page_ids(str(getattr(value.get("body"), "source", "") or ""))
        elif child.block_type == "faq":
            for item in value.get("items") or []:
                answer = item.get("answer")
                ids |= linked_page_ids(str(getattr(answer, "source", answer) or ""))
    return ids


def page_to_text(
    page: RolePage,
    site_settings=None,
    links: PageLinks | None = None,
    families: Families | None = None,
) -> str:
    """The page in the legacy text format, headings generated with the right article."""
    settings = site_settings if site_settings is not None else site_apply_settings()
    links = links or PageLinks()
    role = page.role_name
    lines = [_title_line(page)]
    if page.family_id:
        families = families or Families.load()
        lines.append(f"Family: {families.written(page.family)}")
    lines.extend(_lines(page.intro))
    previous = None
    for child in page.body:
        kind, value = child.block_type, child.value
        override = (value.get("heading") or "").strip()
        if not (kind == "salary_table" and previous == "career_path" and not override):
            lines.append(_heading_line(kind, override, role))
        if kind in RICH_TEXT_SECTIONS:
            lines.extend(_rich_lines(value.get("body"), role, links))
        elif kind == "skills":
            lines.extend(f"- \u2713{normalise_space(item)}" for item in value.get("items") or [])
        elif kind == "career_path":
            lines.append(" \u2192 ".join(normalise_space(s) for s in value.get("steps") or []))
        elif kind == "salary_table":
            lines.extend(_salary_lines(value))
        elif kind == "apply":
            lines.extend(_lines(value.display_text(role, settings)))
            label = (value.get("button_label") or "").strip()
            if label and label != DEFAULT_BUTTON_LABEL:
                lines.append(f"Button: {label}")
        elif kind == "faq":
            lines.extend(_faq_lines(value, role, links))
        previous = kind
    return "\n".join(lines) + "\n"


def text_round_trip_problems(
    page: RolePage,
    text: str,
    site_settings=None,
    links: PageLinks | None = None,
    families: Families | None = None,
) -> list[str]:
    """What importing ``text`` would change on the page (empty when the export is lossless).

    ``links`` and ``families`` are the export run's: looked up once, not again per page.
    """
    result = parse_document(text, page.slug)
    if result.document is None:
        return [str(problem) for problem in result.errors]
    settings = site_settings if site_settings is not None else site_apply_settings()
    defaults = ApplyDefaults(organisation_name(settings), apply_text_template(settings))
    try:
        payload = document_to_payload(
            result.document, apply_defaults=defaults, families=families, links=links
        )
    except UnreadableText as exc:
        return [f"line {exc.line}: {exc.message}"]
    wanted = page_to_payload(page)
    wanted["body"] = comparable_body(wanted["body"])
    got = dict(payload, body=comparable_body(canonical_body(payload["body"])))
    got["search_description"] = wanted["search_description"]
    problems = []
    for name in ("title", "slug", "role_name", "year", "intro", "family"):
        if got[name] != wanted[name]:
            problems.append(f"{name} would change")
    if got["body"] != wanted["body"]:
        kinds = [block["type"] for block in wanted["body"]]
        if len(got["body"]) != len(wanted["body"]):
            problems.append(
                f"the body would have {len(got['body'])} blocks instead of {len(kinds)}"
            )
        else:
            for index, (a, b) in enumerate(zip(got["body"], wanted["body"], strict=True)):
                if a != b:
                    problems.append(f"block {index + 1} ({kinds[index]}) would change")
    return problems


__all__ = [
    "body_links",
    "page_to_payload",
    "page_to_text",
    "paragraphs_to_html",
    "text_round_trip_problems",
]
