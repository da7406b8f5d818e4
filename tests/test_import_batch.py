"""A publishing import costs a bounded number of queries per document, with full semantics."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext
from django.utils.text import slugify

from wagtail.contrib.frontend_cache import utils as frontend_cache_utils
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.search.models import IndexEntry

import pytest

from careers.management.commands.import_roles import read_documents
from careers.models import RolePage
from careers.pipeline import load
from careers.pipeline.load import CREATED, Importer
from careers.pipeline.parse import parse_document
from careers.testing.samples import generate_documents
from delivery.models import WebhookDelivery, WebhookEndpoint

# Queries per extra document, at most: the page's two INSERTs, its skill rows, Wagtail's
# site-root check and the reference index (measured 5.9). Webhooks (endpoints, privacy,
# delivery rows, tasks) and everything else are per batch or per run.
PER_DOCUMENT = 10
DEMO = Path(__file__).resolve().parents[1] / "demo" / "roles"


@pytest.fixture
def endpoint(db):
    return WebhookEndpoint.objects.create(
        url="https://hooks.example.test/careers", secret="s" * 32, events="published"
    )


def import_counting(documents):
    with CaptureQueriesContext(connection) as queries:
        report = Importer(publish=True).run(documents)
    assert report.ok, report.errors
    return len(queries)


def test_queries_grow_by_a_small_constant_per_document(careers_index, endpoint, settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"},
        "webhooks": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"},
    }
    documents = generate_documents(25)
    small = import_counting(documents[:5])
    large = import_counting(documents[5:25])
    per_document = (large - small) / 15
    assert per_document <= PER_DOCUMENT, (small, large)
    # The per-run part is the same at both sizes: total ≤ a + b·n.
    assert small - 5 * per_document <= large - 20 * per_document + 1


def test_every_imported_page_has_its_revision_log_entries_index_entry_and_webhook(
    careers_index, endpoint, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = Importer(publish=True).run(generate_documents(6))
    assert report.count("created") == 6
    pages = list(RolePage.objects.child_of(careers_index).order_by("path"))
    assert len(pages) == 6
    page_type = ContentType.objects.get_for_model(RolePage)
    for page in pages:
        assert page.live and not page.has_unpublished_changes
        revision = Revision.objects.get(object_id=str(page.pk), content_type=page_type)
        assert page.latest_revision_id == page.live_revision_id == revision.pk
        assert revision.as_object().role_name == page.role_name
        actions = sorted(
            PageLogEntry.objects.filter(page=page, revision=revision).values_list(
                "action", flat=True
            )
        )
        assert actions == ["wagtail.create", "wagtail.publish"]
        assert IndexEntry.objects.filter(object_id=str(page.pk)).exists()
        assert WebhookDelivery.objects.filter(page_id=page.pk, event="published").count() == 1


def test_batch_written_pages_keep_the_tree_consistent(careers_index, make_role):
    make_role("Existing Role")
    Importer(publish=True).run(generate_documents(4))
    careers_index.refresh_from_db()
    children = list(careers_index.get_children().order_by("path"))
    assert careers_index.numchild == len(children) == 5
    assert len({child.path for child in children}) == 5
    assert all(child.depth == careers_index.depth + 1 for child in children)
    assert all(child.url_path == f"{careers_index.url_path}{child.slug}/" for child in children)
    # treebeard's own add_child continues after the batch's last path.
    added = careers_index.add_child(instance=Page(title="After", slug="after"))
    assert added.path > children[-1].path
    assert Page.find_problems() == ([], [], [], [], [])


def test_an_import_purges_every_page_from_the_cdn_in_one_task(careers_index, settings, monkeypatch):
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": "http://127.0.0.1:9",
        }
    }
    batches = []
    # Each call queues one purge task (wagtail.contrib.frontend_cache.utils).
    monkeypatch.setattr(
        frontend_cache_utils,
        "purge_urls_from_cache",
        lambda urls, *args, **kwargs: batches.append(sorted(urls)),
    )
    Importer(publish=True).run(generate_documents(5))
    paths = [url.split("/", 3)[-1] for batch in batches for url in batch]
    pages = RolePage.objects.child_of(careers_index)
    # Two batches: Wagtail's purge of the pages, and the page cache's of their listing + API.
    assert len(batches) == 2
    assert {f"careers/{page.slug}/" for page in pages} <= set(paths)
    assert "careers/" in paths
    assert {f"api/v2/pages/{page.pk}/" for page in pages} <= set(paths)


def test_new_pages_get_the_reference_index_rows_wagtail_would_write(careers_index):
    Importer(publish=True).run(read_documents([str(DEMO)])[0])
    pages = list(RolePage.objects.child_of(careers_index))
    rows = ReferenceIndex.objects.filter(object_id__in=[str(page.pk) for page in pages])
    before = sorted(
        rows.values_list("object_id", "to_content_type", "to_object_id", "content_path")
    )
    assert before  # the demo roles link to each other and name families
    for page in pages:
        ReferenceIndex.create_or_update_for_object(page)
    after = sorted(rows.values_list("object_id", "to_content_type", "to_object_id", "content_path"))
    assert after == before


def test_a_database_error_mid_batch_names_its_document_and_writes_nothing(
    careers_index, monkeypatch
):
    documents = generate_documents(5)
    save = RolePage.save
    failing = []

    def save_or_fail(page, *args, **kwargs):
        if page.pk is None and len(failing) == 3:
            raise DatabaseError("value too long")
        failing.append(page)
        return save(page, *args, **kwargs)

    monkeypatch.setattr(RolePage, "save", save_or_fail)
    report = Importer(publish=True).run(documents)
    assert not report.ok
    [error] = report.errors
    assert error.source == documents[3][0]
    assert "could not be saved (value too long); nothing was written" in error.message
    assert not RolePage.objects.exists()
    assert not Revision.objects.exists()
    careers_index.refresh_from_db()
    assert careers_index.numchild == 0


def linking(text: str, slug: str) -> tuple[str, int]:
    """The document with a page link to /careers/SLUG/ in its overview, and that line's number."""
    lines = text.splitlines()
    at = next(n for n, line in enumerate(lines) if line.startswith("What Does")) + 1
    lines[at] += f" See [the other role](page:/careers/{slug}/)."
    return "\n".join(lines) + "\n", at + 1


