"""Map parsed role documents to RolePages: payloads, validation with line numbers, writes.

``document_to_payload`` is the one place a document becomes stored block values; the API
and the JSON export use the same payload shape. ``Importer`` validates a whole run first
and writes it in one transaction, so a bad file anywhere leaves the database untouched.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC
from itertools import islice
from pathlib import PurePath

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models import F
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.text import slugify

from modelcluster.models import get_all_child_relations
from wagtail.admin.utils import get_user_display_name
from wagtail.contrib.frontend_cache import signal_handlers as frontend_cache_handlers
from wagtail.contrib.frontend_cache.utils import purge_pages_from_cache
from wagtail.log_actions import get_active_log_context
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.search.backends import get_search_backends
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.signals import page_published

from modelsearch import signal_handlers

from careers import blockerrors, params
from careers.facts.language import default_title
from careers.facts.salary import row_kind
from careers.facts.sections import in_sentence
from careers.facts.site import DEFAULT_APPLY_TEXT, DEFAULT_ORGANISATION_NAME, fill_apply_text
from careers.models import CareersIndexPage, CareersSettings, RolePage
from careers.pipeline.document import (
    Apply,
    CareerPath,
    DayInTheLife,
    Faq,
    Overview,
    ParseResult,
    Problem,
    RoleDocument,
    SalaryRow,
    SalaryTable,
    Section,
    Skills,
    TextSection,
)
from careers.pipeline.pagelinks import PageLinks, UnreadableText, rich_html
from careers.pipeline.parse import parse_document
from careers.revisions import save_role_revision
from careers.seo.social import deferred_cards
from careers.serializers import body_to_api
from careers.taxonomy import RoleFamily, all_families
from delivery.bulk import bulk_events
from pagecache.signals import deferred_invalidation

PAYLOAD_FIELDS = ("title", "slug", "role_name", "year", "intro", "search_description")


class NoCareersIndex(Exception):
    """There is nowhere to put role pages yet."""

    def __str__(self) -> str:
        return (
            "There is no careers index page (/careers/) to import into. "
            "Create the site first: python manage.py setup_site"
        )


# ---------------------------------------------------------------------------
# Document → payload
# ---------------------------------------------------------------------------


def paragraphs_to_html(paragraphs: Iterable[str]) -> str:
    """Plain-text paragraphs as rich text: every character escaped, never live markup."""
    return "".join(f"<p>{html.escape(text, quote=False)}</p>" for text in paragraphs)


@dataclass(frozen=True)
class ApplyDefaults:
    """The site's default apply text, so an identical document text is stored blank."""

    organisation: str
    template: str

    def matches(self, text: str, role_name: str) -> bool:
        expected = fill_apply_text(self.template, self.organisation, role_name)
        return _squash(text) == _squash(expected)


def _squash(text: str) -> str:
    return " ".join(text.split()).casefold()


def site_apply_defaults() -> ApplyDefaults:
    """From the default site's Careers settings, or the model defaults before any site exists."""
    # A plain lookup, not for_site(): that creates the row, and a dry run writes nothing.
    settings = CareersSettings.objects.filter(site__is_default_site=True).first()
    if settings is None:
        return ApplyDefaults(DEFAULT_ORGANISATION_NAME, DEFAULT_APPLY_TEXT)
    return ApplyDefaults(settings.organisation_name, settings.default_apply_text)


def _row_value(row: SalaryRow) -> dict:
    return {
        "level": row.level,
        # The text format names no kind: the level's words decide, as for rows stored without one.
        "kind": row_kind({"level": row.level}),
        "years_min": row.years_min,
        "years_max": row.years_max,
        "base_min": row.base_min,
        "base_max": row.base_max,
        "uplift_min": row.uplift_min,
        "uplift_max": row.uplift_max,
        "uplift_note": row.uplift_note,
        "intern_monthly_min": row.intern_monthly_min,
        "intern_monthly_max": row.intern_monthly_max,
    }


def section_to_block(
    section: Section, role_name: str, defaults: ApplyDefaults, links: PageLinks | None = None
) -> dict:
    """One parsed section as a {"type", "value"} block with stored values.

    Rich text is read in the notation (careers.pipeline.richtext); raises UnreadableText for a
    page link that names no page.
    """
    links = links or PageLinks()
    if isinstance(section, Overview | DayInTheLife | TextSection):
        lines = (section.paragraphs, section.paragraph_lines, section.line)
        value = {"heading": section.heading, "body": rich_html(*lines, links)}
    elif isinstance(section, Skills):
        value = {"heading": section.heading, "items": list(section.items)}
    elif isinstance(section, CareerPath):
        value = {"heading": section.heading, "steps": list(section.steps)}
    elif isinstance(section, SalaryTable):
        value = {
            "heading": section.heading,
            "currency": section.currency,
            "as_of_year": section.as_of_year,
            "source_note": section.source_note,
            "rows": [_row_value(row) for row in section.rows],
        }
    elif isinstance(section, Apply):
        text = "" if defaults.matches(section.text, role_name) else section.text
        value = {"heading": section.heading, "text": text, "button_label": section.button_label}
    elif isinstance(section, Faq):
        value = {
            "heading": section.heading,
            "items": [
                {
                    "question": item.question,
                    "answer": rich_html(item.answer, item.answer_lines, item.line, links),
                }
                for item in section.items
            ],
        }
    else:  # pragma: no cover - the parser only makes the types above
        raise TypeError(f"unknown section {section!r}")
    return {"type": section.kind, "value": value}


