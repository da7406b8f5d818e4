"""Anonymous visitors cannot fill the cache without bound, and what is dropped is never stale."""

import os
import shutil
import socket
import subprocess
import sys
import time

from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, RequestFactory

from wagtail.models import Site

import pytest
import redis

from applications import ratelimit
from careers.models import CareersSettings
from cms.settings.scaling import caches as cache_settings
from pagecache import tags


@pytest.fixture
def cached_client(settings, home):
    settings.PAGECACHE_ENABLED = True
    CareersSettings.for_site(Site.objects.get(is_default_site=True))
    return Client()


def state(client, url):
    response = client.get(url)
    return response.status_code, response["X-Page-Cache"]


def stored(client, url) -> bool:
    """Whether a second request for the URL is answered from the cache."""
    first = client.get(url)
    assert first.status_code == 200, (url, first.content[:300])
    return client.get(url)["X-Page-Cache"] == "hit"


# --- the key space -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "search=data",  # free text: every word would be an entry
        "skill=python",
        "min_base_max=90000",  # any number up to the column's limit
        "limit=7",  # not an allowed page size
        "limit=020",  # not the canonical spelling of an allowed one
        "limit=20&limit=10",  # repeated
        "offset=00",
        "rich_text_format=html&nonsense=1",
    ],
)
def test_v3_queries_outside_the_key_space_are_served_not_stored(cached_client, role_page, query):
    url = f"/api/v3/pages/?{query}"
    response = cached_client.get(url)
    assert response.status_code in (200, 400)
    assert state(cached_client, url)[1] != "hit"


@pytest.mark.parametrize("query", ["_=1712345678", "search=data", "fields=title&format=json"])
def test_v2_cache_busters_and_free_text_are_not_stored(cached_client, role_page, query):
    url = f"/api/v2/pages/?{query}"
    cached_client.get(url)
    assert state(cached_client, url)[1] != "hit"


@pytest.mark.parametrize(
    "url",
    [
        "/api/v3/pages/",
        "/api/v3/pages/?limit=10",
        "/api/v3/pages/?limit=50&order=-year&rich_text_format=markdown",
        "/api/v2/pages/?type=careers.RolePage&fields=*&limit=50",
    ],
)
def test_known_bounded_parameters_are_stored(cached_client, role_page, url):
    assert stored(cached_client, url)


def test_parameter_order_does_not_make_new_entries(cached_client, role_page):
    cached_client.get("/api/v3/pages/?limit=10&order=year")
    assert state(cached_client, "/api/v3/pages/?order=year&limit=10&utm_source=x")[1] == "hit"


def test_offset_is_stored_only_within_the_results(cached_client, make_role):
    for name in ("Data Engineer", "Security Engineer"):
        make_role(name)
    assert stored(cached_client, "/api/v3/pages/?limit=10&offset=1")
    for offset in (2, 3, 999999):
        url = f"/api/v3/pages/?limit=10&offset={offset}"
        assert cached_client.get(url).json()["items"] == []
        assert state(cached_client, url)[1] == "uncacheable"


def test_exact_filters_are_stored_only_when_they_match(cached_client, role_page):
    assert stored(cached_client, f"/api/v3/pages/?slug={role_page.slug}")
    assert stored(cached_client, f"/api/v2/pages/?slug={role_page.slug}")
    for url in ("/api/v3/pages/?slug=no-such-role", "/api/v2/pages/?slug=made-up-0001"):
        cached_client.get(url)
        assert state(cached_client, url) == (200, "uncacheable")


def test_a_flood_of_distinct_queries_stores_nothing(cached_client, role_page):
    for n in range(30):
        for url in (
            f"/api/v3/pages/?search=word{n}",
            f"/api/v3/pages/?slug=guess-{n}",
            f"/api/v3/pages/?limit=10&offset={n + 5}",
            f"/api/v2/pages/?_={n}",
        ):
            cached_client.get(url)
    assert len(caches["pagecache"]._cache) == 0


# --- the size bound and where each kind of key lives ----------------------------------------


def test_without_redis_responses_are_bounded_in_each_process(monkeypatch, tmp_path):
    monkeypatch.delenv("PAGECACHE_REDIS_URL", raising=False)
    monkeypatch.setenv("PAGECACHE_MAX_ENTRIES", "250")
    aliases = cache_settings("", tmp_path)
    assert aliases["pagecache"]["OPTIONS"]["MAX_ENTRIES"] == 250
    assert aliases["pagecache"]["LOCATION"] != aliases["default"]["LOCATION"]


