"""Two real gunicorn servers share one PostgreSQL and one Redis: a publish is never stale."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

from django.db import connection

from wagtail.models import Site

import pytest
import redis

from careers.models import CareersSettings

REPO = Path(__file__).resolve().parents[1]
GUNICORN = Path(sys.executable).with_name("gunicorn")
# Ports from this project's range for the cache tests (docs/scaling.md).
PORTS = (int(os.environ.get("PAGECACHE_LIVE_PORT_A", "8163")), 8164)
REDIS_URL = os.environ.get("PAGECACHE_TEST_REDIS_URL", "redis://127.0.0.1:6379/6")

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]


def redis_reachable(url: str) -> str | None:
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except (redis.RedisError, OSError) as exc:
        return str(exc)
    return None


def fetch(port: int, path: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
            return (
                response.status,
                response.headers.get("X-Page-Cache", ""),
                response.read().decode(),
            )
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("X-Page-Cache", ""), ""


def wait_until_serving(port: int, process: subprocess.Popen, deadline: float) -> None:
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn on port {port} exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn on port {port} did not start within the deadline")


@pytest.fixture
def shared_redis(settings):
    """Point this test process at the Redis the servers use, under a prefix of its own."""
    problem = redis_reachable(REDIS_URL)
    if problem:
        pytest.skip(
            f"Redis at {REDIS_URL} is unreachable ({problem}); set PAGECACHE_TEST_REDIS_URL"
        )
    prefix = f"livetest-{uuid.uuid4().hex[:8]}"
    redis_cache = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": prefix,
    }
    settings.CACHES = {
        "default": redis_cache,
        "pagecache_tags": redis_cache,
        "pagecache": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    yield prefix

    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(f"{prefix}:*"))
    if keys:
        client.delete(*keys)


@pytest.fixture
def two_servers(shared_redis):
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL: both servers must read the committed test database, and "
            "SQLite's test database lives in this process's memory"
        )
    db = connection.settings_dict
    database_url = (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )
    env = {
        **os.environ,
        # Test settings: DEBUG off, static files without a manifest (no collectstatic needed).
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": shared_redis,
        "PAGECACHE": "1",
        "CONN_MAX_AGE": "0",
    }
    env.pop("TEST_DATABASE_NAME", None)
    processes = []
    try:
        for port in PORTS:
            processes.append(
                subprocess.Popen(
                    [str(GUNICORN), "cms.wsgi:application", "-b", f"127.0.0.1:{port}", "-w", "1"],
                    cwd=REPO,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                )
            )
        deadline = time.monotonic() + 60
        for port, process in zip(PORTS, processes, strict=True):
            wait_until_serving(port, process, deadline)
        yield PORTS, env
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def test_publish_is_immediately_visible_through_the_other_server(make_role, two_servers):
    (port_a, port_b), env = two_servers
    page = make_role("Data Engineer")
    # A running site has its settings row; creating it on first read invalidates everything.
    CareersSettings.for_site(Site.objects.get(is_default_site=True))
    for port in (port_a, port_b):
        for path in (page.url, "/careers/", f"/api/v2/pages/{page.id}/"):
            assert fetch(port, path)[0] == 200
            status, state, _ = fetch(port, path)
            assert (status, state) == (200, "hit"), (port, path)

    # Publish in this process (as an editor on server A would): same database, same Redis.
    page.intro = "Rewritten intro, published once."
    page.role_name = "Data Platform Engineer"
    page.save_revision().publish()

    status, state, body = fetch(port_b, page.url)
    assert (status, state) == (200, "miss")
    assert "Rewritten intro, published once." in body
    assert "Data Platform Engineer" in fetch(port_b, "/careers/")[2]
    assert "Rewritten intro, published once." in fetch(port_b, f"/api/v2/pages/{page.id}/")[2]
    assert "Rewritten intro, published once." in fetch(port_a, page.url)[2]

    # Unpublish from a separate process (a management shell next to server A).
    unpublish = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            f"from wagtail.models import Page; Page.objects.get(pk={page.pk}).specific.unpublish()",
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert unpublish.returncode == 0, unpublish.stderr
    assert fetch(port_b, page.url)[0] == 404
    assert fetch(port_a, f"/api/v2/pages/{page.id}/")[0] == 404
    assert "Data Platform Engineer" not in fetch(port_b, "/careers/")[2]
