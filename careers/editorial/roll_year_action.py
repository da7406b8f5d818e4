"""The "Roll to next year" bulk action in the admin's page listing (careers.editorial.roll_year)."""

from __future__ import annotations

from django import forms
from django.template.response import TemplateResponse

from wagtail.admin.views.pages.bulk_actions.page_bulk_action import PageBulkAction

from careers.editorial.listing import FilteredSelection
from careers.editorial.roll_year import (
    ROLLED,
    SKIPPED,
    UNCHANGED,
    report_lines,
    role_pages,
    roll_pages,
    suggested_year,
)
from careers.models import RolePage


class RollYearForm(forms.Form):
    """The year to roll to, and whether the drafts go to review."""

    year = forms.IntegerField(
        min_value=2000,
        max_value=2100,
        label="Roll to year",
        help_text="Pages already at this year are left as they are.",
    )
    submit_for_review = forms.BooleanField(
        required=False,
        label="Submit each rolled page for review",
        help_text="Otherwise each is saved as a draft. Nothing is published.",
    )


class RollToNextYearBulkAction(FilteredSelection, PageBulkAction):
    """Rolls the selected role pages to a year, as drafts or submissions, and shows the report."""

    display_name = "Roll to next year"
    action_type = "roll_year"
    aria_label = "Roll the selected role pages to next year"
    template_name = "careers/admin/roll_year_confirm.html"
    # Among the listing's four visible buttons (after move, delete and publish): the yearly
    # refresh is what role pages are selected for most, and a link under "More" reached the
    # server without the selection in Chromium.
    action_priority = 45
    form_class = RollYearForm

    def check_perm(self, page):
        return (
            page.specific_class is RolePage
            and page.permissions_for_user(self.request.user).can_edit()
        )

    def selected_role_pages(self):
        pages, _ = self.get_actionable_objects()
        return role_pages(ids=[page.pk for page in pages])

    def get_initial(self):
        return {"year": suggested_year(self.selected_role_pages())}

    def form_valid(self, form):
        self.cleaned_form = form
        year = form.cleaned_data["year"]
        results = roll_pages(
            self.selected_role_pages(),
            year,
            user=self.request.user,
            submit=form.cleaned_data["submit_for_review"],
        )
        context = {
            "year": year,
            "results": results,
            "rolled": [r for r in results if r.status == ROLLED],
            "unchanged": [r for r in results if r.status == UNCHANGED],
            "skipped": [r for r in results if r.status == SKIPPED],
            "summary": report_lines(results, year)[-1],
            "next": self.next_url,
        }
        return TemplateResponse(self.request, "careers/admin/roll_year_report.html", context)