def test_redis_url_holds_counters_and_tags_and_responses_stay_apart(monkeypatch, tmp_path):
    monkeypatch.delenv("PAGECACHE_REDIS_URL", raising=False)
    aliases = cache_settings("redis://durable:6379/0", tmp_path)
    assert aliases["default"]["LOCATION"] == aliases["pagecache_tags"]["LOCATION"]
    assert aliases["pagecache"]["BACKEND"].endswith("LocMemCache")  # never in the durable Redis
    monkeypatch.setenv("PAGECACHE_REDIS_URL", "redis://responses:6379/0")
    aliases = cache_settings("redis://durable:6379/0", tmp_path)
    assert aliases["pagecache"]["LOCATION"] == "redis://responses:6379/0"


@pytest.mark.parametrize(
    ("durable", "entries", "message"),
    [
        ("redis://cache:6379/0", "redis://cache:6379/1", "maxmemory-policy is per server"),
        ("", "redis://responses:6379/0", "REDIS_URL is not"),
    ],
)
def test_misplaced_response_store_is_refused(monkeypatch, tmp_path, durable, entries, message):
    monkeypatch.setenv("PAGECACHE_REDIS_URL", entries)
    with pytest.raises(ImproperlyConfigured, match=message):
        cache_settings(durable, tmp_path)


def test_the_running_settings_keep_counters_and_tags_out_of_the_response_store(settings):
    assert settings.PAGECACHE_CACHE not in ("default", settings.PAGECACHE_TAGS_CACHE)
    assert settings.CACHES[settings.PAGECACHE_CACHE] != settings.CACHES["default"]


def test_filling_the_response_store_drops_no_counter_and_no_tag(settings, cached_client, make_role):
    settings.APPLICATION_RATE_LIMIT = "2/h"
    settings.CACHES = {
        **settings.CACHES,
        "pagecache": {**settings.CACHES["pagecache"], "OPTIONS": {"MAX_ENTRIES": 3}},
    }
    visitor = RequestFactory().post("/api/applications/", REMOTE_ADDR="203.0.113.9")
    assert ratelimit.consume(visitor) is None
    first = make_role("Data Engineer")
    cached_client.get(first.url)
    recorded = caches["pagecache"]  # the entries, as the middleware stores them
    for n in range(12):
        cached_client.get(make_role(f"Role {n}").url)
    assert len(recorded._cache) <= 3
    assert tags.current_values({tags.page_tag(first.pk)})  # tags were not culled with them
    assert ratelimit.consume(visitor) is None  # the second of two allowed
    assert ratelimit.retry_after(visitor) is not None  # the first was still counted


# --- a dropped or refused tag is a miss, never a stale hit ----------------------------------


@pytest.fixture
def private_redis(tmp_path):
    """A Redis server of our own, so maxmemory can be set without touching the shared one."""
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
            "--maxmemory-policy",
            "noeviction",
        ],
        stdout=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port)
    for _ in range(200):  # wait until it accepts connections, not a timing assertion
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0", client
    process.terminate()
    process.wait()


def test_a_full_tag_store_still_invalidates(settings, cached_client, role_page, private_redis):
    url, server = private_redis
    settings.CACHES = {
        **settings.CACHES,
        "pagecache_tags": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
        },
    }
    assert stored(cached_client, role_page.url)
    # Hold more than the limit: under noeviction the server now refuses every write.
    server.set("filler", b"x" * 1024 * 1024)
    server.config_set("maxmemory", server.info("memory")["used_memory"] // 2)
    with pytest.raises(redis.exceptions.OutOfMemoryError):
        server.set("one-more", b"x")

    role_page.intro = "Published while the tag store was full."
    role_page.save_revision().publish()

    response = cached_client.get(role_page.url)
    assert response["X-Page-Cache"] != "hit"
    assert b"Published while the tag store was full." in response.content


def test_file_tag_writes_never_list_the_tag_directory(tmp_path, monkeypatch):
    store = tags.TagFileCache(str(tmp_path / "tags"), {"TIMEOUT": None})
    for number in range(30):
        store.set(f"pc:t:page:{number}", "v", timeout=None)

    def listed():
        raise AssertionError("a tag write listed the whole tag directory")

    # Django's FileBasedCache globs every file on each set() to decide whether to cull.
    monkeypatch.setattr(store, "_list_cache_files", listed)
    store.set("pc:t:page:30", "v", timeout=None)
    store.set_many({"pc:t:pages": "w", "pc:t:seq": "w"}, timeout=None)
    assert store.get("pc:t:page:30") == "v" and store.get("pc:t:page:0") == "v"


def test_without_redis_the_tags_use_the_file_store_that_does_not_cull():
    # A fresh interpreter: the test settings replace the tag store (and share base's dict).
    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    code = "from cms.settings import base; print(base.CACHES['pagecache_tags']['BACKEND'])"
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "pagecache.tags.TagFileCache"
