"""Dependency tags: what a response was built from, and each tag's current value.

Tag values live in a cache every app process shares (``PAGECACHE_TAGS_CACHE``: Redis when
``REDIS_URL`` is set, otherwise files under var/), apart from the evictable stored responses.
An invalidation writes a fresh random value; a cached response is served only while every
tag it recorded still has the value it recorded. Absent tags never match (eviction, or a
write refused and replaced by a delete, can only cause a miss, never a stale hit).
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.filebased import FileBasedCache

# Every response depends on GLOBAL: bumped by changes we cannot attribute to pages
# (site settings, images, sites, view restrictions, explicit flushes).
GLOBAL = "g"
# Any page changed: API listings depend on it because filters decide their membership.
PAGES = "pages"
# Changes on every invalidation; a render that overlaps one is not stored (see store_values).
SEQ = "seq"

_TAG_PREFIX = "pc:t:"

logger = logging.getLogger(__name__)

_collector: ContextVar[set[str] | None] = ContextVar("pagecache_collector", default=None)


def page_tag(pk) -> str:
    return f"page:{pk}"


def collection_tag(model) -> str:
    """Every page of this type: listings of the type depend on it (see querysets.py)."""
    label = model._meta.concrete_model._meta.label_lower
    return PAGES if label == "wagtailcore.page" else f"type:{label}"


def tree_tag(path: str) -> str:
    """The list of children under the page at this tree path (treebeard ``path``)."""
    return f"tree:{path}"


class TagFileCache(FileBasedCache):
    """The file tag store, without Django's cull: it lists the whole directory on every write.

    FileBasedCache.set() globs every file to count them (10,000 tags: 67 % of a page save).
    Tags are never culled by count anyway: each is one small file, their number is bounded
    by the pages (one tag per page, one per parent, one per page type), and an evicted tag
    would only turn hits into misses.
    """

    def _cull(self):
        return


def store():
    return caches[getattr(settings, "PAGECACHE_TAGS_CACHE", "default")]


def _new_value() -> str:
    return secrets.token_hex(8)


@contextmanager
def collecting() -> Iterator[set[str]]:
    """Within the block, pages loaded and tags declared are recorded into the yielded set."""
    tags: set[str] = {GLOBAL}
    token = _collector.set(tags)
    try:
        yield tags
    finally:
        _collector.reset(token)


def recording() -> bool:
    """Whether a cacheable response is being rendered (so dependencies are worth recording)."""
    return _collector.get() is not None


def depends_on(*tags: str) -> None:
    """Declare that the response being rendered depends on these tags.

    Views and templates that list pages they did not load as instances (say "the newest five
    roles" anywhere in the tree) call ``depends_on(PAGES)`` so any publish invalidates them.
    """
    current = _collector.get()
    if current is not None:
        current.update(tags)


def record_page(pk) -> None:
    current = _collector.get()
    if current is not None and pk is not None:
        current.add(page_tag(pk))


# A response built from more pages than this depends on PAGES instead of on each of them:
# every page change bumps PAGES, so this is never staler, and a hit checks one tag, not 200.
MAX_PAGE_TAGS = 20


def compact(tags: set[str]) -> set[str]:
    page_tags = {tag for tag in tags if tag.startswith("page:")}
    if len(page_tags) <= MAX_PAGE_TAGS:
        return tags
    return (tags - page_tags) | {PAGES}


def _keys(tags: Iterable[str]) -> dict[str, str]:
    return {_TAG_PREFIX + tag: tag for tag in tags}


def current_values(tags: Iterable[str]) -> dict[str, str]:
    keys = _keys(tags)
    found = store().get_many(list(keys))
    return {keys[key]: value for key, value in found.items()}


def _add(cache, tag: str) -> None:
    try:
        cache.add(_TAG_PREFIX + tag, _new_value(), timeout=None)
    except Exception:
        logger.warning("page cache: creating tag %s failed", tag, exc_info=True)


def sequence() -> str | None:
    """The invalidation sequence value, created if absent; read before rendering.

    None when it cannot be created (the tag store refuses writes): nothing is stored then.
    """
    cache = store()
    key = _TAG_PREFIX + SEQ
    value = cache.get(key)
    if value is None:
        _add(cache, SEQ)
        value = cache.get(key)
    return value


def store_values(tags: Iterable[str], sequence_before: str | None) -> dict[str, str] | None:
    """The tag values to record with a response rendered since ``sequence_before``.

    None when an invalidation ran meanwhile: the render may have read the old rows, so it
    must not be stored. Invalidation writes SEQ before the tags and this reads the tags
    before SEQ, so seeing any new tag value implies seeing the new SEQ.
    """
    if sequence_before is None:
        return None
    tags = set(tags)
    cache = store()
    values = current_values(tags)
    missing = tags - values.keys()
    for tag in missing:
        _add(cache, tag)
    if missing:
        values.update(current_values(missing))
        if missing - values.keys():
            return None  # the tag store refuses writes (e.g. full): do not cache
    if cache.get(_TAG_PREFIX + SEQ) != sequence_before:
        return None
    return values


def invalidate(tags: Iterable[str]) -> None:
    """Give every tag a new value, so responses that recorded the old one are misses."""
    tags = set(tags)
    if not tags:
        return
    value = _new_value()
    cache = store()
    try:
        cache.set(_TAG_PREFIX + SEQ, value, timeout=None)
        cache.set_many({_TAG_PREFIX + tag: value for tag in tags}, timeout=None)
    except Exception:
        # A store refusing writes (Redis at maxmemory under noeviction) still deletes, and an
        # absent tag never matches: every entry that recorded one is a miss, never stale.
        logger.exception("page cache: writing tags failed; deleting them instead")
        cache.delete_many([_TAG_PREFIX + SEQ, *(_TAG_PREFIX + tag for tag in tags)])


def invalidate_all() -> None:
    """After raw SQL or ``QuerySet.update()`` on pages, which send no signals."""
    invalidate({GLOBAL, PAGES})
