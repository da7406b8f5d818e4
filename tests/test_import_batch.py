"""A publishing import costs a bounded number of queries per document, with full semantics."""

from __future__ import annotations

from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext

from wagtail.contrib.frontend_cache import utils as frontend_cache_utils
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.search.models import IndexEntry

import pytest

from careers.management.commands.import_roles import read_documents
from careers.models import RolePage
from careers.pipeline.load import Importer
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
