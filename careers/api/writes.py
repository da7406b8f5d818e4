"""Turn an API write payload into a role page revision, or into errors with value paths.

A payload is checked in three passes, each reporting every problem with the path of the
offending value (``body/4/value/rows/1/base_min: Enter a whole number.``):

1. shape: JSON types against the block definitions (an object where a struct goes, a list
   where a list goes, a whole number where a figure goes, a known block ``type``…), so
   malformed JSON can never reach Wagtail's block code and turn into a 500;
2. blocks: ``RoleStreamBlock.clean`` (required fields, lengths, min/max counts, the salary
   table's own rules), its nested errors flattened into paths;
3. page: the model's ``full_clean`` (slug clashes, year range…).

Rich text arrives as the read API gives it: display HTML whose internal links are plain
``href``s. Links that point at one of our pages become Wagtail page links again (so they
follow the page if it moves) and everything is sanitised by Wagtail's rich-text whitelister
(no scripts, event handlers or ``javascript:`` URLs survive).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from wagtail import blocks
from wagtail.api.rich_text import APIRichText
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.models import Page, Site, WorkflowState

from bs4 import BeautifulSoup

from careers import blockerrors
from careers.editorial import checks
from careers.facts.salary import DB_INT_MAX
from careers.facts.text import plain_text
from careers.models import CareersIndexPage, RolePage
from careers.revisions import save_role_revision
from careers.taxonomy import all_families

WHOLE_NUMBER = "Enter a whole number."
NULL_CHARACTERS = "Null characters are not allowed."
REQUIRED = "This field is required."

# Top-level keys the read API returns that a write ignores: a read payload is a valid write.
READ_ONLY_KEYS = {"id", "salary_summary"}
READ_ONLY_META_KEYS = {
    "type",
    "detail_url",
    "html_url",
    "first_published_at",
    "live",
    "has_unpublished_changes",
    "workflow",
    "locale",
    # API v2's extra meta, so its read shape is a valid write too.
    "show_in_menus",
    "alias_of",
    "parent",
}
TEXT_FIELDS = {"title": 255, "role_name": 100, "intro": None}
META_TEXT_FIELDS = {"slug": 255, "seo_title": 255, "search_description": None}


@dataclass
class PayloadError(Exception):
    """A write payload that cannot be saved; every problem carries the path of its value."""

    errors: list[tuple[str, str]] = field(default_factory=list)
    status: int = 422

    def add(self, path: str, message: str) -> None:
        self.errors.append((path, message))

    def lines(self) -> list[str]:
        return [f"{path}: {message}" if path else message for path, message in self.errors]

    def __str__(self) -> str:
        return "; ".join(self.lines())


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


# --- internal links: resolved hrefs back to page ids ------------------------------------

_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)


class LinkResolver:
    """Maps the hrefs the read API produced for our pages back to page ids, in one query."""

    def __init__(self, request=None):
        self.request = request
        self.targets: dict[str, int] = {}

    def local_path(self, href: str) -> str | None:
        try:
            parts = urlsplit(href.strip())
        except ValueError:
            return None
        if parts.query or parts.fragment or not parts.path.startswith("/"):
            return None
        if (parts.scheme or parts.netloc) and (
            parts.scheme not in {"http", "https"} or parts.hostname not in self.hosts()
        ):
            return None
        path = parts.path if parts.path.endswith("/") else parts.path + "/"
        return path

    def hosts(self) -> set[str]:
        if not hasattr(self, "_hosts"):
            hosts = set(Site.objects.values_list("hostname", flat=True))
            for base in (
                settings.WAGTAILADMIN_BASE_URL,
                getattr(settings, "WAGTAILAPI_BASE_URL", ""),
            ):
                if base:
                    hosts.add(urlsplit(base).hostname)
            if self.request is not None:
                hosts.add(self.request.get_host().split(":")[0])
            self._hosts = {host for host in hosts if host}
        return self._hosts

    def prepare(self, html_values: list[str]) -> None:
        """Look up, in one query, every local path the given HTML links to."""
        paths = set()
        for html in html_values:
            for match in _HREF.finditer(html):
                path = self.local_path(match.group(1) or match.group(2) or "")
                if path:
                    paths.add(path)
        if not paths:
            return
        site = Site.find_for_request(self.request) if self.request else None
        site = site or Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None:
            return
        root = site.root_page.url_path
        wanted = {root + path.lstrip("/"): path for path in paths}
        for page_id, url_path in Page.objects.filter(url_path__in=wanted).values_list(
            "id", "url_path"
        ):
            self.targets[wanted[url_path]] = page_id

    def page_id(self, href: str) -> int | None:
        path = self.local_path(href)
        return self.targets.get(path) if path else None


# Elements whose content is code, not text: dropped whole rather than unwrapped.
DROPPED_ELEMENTS = ["script", "style", "template", "noscript", "iframe", "object", "embed"]


def rich_text_to_db(html: str, features, resolver: LinkResolver) -> str:
    """Display HTML (as the read API returns it) → sanitised Wagtail database HTML."""
    soup = BeautifulSoup(html, "html.parser")
    for element in soup.find_all(DROPPED_ELEMENTS):
        element.decompose()
    for anchor in soup.find_all("a", href=True):
        page_id = resolver.page_id(anchor["href"])
        if page_id is not None:
            # Wagtail's own attributes only: anything else on an internal link goes.
            anchor.attrs = {"linktype": "page", "id": str(page_id)}
    # Wagtail's whitelister then keeps only the features' elements and safe attributes.
    cleaned, _removals = APIRichText.sanitize_db_html(str(soup), features=features)
    return cleaned


def collect_strings(raw: Any, out: list[str]) -> list[str]:
    if isinstance(raw, str):
        if "href" in raw.lower():
            out.append(raw)
    elif isinstance(raw, dict):
        for item in raw.values():
            collect_strings(item, out)
    elif isinstance(raw, list):
        for item in raw:
            collect_strings(item, out)
    return out


# --- pass 1: shape ---------------------------------------------------------------------


class ShapeChecker:
    """Checks raw JSON against the block definitions; returns Wagtail's raw block data."""

    def __init__(self, errors: PayloadError, resolver: LinkResolver):
        self.errors = errors
        self.resolver = resolver

    def check(self, block: blocks.Block, raw: Any, path: str) -> Any:
        if isinstance(block, blocks.StreamBlock):
            return self.stream(block, raw, path)
        if isinstance(block, blocks.StructBlock):
            return self.struct(block, raw, path)
        if isinstance(block, blocks.ListBlock):
            return self.list(block, raw, path)
        if isinstance(block, blocks.RichTextBlock):
            if raw is None:
                return ""
            if not isinstance(raw, str):
                self.errors.add(path, f"Expected an HTML string, not {_kind(raw)}.")
                return ""
            if "\x00" in raw:
                self.errors.add(path, NULL_CHARACTERS)
                return ""
            return rich_text_to_db(raw, block.features, self.resolver)
        if isinstance(block, blocks.IntegerBlock):
            if raw is None:
                return None
            if isinstance(raw, bool) or not isinstance(raw, int):
                self.errors.add(path, WHOLE_NUMBER)
                return None
            # A block's own limits (salary figures: FIGURE_MAX) are judged by its clean,
            # in its words; only an unbounded side needs the database's limit here.
            field = block.field
            if (field.max_value is None and raw > DB_INT_MAX) or (
                field.min_value is None and raw < -DB_INT_MAX - 1
            ):
                self.errors.add(path, f"Ensure this value is at most {DB_INT_MAX:,} in size.")
                return None
            return raw
        if isinstance(block, blocks.CharBlock | blocks.TextBlock):
            if raw is None:
                return ""
            if not isinstance(raw, str):
                self.errors.add(path, f"Expected a string, not {_kind(raw)}.")
                return ""
            if "\x00" in raw:
                self.errors.add(path, NULL_CHARACTERS)
                return ""
            return raw
        return raw

    def stream(self, block: blocks.StreamBlock, raw: Any, path: str) -> list:
        if not isinstance(raw, list):
            self.errors.add(path, f"Expected a list of blocks, not {_kind(raw)}.")
            return []
        items = []
        names = ", ".join(block.child_blocks)
        for index, item in enumerate(raw):
            item_path = f"{path}/{index}"
            if not isinstance(item, dict):
                self.errors.add(
                    item_path, f'Expected an object with "type" and "value", not {_kind(item)}.'
                )
                continue
            for key in sorted(set(item) - {"type", "value", "id"}):
                self.errors.add(
                    f"{item_path}/{key}", 'Unknown key; a block has "type", "value" and "id".'
                )
            block_type = item.get("type")
            child = None
            if "type" not in item:
                self.errors.add(f"{item_path}/type", REQUIRED)
            elif not isinstance(block_type, str) or block_type not in block.child_blocks:
                self.errors.add(
                    f"{item_path}/type",
                    f"Unknown block type {block_type!r}; expected one of: {names}.",
                )
            else:
                child = block.child_blocks[block_type]
            block_id = item.get("id")
            if block_id is not None and not isinstance(block_id, str):
                self.errors.add(f"{item_path}/id", f"Expected a string, not {_kind(block_id)}.")
                block_id = None
            elif block_id is not None and ("\x00" in block_id or len(block_id) > 100):
                self.errors.add(f"{item_path}/id", "Expected a block id (at most 100 characters).")
                block_id = None
            if "value" not in item:
                self.errors.add(f"{item_path}/value", REQUIRED)
                continue
            if child is None:
                continue
            value = self.check(child, item["value"], f"{item_path}/value")
            items.append({"type": block_type, "value": value, "id": block_id or str(uuid.uuid4())})
        return items

    def struct(self, block: blocks.StructBlock, raw: Any, path: str) -> dict:
        if not isinstance(raw, dict):
            self.errors.add(path, f"Expected an object, not {_kind(raw)}.")
            return {}
        for key in sorted(set(raw) - set(block.child_blocks)):
            known = ", ".join(block.child_blocks)
            self.errors.add(f"{path}/{key}", f"Unknown field; expected one of: {known}.")
        return {
            name: self.check(child, raw[name], f"{path}/{name}")
            for name, child in block.child_blocks.items()
            if name in raw
        }

    def list(self, block: blocks.ListBlock, raw: Any, path: str) -> list:
        if not isinstance(raw, list):
            self.errors.add(path, f"Expected a list, not {_kind(raw)}.")
            return []
        return [
            {
                "type": "item",
                "value": self.check(block.child_block, item, f"{path}/{index}"),
                "id": str(uuid.uuid4()),
            }
            for index, item in enumerate(raw)
        ]


