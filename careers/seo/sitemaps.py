"""Sitemaps for any number of pages: an index, and files of at most SITEMAP_MAX_URLS URLs.

Wagtail's sitemap loads every page as its specific instance and asks each for its URL, which
takes seconds at ten thousand pages and cannot list more than one file's 50,000 URLs. Here
each file is one query over the page table (plain values, ordered by tree path, sliced by
file number; the view restrictions are read before it), and each URL is computed from
``url_path`` the way ``Page.get_url_parts`` does. The pages listed are the same: live,
public descendants of the requested site's root. The query goes through the page cache's
recording queryset, so a cached index or file depends on every page (any publish,
unpublish, move or slug change refreshes it). See docs/seo.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote
from xml.sax.saxutils import escape

from django.conf import settings
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.http import RFC3986_SUBDELIMS

from wagtail.models import Page, PageViewRestriction, Site

from cms.siteurl import root_url_for
from pagecache.querysets import DependencyPageQuerySet

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
DEFAULT_MAX_URLS = 50_000  # the sitemaps.org limit for one file
# What reverse("wagtail_serve") accepts and how it quotes it (Django's URL resolver).
SERVE_PATH = re.compile(r"(?:[\w\-]+/)*")
SAFE = RFC3986_SUBDELIMS + "/~:@"
PLAIN_PATH = re.compile(r"[A-Za-z0-9_\-/]*")  # nothing for quote() to change


def max_urls() -> int:
    return max(1, int(getattr(settings, "SITEMAP_MAX_URLS", DEFAULT_MAX_URLS)))


@dataclass(frozen=True)
class SiteRoot:
    """The site a sitemap lists: its root page's tree position and URL path, and its base URL."""

    tree_path: str
    depth: int
    url_path: str
    base: str


def site_root(request) -> SiteRoot | None:
    """The requested site (Wagtail's fallback to the default site included), or None."""
    site = Site.find_for_request(request)  # loads its root page in the same query
    if site is None:
        site = Site.objects.select_related("root_page").filter(is_default_site=True).first()
    if site is None:
        return None
    root = site.root_page
    base = root_url_for(site.pk, site.root_url, request)
    return SiteRoot(root.path, root.depth, root.url_path, base)


def listed_pages(root: SiteRoot):
    """Live pages of the site with no view restriction on them or an ancestor, in tree order.

    The restricted subtrees are read first (a few rows, Wagtail's ``public()`` does the same):
    a correlated NOT EXISTS over the restrictions' paths let PostgreSQL scan the whole page
    table once per page (0.9 s at 2,000 pages).
    """
    restricted = PageViewRestriction.objects.values_list("page__path", flat=True).distinct()
    hidden = Q()
    for path in restricted:
        hidden |= Q(path__startswith=path)
    pages = DependencyPageQuerySet(Page).filter(
        path__startswith=root.tree_path, depth__gte=root.depth, live=True
    )
    return (pages.exclude(hidden) if hidden else pages).order_by("path")


def file_count(root: SiteRoot | None) -> int:
    if root is None:
        return 0
    return -(-listed_pages(root).count() // max_urls())  # ceiling division


def page_location(root: SiteRoot, serve_prefix: str, url_path: str) -> str | None:
    """The page's absolute URL, as ``page.get_full_url(request)`` gives it; None if unroutable.

    Called once per listed page: WAGTAIL_APPEND_SLASH is applied by the caller
    (``file_entries``), and plain ASCII paths, nearly all of them, skip the quoting.
    """
    if not url_path.startswith(root.url_path):
        return None
    relative = url_path[len(root.url_path) :]
    if not PLAIN_PATH.fullmatch(relative):
        if not SERVE_PATH.fullmatch(relative):
            return None  # reverse() would raise NoReverseMatch: Wagtail gives no URL either
        relative = quote(relative, safe=SAFE)
    return root.base + serve_prefix + relative


def w3c_datetime(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def file_entries(root: SiteRoot, number: int) -> list[tuple[str, datetime | None]] | None:
    """(location, lastmod) of the pages in file ``number`` (from 1); None past the end."""
    size = max_urls()
    start = (number - 1) * size
    # Wagtail's rule: pages published before last_published_at existed use the revision.
    lastmod = Coalesce("last_published_at", "latest_revision_created_at")
    rows = listed_pages(root).values_list("url_path", lastmod)[start : start + size]
    rows = list(rows)
    if not rows:
        return None
    serve_prefix = reverse("wagtail_serve", args=("",))
    strip_slash = not getattr(settings, "WAGTAIL_APPEND_SLASH", True)
    entries = []
    for url_path, modified in rows:
        location = page_location(root, serve_prefix, url_path)
        if location is None:
            continue
        if strip_slash and location != root.base + "/":
            location = location.rstrip("/")  # as get_url_parts does for all but the root
        entries.append((location, modified))
    return entries


def urlset_xml(entries) -> str:
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n', f'<urlset xmlns="{NAMESPACE}">\n']
    for location, lastmod in entries:
        parts.append(f"<url><loc>{escape(location)}</loc>")
        if lastmod is not None:
            parts.append(f"<lastmod>{w3c_datetime(lastmod)}</lastmod>")
        parts.append("</url>\n")
    parts.append("</urlset>\n")
    return "".join(parts)


def index_xml(locations) -> str:
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n', f'<sitemapindex xmlns="{NAMESPACE}">\n']
    parts.extend(f"<sitemap><loc>{escape(location)}</loc></sitemap>\n" for location in locations)
    parts.append("</sitemapindex>\n")
    return "".join(parts)
