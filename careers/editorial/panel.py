"""Content checks in the page editor: the checks panel, and the gate that stops publishing on errors.

The gate runs inside ``RolePageForm.clean`` so a blocked publish comes back as an ordinary
invalid form: each error sits on its field (down to the salary row's figure inside the body
StreamField), nothing is saved, and the editor keeps their changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from types import SimpleNamespace
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime

from wagtail.admin.panels import Panel
from wagtail.blocks.stream_block import StreamBlockValidationError, StreamValue

from careers import blockerrors
from careers.editorial import checks
from careers.editorial.wording import form_order, reword, sentence, word_block_error
from careers.facts.sections import section_label

# The buttons (POST keys) whose action would make the content public, or put it in front of a
# reviewer who would: the edit view reads the same keys (wagtail/admin/views/pages/edit.py).
GATED_ACTIONS = ("action-publish", "action-submit", "action-restart-workflow")

# The finding an invalid field or block gives: it stops even a draft from being saved.
INVALID_FIELD = "invalid-field"
# A block error a draft defers (a required field left empty, a salary row with no figures):
# Wagtail saves the draft and refuses only publishing.
PUBLISH_REQUIRED = "required-to-publish"
# Codes of the form errors this module adds itself, so they are not read back as the editor's.
GATE_CODE = "content-check"
SUMMARY_CODE = "block-error-summary"
# Fields the checks read, and what an invalid one counts as (it is not judged at its old value).
PAGE_FIELDS = {"title": "", "role_name": "", "intro": "", "year": None}
# Posted by the panel's script once the editor has tried to save (the editor shows a bound form).
TRIED_KEY = "careers-checks-tried"
# What the panel says on a new page the editor hasn't touched, instead of a wall of errors.
WAITING = "Checks start when you begin writing."
# Form fields that are the editor's preferences, not the page: ticking one is not writing.
NOT_CONTENT = {"comment_notifications"}
# An empty rich text as the editor posts it: nothing, or empty paragraphs.
EMPTY_RICH_TEXT = re.compile(r"(\s*<p[^>]*>\s*(<br\s*/?>)?\s*</p>\s*)*")


def gated_action(data) -> str | None:
    """The POSTed action that publishing errors must stop, if any."""
    for key in GATED_ACTIONS:
        if data.get(key):
            return key.removeprefix("action-")
    if data.get("action-workflow-action") and data.get("workflow-action-name") == "approve":
        return "approve"
    return None


@dataclass
class OnScreen:
    """The page as the editor has it on screen: what validated, and what didn't, block by block."""

    page: SimpleNamespace
    # For each block of ``page.body``, its index on screen (blocks a draft can't save are left out).
    positions: list[int]
    # The body as posted; and the blocks even a draft can't save, with each one's own error.
    posted_body: Any = None
    block_errors: dict[int, ValidationError] = field(default_factory=dict)
    # Every body error that stops publishing, and the ones among them that stop a draft too.
    publish_pairs: list[tuple[blockerrors.Path, str]] = field(default_factory=list)
    draft_pairs: set[tuple[blockerrors.Path, str]] = field(default_factory=set)
    # The body errors the form itself was refused for (what the save banner lists).
    form_pairs: set[tuple[blockerrors.Path, str]] = field(default_factory=set)
    # Said in the panel when the checks had to judge something other than the screen.
    note: str = ""


class WordedStreamBlockValidationError(StreamBlockValidationError):
    """A body error whose own message, the one the save banner lists, names block and field."""

    def __init__(self, original: StreamBlockValidationError, message: str):
        super().__init__(
            block_errors=original.block_errors, non_block_errors=original.non_block_errors
        )
        self.message = message


def _own_errors(form, name: str) -> list[ValidationError]:
    """The field's errors that came from the editor's input, not from this module."""
    if name not in form.errors:
        return []
    return [
        error
        for error in form.errors[name].as_data()
        if error.code not in (GATE_CODE, SUMMARY_CODE)
    ]


def _messages(errors: list[ValidationError]) -> list[str]:
    return [message for error in errors for message in error.messages]


def _posted_body(form):
    try:
        return form["body"].data
    except (KeyError, ValueError, TypeError):
        return None


