"""The checks panel's live refresh: run the checks on the form as it stands, unsaved."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from wagtail.models import Page

from careers.editorial.panel import TRIED_KEY, form_findings, read_form, render_context, untouched
from careers.models import RolePage


def _render(request, form):
    # Validation errors are expected mid-edit: each is a finding, and the checks judge every
    # field and block that did validate, as posted.
    form.is_valid()
    context = render_context(form_findings(form), read_form(form).note)
    return TemplateResponse(request, "careers/admin/checks_findings.html", context)


@require_POST
def checks_for_edit(request, page_id: int):
    page = get_object_or_404(Page, id=page_id).specific
    if not isinstance(page, RolePage):
        raise PermissionDenied
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    page = page.latest_content()
    form_class = page.get_edit_handler().get_form_class()
    form = form_class(
        request.POST,
        request.FILES,
        instance=page,
        parent_page=page.get_parent(),
        for_user=request.user,
    )
    return _render(request, form)


@require_POST
def checks_for_create(request, parent_id: int):
    parent = get_object_or_404(Page, id=parent_id).specific
    if not parent.permissions_for_user(request.user).can_add_subpage():
        raise PermissionDenied
    page = RolePage()
    form_class = RolePage.get_edit_handler().get_form_class()
    form = form_class(
        request.POST, request.FILES, instance=page, parent_page=parent, for_user=request.user
    )
    if not request.POST.get(TRIED_KEY):
        opened = form_class(instance=RolePage(), parent_page=parent, for_user=request.user)
        if untouched(form, opened):
            # Nothing written yet: the new page's empty sections are not mistakes to report.
            context = render_context([], waiting=True)
            return TemplateResponse(request, "careers/admin/checks_findings.html", context)
    return _render(request, form)
