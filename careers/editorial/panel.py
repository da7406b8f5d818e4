"""Content checks in the page editor: the checks panel, and the gate that stops publishing on errors.

The gate runs inside ``RolePageForm.clean`` so a blocked publish comes back as an ordinary
invalid form: each error sits on its field (down to the salary row's figure inside the body
StreamField), nothing is saved, and the editor keeps their changes.
"""

from __future__ import annotations

from types import SimpleNamespace

from django.urls import reverse

from wagtail.admin.panels import Panel
from wagtail.blocks.stream_block import StreamBlockValidationError

from careers import blockerrors
from careers.editorial import checks

# The buttons (POST keys) whose action would make the content public, or put it in front of a
# reviewer who would: the edit view reads the same keys (wagtail/admin/views/pages/edit.py).
GATED_ACTIONS = ("action-publish", "action-submit", "action-restart-workflow")


def gated_action(data) -> str | None:
    """The POSTed action that publishing errors must stop, if any."""
    for key in GATED_ACTIONS:
        if data.get(key):
            return key.removeprefix("action-")
    if data.get("action-workflow-action") and data.get("workflow-action-name") == "approve":
        return "approve"
    return None


def page_from_form(form):
    """The page as the form would save it, without touching the instance.

    Fields that did not validate keep the instance's values, so checks still run on the rest.
    """
    cleaned = getattr(form, "cleaned_data", {}) or {}
    instance = form.instance

    def pick(name):
        return cleaned[name] if name in cleaned else getattr(instance, name, None)

    return SimpleNamespace(
        title=pick("title") or "",
        role_name=pick("role_name") or "",
        intro=pick("intro") or "",
        year=pick("year"),
        body=pick("body") or [],
    )


def gate_publish(form) -> list[checks.Finding]:
    """Run the checks for a bound RolePageForm; on a gated action, turn errors into form errors."""
    page = page_from_form(form)
    findings = checks.check_page(page)
    form.content_findings = findings
    action = gated_action(form.data)
    blocking = checks.errors(findings)
    if action is None or not blocking:
        return findings
    by_field: dict[str, list[checks.Finding]] = {}
    for finding in blocking:
        by_field.setdefault(finding.field, []).append(finding)
    for field, items in by_field.items():
        if field == "body":
            if "body" in form.errors:
                continue  # the StreamField already shows its own errors; don't overwrite them
            form.add_error("body", body_error(page.body, [(f.path, f.message) for f in items]))
        elif field in form.fields:
            form.add_error(field, [f.message for f in items])
        else:
            form.add_error(None, [f"{f.location}: {f.message}" for f in items])
    verb = {"submit": "submitted for review", "approve": "approved"}.get(action, "published")
    form.add_error(
        None,
        f"This page can't be {verb} until its content check errors are fixed "
        f"({len(blocking)} shown on the fields below). You can still save a draft.",
    )
    return findings


def body_error(body, items: list[tuple[str, str]]) -> StreamBlockValidationError:
    """Nest (path, message) pairs like "body/4/value/rows/1/base_min" into the StreamField's
    own error structure, so the admin shows each message on that very field."""
    pairs = [(blockerrors.from_pointer(path)[1:], message) for path, message in items]
    return blockerrors.unflatten(body.stream_block, body, pairs)


# ---------------------------------------------------------------------------
# The panel
# ---------------------------------------------------------------------------


class ContentChecksPanel(Panel):
    """Shows the editor every content check finding for the draft, and where it is."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", "Content checks")
        super().__init__(**kwargs)

    @property
    def clean_name(self):
        return super().clean_name or "content_checks"

    class BoundPanel(Panel.BoundPanel):
        template_name = "careers/admin/checks_panel.html"

        def findings(self) -> list[checks.Finding]:
            found = getattr(self.form, "content_findings", None)
            if found is not None:
                return found
            if self.form is not None and self.form.is_bound:
                return checks.check_page(page_from_form(self.form))
            return checks.check_page(self.instance)

        def refresh_url(self) -> str:
            if self.instance is not None and self.instance.pk:
                return reverse("careers_checks_edit", args=[self.instance.pk])
            parent = getattr(self.form, "parent_page", None)
            if parent is not None:
                return reverse("careers_checks_create", args=[parent.pk])
            return ""

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context.update(render_context(self.findings()))
            context["refresh_url"] = self.refresh_url()
            return context

        class Media:
            js = ["careers/admin/checks.js"]
            css = {"all": ["careers/admin/checks.css"]}


def render_context(findings: list[checks.Finding]) -> dict:
    return {
        "findings": findings,
        "error_count": len(checks.errors(findings)),
        "warning_count": len(checks.warnings(findings)),
    }