# --- pass 2: the blocks' own validation, its errors as paths (careers.blockerrors) ------


def block_errors(error: ValidationError, root: str) -> list[tuple[str, str]]:
    """A block validation error as the API's (path, message) pairs, paths under ``root``."""
    return [
        (blockerrors.to_pointer((root, *path)), message)
        for path, message in blockerrors.flatten(error)
    ]


def clean_body(raw: Any, resolver: LinkResolver, errors: PayloadError):
    """Shape-check and clean a body; returns a StreamValue, or None with errors recorded."""
    stream_block = RolePage._meta.get_field("body").stream_block
    before = len(errors.errors)
    data = ShapeChecker(errors, resolver).check(stream_block, raw, "body")
    if len(errors.errors) > before:
        return None
    value = stream_block.to_python(data)
    try:
        return stream_block.clean(value)
    except ValidationError as error:
        errors.errors += block_errors(error, "body")
        return None


# --- the payload as a whole ------------------------------------------------------------


def _page_exists(page_id: int) -> bool:
    # Ids beyond a 64-bit key cannot exist, and would overflow the database driver.
    return 0 < page_id < 2**63 and Page.objects.filter(pk=page_id).exists()


@dataclass
class CleanedPayload:
    """Values ready to set on a page; only the keys the payload supplied."""

    fields: dict[str, Any]
    action: str | None
    parent_id: int | None


