"""The yearly refresh: role pages moved to a new year as drafts, one rule for the admin and the CLI.

Rolling a page to a year sets its ``year``, lets a generated title follow it (a custom title
stays, and the title check says if it now names the wrong year), and moves every salary table's
``as_of_year`` on. Each page is saved as a draft revision in its own transaction, or also
handed to its review workflow; nothing is published. A page already at the year is unchanged,
so running the roll again does nothing. The report says what changed and which checks the
rolled page fails, such as salary figures still the old year's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from wagtail.models import WorkflowState

from careers.api.writes import DRAFT, WriteRefused, plan_write
from careers.editorial import checks
from careers.models import RolePage
from careers.revisions import save_role_revision

ROLLED, UNCHANGED, SKIPPED = "rolled", "unchanged", "skipped"


@dataclass
class RollResult:
    """One page through a roll: what changed, what was saved, and what the checks now say."""

    page: RolePage
    status: str
    changes: list[str] = field(default_factory=list)
    findings: list[checks.Finding] = field(default_factory=list)
    reason: str = ""
    review: str = ""

    @property
    def errors(self) -> list[checks.Finding]:
        return checks.errors(self.findings)

    @property
    def warnings(self) -> list[checks.Finding]:
        return checks.warnings(self.findings)


def _copy(page: RolePage) -> RolePage:
    """A separate instance with the same content, to change without touching ``page``."""
    return page.with_content_json(page.serializable_data())


def roll_content(page: RolePage, year: int) -> list[str]:
    """Move ``page`` (in memory) to ``year``; the changes, in words, or [] when there are none."""
    changes = []
    if page.year != year:
        changes.append(f"year {page.year} \u2192 {year}")
        page.year = year
    title = page.title
    page.follow_role_in_title()
    if page.title != title:
        changes.append(f'title "{title}" \u2192 "{page.title}"')
    for child in page.body:
        if child.block_type != "salary_table":
            continue
        as_of = child.value.get("as_of_year")
        if as_of is None or as_of < year:
            child.value["as_of_year"] = year
            changes.append(f"salary table's as-of year {as_of or '(none)'} \u2192 {year}")
    return changes


def _refusal(page: RolePage, user) -> str:
    """Why ``user`` may not save a draft of ``page`` (the API's and the admin's rules), or ""."""
    if user is None:
        return f"locked by {page.locked_by or 'someone'}" if page.locked else ""
    try:
        plan_write(user, wants=DRAFT, page=page)
    except PermissionDenied as error:
        return str(error)
    except WriteRefused as error:
        return error.detail
    return ""


def _hand_to_review(page: RolePage, user) -> str:
    """Submit the new revision to the page's workflow, as the admin's "Submit" would."""
    state = page.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user)
        return "review resumed"
    if state is not None:
        return "already in review"
    workflow = page.get_workflow()
    if workflow is None:
        return "no review workflow: saved as a draft"
    workflow.start(page, user)
    return "submitted for review"


def roll_page(
    page: RolePage, year: int, *, user=None, dry_run: bool = False, submit: bool = False
) -> RollResult:
    """Roll one page to ``year``: a draft revision (or a submission), never a publish."""
    current = page.latest_content()
    if current.year is not None and current.year > year:
        return RollResult(page, UNCHANGED, reason=f"already at {current.year}, after {year}")
    draft = _copy(current)
    changes = roll_content(draft, year)
    if not changes:
        return RollResult(page, UNCHANGED)
    findings = checks.check_page(draft, previous=current)
    result = RollResult(page, ROLLED, changes, findings)
    if dry_run:
        return result
    refusal = _refusal(page, user)
    if refusal:
        return RollResult(page, SKIPPED, changes, findings, reason=refusal)
    if submit and result.errors:
        result.review = "not submitted: the page has errors"
        submit = False
    try:
        with transaction.atomic():
            save_role_revision(draft, user)
            if submit:
                result.review = _hand_to_review(draft, user)
    except ValidationError as error:
        return RollResult(page, SKIPPED, changes, findings, reason="; ".join(error.messages))
    return result


def roll_pages(
    pages, year: int, *, user=None, dry_run: bool = False, submit: bool = False
) -> list[RollResult]:
    """Roll each page on its own, so one page that cannot be saved leaves the others rolled."""
    return [roll_page(page, year, user=user, dry_run=dry_run, submit=submit) for page in pages]


def role_pages(ids=None, slugs=None):
    """Role pages by id or slug (all when neither is given), with their latest revisions."""
    pages = RolePage.objects.select_related("latest_revision", "locked_by").order_by("path")
    if ids is not None:
        pages = pages.filter(pk__in=ids)
    if slugs:
        pages = pages.filter(slug__in=slugs)
    return list(pages)


def suggested_year(pages) -> int | None:
    """The year after the earliest selected page's: what "Roll to next year" offers."""
    years = [page.latest_content().year for page in pages if page.year]
    return min(years) + 1 if years else None


def report_lines(results: list[RollResult], year: int, *, dry_run: bool = False) -> list[str]:
    """The roll as plain lines: per page its outcome, its changes and its failing checks."""
    lines = []
    for result in results:
        where = f"/careers/{result.page.slug}/"
        if result.status == UNCHANGED:
            lines.append(f"unchanged {where}: {result.reason or f'already at {year}'}")
            continue
        if result.status == SKIPPED:
            lines.append(f"skipped {where}: {result.reason}")
        else:
            verb = "would roll" if dry_run else "rolled"
            outcome = result.review or ("" if dry_run else "saved as a draft")
            lines.append(f"{verb} {where}" + (f" ({outcome})" if outcome else ""))
        lines.extend(f"  {change}" for change in result.changes)
        for finding in result.findings:
            lines.append(f"  {finding.level}: {finding.location}: {finding.message}")
    rolled = sum(1 for r in results if r.status == ROLLED)
    unchanged = sum(1 for r in results if r.status == UNCHANGED)
    skipped = sum(1 for r in results if r.status == SKIPPED)
    failing = sum(1 for r in results if r.status == ROLLED and r.findings)
    verb = "would be rolled" if dry_run else "rolled"
    lines.append(
        f"{rolled} {verb} to {year}, {unchanged} unchanged, {skipped} skipped; "
        f"{failing} rolled page(s) fail a check. Nothing was published."
    )
    return lines
