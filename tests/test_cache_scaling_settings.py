"""The environment switches documented in docs/scaling.md: pool, S3 media, CDN purge."""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.db import connection

import pytest

from cms.settings.scaling import database_pool, frontend_cache, media_storage

POSTGRES = {"ENGINE": "django.db.backends.postgresql", "NAME": "careers", "CONN_MAX_AGE": 60}
SQLITE = {"ENGINE": "django.db.backends.sqlite3", "NAME": "db.sqlite3"}


def test_pool_is_off_unless_asked(monkeypatch):
    monkeypatch.delenv("DB_POOL", raising=False)
    assert database_pool(POSTGRES) is POSTGRES


@pytest.mark.parametrize(("raw", "sizes"), [("1", (2, 10)), ("4,32", (4, 32))])
def test_pool_sizes_and_persistent_connections_off(monkeypatch, raw, sizes):
    monkeypatch.setenv("DB_POOL", raw)
    pooled = database_pool(POSTGRES)
    assert (pooled["OPTIONS"]["pool"]["min_size"], pooled["OPTIONS"]["pool"]["max_size"]) == sizes
    assert pooled["CONN_MAX_AGE"] == 0


@pytest.mark.parametrize(
    ("raw", "database", "message"),
    [
        ("1", SQLITE, "not PostgreSQL"),
        ("lots", POSTGRES, "DB_POOL must be 1 or MIN,MAX"),
        ("9,3", POSTGRES, "MIN <= MAX"),
    ],
)
def test_bad_pool_settings_name_the_problem(monkeypatch, raw, database, message):
    monkeypatch.setenv("DB_POOL", raw)
    with pytest.raises(ImproperlyConfigured, match=message):
        database_pool(database)


@pytest.mark.skipif(
    importlib.util.find_spec("storages") is not None, reason="django-storages is installed"
)
def test_s3_bucket_without_django_storages_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("AWS_STORAGE_BUCKET_NAME", "media")
    with pytest.raises(ImproperlyConfigured, match=r"pip install '\.\[s3\]'"):
        media_storage({"BACKEND": "x"})


def test_media_stays_on_disk_without_a_bucket(monkeypatch):
    monkeypatch.delenv("AWS_STORAGE_BUCKET_NAME", raising=False)
    default = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert media_storage(default) is default


def test_frontend_cache_is_off_by_default_and_configurable(monkeypatch):
    for name in ("FRONTEND_CACHE_HTTP_LOCATION", "CLOUDFLARE_ZONEID", "CLOUDFRONT_DISTRIBUTION_ID"):
        monkeypatch.delenv(name, raising=False)
    assert frontend_cache() == {}
    monkeypatch.setenv("FRONTEND_CACHE_HTTP_LOCATION", "http://127.0.0.1:6081")
    monkeypatch.setenv("CLOUDFLARE_ZONEID", "zone")
    with pytest.raises(ImproperlyConfigured, match="CLOUDFLARE_BEARER_TOKEN"):
        frontend_cache()
    monkeypatch.setenv("CLOUDFLARE_BEARER_TOKEN", "token")
    assert set(frontend_cache()) == {"http", "cloudflare"}


@pytest.mark.django_db
def test_pool_really_serves_queries_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("the connection pool is a PostgreSQL feature")
    db = connection.settings_dict
    env = {
        **os.environ,
        "DB_POOL": "1,2",
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
    }
    code = (
        "from django.db import connection;"
        "from wagtail.models import Page;"
        "Page.objects.count();"
        "print(type(connection.pool).__name__)"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=Path(__file__).resolve().parents[1],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("ConnectionPool")