def _text(value: Any, path: str, max_length: int | None, errors: PayloadError) -> str | None:
    if not isinstance(value, str):
        errors.add(path, f"Expected a string, not {_kind(value)}.")
        return None
    if "\x00" in value:
        errors.add(path, NULL_CHARACTERS)
        return None
    if max_length is not None and len(value) > max_length:
        errors.add(
            path,
            f"Ensure this value has at most {max_length} characters (it has {len(value)}).",
        )
        return None
    return value


def _family(value: Any, errors: PayloadError) -> tuple[bool, Any]:
    """The role family a write names by slug (or as a read shows it); null clears it."""
    if isinstance(value, dict) and "slug" in value:
        value = value["slug"]
    if value is None:
        return True, None
    if not isinstance(value, str):
        errors.add(
            "family", f'Expected a role family slug (e.g. "data") or null, not {_kind(value)}.'
        )
        return False, None
    families = all_families()
    slug = value.strip().casefold()
    family = next((family for family in families if family.slug.casefold() == slug), None)
    if family is None:
        known = ", ".join(sorted(family.slug for family in families)) or "none"
        errors.add("family", f"Unknown role family {value!r}; expected one of: {known}.")
        return False, None
    return True, family


def clean_payload(data: Any, *, creating: bool, request=None) -> CleanedPayload:
    errors = PayloadError()
    if not isinstance(data, dict):
        errors.add("", f"Expected a JSON object, not {_kind(data)}.")
        raise errors
    fields: dict[str, Any] = {}
    known = set(TEXT_FIELDS) | set(META_TEXT_FIELDS) | {"year", "family", "body", "meta"}
    known |= READ_ONLY_KEYS
    for key in sorted(set(data) - known):
        errors.add(key, "Unknown field.")

    for name, max_length in TEXT_FIELDS.items():
        if name in data:
            value = _text(data[name], name, max_length, errors)
            if value is not None:
                fields[name] = value.strip() if name == "role_name" else value

    if "year" in data:
        year = data["year"]
        if isinstance(year, bool) or not isinstance(year, int):
            errors.add("year", WHOLE_NUMBER)
        else:
            fields["year"] = year

    if "family" in data:
        found, family = _family(data["family"], errors)
        if found:
            fields["family"] = family

    meta = data.get("meta")
    meta = {} if meta is None else meta
    action = None
    parent_id = None
    if not isinstance(meta, dict):
        errors.add("meta", f"Expected an object, not {_kind(meta)}.")
        meta = {}
    writable_meta = set(META_TEXT_FIELDS) | {"action", "parent_id"}
    for key in sorted(set(meta) - writable_meta - READ_ONLY_META_KEYS):
        errors.add(f"meta/{key}", "Unknown field.")
    for name, max_length in META_TEXT_FIELDS.items():
        for path, source in ((name, data), (f"meta/{name}", meta)):
            if name in source:
                value = _text(source[name], path, max_length, errors)
                if value is None:
                    continue
                if name in fields and fields[name] != value:
                    errors.add(path, f'Conflicts with the top-level "{name}".')
                fields[name] = value
    if meta.get("action") is not None:
        # A list or object is not hashable: test the type before the set lookup.
        if not isinstance(meta["action"], str) or meta["action"] not in {"publish", "draft"}:
            errors.add("meta/action", 'Expected "publish", "draft" or null.')
        else:
            action = meta["action"]
    # An existing page's parent_id (as a read returns it) is ignored: moving is not a write.
    if creating and meta.get("parent_id") is not None:
        if isinstance(meta["parent_id"], bool) or not isinstance(meta["parent_id"], int):
            errors.add("meta/parent_id", WHOLE_NUMBER)
        elif not _page_exists(meta["parent_id"]):
            errors.add("meta/parent_id", f"There is no page with id {meta['parent_id']}.")
        else:
            parent_id = meta["parent_id"]

    if "body" in data:
        resolver = LinkResolver(request)
        resolver.prepare(collect_strings(data["body"], []))
        body = clean_body(data["body"], resolver, errors)
        if body is not None:
            fields["body"] = body

    if creating:
        for name in ("role_name", "year", "intro", "body"):
            if name not in data:
                errors.add(name, REQUIRED)
    if errors.errors:
        raise errors
    return CleanedPayload(fields=fields, action=action, parent_id=parent_id)


