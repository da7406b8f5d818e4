"""In-process figures for bench/run.py: SQL queries and median time per request, as JSON.

Uses Django's test Client (full middleware stack, no network) and CaptureQueriesContext, so
the numbers isolate Django's own work from gunicorn and the load generator.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SAMPLES = int(os.environ.get("BENCH_INPROCESS_SAMPLES", "30"))


def measure(client, url: str, samples: int = SAMPLES) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = client.get(url)  # fills per-process caches, as on a running server
    if first.status_code != 200:
        raise SystemExit(f"{url} answered {first.status_code}: {first.content[:300]!r}")
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    # Read now: every request start empties the connection's query log.
    query_count = len(queries.captured_queries)
    timings, cpu = [], []
    for _ in range(samples):
        started, started_cpu = time.perf_counter(), time.process_time()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return {
        "queries": query_count,
        "median_ms": round(statistics.median(timings), 2),
        # CPU time of this process: less distorted by other load on the machine than wall
        # time (but it leaves out PostgreSQL's own work, which runs in another process).
        "median_cpu_ms": round(statistics.median(cpu), 2),
        "cache": client.get(url).get("X-Page-Cache", ""),
    }


def profile(url: str, runs: int = 10) -> list[str]:
    """Where a cold role-page render spends its time: the top entries by cumulative time."""
    import cProfile
    import io
    import pstats

    from django.test import Client, override_settings

    with override_settings(PAGECACHE_ENABLED=False):
        client = Client(HTTP_HOST="127.0.0.1")
        client.get(url)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(runs):
            client.get(url)
        profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(r"(wagtail|careers|django/(db|template))", 25)
    lines = [line for line in out.getvalue().splitlines() if "/" in line and "(" in line]
    return [" ".join(line.split()).replace(str(Path(sys.prefix)), "~venv") for line in lines]


def main() -> None:
    import django

    django.setup()
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.test import Client, override_settings

    from careers.models import RolePage

    roles = list(RolePage.objects.live().order_by("path").values_list("id", "url_path"))
    role_id = roles[len(roles) // 2][0]
    role_url = RolePage.objects.get(pk=role_id).url
    urls = {
        "careers_index": "/careers/",
        "role_page": role_url,
        "api_v2_detail": f"/api/v2/pages/{role_id}/",
        "api_v2_listing_50": "/api/v2/pages/?type=careers.RolePage&fields=*&limit=50",
        "api_v3_detail": f"/api/v3/pages/{role_id}/",
        # Finding roles (docs/finding-roles.md): URLs with parameters are never cached.
        "careers_filtered": "/careers/?q=python&min_salary=300000&internships=1",
        "search": "/search/?q=python",
        "compare_3": "/careers/compare/?roles="
        + ",".join(RolePage.objects.live().order_by("path").values_list("slug", flat=True)[:3]),
    }
    results = {"cold": {}, "warm": {}}
    with override_settings(PAGECACHE_ENABLED=False):
        cold = Client(HTTP_HOST="127.0.0.1")
        for name, url in urls.items():
            results["cold"][name] = measure(cold, url)
    with override_settings(PAGECACHE_ENABLED=True):
        warm = Client(HTTP_HOST="127.0.0.1")
        for name, url in urls.items():
            results["warm"][name] = measure(warm, url)
    results["role_page_profile"] = profile(urls["role_page"])
    results["urls"] = urls
    results["role_urls"] = [RolePage.objects.get(pk=pk).url for pk, _ in roles]
    results["static_url"] = staticfiles_storage.url("css/site.css")
    results["role_count"] = len(roles)
    results["load_average"] = os.getloadavg()
    print(json.dumps(results))


if __name__ == "__main__":
    main()
