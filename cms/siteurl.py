"""The one public base URL (``SITE_URL``): every absolute URL the site prints starts with it.

Canonical links, ``og:*``, JSON-LD, the sitemap, robots.txt, the APIs' ``html_url`` and
``detail_url`` and webhook payloads are all built here, so a deployment (or ``make run`` on
another port) sets one value. Pages of a site other than the default keep their own Site
record's root URL. Imports no careers code: delivery/ uses it too.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from wagtail.models import Site

DEFAULT_PORTS = {"http": 80, "https": 443}


def base_url() -> str:
    """``SITE_URL`` without a trailing slash, e.g. ``https://careers.example`` ."""
    value = settings.SITE_URL
    parts = urlsplit(value)
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname or parts.path not in {"", "/"}:
        raise ImproperlyConfigured(
            f"SITE_URL must be http(s)://host[:port] with no path or query (got {value!r})"
        )
    return f"{parts.scheme}://{parts.netloc}"


def absolute_url(path: str) -> str:
    """A site path (``/careers/``) under the base; an already absolute URL is kept as it is."""
    if urlsplit(path).scheme:
        return path  # e.g. media on S3 or a CDN
    return base_url() + "/" + path.lstrip("/")


def admin_absolute_url(path: str) -> str:
    """An admin path under WAGTAILADMIN_BASE_URL (SITE_URL unless the admin lives elsewhere)."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/" + path.lstrip("/")


def site_address() -> tuple[str, int]:
    """The hostname and port the default Site record needs for Wagtail to agree with SITE_URL."""
    parts = urlsplit(base_url())
    return parts.hostname, parts.port or DEFAULT_PORTS[parts.scheme]


def sync_default_site(site: Site) -> bool:
    """Point the default Site record at SITE_URL (Wagtail's own links use it); True if changed."""
    hostname, port = site_address()
    if (site.hostname, site.port) == (hostname, port):
        return False
    site.hostname, site.port = hostname, port
    site.save(update_fields=["hostname", "port"])
    return True


def _is_default_site(site_id: int, request=None) -> bool:
    # Wagtail caches the root paths (get_url_parts just read them): one site costs no query.
    if {path.site_id for path in Site.get_site_root_paths()} == {site_id}:
        return True
    site = Site.find_for_request(request) if request is not None else None
    if site is not None and site.pk == site_id:
        return site.is_default_site
    return Site.objects.filter(pk=site_id, is_default_site=True).exists()


def root_url_for(site_id: int, root_url: str, request=None) -> str:
    """The base URL of a site: SITE_URL for the default site, its record's otherwise."""
    return base_url() if _is_default_site(site_id, request) else root_url.rstrip("/")


def page_url(page, request=None) -> str | None:
    """A page's absolute URL, or None for a page outside every site."""
    parts = page.get_url_parts(request)
    if parts is None:
        return None
    site_id, root_url, page_path = parts
    return root_url_for(site_id, root_url, request) + page_path
