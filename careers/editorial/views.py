"""The checks panel's live refresh: run the checks on the form as it stands, unsaved."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from wagtail.models import Page

from careers.editorial import checks
from careers.editorial.panel import page_from_form, render_context
from careers.models import RolePage


def _render(request, form):
    # Validation errors are expected mid-edit; checks run on whatever did validate.
    form.is_valid()
    findings = getattr(form, "content_findings", None)
    if findings is None:
        findings = checks.check_page(page_from_form(form))
    context = render_context(findings)
    context["invalid_fields"] = [
        form.fields[name].label or name for name in form.errors if name in form.fields
    ]
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
    return _render(request, form)