def model_errors(error: ValidationError) -> PayloadError:
    errors = PayloadError()
    if hasattr(error, "error_dict"):
        for name, field_errors in error.error_dict.items():
            path = name if name != "__all__" else ""
            if name in META_TEXT_FIELDS:
                path = name
            for field_error in field_errors:
                if isinstance(field_error, StreamBlockValidationError):
                    errors.errors += block_errors(field_error, path)
                else:
                    errors.errors += [(path, message) for message in field_error.messages]
    else:
        errors.errors += [("", message) for message in error.messages]
    return errors


TREE_FIELDS = ["path", "depth", "numchild", "url_path", "draft_title", "translation_key"]


def default_parent():
    return CareersIndexPage.objects.order_by("path").first()


def check_publishable(page, verb: str = "publish") -> None:
    """The editor's publish gate (careers.editorial.checks) applies to API publishes and submissions too."""
    blocking = checks.errors(checks.check_page(page))
    if blocking:
        error = PayloadError()
        for finding in blocking:
            error.add(finding.path, f"Cannot {verb}: {finding.message}")
        raise error


# --- locks and the review workflow: the admin's rules, through Wagtail's own APIs ------

DRAFT, PUBLISH, SUBMIT, RESUME, UNPUBLISH = "draft", "publish", "submit", "resume", "unpublish"