def slug_of(text: str) -> str:
    return slugify(parse_document(text, "x").document.role_name)


def write_run(tmp_path, documents) -> list[Path]:
    paths = []
    for name, text in documents:
        paths.append(tmp_path / name)
        paths[-1].write_text(text)
    return paths


def run_command(*args):
    out, err = StringIO(), StringIO()
    call_command("import_roles", *map(str, args), "--publish", stdout=out, stderr=err)
    return out.getvalue()


def test_a_streamed_run_links_documents_across_batches(careers_index, tmp_path, monkeypatch):
    """Read a batch at a time, documents still link to pages of earlier and later batches."""
    monkeypatch.setattr(load, "BATCH_SIZE", 2)
    documents = generate_documents(6)
    first, _ = linking(documents[0][1], slug_of(documents[5][1]))
    fifth, _ = linking(documents[4][1], slug_of(documents[1][1]))
    documents[0], documents[4] = (documents[0][0], first), (documents[4][0], fifth)
    write_run(tmp_path, documents)
    assert "6 created" in run_command(tmp_path)
    for linker, target in ((0, 5), (4, 1)):
        page = RolePage.objects.get(slug=slug_of(documents[linker][1]))
        target_page = RolePage.objects.get(slug=slug_of(documents[target][1]))
        assert page.live and target_page.live
        assert f'linktype="page" id="{target_page.pk}"' in str(page.body.raw_data)


def test_a_bad_document_in_a_late_batch_writes_nothing_and_every_problem_is_named(
    careers_index, tmp_path, monkeypatch
):
    monkeypatch.setattr(load, "BATCH_SIZE", 2)
    documents = generate_documents(6)
    first, first_line = linking(documents[0][1], "no-such-role")
    last, last_line = linking(documents[5][1], "nor-this-one")
    documents[0], documents[5] = (documents[0][0], first), (documents[5][0], last)
    paths = write_run(tmp_path, documents)
    out = StringIO()
    with pytest.raises(CommandError, match="2 of 6 file"):
        call_command("import_roles", str(tmp_path), "--publish", stdout=out, stderr=out)
    assert f'{paths[0]}:{first_line}: the page link "page:/careers/no-such-role/"' in (
        out.getvalue()
    )
    assert f'{paths[5]}:{last_line}: the page link "page:/careers/nor-this-one/"' in (
        out.getvalue()
    )
    assert not RolePage.objects.exists()
    assert not Revision.objects.exists()


def test_written_batches_are_let_go_but_the_report_keeps_their_outcome(careers_index, monkeypatch):
    """Memory stays bounded: a finished batch's parse, payload and pages are dropped."""
    monkeypatch.setattr(load, "BATCH_SIZE", 2)
    report = Importer(publish=True).run(generate_documents(5))
    assert report.count(CREATED) == 5
    assert all(item.payload is None and item.page is None for item in report.items)
    assert sorted(item.slug for item in report.items) == sorted(
        RolePage.objects.child_of(careers_index).values_list("slug", flat=True)
    )