def _fold_name(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class Families:
    """The role families a document may name, by slug or by name; loaded once per run."""

    by_slug: dict[str, RoleFamily]

    @classmethod
    def load(cls) -> Families:
        return cls({family.slug: family for family in all_families()})

    def find(self, text: str | None) -> RoleFamily | None:
        """The family a document's "Family:" line or a payload's slug names, if it exists."""
        key = _fold_name(text or "")
        families = self.by_slug.values()
        by_slug = next((f for f in families if f.slug.casefold() == key), None)
        return by_slug or next((f for f in families if _fold_name(f.name) == key), None)

    def written(self, family: RoleFamily) -> str:
        """How an export names the family: its name, unless that reads back as another family."""
        name = " ".join(family.name.split())
        return name if self.find(name) == family else family.slug

    def slug(self, text: str | None) -> str | None:
        """The slug for ``text``; unknown text is kept as written, for validation to report."""
        if not text:
            return None
        family = self.find(text)
        return family.slug if family else text

    def slug_of_id(self, family_id: int | None) -> str | None:
        if family_id is None:
            return None
        found = next((f.slug for f in self.by_slug.values() if f.pk == family_id), None)
        # A family created since the run started is not in the index: ask the database.
        if found is None:
            found = RoleFamily.objects.filter(pk=family_id).values_list("slug", flat=True).first()
        return found

    def unknown(self, text: str) -> str:
        known = ", ".join(sorted(self.by_slug)) or "none (add one under Snippets → Role families)"
        return f'unknown role family "{text}"; the known families (slugs) are: {known}'


def document_to_payload(
    doc: RoleDocument,
    *,
    apply_defaults: ApplyDefaults | None = None,
    families: Families | None = None,
    links: PageLinks | None = None,
) -> dict:
    """The page as JSON-serialisable data: page fields plus body blocks as stored.

    Raises UnreadableText (with its line) for a page link that names no page.
    """
    defaults = apply_defaults or site_apply_defaults()
    links = links or PageLinks()
    if doc.family and families is None:
        families = Families.load()
    return {
        "title": doc.title,
        "slug": slugify(doc.role_name),
        "role_name": doc.role_name,
        "year": doc.year,
        "intro": doc.intro,
        "search_description": "",
        "family": families.slug(doc.family) if doc.family else None,
        "body": [
            section_to_block(section, doc.role_name, defaults, links) for section in doc.sections
        ],
    }


# ---------------------------------------------------------------------------
# Stored values, normalised for comparison
# ---------------------------------------------------------------------------


def stream_block():
    return RolePage._meta.get_field("body").stream_block


def plain_body(stream_value) -> list[dict]:
    """The body as its blocks represent it (careers.serializers), rich text as stored, no ids."""
    return [
        {"type": item["type"], "value": item["value"]}
        for item in body_to_api(stream_value, "db_html")
    ]


def canonical_body(raw_body: list[dict]) -> list[dict]:
    """What the body will be once stored: every child filled in, lists without ids."""
    return plain_body(stream_block().to_python(raw_body))


def page_to_payload(page: RolePage, families: Families | None = None) -> dict:
    """The page's fields and body exactly as stored: the payload export writes and import reads."""
    payload = {name: getattr(page, name) for name in PAYLOAD_FIELDS}
    if families is not None:
        payload["family"] = families.slug_of_id(page.family_id)
    else:
        payload["family"] = page.family.slug if page.family_id else None
    payload["body"] = plain_body(page.body)
    return payload


# ---------------------------------------------------------------------------
# Validation errors → FILE:LINE
# ---------------------------------------------------------------------------


def line_for(doc: RoleDocument, path: blockerrors.Path) -> int:
    """The source line behind a body path like (3, "value", "rows", 1, "base_min")."""
    index, rest = blockerrors.split_stream_path(path)
    if index is None or index >= len(doc.sections):
        return doc.title_line
    section = doc.sections[index]
    if len(rest) >= 2 and isinstance(rest[1], int):
        if isinstance(section, Skills) and rest[0] == "items" and rest[1] < len(section.item_lines):
            return section.item_lines[rest[1]]
        if isinstance(section, Faq) and rest[0] == "items" and rest[1] < len(section.items):
            return section.items[rest[1]].line
        if isinstance(section, SalaryTable) and rest[0] == "rows" and rest[1] < len(section.rows):
            return section.rows[rest[1]].line
    return section.line


def _describe(path: blockerrors.Path) -> str:
    """The path inside the section's value, as the messages name it: ``rows.1.base_min``."""
    return ".".join(str(key) for key in blockerrors.split_stream_path(path)[1])


def validate_payload(payload: dict, source: str, doc: RoleDocument | None = None) -> list[Problem]:
    """Every problem the page model and its blocks find, located in the document if known."""
    return validate_body(payload, source, doc) + validate_fields(payload, source, doc)


def validate_family(
    payload: dict, source: str, families: Families, doc: RoleDocument | None = None
) -> list[Problem]:
    """An unknown family named by the document's "Family:" line or the payload's slug."""
    family = payload.get("family")
    if family is None or family in families.by_slug:
        return []
    line = doc.family_line if doc is not None else 1
    return [Problem(source, line, families.unknown(family))]


def validate_body(payload: dict, source: str, doc: RoleDocument | None = None) -> list[Problem]:
    """The blocks' own validation of the body (no database needed)."""
    problems = []
    try:
        stream_block().clean(stream_block().to_python(payload["body"]))
    except ValidationError as exc:
        for path, message in blockerrors.flatten(exc):
            where = _describe(path)
            index = blockerrors.split_stream_path(path)[0]
            kind = payload["body"][index]["type"] if index is not None else ""
            if doc is not None:
                line = line_for(doc, path)
                prefix = f"{in_sentence(kind)} {where}: " if kind and where else ""
            else:
                line = 1
                prefix = f"body[{index}] ({kind}) {where}: " if index is not None else "body: "
            problems.append(Problem(source, line, f"{prefix}{message}"))
    return problems


def validate_fields(payload: dict, source: str, doc: RoleDocument | None = None) -> list[Problem]:
    """The page model's validation of title, slug, role name, year and intro."""
    problems = []
    page = RolePage(**{name: payload[name] for name in PAYLOAD_FIELDS})
    try:
        page.clean_fields(
            exclude=[f.name for f in RolePage._meta.fields if f.name not in PAYLOAD_FIELDS]
        )
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            line = 1
            if doc is not None:
                line = doc.intro_line if name == "intro" else doc.title_line
            for message in messages:
                problems.append(Problem(source, line, f"{name}: {message}"))
    return problems


def payload_from_json(text: str, source: str) -> tuple[list[dict], list[Problem]]:
    """Payloads from a JSON export (one object, or a list of them), checked for shape."""
    try:
        data = params.load_json(text)
    except params.ParameterError as exc:
        message = exc.message
        if exc.name:
            message = f"{message.rstrip('.')}, at {exc.name}"
        return [], [Problem(source, exc.line, message)]
    many = isinstance(data, list)
    payloads, problems = [], []
    for index, item in enumerate(data if many else [data]):
        where = f"[{index}] " if many else ""
        if not isinstance(item, dict):
            problems.append(Problem(source, 1, f"{where}expected a JSON object for a role page"))
            continue
        found = _json_shape_problems(item)
        problems.extend(Problem(source, 1, f"{where}{message}") for message in found)
        if found:
            continue
        payload = {
            "title": item.get("title") or "",
            "slug": item.get("slug") or slugify(item["role_name"]),
            "role_name": item["role_name"].strip(),
            "year": item["year"],
            "intro": item["intro"],
            "search_description": item.get("search_description") or "",
            "family": item.get("family") or None,
            "body": item["body"],
        }
        if not payload["title"]:
            payload["title"] = default_title(payload["role_name"], payload["year"])
        payloads.append(payload)
    return payloads, problems


_JSON_TYPES = {
    "title": str,
    "slug": str,
    "role_name": str,
    "year": int,
    "intro": str,
    "search_description": str,
    "family": str,
    "body": list,
}


def _json_shape_problems(item: dict) -> list[str]:
    problems = []
    for name in sorted(set(item) - set(_JSON_TYPES)):
        problems.append(f'unknown field "{name}"; expected {", ".join(_JSON_TYPES)}')
    for name in ("role_name", "year", "intro", "body"):
        if name not in item:
            problems.append(f'missing field "{name}"')
    for name, kind in _JSON_TYPES.items():
        value = item.get(name)
        if value is None:
            continue
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            problems.append(f'"{name}" must be {kind.__name__}, not {type(value).__name__}')
    if isinstance(item.get("body"), list):
        names = set(stream_block().child_blocks)
        for index, block in enumerate(item["body"]):
            if not isinstance(block, dict) or not isinstance(block.get("value"), dict):
                problems.append(f'body[{index}] must be {{"type": ..., "value": {{...}}}}')
            elif block.get("type") not in names:
                problems.append(
                    f'body[{index}] has unknown type "{block.get("type")}"; '
                    f"expected one of {', '.join(names)}"
                )
    return problems


# ---------------------------------------------------------------------------
# The import run
# ---------------------------------------------------------------------------

CREATED, UPDATED, UNCHANGED, FAILED = "created", "updated", "unchanged", "failed"
# Create-only runs (setup_site --demo) leave every existing page as it is.
KEPT = "kept"
# The key of an import's record in its revision's log entry (PageLogEntry.data).
IMPORT_LOG_KEY = "import"


def document_name(source: str) -> str:
    """Which document a source is, wherever the file lives: its file name."""
    return PurePath(source).name


def import_record(item: PageImport) -> dict:
    """What the log entry of an import's revision records: the document and its digest."""
    return {
        IMPORT_LOG_KEY: {
            "document": document_name(item.source),
            "source": item.source,
            "sha256": item.digest,
        }
    }


@dataclass
class PageImport:
    """One page through an import run: its source, parse, payload, target page and outcome."""

    source: str
    result: ParseResult | None = None
    payload: dict | None = None
    page: RolePage | None = None
    current: RolePage | None = None
    action: str = ""
    content_changed: bool = True
    errors: list[Problem] = field(default_factory=list)
    digest: str = ""
    # The document's text again (a text document's); a released item is read again to write it.
    reread: Callable[[], str] | None = None
    # What the report needs of a released item (release()).
    kept: tuple[str, list[Problem], int] | None = None

    @property
    def slug(self) -> str:
        if self.kept is not None and self.payload is None:
            return self.kept[0]
        return self.payload["slug"] if self.payload else ""

    @property
    def document(self) -> RoleDocument | None:
        return self.result.document if self.result else None

    @property
    def warnings(self) -> list[Problem]:
        if self.kept is not None and self.result is None:
            return self.kept[1]
        return self.result.warnings if self.result else []

    @property
    def first_line(self) -> int:
        if self.kept is not None and self.result is None:
            return self.kept[2]
        return self.document.title_line if self.document else 1

    def release(self) -> None:
        """Drop the parse, payload and pages, keeping what the report needs: memory per batch.

        Only a text document is released: it can be read again (``reread``) to be written.
        """
        if self.reread is None:
            return
        self.kept = (self.slug, self.warnings, self.first_line)
        self.result = self.payload = self.page = self.current = None


@dataclass
class RunReport:
    """What an import did (or, on a dry run or failure, would have done)."""

    items: list[PageImport]
    dry_run: bool

    @property
    def errors(self) -> list[Problem]:
        return [problem for item in self.items for problem in item.errors]

    @property
    def warnings(self) -> list[Problem]:
        return [problem for item in self.items for problem in item.warnings]

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, action: str) -> int:
        return sum(1 for item in self.items if item.action == action)


