"""Write role pages back out: the legacy text format (correct articles) or the JSON payload.

``page_to_text`` writes what ``parse_document`` reads, so exporting and importing again
reproduces the page; ``text_round_trip_problems`` checks that for a given page, because
rich-text formatting made in the admin (bold, links, lists) has no place in the text format.
"""

from __future__ import annotations

from careers.facts.language import default_title
from careers.facts.sections import RICH_TEXT_SECTIONS, generated_heading
from careers.facts.site import apply_text_template, organisation_name
from careers.facts.text import paragraphs
from careers.models import CareersSettings, RolePage
from careers.pipeline.document import DEFAULT_BUTTON_LABEL
from careers.pipeline.headings import (
    A_PREFIX,
    EXPLICIT_RE,
    Q_PREFIX,
    TITLE_RE,
    classify_heading,
    same_role,
)
from careers.pipeline.lines import normalise_space
from careers.pipeline.load import (
    ApplyDefaults,
    canonical_body,
    document_to_payload,
    page_to_payload,
    paragraphs_to_html,
)
from careers.pipeline.parse import parse_document

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
        cells = [row.level, row.base, row.total_comp, row.intern_monthly]
        lines.append("| " + " | ".join(cell.replace("|", "/") for cell in cells) + " |")
    if value.source_line:
        lines.append(value.source_line)
    return lines


def _faq_lines(value) -> list[str]:
    lines = []
    for item in value.get("items") or []:
        question = normalise_space(item.get("question") or "")
        lines.append(question if question.endswith("?") else f"Q: {question}")
        for paragraph in paragraphs(item.get("answer")):
            needs_marker = paragraph.endswith("?") or Q_PREFIX.match(paragraph)
            lines.append(
                f"A: {paragraph}" if needs_marker or A_PREFIX.match(paragraph) else paragraph
            )
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


def page_to_text(page: RolePage, site_settings=None) -> str:
    """The page in the legacy text format, headings generated with the right article."""
    settings = site_settings if site_settings is not None else site_apply_settings()
    role = page.role_name
    lines = [_title_line(page), *_lines(page.intro)]
    previous = None
    for child in page.body:
        kind, value = child.block_type, child.value
        override = (value.get("heading") or "").strip()
        if not (kind == "salary_table" and previous == "career_path" and not override):
            lines.append(_heading_line(kind, override, role))
        if kind in RICH_TEXT_SECTIONS:
            lines.extend(paragraphs(value.get("body")))
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
            lines.extend(_faq_lines(value))
        previous = kind
    return "\n".join(lines) + "\n"


def text_round_trip_problems(page: RolePage, text: str, site_settings=None) -> list[str]:
    """What importing ``text`` would change on the page (empty when the export is lossless)."""
    result = parse_document(text, page.slug)
    if result.document is None:
        return [str(problem) for problem in result.errors]
    settings = site_settings if site_settings is not None else site_apply_settings()
    defaults = ApplyDefaults(organisation_name(settings), apply_text_template(settings))
    payload = document_to_payload(result.document, apply_defaults=defaults)
    wanted = page_to_payload(page)
    got = dict(payload, body=canonical_body(payload["body"]))
    got["search_description"] = wanted["search_description"]
    problems = []
    for name in ("title", "slug", "role_name", "year", "intro"):
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
    "page_to_payload",
    "page_to_text",
    "paragraphs_to_html",
    "text_round_trip_problems",
]