class WriteRefused(Exception):
    """A write that Wagtail's lock or workflow refuses: 423 (locked) or 409 (conflict)."""

    def __init__(self, status: int, detail: str):
        super().__init__(detail)
        self.status = status
        self.detail = detail


@dataclass(frozen=True)
class WritePlan:
    """What a permitted write does: save a draft, publish, submit or resume review, unpublish."""

    action: str
    workflow: Any = None
    workflow_state: Any = None

    @property
    def gated(self) -> bool:
        """Publishing, and putting a revision in front of a reviewer, pass the publish gate."""
        return self.action in {PUBLISH, SUBMIT, RESUME}

    @property
    def publishes(self) -> bool:
        return self.action == PUBLISH

    @property
    def submits(self) -> bool:
        """The user asked to publish but may not: the revision went to review instead."""
        return self.action in {SUBMIT, RESUME}

    @property
    def verb(self) -> str:
        return "publish" if self.action == PUBLISH else "submit for review"


def _lock_message(lock, user) -> str:
    """Wagtail's lock message (admin HTML) as the plain sentence a problem body carries."""
    return plain_text(lock.get_message(user) or "") or plain_text(lock.get_description(user))


def plan_write(user, *, wants: str, page: Page | None = None, parent: Page | None = None):
    """Decide a write as the page editor would, or raise why not.

    ``wants`` is draft, publish or unpublish; ``page`` is the page written, or ``parent`` the
    page a new one goes under. The rules are Wagtail's own: ``page.get_lock().for_user()`` (a
    lock by another user, a workflow task locked for this user, a scheduled publish) refuses
    everything with 423; a user who may publish publishes (and, as in the admin, that ends
    any review in progress); one who may not submits the revision to the page's workflow —
    resuming it after "changes requested" — and without a workflow is refused (403).
    """
    if page is None:
        permissions = parent.permissions_for_user(user)
        if not permissions.can_add_subpage():
            raise PermissionDenied("You may not add pages here.")
        if wants != PUBLISH:
            return WritePlan(DRAFT)
        if permissions.can_publish_subpage():
            return WritePlan(PUBLISH)
        workflow = parent.get_workflow()
        if workflow is None:
            raise PermissionDenied("You may not publish pages here.")
        return WritePlan(SUBMIT, workflow=workflow)

    permissions = page.permissions_for_user(user)
    if wants == UNPUBLISH:
        allowed = permissions.can_publish()
    else:
        allowed = permissions.can_edit() or (wants == PUBLISH and permissions.can_publish())
    if not allowed:
        verb = {DRAFT: "edit", PUBLISH: "publish", UNPUBLISH: "unpublish"}[wants]
        raise PermissionDenied(f"You may not {verb} this page.")
    lock = page.get_lock()
    if lock is not None and lock.for_user(user):
        raise WriteRefused(423, _lock_message(lock, user))
    if wants == UNPUBLISH:
        if not permissions.can_unpublish():
            raise PermissionDenied("You may not unpublish this page.")
        return WritePlan(UNPUBLISH)
    if wants == DRAFT:
        return WritePlan(DRAFT)
    if permissions.can_publish():
        return WritePlan(PUBLISH)
    if not permissions.can_edit():
        raise PermissionDenied("You may not publish this page.")
    state = page.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        return WritePlan(RESUME, workflow_state=state)
    if state is not None:
        # In review, not locked for this user, yet not theirs to approve: nothing to submit.
        raise WriteRefused(
            409, f'The page is already awaiting review in the "{state.workflow.name}" workflow.'
        )
    workflow = page.get_workflow()
    if workflow is None:
        raise PermissionDenied("You may not publish this page.")
    return WritePlan(SUBMIT, workflow=workflow)


