"""Serve repeat public GETs from the cache, validated against the shared dependency tags."""

from __future__ import annotations

import hashlib
import json
import logging
import re
import time
from dataclasses import dataclass
from urllib.parse import parse_qsl

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import MiddlewareNotUsed
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from pagecache import keys, tags

logger = logging.getLogger(__name__)

# Dropped from the query string before keying: they never change what the server renders.
TRACKING_PARAMS = frozenset({"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "_ga"})
# Responses that vary on anything else are not stored (the key could not tell variants apart).
KEYED_VARY = frozenset({"cookie", "accept", "accept-encoding"})
# Headers rebuilt on every cached response rather than replayed.
REBUILT_HEADERS = frozenset({"date", "etag", "last-modified", "x-page-cache", "set-cookie"})
UNCACHEABLE_CONTROL = re.compile(r"\b(private|no-store|no-cache)\b", re.IGNORECASE)
API_DETAIL = re.compile(r"/\d+/?$")


@dataclass(frozen=True)
class Entry:
    """One stored response and the tag values it was rendered under."""

    tag_values: dict[str, str]
    status: int
    headers: tuple[tuple[str, str], ...]
    content: bytes
    etag: str
    last_modified: float


def _setting(name, default):
    return getattr(settings, name, default)


class PageCacheMiddleware:
    """Answers cacheable requests from the cache (no SQL) and stores what it may safely store.

    Placed right after WhiteNoise so a hit skips sessions, auth and CSRF entirely.
    """

    def __init__(self, get_response):
        if not _setting("PAGECACHE_ENABLED", True):
            raise MiddlewareNotUsed
        self.get_response = get_response
        self.page_prefixes = tuple(_setting("PAGECACHE_PAGE_PREFIXES", ("/careers/",)))
        self.api_prefixes = tuple(_setting("PAGECACHE_API_PREFIXES", ("/api/v2/", "/api/v3/")))
        self.timeout = _setting("PAGECACHE_TIMEOUT", 3600)
        self.shared_max_age = _setting("PAGECACHE_SHARED_MAX_AGE", 0)
        self.entries = caches[_setting("PAGECACHE_CACHE", "default")]

    def __call__(self, request):
        key, needs_items = self.cache_key(request)
        if key is None:
            response = self.get_response(request)
            personal = request.method in ("GET", "HEAD") and self._is_personal(request)
            if personal and "Cache-Control" not in response:
                patch_cache_control(response, private=True)
            response.headers.setdefault("X-Page-Cache", "bypass")
            return response

        entry = self._get(key)
        if entry is not None and tags.current_values(entry.tag_values) == entry.tag_values:
            return self.respond(request, entry, "hit")
        if request.method != "GET":
            return self.get_response(request)  # HEAD miss: do not store a bodiless response

        sequence = tags.sequence()
        with tags.collecting() as dependencies:
            response = self.get_response(request)
        if not self.storable(request, response) or (needs_items and not _has_items(response)):
            response.headers.setdefault("X-Page-Cache", "uncacheable")
            return response
        if request.path.startswith(self.api_prefixes) and not API_DETAIL.search(request.path):
            dependencies.add(tags.PAGES)
        values = tags.store_values(tags.compact(dependencies), sequence)
        entry = self.entry_for(response, values or {})
        if values is None:
            return self.respond(request, entry, "raced")
        return self.respond(request, entry, "miss" if self._set(key, entry) else "uncacheable")

    # --- the entry store: evictable, so failing to read or write it only costs a render ---

    def _get(self, key: str) -> Entry | None:
        try:
            return self.entries.get(key)
        except Exception:
            logger.warning("page cache: reading an entry failed", exc_info=True)
            return None

    def _set(self, key: str, entry: Entry) -> bool:
        try:
            self.entries.set(key, entry, self.timeout)
        except Exception:
            logger.warning("page cache: storing an entry failed", exc_info=True)
            return False
        return True

    # --- deciding -------------------------------------------------------------------------

    def _is_personal(self, request) -> bool:
        return (
            settings.SESSION_COOKIE_NAME in request.COOKIES or "HTTP_AUTHORIZATION" in request.META
        )

    def cache_key(self, request) -> tuple[str | None, bool]:
        """The key for this request (None: bypass), and whether only a non-empty listing
        may be stored under it (see pagecache/keys.py)."""
        if request.method not in ("GET", "HEAD"):
            return None, False
        path = request.path
        is_api = path.startswith(self.api_prefixes)
        if not is_api and not path.startswith(self.page_prefixes):
            return None, False
        if self._is_personal(request):
            return None, False
        normalised = self.normalised_query(request, is_api)
        if normalised is None:
            return None, False
        accept = request.META.get("HTTP_ACCEPT", "")
        encoding = request.META.get("HTTP_ACCEPT_ENCODING", "")
        variant = ("html" if "text/html" in accept else "any") + (
            "+gzip" if "gzip" in encoding else ""
        )
        raw = "\n".join((request.scheme, request.get_host(), path, normalised.query, variant))
        return "pc:e:" + hashlib.sha256(raw.encode()).hexdigest(), normalised.needs_items

    def normalised_query(self, request, is_api: bool) -> keys.KeyedQuery | None:
        """Known parameters, sorted, without tracking noise; None when the request must not
        be stored (pages with real parameters, API parameters outside the bounded key space)."""
        pairs = [
            (name, value)
            for name, value in parse_qsl(
                request.META.get("QUERY_STRING", ""), keep_blank_values=True
            )
            if name not in TRACKING_PARAMS and not name.startswith("utm_")
        ]
        if not pairs:
            return keys.KeyedQuery("", needs_items=False)
        if not is_api:
            return None  # a page that reads parameters (search, previews) is not keyed by them
        return keys.api_key(pairs)

    def storable(self, request, response) -> bool:
        if request.method != "GET" or response.status_code != 200:
            return False
        if response.streaming or response.cookies or getattr(request, "is_preview", False):
            return False
        if UNCACHEABLE_CONTROL.search(response.get("Cache-Control", "")):
            return False
        vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
        if not vary <= KEYED_VARY:
            return False
        user = getattr(request, "user", None)
        return not (user is not None and user.is_authenticated)

    # --- answering ------------------------------------------------------------------------

    def entry_for(self, response, values: dict[str, str]) -> Entry:
        content = response.content
        headers = tuple(
            (name, value) for name, value in response.items() if name.lower() not in REBUILT_HEADERS
        )
        etag = '"' + hashlib.sha256(content).hexdigest()[:32] + '"'
        return Entry(values, response.status_code, headers, content, etag, time.time())

    def respond(self, request, entry: Entry, state: str):
        response = HttpResponse(
            entry.content if request.method == "GET" else b"", status=entry.status
        )
        for name, value in entry.headers:
            response[name] = value
        response["ETag"] = entry.etag
        response["Last-Modified"] = http_date(entry.last_modified)
        response["X-Page-Cache"] = state
        if "Cache-Control" not in response:
            if self.shared_max_age:
                patch_cache_control(response, public=True, max_age=0, s_maxage=self.shared_max_age)
            else:
                patch_cache_control(response, max_age=0, must_revalidate=True)
        return get_conditional_response(
            request, etag=entry.etag, last_modified=int(entry.last_modified), response=response
        )


def _has_items(response) -> bool:
    """Whether an API listing returned at least one item (offset and filters matched)."""
    try:
        data = json.loads(response.content)
    except ValueError:
        return False
    return isinstance(data, dict) and isinstance(data.get("items"), list) and bool(data["items"])
