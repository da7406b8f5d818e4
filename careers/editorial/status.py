"""The check status a role page stores on save, so the admin listing can filter on it.

The counts are what ``checks.run_checks`` finds in the content being saved (the latest
revision's, when a draft is saved), without the link check: whether a linked page is live
changes when *that* page is published, not this one, and looking it up would cost every
save a query. ``manage.py check_content --store`` recomputes every page (after a new year
starts, for instance, when "the title says last year" becomes true of unchanged pages).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from careers.editorial import checks

# The RolePage columns the status lives in (None: never checked since the columns were added).
STATUS_FIELDS = ("check_errors", "check_warnings")

# The listing filter's choices: (value, label) and the query each stands for.
ERRORS = "errors"
WARNINGS = "warnings"
CLEAN = "clean"
UNCHECKED = "unchecked"
CHOICES = [
    (ERRORS, "Has errors"),
    (WARNINGS, "Warnings only"),
    (CLEAN, "No findings"),
    (UNCHECKED, "Not checked yet"),
]
LOOKUPS = {
    ERRORS: {"check_errors__gt": 0},
    WARNINGS: {"check_errors": 0, "check_warnings__gt": 0},
    CLEAN: {"check_errors": 0, "check_warnings": 0},
    UNCHECKED: {"check_errors__isnull": True},
}


@dataclass(frozen=True)
class CheckStatus:
    """How many errors and warnings a page's content has, as stored."""

    errors: int
    warnings: int

    @property
    def label(self) -> str:
        """The listing's status text: "2 errors, 1 warning", or "No findings"."""
        parts = [
            f"{count} {word}{'s' if count != 1 else ''}"
            for count, word in ((self.errors, "error"), (self.warnings, "warning"))
            if count
        ]
        return ", ".join(parts) or "No findings"


def status_of(page, *, current_year: int | None = None) -> CheckStatus:
    """The stored status for ``page`` as it stands in memory (saved or not)."""
    year = current_year if current_year is not None else timezone.now().year
    findings = checks.run_checks(page, current_year=year)
    return CheckStatus(len(checks.errors(findings)), len(checks.warnings(findings)))


def stored_status(page) -> CheckStatus | None:
    """The status a page row holds, None when it was never checked."""
    if page.check_errors is None:
        return None
    return CheckStatus(page.check_errors, page.check_warnings or 0)


def filter_by_status(queryset, value: str):
    """Role pages whose stored status is ``value`` (one of CHOICES); unknown values: no filter."""
    lookup = LOOKUPS.get(value)
    return queryset.filter(**lookup) if lookup else queryset