class Importer:
    """Validates every document of a run, then writes them all in one transaction."""

    def __init__(
        self,
        *,
        publish: bool = False,
        dry_run: bool = False,
        user=None,
        force: bool = False,
        create_only: bool = False,
    ):
        self.publish = publish
        self.dry_run = dry_run
        self.user = user
        # force: overwrite pages whose latest revision another editor or document made.
        self.force = force
        # create_only: import only the documents whose page does not exist yet.
        self.create_only = create_only
        # Slug -> links to pages this run creates (careers.pipeline.pagelinks), set by prepare().
        self.waiting: dict[str, set[str]] = {}
        self.writing: PageImport | None = None
        # Paths of the pages the run creates (run()'s first pass); prepare() reads them.
        self.upcoming: set[str] | None = None
        self.prepared: list[PageImport] = []

    def run(
        self,
        documents: Iterable[tuple[str, str | Callable[[], str]]],
        progress: Callable[[PageImport, int, int], None] | None = None,
    ) -> RunReport:
        """Import (source, text) pairs; raises NoCareersIndex if there is no /careers/.

        Sources ending in ``.json`` are JSON exports (payloads); all others are text documents.
        A text may be given as a function returning it (the command reads files that way):
        documents are then read and parsed a batch at a time, twice (validation, then writing),
        and only what the report needs is held between batches.
        """
        index = CareersIndexPage.objects.first()
        if index is None:
            raise NoCareersIndex()
        documents = list(documents)
        # Links to pages this run creates are valid: their paths, from a first pass.
        upcoming = set()
        for source, text in documents:
            if not source.lower().endswith(".json"):
                document = parse_document(_text(text), source).document
                if document is not None:
                    upcoming.add(f"{index.url_path}{slugify(document.role_name)}/")
        self.upcoming = upcoming
        return self.run_parsed(self.parsed(documents), progress)

    def parsed(self, documents: Iterable[tuple[str, str | Callable[[], str]]]):
        """Each document's PageImport, parsed as the run reaches it."""
        for source, given in documents:
            text = _text(given)
            digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
            if source.lower().endswith(".json"):
                payloads, problems = payload_from_json(text, source)
                yield from (
                    PageImport(source, payload=payload, digest=digest) for payload in payloads
                )
                if problems:
                    yield PageImport(source, errors=problems)
            else:
                reread = given if callable(given) else (lambda text=text: text)
                yield PageImport(source, parse_document(text, source), digest=digest, reread=reread)

    def run_parsed(self, items: Iterable[PageImport], progress=None) -> RunReport:
        index = CareersIndexPage.objects.first()
        if index is None:
            raise NoCareersIndex()
        self.prepare(items, index)
        items = self.prepared
        report = RunReport(items, self.dry_run)
        if not report.ok:
            for item in items:
                item.action = FAILED if item.errors else ""
            return report
        if self.dry_run:
            for number, item in enumerate(items, 1):
                if progress:
                    progress(item, number, len(items))
            return report
        current = items[0] if items else None
        done = 0
        try:
            with (
                transaction.atomic(),
                # Webhooks (delivery/bulk.py): publish events recorded and queued per batch.
                bulk_events(),
                deferred_indexing() as written,
                deferred_invalidation(),
                deferred_cards(),
                deferred_frontend_purge() as published,
            ):
                tree = ChildPaths(index) if any(i.action == CREATED for i in items) else None
                # Pages that link to pages of this run go last, when those exist.
                for batch in self.batches(items):
                    current = self.writing = batch[0]
                    for current in batch:
                        self.reread(current)
                    if batch[0].action == CREATED:
                        self.create_batch(batch, index, tree)
                    else:
                        for current in batch:
                            self.write(current, index)
                    for current in batch:
                        if current.action not in (UNCHANGED, KEPT):
                            written.append(current.page)
                            if self.publish:
                                published.append(current.page)
                        done += 1
                        if progress:
                            progress(current, done, len(items))
                    # The batch is written: index and purge it now and let its pages go.
                    written.flush()
                    published.flush()
                    for current in batch:
                        current.release()
                if tree is not None:
                    tree.save()
        except (DatabaseError, ValidationError) as exc:
            # Validation happens before any write, so this is a clash with a concurrent
            # change or a database limit; the transaction has rolled everything back.
            detail = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            if current is not None and current.action == CREATED:
                current = self.writing
            current.errors.append(
                Problem(
                    current.source,
                    current.first_line,
                    f"could not be saved ({detail}); nothing was written",
                )
            )
            for item in items:
                item.action = FAILED if item.errors else ""
        return report

    def prepare(self, items: Iterable[PageImport], index: CareersIndexPage) -> None:
        """Validate the run a batch at a time into ``prepared``: released but pages to update."""
        self.defaults = site_apply_defaults()
        self.families = Families.load()
        self.links = links = PageLinks()
        upcoming, self.upcoming = self.upcoming, None
        if upcoming is None:
            items = list(items)
            upcoming = {
                f"{index.url_path}{slugify(item.document.role_name)}/"
                for item in items
                if item.document is not None
            }
        # Links to pages this run creates are valid; such a page is written before its linkers.
        links.upcoming = {links.path_for(url_path) for url_path in upcoming}
        self.waiting = {}
        first_by_slug: dict[str, PageImport] = {}
        prepared: list[PageImport] = []
        rows = iter(items)
        while chunk := list(islice(rows, BATCH_SIZE)):
            self.prepare_batch(chunk, index, first_by_slug)
            for item in chunk:
                if item.action != UPDATED:
                    item.release()
            prepared.extend(chunk)
        for slug, refs in self.waiting.items():
            for ref in sorted(refs):
                if ref.rstrip("/").rsplit("/", 1)[-1] in self.waiting:
                    item = first_by_slug[slug]
                    item.errors.append(
                        Problem(
                            item.source,
                            item.first_line,
                            f'the page link "page:{ref}" names a page this run creates that '
                            "itself links to a page of this run; import the linked page first",
                        )
                    )
        self.prepared = prepared

    def reread(self, item: PageImport) -> None:
        """A released document's parse and payload again, to write it."""
        if item.payload is not None or item.reread is None:
            return
        text = item.reread()
        if hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest() != item.digest:
            raise ValidationError(f"{item.source} changed while importing; run the import again")
        item.result = parse_document(text, item.source)
        item.payload = document_to_payload(
            item.document, apply_defaults=self.defaults, families=self.families, links=self.links
        )

    def prepare_batch(
        self, items: list[PageImport], index: CareersIndexPage, first_by_slug: dict
    ) -> None:
        defaults, families, links = self.defaults, self.families, self.links
        for item in items:
            if item.result is not None:
                item.errors = list(item.result.errors)
                if item.document is not None:
                    links.waiting = set()
                    try:
                        item.payload = document_to_payload(
                            item.document, apply_defaults=defaults, families=families, links=links
                        )
                    except UnreadableText as exc:
                        item.errors.append(Problem(item.source, exc.line, exc.message))
                    if links.waiting and item.payload:
                        self.waiting[item.payload["slug"]] = links.waiting
            if item.payload is None:
                continue
            item.errors.extend(validate_payload(item.payload, item.source, item.document))
            item.errors.extend(validate_family(item.payload, item.source, families, item.document))
            other = first_by_slug.get(item.slug)
            if other is not None:
                item.errors.append(
                    Problem(
                        item.source,
                        item.first_line,
                        f'the role "{item.payload["role_name"]}" (page /careers/{item.slug}/) '
                        f"is also imported from {other.source}",
                    )
                )
            else:
                first_by_slug[item.slug] = item
        # One query for every existing page, one for their latest revisions: constant per batch.
        slugs = [item.slug for item in items if item.payload]
        existing = {
            page.slug: page
            for page in RolePage.objects.child_of(index)
            .filter(slug__in=slugs)
            .select_related("latest_revision__user")
        }
        for item in items:
            if not item.payload or item.errors:
                continue
            page = existing.get(item.slug)
            if page is None:
                item.action = CREATED
                continue
            item.page = page
            if self.create_only:
                item.action = KEPT
                continue
            item.current = page.latest_content()
            wanted = dict(item.payload, body=canonical_body(item.payload["body"]))
            if not item.payload["search_description"]:
                wanted["search_description"] = item.current.search_description
            item.content_changed = page_to_payload(item.current, families) != wanted
            needs_publish = self.publish and (not page.live or page.has_unpublished_changes)
            item.action = UPDATED if item.content_changed or needs_publish else UNCHANGED
        if not self.force:
            self.refuse_overwrites(
                [item for item in items if item.action == UPDATED and item.content_changed]
            )
        # The index page's own slug check would also refuse a clash with a non-role child.
        taken = set(
            index.get_children()
            .filter(slug__in=[i.slug for i in items if i.action == CREATED])
            .values_list("slug", flat=True)
        )
        for item in items:
            if item.action == CREATED and item.slug in taken:
                item.errors.append(
                    Problem(
                        item.source,
                        item.first_line,
                        f"/careers/{item.slug}/ is already used by a page that is not a role page",
                    )
                )
                item.action = ""

    def refuse_overwrites(self, items: list[PageImport]) -> None:
        """Refuse each page whose latest revision is not an import of the same document."""
        # The import's own page-history entry (import_record) is the proof: an editor's
        # revision, the API's, another document's import or a page made by hand has none.
        revision_ids = [item.page.latest_revision_id for item in items]
        records = {
            entry.revision_id: entry.data[IMPORT_LOG_KEY]
            for entry in PageLogEntry.objects.filter(
                revision_id__in=[pk for pk in revision_ids if pk is not None],
                action__in=("wagtail.create", "wagtail.edit"),
            )
            if isinstance(entry.data, dict) and isinstance(entry.data.get(IMPORT_LOG_KEY), dict)
        }
        for item in items:
            revision = item.page.latest_revision
            record = records.get(item.page.latest_revision_id)
            name = document_name(item.source)
            if record is not None and record.get("document") == name:
                continue
            page = f'the page "{item.current.title}" (/careers/{item.slug}/)'
            if revision is None:
                message = f"{page} has no revision made by an import of {name}"
            else:
                when = revision.created_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
                if record is not None:
                    who = f"an import of {record.get('document') or 'another document'}"
                elif revision.user is not None:
                    who = get_user_display_name(revision.user)
                    if who != revision.user.get_username():
                        who = f"{who} ({revision.user.get_username()})"
                else:
                    who = "an unknown user"
                message = f"{page} was last changed by {who} on {when}, not by an import of {name}"
            item.errors.append(
                Problem(
                    item.source,
                    item.first_line,
                    f"{message}; importing would overwrite that work. Re-run with --force to "
                    "overwrite it",
                )
            )

    def batches(self, items: list[PageImport]) -> Iterator[list[PageImport]]:
        """The run in write order, new pages in batches of BATCH_SIZE, others one by one."""
        ordered = sorted(items, key=lambda item: item.slug in self.waiting)
        batch: list[PageImport] = []
        for item in ordered:
            # A page linking to pages of this run is read after they exist: a new batch.
            if batch and (
                item.action != CREATED
                or len(batch) >= BATCH_SIZE
                or (item.slug in self.waiting) != (batch[0].slug in self.waiting)
            ):
                yield batch
                batch = []
            if item.action == CREATED:
                batch.append(item)
            else:
                yield [item]
        if batch:
            yield batch

    def create_batch(self, items: list[PageImport], index: CareersIndexPage, tree) -> None:
        """New pages: one INSERT each, then their revisions and log entries in bulk.

        What Wagtail's add_child + save_revision + publish do for a new page, without their
        three saves and four full_cleans per page (prepare() validated every payload):
        the page is inserted in its final state, its revision and log entries are
        bulk-inserted, and page_published is sent for each page, as publishing does.
        """
        now = timezone.now()
        pages = []
        for item in items:
            self.writing = item  # the document an error while saving is reported against
            payload = item.payload
            if item.slug in self.waiting:
                payload["body"] = document_to_payload(
                    item.document, apply_defaults=self.defaults, families=self.families
                )["body"]
            page = RolePage(
                **{name: payload[name] for name in PAYLOAD_FIELDS},
                family=self.families.find(payload["family"]),
                body=stream_block().to_python(payload["body"]),
                owner=self.user,
                draft_title=payload["title"],
                live=self.publish,
                has_unpublished_changes=not self.publish,
                first_published_at=now if self.publish else None,
                last_published_at=now if self.publish else None,
                latest_revision_created_at=now,
                locale_id=index.locale_id,
                **tree.place(),
            )
            page._cached_parent_obj = index  # Page.save sets url_path from the parent
            # log_action=None: the page's one creation entry, with its revision and the
            # document, is bulk-inserted below.
            page.save(clean=False, log_action=None)
            page._created_by_import = True
            # A new page has no comments or related roles: serializing its revision need not
            # ask the database for each child relation.
            page._cluster_related_objects = {
                relation.get_accessor_name(): [] for relation in get_all_child_relations(page)
            }
            item.page = page
            pages.append(page)
        page_type = ContentType.objects.get_for_model(RolePage)
        base_type = ContentType.objects.get_for_model(Page)
        revisions = Revision.objects.bulk_create(
            [
                Revision(
                    content_type=page_type,
                    base_content_type=base_type,
                    object_id=str(page.pk),
                    user=self.user,
                    content=page.serializable_data(),
                    object_str=str(page),
                    created_at=now,
                )
                for page in pages
            ]
        )
        entries = []
        for item, page, revision in zip(items, pages, revisions, strict=True):
            page.latest_revision = revision
            if self.publish:
                page.live_revision = revision
            context = get_active_log_context()
            common = {
                "content_type": page_type,
                "label": str(page),
                "timestamp": now,
                "page": page,
                "revision": revision,
                "user": self.user or context.user,
                "uuid": context.uuid,
                "content_changed": True,
            }
            entries.append(
                PageLogEntry(action="wagtail.create", data=import_record(item), **common)
            )
            if self.publish:
                entries.append(PageLogEntry(action="wagtail.publish", data={}, **common))
        RolePage.objects.bulk_update(pages, ["latest_revision", "live_revision"])
        PageLogEntry.objects.bulk_create(entries)
        if self.publish:
            for page, revision in zip(pages, revisions, strict=True):
                page_published.send(sender=RolePage, instance=page, revision=revision)

    def write(self, item: PageImport, index: CareersIndexPage) -> None:
        payload = item.payload
        if item.action in (UNCHANGED, KEPT):
            return
        if item.slug in self.waiting:
            # The linked pages exist now: read the links again for their ids.
            payload["body"] = document_to_payload(
                item.document, apply_defaults=self.defaults, families=self.families
            )["body"]
        body = stream_block().to_python(payload["body"])
        family = self.families.find(payload["family"])
        log_data = import_record(item)
        if item.action == CREATED:
            page = RolePage(
                **{name: payload[name] for name in PAYLOAD_FIELDS},
                family=family,
                body=body,
                live=False,
                has_unpublished_changes=True,
                owner=self.user,
            )
            # add_child's save already runs full_clean; the payload was validated in prepare().
            save_role_revision(
                page,
                self.user,
                parent=index,
                publish=self.publish,
                log_action="wagtail.create",
                clean=False,
                log_data=log_data,
            )
        else:
            # Inside the run's transaction: a revision saved since prepare() looked is someone's
            # work that check did not see; the whole run rolls back instead of overwriting it.
            latest = (
                RolePage.objects.select_for_update()
                .filter(pk=item.page.pk)
                .values_list("latest_revision_id", flat=True)
                .first()
            )
            if latest != item.page.latest_revision_id:
                raise ValidationError(
                    f"/careers/{item.slug}/ got a new revision while importing; run the import "
                    "again"
                )
            page = item.current
            revision = None if item.content_changed else page.latest_revision
            if revision is None:
                for name in PAYLOAD_FIELDS:
                    if name != "search_description" or payload[name]:
                        setattr(page, name, payload[name])
                page.family = family
                page.body = body
                save_role_revision(page, self.user, publish=self.publish, log_data=log_data)
            elif self.publish:
                # The latest revision already holds this content: only publishing it is new.
                revision.publish(user=self.user, log_action=True)
        item.page = page