def _fallback_note(instance) -> str:
    revision = getattr(instance, "latest_revision", None)
    if revision is None or not getattr(instance, "pk", None):
        return "The body could not be read as posted, so the checks below leave it out."
    when = date_format(localtime(revision.created_at), "j M Y, H:i")
    return (
        "The body could not be read as posted: the checks below judge its last saved "
        f"version (revision {revision.pk}, {when})."
    )


def _body_errors(stream_block, value, *, deferred: bool) -> list[tuple[blockerrors.Path, str]]:
    """The body's errors as a draft (deferred) or a publish would judge it, with their paths."""
    try:
        if deferred:
            stream_block.clean_deferred(value)
        else:
            stream_block.clean(value)
    except StreamBlockValidationError as error:
        return blockerrors.flatten(error)
    except ValidationError as error:
        return [((), message) for message in error.messages]
    return []


def read_form(form) -> OnScreen:
    """The page as the form would save it, without touching the instance.

    Every body block that a draft would save is taken as posted, so the checks judge what is
    on screen while other blocks are still invalid; an invalid field counts as blank, never as
    its old value. The posted body is also judged as a draft and as a publish, so each error
    says which it stops. Worked out once per form: the publish gate and the panel see the same page.
    """
    cached = getattr(form, "careers_on_screen", None)
    if cached is not None:
        return cached
    cleaned = getattr(form, "cleaned_data", None) or {}
    instance = form.instance
    invalid = set(form.errors) if form.is_bound else set()

    def pick(name, blank):
        if name in cleaned:
            return cleaned[name]
        if name in invalid:
            return blank
        return getattr(instance, name, blank)

    values = {name: pick(name, blank) for name, blank in PAGE_FIELDS.items()}
    on_screen = OnScreen(page=SimpleNamespace(**values, body=[]), positions=[])
    own = _own_errors(form, "body") if "body" in invalid else []
    posted = _posted_body(form) if form.is_bound and "body" in form.fields else None
    if own and isinstance(own[0], StreamBlockValidationError):
        on_screen.form_pairs = set(blockerrors.flatten(own[0]))
    if isinstance(posted, StreamValue) and (
        not own or isinstance(own[0], StreamBlockValidationError)
    ):
        stream_block = posted.stream_block
        on_screen.publish_pairs = _body_errors(stream_block, posted, deferred=False)
        on_screen.draft_pairs = set(_body_errors(stream_block, posted, deferred=True))
        kept = []
        for index, child in enumerate(posted):
            # As a draft would store it: an empty required field, or a row still to fill in,
            # is on the page as the editor left it (its error says what publishing needs).
            try:
                kept.append((child.block_type, child.block.clean_deferred(child.value), child.id))
            except ValidationError as error:
                on_screen.block_errors[index] = error
                continue
            on_screen.positions.append(index)
        body = StreamValue(stream_block, kept)
        on_screen.posted_body = posted
    elif "body" in cleaned or not own:
        body = pick("body", None) or []
        on_screen.positions = list(range(len(body)))
    else:
        body = getattr(instance, "body", None) or []
        on_screen.positions = list(range(len(body)))
        on_screen.note = _fallback_note(instance)
    on_screen.page.body = body
    form.careers_on_screen = on_screen
    return on_screen


def _comparable(data):
    """Block data without what differs between a new page as opened and as posted untouched:
    the ids Wagtail gives blocks, and empty or numeric values, posted as text."""
    if isinstance(data, dict):
        return {key: _comparable(value) for key, value in data.items() if key != "id"}
    if isinstance(data, list):
        return [_comparable(item) for item in data]
    text = "" if data is None else str(data)
    return "" if EMPTY_RICH_TEXT.fullmatch(text) else text


def untouched(form, opened) -> bool:
    """Whether a bound new-page form still holds what the add view opened with (``opened``,
    the unbound form): the editor has not begun writing, so no finding is news to them."""
    for name, posted_field in form.fields.items():
        if name in NOT_CONTENT:
            continue
        if name not in opened.fields:
            return False
        initial = opened.get_initial_for_field(opened.fields[name], name)
        data = form[name].data
        if hasattr(posted_field, "block"):
            block = posted_field.block
            before = _comparable(block.get_prep_value(block.normalize(initial)))
            if before != _comparable(block.get_prep_value(data)):
                return False
        elif posted_field.has_changed(initial, data):
            return False
    return not any(formset.has_changed() for formset in form.formsets.values())


def page_from_form(form):
    """The page the checks judge for a bound form (see ``read_form``)."""
    return read_form(form).page


