"""Turn content changes into tag invalidations (now, and again when the transaction commits).

The immediate invalidation keeps the writer's own later reads right; the one on commit is the
one other processes rely on: until the commit they can still read the old rows, and a render
of old rows stored after the first invalidation would otherwise survive it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save

from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page, get_page_models
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
)

from pagecache import tags

logger = logging.getLogger(__name__)

# Saves that touch only these fields change drafts, locks or bookkeeping, never the live page.
DRAFT_ONLY_FIELDS = frozenset(
    {
        "draft_title",
        "has_unpublished_changes",
        "latest_revision",
        "latest_revision_id",
        "latest_revision_created_at",
        "locked",
        "locked_at",
        "locked_by",
        "locked_by_id",
        "owner",
        "owner_id",
        # The content check's counts (careers/editorial/status.py): shown in the admin only.
        "check_errors",
        "check_warnings",
    }
)

# Models whose rows never reach a public response. Anything else that changes (settings,
# images, sites, view restrictions, snippets, models added later) invalidates everything:
# an unknown model costs cache hits, never correctness.
IGNORED_APPS = frozenset(
    {
        "sessions",
        "migrations",  # applying migrations records rows; schema changes need a restart anyway
        "admin",
        "contenttypes",
        "auth",
        "wagtailsearch",
        "wagtailadmin",
        "wagtailusers",
        "delivery",  # webhook endpoints and delivery logs: written on every publish
        "applications",  # candidates' applications: private, never on a public page
        "wagtail_headless_preview",
        "wagtailforms",
    }
)
IGNORED_MODELS = frozenset(
    {
        "wagtailcore.revision",
        # A role's skill index rows follow its saves; the page's own signals cover them.
        "careers.roleskill",
        "wagtailcore.pagelogentry",
        "wagtailcore.modellogentry",
        "wagtailcore.referenceindex",
        "wagtailcore.workflowstate",
        "wagtailcore.taskstate",
        "wagtailcore.pagesubscription",
        "wagtailcore.comment",
        "wagtailcore.commentreply",
        "wagtailcore.uploadedfile",
        "wagtailcore.apitoken",
        "wagtailcore.task",
        "wagtailcore.groupapprovaltask",
        "wagtailcore.workflow",
        "wagtailcore.workflowtask",
        "wagtailcore.workflowpage",
        "wagtailcore.workflowcontenttype",
        "wagtailcore.grouppagepermission",
        "wagtailcore.groupcollectionpermission",
        "wagtailcore.groupsitepermission",
        "wagtailimages.rendition",
        "wagtailembeds.embed",
        "django_tasks_database.dbtaskresult",
    }
)


def parent_path(path: str) -> str:
    return path[: -Page.steplen]


def collection_tags(cls) -> set[str]:
    """The listings of a page type and of every page type it extends (querysets.py)."""
    # A base-class instance (a cascade delete, a plain Page save): which type it is would
    # cost a query, so every type's listings are invalidated instead.
    classes = get_page_models() if cls is Page else [cls, *cls._meta.get_parent_list()]
    return {tags.collection_tag(model) for model in classes}


def tags_for_page(page) -> set[str]:
    """What one page's change affects: itself, its parent's child list, listings of its type."""
    return {
        tags.page_tag(page.pk),
        tags.tree_tag(parent_path(page.path)),
        tags.PAGES,
        *collection_tags(type(page)),
    }


# Bulk writers (the importer) collect what they affect and invalidate once at the end:
# one tag write per run instead of several per page.
_deferred: ContextVar[set[str] | None] = ContextVar("pagecache_deferred", default=None)


# Pages created inside the deferred block: no stored response can hold their own tag yet.
_created: ContextVar[set[str] | None] = ContextVar("pagecache_created", default=None)
# Pages published inside it: their CDN purges go out as one batch at the end.
_purges: ContextVar[list | None] = ContextVar("pagecache_purges", default=None)


@contextmanager
def deferred_invalidation() -> Iterator[None]:
    """Within the block, page changes are collected and invalidated together on exit.

    The own tags of pages created in the block are left out (nothing was rendered from a
    page before it existed): an import of 2,000 new pages writes a handful of tags, not 2,000.
    """
    outer = _deferred.get()
    collected: set[str] = set()
    created: set[str] = set()
    purges: list = []
    token = _deferred.set(collected)
    created_token = _created.set(created)
    purges_token = _purges.set(purges)
    try:
        yield
    finally:
        _deferred.reset(token)
        _created.reset(created_token)
        _purges.reset(purges_token)
        collected -= created
        if outer is not None:
            outer |= collected
        elif collected:
            invalidate_on_commit(collected)
        if purges:
            purge_frontend_cache(*purges)


def invalidate_on_commit(affected: set[str]) -> None:
    pending = _deferred.get()
    if pending is not None:
        pending |= affected
        return
    tags.invalidate(affected)
    if not connection.in_atomic_block:
        return
    # One callback per transaction, however many pages it writes (an import writes hundreds).
    pending = getattr(connection, "_pagecache_pending", None)
    if pending is None or not any(
        entry[1] is pending.callback for entry in connection.run_on_commit
    ):
        pending = connection._pagecache_pending = _Pending()
        transaction.on_commit(pending.callback)
    pending.tags.update(affected)


class _Pending:
    """Tags written by the current transaction, invalidated again once it commits."""

    def __init__(self):
        self.tags: set[str] = set()
        self.callback = self.flush  # one bound method, so it can be found among the callbacks

    def flush(self) -> None:
        if getattr(connection, "_pagecache_pending", None) is self:
            connection._pagecache_pending = None
        tags.invalidate(self.tags)


def _subtree_tags(page) -> set[str]:
    """Every page of the subtree, and the listings of each type in it (their URLs changed)."""
    rows = Page.objects.filter(path__startswith=page.path).values_list("pk", "content_type_id")
    affected = set()
    for pk, content_type_id in rows:
        affected.add(tags.page_tag(pk))
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is not None:
            affected |= collection_tags(model)
    return affected


def purge_frontend_cache(*pages) -> None:
    """Purge what a CDN may hold beyond the pages themselves (Wagtail's handlers purge those)."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return

    batch = PurgeBatch()
    parents = {}
    for page in pages:
        parent = page.get_parent()
        if parent is not None and parent.depth > 1:
            parents[parent.pk] = parent  # the listing that shows this page
    batch.add_pages(parents.values())
    base = settings.WAGTAILAPI_BASE_URL.rstrip("/")
    for prefix in getattr(settings, "PAGECACHE_API_PREFIXES", ()):
        batch.add_urls(f"{base}{prefix}pages/{page.pk}/" for page in pages)
    batch.purge()


# --- receivers --------------------------------------------------------------------------


def on_page_saved(sender, instance, created=False, update_fields=None, **kwargs):
    if created and (new_pages := _created.get()) is not None:
        new_pages.add(tags.page_tag(instance.pk))
    if update_fields is not None and set(update_fields) <= DRAFT_ONLY_FIELDS:
        return
    if created and not instance.live:
        return
    invalidate_on_commit(tags_for_page(instance))


def on_page_published_or_unpublished(sender, instance, **kwargs):
    invalidate_on_commit(tags_for_page(instance))
    if (purges := _purges.get()) is not None:
        # A stand-in with what the purge reads (pk, tree position), not the page and its body.
        purges.append(Page(pk=instance.pk, path=instance.path, depth=instance.depth))
    else:
        purge_frontend_cache(instance)


def on_page_deleted(sender, instance, **kwargs):
    invalidate_on_commit(tags_for_page(instance))


def on_page_moved(sender, instance, parent_page_before, parent_page_after, **kwargs):
    # Every URL in the subtree changed, and with it every page that links into it.
    affected = _subtree_tags(instance) | {
        tags.tree_tag(parent_page_before.path),
        tags.tree_tag(parent_page_after.path),
        tags.PAGES,
    }
    invalidate_on_commit(affected)


def on_slug_changed(sender, instance, **kwargs):
    invalidate_on_commit(_subtree_tags(instance) | tags_for_page(instance))


def on_other_model_changed(sender, **kwargs):
    if kwargs.get("action", "post").startswith("pre"):
        return  # m2m_changed: act once, after the rows changed
    if sender._meta.app_label in IGNORED_APPS or sender._meta.label_lower in IGNORED_MODELS:
        return
    if issubclass(sender, Page):
        return  # handled precisely by the page receivers
    logger.debug("page cache: %s changed, invalidating everything", sender._meta.label)
    invalidate_on_commit({tags.GLOBAL})


def on_page_loaded(sender, instance, **kwargs):
    tags.record_page(instance.pk)


def connect() -> None:
    for model in {Page, *get_page_models()}:
        post_init.connect(on_page_loaded, sender=model, dispatch_uid=f"pagecache-load-{model}")
        post_save.connect(on_page_saved, sender=model, dispatch_uid=f"pagecache-save-{model}")
        post_delete.connect(on_page_deleted, sender=model, dispatch_uid=f"pagecache-del-{model}")
        page_published.connect(
            on_page_published_or_unpublished, sender=model, dispatch_uid=f"pagecache-pub-{model}"
        )
        page_unpublished.connect(
            on_page_published_or_unpublished, sender=model, dispatch_uid=f"pagecache-unp-{model}"
        )
    post_page_move.connect(on_page_moved, dispatch_uid="pagecache-move")
    page_slug_changed.connect(on_slug_changed, dispatch_uid="pagecache-slug")
    post_save.connect(on_other_model_changed, dispatch_uid="pagecache-other-save")
    post_delete.connect(on_other_model_changed, dispatch_uid="pagecache-other-delete")
    m2m_changed.connect(on_other_model_changed, dispatch_uid="pagecache-other-m2m")
