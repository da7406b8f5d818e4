"""Settings switches for running past one machine (docs/scaling.md), all read from the env.

Each returns plain settings values, so base.py stays a list of assignments.
"""

from __future__ import annotations

import importlib.util
import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

DEFAULT_POOL = (2, 10)


def database_pool(database: dict) -> dict:
    """The database settings with psycopg's pool when DB_POOL asks for it (PostgreSQL only).

    DB_POOL=1 uses min 2 / max 10 connections per process; DB_POOL=MIN,MAX sets both.
    """
    raw = os.environ.get("DB_POOL", "").strip().lower()
    if raw in ("", "0", "false", "no", "off"):
        return database
    if database["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DB_POOL is set but DATABASE_URL is not PostgreSQL.")
    if raw in ("1", "true", "yes", "on"):
        min_size, max_size = DEFAULT_POOL
    else:
        try:
            min_size, max_size = (int(part) for part in raw.split(","))
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"DB_POOL must be 1 or MIN,MAX (two integers), not {raw!r}."
            ) from exc
        if not 0 <= min_size <= max_size or max_size < 1:
            raise ImproperlyConfigured(f"DB_POOL needs 0 <= MIN <= MAX and MAX >= 1, got {raw!r}.")
    if importlib.util.find_spec("psycopg_pool") is None:
        raise ImproperlyConfigured("DB_POOL is set but psycopg_pool is not installed.")
    pooled = {**database, "CONN_MAX_AGE": 0}  # Django refuses persistent connections with a pool
    pooled["OPTIONS"] = {
        **database.get("OPTIONS", {}),
        "pool": {"min_size": min_size, "max_size": max_size, "timeout": 10},
    }
    return pooled


def media_storage(default: dict) -> dict:
    """S3-compatible media storage when AWS_STORAGE_BUCKET_NAME is set (pip install '.[s3]').

    Credentials come from the usual AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY variables or an
    instance role; AWS_S3_ENDPOINT_URL points at MinIO, R2, Spaces, ...
    """
    bucket = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
    if not bucket:
        return default
    if importlib.util.find_spec("storages") is None:
        raise ImproperlyConfigured(
            "AWS_STORAGE_BUCKET_NAME is set but django-storages is not installed: "
            "pip install '.[s3]'."
        )
    options = {"bucket_name": bucket, "file_overwrite": False, "default_acl": None}
    for option, variable in (
        ("endpoint_url", "AWS_S3_ENDPOINT_URL"),
        ("region_name", "AWS_S3_REGION_NAME"),
        ("custom_domain", "AWS_S3_CUSTOM_DOMAIN"),
        ("location", "AWS_S3_LOCATION"),
    ):
        if os.environ.get(variable):
            options[option] = os.environ[variable]
    options["querystring_auth"] = os.environ.get("AWS_QUERYSTRING_AUTH", "0") in ("1", "true")
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


def frontend_cache() -> dict:
    """Wagtail frontend-cache backends to purge on publish; empty (off) unless configured."""
    backends = {}
    if os.environ.get("FRONTEND_CACHE_HTTP_LOCATION"):  # Varnish, Squid, nginx proxy_cache_purge
        backends["http"] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": os.environ["FRONTEND_CACHE_HTTP_LOCATION"],
        }
    if os.environ.get("CLOUDFLARE_ZONEID"):
        try:
            backends["cloudflare"] = {
                "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
                "BEARER_TOKEN": os.environ["CLOUDFLARE_BEARER_TOKEN"],
                "ZONEID": os.environ["CLOUDFLARE_ZONEID"],
            }
        except KeyError as exc:
            raise ImproperlyConfigured(
                "CLOUDFLARE_ZONEID is set but CLOUDFLARE_BEARER_TOKEN is not."
            ) from exc
    if os.environ.get("CLOUDFRONT_DISTRIBUTION_ID"):
        backends["cloudfront"] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
            "DISTRIBUTION_ID": os.environ["CLOUDFRONT_DISTRIBUTION_ID"],
        }
    return backends


REDIS_BACKEND = "django.core.cache.backends.redis.RedisCache"
LOCMEM_BACKEND = "django.core.cache.backends.locmem.LocMemCache"


def _server(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    return (parts.hostname or "localhost", parts.port or 6379)


def caches(redis_url: str, tags_dir) -> dict:
    """The cache aliases: what must never be evicted apart from what may be (docs/scaling.md).

    ``default`` (rate-limit counters, Wagtail's small caches) and ``pagecache_tags`` live in
    REDIS_URL, which must run with ``maxmemory-policy noeviction``. Stored responses
    (``pagecache``) live in PAGECACHE_REDIS_URL, a separate Redis server with
    ``allkeys-lru``, or else in each process's memory, bounded by PAGECACHE_MAX_ENTRIES.
    """
    prefix = os.environ.get("CACHE_KEY_PREFIX", "careers")
    entries_url = os.environ.get("PAGECACHE_REDIS_URL", "")
    try:
        max_entries = int(os.environ.get("PAGECACHE_MAX_ENTRIES", "1000"))
    except ValueError as exc:
        raise ImproperlyConfigured("PAGECACHE_MAX_ENTRIES must be an integer.") from exc
    if redis_url:
        durable = {"BACKEND": REDIS_BACKEND, "LOCATION": redis_url, "KEY_PREFIX": prefix}
        aliases = {"default": durable, "pagecache_tags": durable}
    else:
        aliases = {
            "default": {"BACKEND": LOCMEM_BACKEND, "LOCATION": "careers-cms"},
            # Tags must be shared by every worker process, or one worker would serve what
            # another has invalidated: files on this machine, Redis beyond it.
            "pagecache_tags": {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": os.environ.get("PAGECACHE_TAGS_DIR", tags_dir),
                "TIMEOUT": None,
                "OPTIONS": {"MAX_ENTRIES": 1_000_000},
            },
        }
    if not entries_url:
        aliases["pagecache"] = {
            "BACKEND": LOCMEM_BACKEND,
            "LOCATION": "pagecache-entries",
            "OPTIONS": {"MAX_ENTRIES": max_entries},
        }
        return aliases
    if not redis_url:
        raise ImproperlyConfigured(
            "PAGECACHE_REDIS_URL is set but REDIS_URL is not: shared responses need shared "
            "invalidation tags (REDIS_URL)."
        )
    if _server(entries_url) == _server(redis_url):
        raise ImproperlyConfigured(
            "PAGECACHE_REDIS_URL must name another Redis server than REDIS_URL: "
            "maxmemory-policy is per server, and responses may be evicted (allkeys-lru) "
            "while rate-limit counters and invalidation tags must not (noeviction)."
        )
    aliases["pagecache"] = {
        "BACKEND": REDIS_BACKEND,
        "LOCATION": entries_url,
        "KEY_PREFIX": prefix,
    }
    return aliases