# New pages per bulk insert of revisions and log entries: big enough that per-batch costs
# vanish, small enough that a batch's rows stay a few megabytes.
BATCH_SIZE = 200


class ChildPaths:
    """Tree positions for new children of one page, computed once per run, as treebeard would.

    treebeard's add_child reads the last child and updates the parent's numchild for every
    page; here the parent row is locked for the run, the last child read once, paths counted
    on from it, and numchild updated once at the end.
    """

    def __init__(self, parent: Page):
        self.parent = parent
        # Locked until the run commits: a concurrent add_child would pick the same paths.
        Page.objects.select_for_update().filter(pk=parent.pk).values_list("pk").first()
        last = (
            Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
            .order_by("-path")
            .values_list("path", flat=True)
            .first()
        )
        self.step = Page._str2int(last[-Page.steplen :]) if last else 0
        self.added = 0

    def place(self) -> dict:
        self.step += 1
        self.added += 1
        path = Page._get_path(self.parent.path, self.parent.depth + 1, self.step)
        return {"path": path, "depth": self.parent.depth + 1, "numchild": 0}

    def save(self) -> None:
        if self.added:
            Page.objects.filter(pk=self.parent.pk).update(numchild=F("numchild") + self.added)
            self.parent.numchild += self.added


def add_references(pages: list[RolePage]) -> None:
    """Wagtail's reference index rows for new pages, in one insert (they have none to update).

    The rows create_or_update_for_object would write; it also reads the page's existing rows
    first, one query per page, which a page created in this run cannot have.
    """
    if not pages:
        return
    page_type = ContentType.objects.get_for_model(RolePage, for_concrete_model=False)
    base_type = ContentType.objects.get_for_model(Page, for_concrete_model=False)
    rows = [
        ReferenceIndex(
            content_type=page_type,
            base_content_type=base_type,
            object_id=page.pk,
            to_content_type_id=to_type_id,
            to_object_id=to_id,
            model_path=model_path,
            content_path=content_path,
            content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
        )
        for page in pages
        for to_type_id, to_id, model_path, content_path in set(
            ReferenceIndex._extract_references_from_object(page)
        )
    ]
    ReferenceIndex.objects.bulk_create(rows, ignore_conflicts=True)


