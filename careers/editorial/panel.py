"""Content checks in the page editor: the checks panel, and the gate that stops publishing on errors.

The gate runs inside ``RolePageForm.clean`` so a blocked publish comes back as an ordinary
invalid form: each error sits on its field (down to the salary row's figure inside the body
StreamField), nothing is saved, and the editor keeps their changes.
"""

from __future__ import annotations

from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.urls import reverse

from wagtail import blocks
from wagtail.admin.panels import Panel
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

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


# ---------------------------------------------------------------------------
# Errors on the exact block inside the body
# ---------------------------------------------------------------------------


def _insert(tree: dict, keys: list, message: str) -> None:
    node = tree
    for key in keys:
        node = node.setdefault(key, {})
    node.setdefault("", []).append(message)


def _to_error(block, tree: dict, stream_types=None) -> ValidationError:
    messages = tree.get("", [])
    children = {key: sub for key, sub in tree.items() if key != ""}
    if isinstance(block, blocks.StreamBlock):
        return StreamBlockValidationError(
            block_errors={
                index: _to_error(block.child_blocks[stream_types[index]], sub)
                for index, sub in children.items()
            },
            non_block_errors=messages,
        )
    if isinstance(block, blocks.StructBlock):
        return StructBlockValidationError(
            block_errors={
                name: _to_error(block.child_blocks[name], sub) for name, sub in children.items()
            },
            non_block_errors=messages,
        )
    if isinstance(block, blocks.ListBlock):
        return ListBlockValidationError(
            block_errors={
                index: _to_error(block.child_block, sub) for index, sub in children.items()
            },
            non_block_errors=messages,
        )
    # A plain field: any deeper path (e.g. inside rich text) lands on the field itself.
    return ValidationError(messages or ["See the content checks panel."])


def body_error(body, items: list[tuple[str, str]]) -> StreamBlockValidationError:
    """Nest (path, message) pairs like "body/4/value/rows/1/base_min" into the StreamField's
    own error structure, so the admin shows each message on that very field."""
    stream_block = body.stream_block
    stream_types = [child.block_type for child in body]
    tree: dict = {}
    for path, message in items:
        parts = path.split("/")[1:]
        keys: list = []
        if parts:
            keys.append(int(parts[0]))
            block = stream_block.child_blocks[stream_types[int(parts[0])]]
            for part in parts[2:]:  # parts[1] is the JSON's "value"
                if isinstance(block, blocks.ListBlock):
                    keys.append(int(part))
                    block = block.child_block
                elif isinstance(block, blocks.StructBlock) and part in block.child_blocks:
                    keys.append(part)
                    block = block.child_blocks[part]
                else:
                    break
        _insert(tree, keys, message)
    return _to_error(stream_block, tree, stream_types)


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