def _on_screen_path(path: str, positions: list[int]) -> str:
    keys = path.split("/")
    if len(keys) > 1 and keys[0] == "body" and keys[1].isdigit() and int(keys[1]) < len(positions):
        keys[1] = str(positions[int(keys[1])])
    return "/".join(keys)


def _has_intern_pay(table) -> bool:
    """Whether a table as posted (figures still text) gives intern pay in any row."""
    for row in table.get("rows") or []:
        row = getattr(row, "value", row)  # a row of a stream of row kinds
        keys = row.keys() if hasattr(row, "keys") else ()
        for key in keys:
            if key.startswith("intern") and str(row.get(key) or "").strip():
                return True
    return False


def judged_findings(on_screen: OnScreen) -> list[checks.Finding]:
    """The content checks on the page as on screen, with paths pointing at the blocks shown.

    An invalid block is still there: no "section missing" for it, and no finding that would
    need its figures (its own errors say what is wrong with it).
    """
    findings = checks.check_page(on_screen.page)
    invalid = [on_screen.posted_body[index] for index in on_screen.block_errors]
    present = {f'"{section_label(child.block_type)}"' for child in invalid}
    intern_pay = any(
        child.block_type == "salary_table" and _has_intern_pay(child.value) for child in invalid
    )
    kept = []
    for finding in findings:
        if finding.code == "section-missing" and (
            any(label in finding.message for label in present) or on_screen.note
        ):
            continue
        if finding.code == "internships-without-intern-pay" and intern_pay:
            continue
        kept.append(replace(finding, path=_on_screen_path(finding.path, on_screen.positions)))
    return kept


def body_invalid_findings(on_screen: OnScreen, only=None) -> list[checks.Finding]:
    """One finding per body error, worded for the editor, on its block: an ``invalid-field``
    when it stops even a draft, ``required-to-publish`` when a draft defers it.

    ``only``: just these (path, message) pairs (the errors the form was refused for).
    """
    posted = on_screen.posted_body
    pairs = [pair for pair in on_screen.publish_pairs if pair[0] and (only is None or pair in only)]
    # In the order the fields appear in the form, as the editor reads down the page.
    pairs.sort(key=lambda pair: form_order(posted.stream_block, posted, pair[0]))
    found = []
    for path, message in pairs:
        location, worded = word_block_error(posted.stream_block, posted, path, message)
        code = INVALID_FIELD if (path, message) in on_screen.draft_pairs else PUBLISH_REQUIRED
        found.append(
            checks.Finding(
                checks.ERROR, code, worded, location, blockerrors.to_pointer(("body", *path))
            )
        )
    for path, message in on_screen.publish_pairs:
        if path or (only is not None and (path, message) not in only):
            continue
        code = INVALID_FIELD if (path, message) in on_screen.draft_pairs else PUBLISH_REQUIRED
        found.append(checks.Finding(checks.ERROR, code, message, "Body", "body"))
    return found


def invalid_findings(form, on_screen: OnScreen) -> list[checks.Finding]:
    """Every field and block error as a panel finding: what stops any save, and the body's
    errors that a draft defers and only publishing refuses."""
    found = []
    if on_screen.posted_body is not None:
        found += body_invalid_findings(on_screen)
    for name in form.errors:
        if name == "body" and on_screen.posted_body is not None:
            continue
        own = _own_errors(form, name)
        if name == NON_FIELD_ERRORS or name not in form.fields:
            found += [
                checks.Finding(checks.ERROR, INVALID_FIELD, message, "Page", "")
                for message in _messages(own)
            ]
            continue
        label = str(form[name].label or name)
        raw = form[name].data
        found += [
            checks.Finding(checks.ERROR, INVALID_FIELD, reword(message, label, raw), label, name)
            for message in _messages(own)
        ]
    return found


def form_findings(form) -> list[checks.Finding]:
    """What the panel shows for a bound form: its invalid fields and blocks, then the checks."""
    on_screen = read_form(form)
    content = getattr(form, "content_findings", None)
    if content is None:
        content = judged_findings(on_screen)
    found = [*invalid_findings(form, on_screen), *content]
    return sorted(found, key=lambda f: f.level != checks.ERROR)