@contextmanager
def deferred_frontend_purge() -> Iterator[list[RolePage]]:
    """One CDN purge task for the run's published pages, not one per page.

    Wagtail's frontend-cache handler queues a purge task on every page_published (with or
    without a CDN configured); the run's pages are purged a batch at a time instead (flush()),
    so a run of thousands holds no more than a batch of pages.
    """
    handler = frontend_cache_handlers.page_published_signal_handler
    disconnected = page_published.disconnect(handler, sender=RolePage)
    published = Flushed(purge_pages_from_cache if disconnected else None)
    try:
        yield published
    finally:
        if disconnected:
            page_published.connect(handler, sender=RolePage)
    published.flush()


@contextmanager
def deferred_indexing():
    """Index written pages once at the end, not on each of their three saves per import.

    Creating and publishing a page saves it three times, and every save re-indexes it for
    search and for references; done once per page, in bulk, the import is several times faster.
    Yields the list the caller appends written pages to; its flush() indexes a written batch. Runs inside the import transaction, so
    a failed run leaves no index rows either.
    """
    handler = signal_handlers.post_save_signal_handler
    disconnected = post_save.disconnect(handler, sender=RolePage)

    def index(pages: list[RolePage]) -> None:
        pages = [page for page in pages if page is not None]
        if not pages:
            return
        new = [page for page in pages if getattr(page, "_created_by_import", False)]
        for page in pages:
            if not getattr(page, "_created_by_import", False):
                ReferenceIndex.create_or_update_for_object(page)
        add_references(new)
        if disconnected:
            for backend in get_search_backends(with_auto_update=True):
                backend.add_bulk(RolePage, pages)

    written = Flushed(index)
    try:
        with disable_reference_index_auto_update():
            yield written
    finally:
        if disconnected:
            post_save.connect(handler, sender=RolePage)
    written.flush()


class Flushed(list):
    """Pages a run collects for one bulk step, done a batch at a time (flush) to free them."""

    def __init__(self, step: Callable[[list], None] | None):
        super().__init__()
        self.step = step

    def flush(self) -> None:
        pages = list(self)
        self.clear()
        if pages and self.step is not None:
            self.step(pages)


def _text(given: str | Callable[[], str]) -> str:
    return given() if callable(given) else given