def hand_to_review(plan: WritePlan, page: Page, user) -> None:
    """Start, or resume, the review of the page's latest revision when ``plan`` submits it."""
    if plan.action == SUBMIT:
        plan.workflow.start(page, user)
    elif plan.action == RESUME:
        plan.workflow_state.resume(user)


def create_role_page(payload: CleanedPayload, parent: Page, user, plan: WritePlan) -> RolePage:
    """A new role page under ``parent`` with one draft revision, then ``plan`` carried out."""
    page = RolePage(owner=user, locale_id=parent.locale_id, **payload.fields)
    page.live = False
    page.has_unpublished_changes = True
    # Validate before inserting, as the admin's form does: Page.save() only runs a minimal
    # clean, and the tree fields do not exist until the page is added.
    page._cached_parent_obj = parent
    page.refresh_salary_columns()
    try:
        page.full_clean(exclude=TREE_FIELDS)
    except ValidationError as error:
        raise model_errors(error) from error
    if plan.gated:
        check_publishable(page, plan.verb)
    page._cached_parent_obj = None
    try:
        with transaction.atomic():
            save_role_revision(page, user, parent=parent, publish=plan.publishes)
            hand_to_review(plan, page, user)
    except ValidationError as error:
        raise model_errors(error) from error
    return RolePage.objects.get(pk=page.pk)


def update_role_page(page: RolePage, payload: CleanedPayload, user, plan: WritePlan) -> RolePage:
    """A new revision of ``page`` with the supplied fields changed, then ``plan`` carried out."""
    draft = page.latest_content()
    for name, value in payload.fields.items():
        setattr(draft, name, value)
    try:
        with transaction.atomic():
            draft.refresh_salary_columns()
            draft.full_clean()
            if plan.gated:
                check_publishable(draft, plan.verb)
            save_role_revision(draft, user, publish=plan.publishes)
            hand_to_review(plan, draft, user)
    except ValidationError as error:
        raise model_errors(error) from error
    return RolePage.objects.get(pk=page.pk)


def act_on_latest_revision(page: RolePage, user, plan: WritePlan) -> RolePage:
    """The publish action: the latest revision published or submitted, as ``plan`` says."""
    revision = page.get_latest_revision()
    target = revision.as_object() if revision else page
    if plan.gated:
        check_publishable(target, plan.verb)
    with transaction.atomic():
        if revision is None:
            save_role_revision(page, user, publish=plan.publishes, log_action=False)
        elif plan.publishes:
            revision.publish(user=user)
        hand_to_review(plan, page, user)
    return RolePage.objects.get(pk=page.pk)