def word_body_errors(form, on_screen: OnScreen) -> None:
    """Make the save banner list each invalid block's errors as the panel words them.

    Wagtail lists form errors as "<field label>: <message>" only when the form has a
    non-field error, and a StreamField's message is "Validation error in StreamBlock"; so
    the body's error gets the first sentence as its message, one more entry per further
    error, and the form a note that the body has errors.
    """
    if on_screen.posted_body is None or not on_screen.form_pairs:
        return
    # The banner already says "Body: ", so the stream's own messages need no location.
    sentences = [
        sentence("" if f.path == "body" else f.location, f.message)
        for f in body_invalid_findings(on_screen, only=on_screen.form_pairs)
    ]
    if not sentences:
        return
    errors = form.errors["body"]
    original = _own_errors(form, "body")[0]
    position = errors.data.index(original)
    errors.data[position] = WordedStreamBlockValidationError(original, sentences[0])
    errors.data[position + 1 : position + 1] = [
        ValidationError(text, code=SUMMARY_CODE) for text in sentences[1:]
    ]
    count = len(sentences)
    form.add_error(
        None,
        ValidationError(
            f"The body has {count} error{'s' if count != 1 else ''} in its blocks: each is "
            "shown on its block and in the content checks panel.",
            code=SUMMARY_CODE,
        ),
    )


def gate_publish(form) -> list[checks.Finding]:
    """Run the checks for a bound RolePageForm; on a gated action, turn errors into form errors."""
    on_screen = read_form(form)
    word_body_errors(form, on_screen)
    page = on_screen.page
    findings = judged_findings(on_screen)
    form.content_findings = findings
    action = gated_action(form.data)
    blocking = checks.errors(findings)
    if action is None or not blocking:
        return findings
    by_field: dict[str, list[checks.Finding]] = {}
    for finding in blocking:
        by_field.setdefault(finding.field, []).append(finding)
    for name, items in by_field.items():
        if name == "body":
            if "body" in form.errors:
                continue  # the StreamField already shows its own errors; don't overwrite them
            error = body_error(page.body, [(f.path, f.message) for f in items])
            error.code = GATE_CODE
            form.add_error("body", error)
        elif name in form.fields:
            form.add_error(name, [ValidationError(f.message, code=GATE_CODE) for f in items])
        else:
            form.add_error(
                None, [ValidationError(f"{f.location}: {f.message}", code=GATE_CODE) for f in items]
            )
    verb = {"submit": "submitted for review", "approve": "approved"}.get(action, "published")
    form.add_error(
        None,
        ValidationError(
            f"This page can't be {verb} until its content check errors are fixed "
            f"({len(blocking)} shown on the fields below). You can still save a draft.",
            code=GATE_CODE,
        ),
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
            if self.form is not None and self.form.is_bound:
                return form_findings(self.form)
            return checks.check_page(self.instance)

        def note(self) -> str:
            if self.form is not None and self.form.is_bound:
                return read_form(self.form).note
            return ""

        def refresh_url(self) -> str:
            if self.instance is not None and self.instance.pk:
                return reverse("careers_checks_edit", args=[self.instance.pk])
            parent = getattr(self.form, "parent_page", None)
            if parent is not None:
                return reverse("careers_checks_create", args=[parent.pk])
            return ""

        def waiting(self) -> bool:
            """A new page as the add view opens it: nothing written, nothing tried yet."""
            bound = self.form is not None and self.form.is_bound
            return not bound and not getattr(self.instance, "pk", None)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            if self.waiting():
                context.update(render_context([], waiting=True))
            else:
                context.update(render_context(self.findings(), self.note()))
            context["refresh_url"] = self.refresh_url()
            # Wagtail's autosave turns a new page's form into the edit form of the page it
            # created; the script then asks about that page (the id replaces the 0).
            context["edit_url_template"] = reverse("careers_checks_edit", args=[0])
            # Once a save was tried, the script says so: the errors stay shown from then on.
            context["tried"] = self.form is not None and self.form.is_bound
            return context

        class Media:
            js = ["careers/admin/checks.js"]
            css = {"all": ["careers/admin/checks.css"]}


def render_context(findings: list[checks.Finding], note: str = "", waiting=False) -> dict:
    return {
        "waiting": WAITING if waiting else "",
        "findings": findings,
        "error_count": len(checks.errors(findings)),
        "warning_count": len(checks.warnings(findings)),
        "invalid_count": sum(f.code == INVALID_FIELD for f in findings),
        "publish_count": len(checks.errors(findings))
        - sum(f.code == INVALID_FIELD for f in findings),
        "note": note,
    }
