"""`make bench-scale`: does the site stay flat from 200 to 10,000 role pages? (issue 18)

For each size in SCALE_SIZES it recreates a PostgreSQL database, builds the site
(`setup_site`), imports generated documents (bench/scale_data.py) with `import_roles --publish`
for the import rate and the import's peak RSS, then measures in-process (Django's test Client,
page cache off, median of SCALE_SAMPLES after one warm-up, SQL queries counted with
CaptureQueriesContext) the public pages, sitemaps, API listings at a deep offset and the admin,
and times `check_content` and `export_roles` over every page. Past SCALE_IMPORT_MAX documents
the rest are written by the bulk path (--bulk below): real, live, revisioned, search-indexed
pages, without the importer's per-document validation. Prints a table per size and the growth
from the smallest to the largest size against the issue's targets; writes the "scale" key of
bench/results.json and the figures block of docs/bench.md ("Scale").

Environment: SCALE_SIZES (default "200,2000,10000"), DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/careers_bench_scale; dropped and recreated per size),
SCALE_TIMEOUT (seconds for the whole run, default 3600), SCALE_IMPORT_MAX (default 2000),
SCALE_SAMPLES (default 10), SCALE_SEED (default 2026).
"""

from __future__ import annotations

import cProfile
import importlib.util
import io
import json
import os
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import scale_data  # noqa: E402

_spec = importlib.util.spec_from_file_location("bench_run", REPO / "bench" / "run.py")
bench_run = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_run)

SIZES = [int(s) for s in os.environ.get("SCALE_SIZES", "200,2000,10000").split(",") if s.strip()]
DATABASE_URL = os.environ.get(
    "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/careers_bench_scale"
)
TIMEOUT = int(os.environ.get("SCALE_TIMEOUT", "3600"))
IMPORT_MAX = int(os.environ.get("SCALE_IMPORT_MAX", "2000"))
SAMPLES = int(os.environ.get("SCALE_SAMPLES", "10"))
SEED = int(os.environ.get("SCALE_SEED", "2026"))
VAR = REPO / "var" / "bench-scale"
SITEMAP_FILES_MEASURED = 5  # each sitemap file of an index, up to this many
BULK_CHUNK = 250
MARK_BEGIN, MARK_END = "<!-- scale:begin -->", "<!-- scale:end -->"

# Issue 18's targets.
FLAT = 1.5
IMPORT_RATE = 50.0
CHECK_CONTENT_10K_S = 60.0
IMPORT_RSS_MB = 300.0
REQUESTS = [
    "role_page",
    "careers_first",
    "careers_last",
    "careers_q_internships",
    "search",
    "compare_3",
    "sitemap",
    "sitemap_files",
    "api_v2_deep",
    "api_v3_deep",
    "admin_explorer",
    "admin_search",
]


def log(message: str) -> None:
    print(f"[bench-scale {time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- the driver -------------------------------------------------------------------------------


class Deadline:
    """The whole run's time budget: every child step gets what is left of it."""

    def __init__(self, seconds: int):
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        remaining = self.end - time.monotonic()
        if remaining <= 0:
            raise TimeoutError(f"SCALE_TIMEOUT ({TIMEOUT} s) reached")
        return remaining


def child(args: list[str], env: dict, what: str, deadline: Deadline) -> tuple[str, dict]:
    """Run a step in its own process; its stdout, and its own resource usage (os.wait4)."""
    log_path = VAR / f"{what.replace(' ', '-')}.log"
    with open(log_path, "w") as out:
        process = subprocess.Popen(args, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
        started = time.monotonic()
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - started > deadline.left():
                process.kill()
                process.wait()
                raise TimeoutError(f"{what}: SCALE_TIMEOUT reached")
            time.sleep(0.05)
    process.returncode = os.waitstatus_to_exitcode(status)
    text = log_path.read_text()
    if process.returncode != 0:
        raise RuntimeError(f"{what} failed (exit {process.returncode}):\n{text[-4000:]}")
    return text, {
        "seconds": round(time.monotonic() - started, 2),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
    }


def write_documents(directory: Path, size: int, start: int, stop: int) -> int:
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    everyone = scale_data.roles(size, SEED)
    for role in everyone[start:stop]:
        name = f"{role.number:05d}-{role.slug}.txt"
        (directory / name).write_text(scale_data.document(role, everyone, SEED))
    return stop - start


def bench_size(size: int, deadline: Deadline) -> dict:
    problem = bench_run.postgres_ready(DATABASE_URL, fresh=True)
    if problem:
        raise RuntimeError(f"PostgreSQL unavailable at {DATABASE_URL}: {problem}")
    env = bench_run.base_env(DATABASE_URL, None)
    tags = VAR / "pagecache-tags"
    shutil.rmtree(tags, ignore_errors=True)
    env["PAGECACHE_TAGS_DIR"] = str(tags)
    py = sys.executable
    log(f"{size}: migrate")
    child([py, "manage.py", "migrate", "--noinput"], env, f"{size} migrate", deadline)
    if bench_run.static_is_stale():
        log(f"{size}: collectstatic")
        child([py, "manage.py", "collectstatic", "--noinput"], env, "collectstatic", deadline)
    child([py, "manage.py", "setup_site", "--no-admin"], env, f"{size} setup_site", deadline)

    imported = min(size, IMPORT_MAX)
    docs = VAR / "documents"
    write_documents(docs, size, 0, imported)
    log(f"{size}: import_roles --publish of {imported} documents")
    _, usage = child(
        [py, "manage.py", "import_roles", str(docs), "--publish"],
        env,
        f"{size} import",
        deadline,
    )
    result = {
        "size": size,
        "import": {
            "documents": imported,
            "seconds": usage["seconds"],
            "documents_per_s": round(imported / usage["seconds"], 1),
            "peak_rss_mb": usage["peak_rss_mb"],
        },
    }
    log(f"{size}: imported at {result['import']['documents_per_s']} documents/s")
    if size > imported:
        log(f"{size}: bulk path for documents {imported + 1}..{size}")
        out, usage = child(
            [py, __file__, "--bulk", str(size), str(imported)], env, f"{size} bulk", deadline
        )
        result["bulk"] = {
            "documents": size - imported,
            "seconds": usage["seconds"],
            "documents_per_s": round((size - imported) / usage["seconds"], 1),
            "method": "add_child + bulk revisions/log entries + deferred search indexing",
        }
        log(f"{size}: bulk path at {result['bulk']['documents_per_s']} documents/s")
    # What autovacuum does on a live site soon after a bulk load: fresh planner statistics.
    analyze(DATABASE_URL)
    log(f"{size}: in-process measurements")
    out, _ = child([py, __file__, "--measure", str(size)], env, f"{size} measure", deadline)
    result.update(json.loads(out.strip().splitlines()[-1]))
    return result


def analyze(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("ANALYZE")


def growth(results: list[dict], key: str, field: str = "median_ms"):
    first, last = results[0]["requests"].get(key), results[-1]["requests"].get(key)
    if not first or not last or not first.get(field) or last.get(field) is None:
        return None
    return round(last[field] / first[field], 2)


def print_size(result: dict) -> None:
    print(f"\n== {result['size']} role pages (PostgreSQL, page cache off, in-process) ==")
    imp = result["import"]
    print(
        f"import_roles --publish: {imp['documents']} documents in {imp['seconds']} s = "
        f"{imp['documents_per_s']} documents/s, peak RSS {imp['peak_rss_mb']} MB"
    )
    if result.get("bulk"):
        bulk = result["bulk"]
        print(
            f"bulk path ({bulk['method']}): {bulk['documents']} documents at "
            f"{bulk['documents_per_s']} documents/s"
        )
    print(
        f"{'request':<24}{'median ms':>10}{'min ms':>8}{'CPU ms':>8}{'SQL ms':>8}{'SQL':>6}{'KB':>9}"
        "  url"
    )
    for name in REQUESTS:
        row = result["requests"].get(name)
        if not row:
            continue
        if row.get("error"):
            print(f"{name:<24}{'—':>10}{'':>24}{'—':>6}{'—':>9}  {row['url']}  ({row['error']})")
            continue
        print(
            f"{name:<24}{row['median_ms']:>10.1f}{row['min_ms']:>8.1f}{row['median_cpu_ms']:>8.1f}"
            f"{row['sql_ms']:>8.1f}{row['queries']:>6}{row['kb']:>9.1f}  {row['url']}"
        )
    for name in ("check_content", "export_roles"):
        row = result[name]
        print(
            f"{name:<24}{row['seconds'] * 1000:>10.0f}{'':>24}{row['queries']:>6}{'':>9}  "
            "(all pages, once)"
        )


def summary_rows(results: list[dict]) -> list[tuple[str, str, str, str, str, str]]:
    """(figure, smallest, largest, growth, target, verdict) rows."""
    first, last = results[0], results[-1]
    rows = []
    for name in REQUESTS:
        a, b = first["requests"].get(name), last["requests"].get(name)
        if not a or not b or a.get("error") or b.get("error"):
            continue
        factor = growth(results, name)
        best = growth(results, name, "min_ms")
        queries = f"{a['queries']}→{b['queries']} SQL, min {best}×"
        verdict = "met" if factor is not None and factor <= FLAT else "MISSED"
        rows.append(
            (
                name,
                f"{a['median_ms']:.1f} ms",
                f"{b['median_ms']:.1f} ms ({queries})",
                f"{factor}×",
                f"≤ {FLAT}×",
                verdict,
            )
        )
    rates = [r["import"]["documents_per_s"] for r in results]
    biggest = results[-1]
    # The target is a rate sustained over 2,000 documents: judged on the runs that long.
    sustained = [
        r["import"]["documents_per_s"] for r in results if r["import"]["documents"] >= 2000
    ]
    rows.append(
        (
            "import_roles --publish",
            f"{rates[0]} docs/s",
            f"{rates[-1]} docs/s ({biggest['import']['documents']} docs)",
            f"{round(rates[-1] / rates[0], 2)}×" if rates[0] else "—",
            f"≥ {IMPORT_RATE:.0f} docs/s",
            "met" if min(sustained or rates) >= IMPORT_RATE else "MISSED",
        )
    )
    check = last["check_content"]["seconds"]
    at_10k = last["size"] >= 10_000
    rows.append(
        (
            "check_content",
            f"{first['check_content']['seconds']} s",
            f"{check} s",
            f"{round(check / first['check_content']['seconds'], 2)}×",
            f"≤ {CHECK_CONTENT_10K_S:.0f} s at 10k",
            ("met" if check <= CHECK_CONTENT_10K_S else "MISSED") if at_10k else "n/a (<10k)",
        )
    )
    rows.append(
        (
            "export_roles",
            f"{first['export_roles']['seconds']} s",
            f"{last['export_roles']['seconds']} s",
            f"{round(last['export_roles']['seconds'] / first['export_roles']['seconds'], 2)}×",
            "—",
            "—",
        )
    )
    rss = max(r["import"]["peak_rss_mb"] for r in results)
    rows.append(
        (
            "import peak RSS",
            f"{first['import']['peak_rss_mb']} MB",
            f"{biggest['import']['peak_rss_mb']} MB ({biggest['import']['documents']} docs)",
            "—",
            f"≤ {IMPORT_RSS_MB:.0f} MB",
            "met" if rss <= IMPORT_RSS_MB else "MISSED",
        )
    )
    return rows


def markdown(results: list[dict], rows: list) -> str:
    sizes = [r["size"] for r in results]
    out = [
        f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, sizes "
        f"{', '.join(f'{s:,}' for s in sizes)}, {os.cpu_count()} CPUs "
        f"(load average at the end {results[-1].get('load_average', ['?'])[0]}).",
        "",
        "| request | " + " | ".join(f"{s:,}" for s in sizes) + " | growth |",
        "|---|" + "---|" * len(sizes) + "---|",
    ]
    for name in REQUESTS:
        cells = []
        for r in results:
            row = r["requests"].get(name) or {}
            cells.append(
                "—"
                if not row or row.get("error")
                else f"{row['median_ms']:.1f} ms (min {row['min_ms']:.1f}, CPU "
                f"{row['median_cpu_ms']:.1f}, SQL {row['sql_ms']:.1f}), {row['queries']} q, "
                f"{row['kb']:.0f} KB"
            )
        factor, best = growth(results, name), growth(results, name, "min_ms")
        out.append(
            f"| {name} | " + " | ".join(cells) + f" | {factor or '—'}× (min {best or '—'}×) |"
        )
    for name in ("check_content", "export_roles"):
        cells = [f"{r[name]['seconds']} s, {r[name]['queries']} q" for r in results]
        out.append(f"| {name} (all pages) | " + " | ".join(cells) + " | |")
    cells = [
        f"{r['import']['documents_per_s']} docs/s, {r['import']['peak_rss_mb']} MB"
        + (f" (+{r['bulk']['documents']} bulk)" if r.get("bulk") else "")
        for r in results
    ]
    out.append("| import_roles --publish, peak RSS | " + " | ".join(cells) + " | |")
    out += [
        "",
        "| figure | smallest | largest | growth | target | verdict |",
        "|---|---|---|---|---|---|",
    ]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    for name in ("check_content", "export_roles"):
        out += ["", f"{name} at {sizes[-1]:,}, most repeated SQL statements:", "", "```"]
        out += results[-1][name].get("top_statements", []) + ["```"]
    profiles = results[-1].get("profiles", {})
    for name, lines in profiles.items():
        out += [
            "",
            f"Profile at {sizes[-1]:,}: {name} (10 requests, cumulative s, top entries):",
            "",
            "```",
        ]
        out += lines[:12] + ["```"]
    return "\n".join(out)


def write_outputs(results: list[dict], rows: list, elapsed: float, error: str | None) -> None:
    path = REPO / "bench" / "results.json"
    data = json.loads(path.read_text()) if path.exists() else {}
    data["scale"] = {
        "generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "database": re.sub(r"//[^@/]*@", "//", DATABASE_URL),
        "settings": {"samples": SAMPLES, "import_max": IMPORT_MAX, "seed": SEED},
        "sizes": results,
        "summary": [
            dict(
                zip(
                    ("figure", "smallest", "largest", "growth", "target", "verdict"),
                    row,
                    strict=True,
                )
            )
            for row in rows
        ],
        "elapsed_s": round(elapsed, 1),
        "error": error,
    }
    path.write_text(json.dumps(data, indent=2) + "\n")
    doc = REPO / "docs" / "bench.md"
    text = doc.read_text()
    if results and MARK_BEGIN in text and MARK_END in text:
        head, rest = text.split(MARK_BEGIN, 1)
        _, tail = rest.split(MARK_END, 1)
        doc.write_text(f"{head}{MARK_BEGIN}\n{markdown(results, rows)}\n{MARK_END}{tail}")


def main() -> int:
    if not DATABASE_URL.startswith(("postgres://", "postgresql://")):
        sys.exit(f"bench-scale runs on PostgreSQL; DATABASE_URL is {DATABASE_URL!r}")
    VAR.mkdir(parents=True, exist_ok=True)
    deadline = Deadline(TIMEOUT)
    started = time.monotonic()
    results, error = [], None
    for size in SIZES:
        try:
            results.append(bench_size(size, deadline))
        except (TimeoutError, RuntimeError) as exc:
            error = f"{size}: {exc}"
            log(error)
            break
        print_size(results[-1])
    rows = summary_rows(results) if results else []
    if rows:
        print(f"\n== growth {results[0]['size']} → {results[-1]['size']} against issue 18 ==")
        print(f"{'figure':<24}{'smallest':>14}{'largest':>46}{'growth':>9}  {'target':<18}verdict")
        for name, a, b, factor, target, verdict in rows:
            print(f"{name:<24}{a:>14}{b:>46}{factor:>9}  {target:<18}{verdict}")
        for name in ("check_content", "export_roles"):
            print(f"\n{name} at {results[-1]['size']}: most repeated SQL statements:")
            for line in results[-1][name].get("top_statements", []):
                print("  " + line)
        for name, lines in results[-1].get("profiles", {}).items():
            print(f"\nprofile at {results[-1]['size']}: {name} (10 requests, cumulative s):")
            for line in lines[:12]:
                print("  " + line)
    write_outputs(results, rows, time.monotonic() - started, error)
    log(
        f"wrote bench/results.json ('scale') and docs/bench.md in {time.monotonic() - started:.0f} s"
    )
    return 1 if error else 0


# --- child: the bulk path ---------------------------------------------------------------------


def bulk(size: int, start: int) -> None:
    """Documents start..size as live pages: add_child, one revision and publish log entry each.

    The fastest path that keeps pages real: the page row and tree position, derived columns
    (RolePage.save), reference index, search index (in bulk per chunk), revision (bulk) and
    the publish log entry (bulk); not the importer's validation, webhooks or social cards.
    """
    import django

    django.setup()
    from django.db import transaction
    from django.db.models.signals import post_save
    from django.utils import timezone

    from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision
    from wagtail.search import signal_handlers
    from wagtail.search.backends import get_search_backends

    from careers.models import CareersIndexPage, RolePage
    from careers.pipeline import load
    from careers.pipeline.parse import parse_document

    try:
        from pagecache.signals import deferred_invalidation
    except ImportError:  # the harness runs on trees without it
        from contextlib import nullcontext as deferred_invalidation

    index = CareersIndexPage.objects.get()
    families = load.Families.load()
    defaults = load.site_apply_defaults()
    stream = load.stream_block()
    everyone = scale_data.roles(size, SEED)
    handler = signal_handlers.post_save_signal_handler
    post_save.disconnect(handler, sender=RolePage)
    done = 0
    for offset in range(start, size, BULK_CHUNK):
        now = timezone.now()
        pages = []
        with transaction.atomic(), deferred_invalidation():
            for role in everyone[offset : offset + BULK_CHUNK]:
                source = f"{role.number:05d}-{role.slug}.txt"
                parsed = parse_document(scale_data.document(role, everyone, SEED), source)
                if not parsed.ok:
                    raise SystemExit(f"{source}: {parsed.errors[:3]}")
                payload = load.document_to_payload(
                    parsed.document, apply_defaults=defaults, families=families
                )
                page = RolePage(
                    **{name: payload[name] for name in load.PAYLOAD_FIELDS},
                    family=families.find(payload["family"]),
                    body=stream.to_python(payload["body"]),
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=now,
                    last_published_at=now,
                )
                index.add_child(instance=page)
                pages.append(page)
            revisions = Revision.objects.bulk_create(
                Revision(
                    content_type_id=page.content_type_id,
                    base_content_type_id=page.get_base_content_type().pk,
                    object_id=str(page.pk),
                    content=page.serializable_data(),
                    object_str=str(page)[:255],
                    created_at=now,
                )
                for page in pages
            )
            for page, revision in zip(pages, revisions, strict=True):
                Page.objects.filter(pk=page.pk).update(
                    latest_revision=revision, live_revision=revision
                )
                ReferenceIndex.create_or_update_for_object(page)
            PageLogEntry.objects.bulk_create(
                PageLogEntry(
                    content_type_id=page.content_type_id,
                    page_id=page.pk,
                    revision=revision,
                    action="wagtail.publish",
                    label=str(page)[:255],
                    timestamp=now,
                    content_changed=True,
                )
                for page, revision in zip(pages, revisions, strict=True)
            )
            for backend in get_search_backends(with_auto_update=True):
                backend.add_bulk(RolePage, pages)
        done += len(pages)
        print(f"bulk: {start + done}/{size}", flush=True)


# --- child: the measurements ------------------------------------------------------------------


def measure(client, url: str) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = client.get(url)  # the warm-up: per-process caches, as on a running server
    if first.status_code != 200:
        return {"url": url, "error": f"status {first.status_code}"}
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    count = len(queries.captured_queries)
    # Time PostgreSQL spent on this request's statements, as the database driver saw it.
    sql_ms = sum(float(query["time"]) for query in queries.captured_queries) * 1000
    timings, cpu = [], []
    for _ in range(SAMPLES):
        started, started_cpu = time.perf_counter(), time.process_time()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return {
        "url": url,
        "median_ms": round(statistics.median(timings), 2),
        # Less distorted by other load on a shared machine than the median (wall time):
        "min_ms": round(min(timings), 2),
        # This process's CPU only: PostgreSQL's own work runs in another process.
        "median_cpu_ms": round(statistics.median(cpu), 2),
        "queries": count,
        "sql_ms": round(sql_ms, 2),
        "kb": round(len(response.content) / 1024, 1),
    }


def profile(client, url: str) -> list[str]:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(10):
        client.get(url)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(
        r"(wagtail|careers|pagecache|django/(db|template))", 20
    )
    lines = [line for line in out.getvalue().splitlines() if "/" in line and "(" in line]
    return [" ".join(line.split()).replace(str(Path(sys.prefix)), "~venv") for line in lines]


class StatementLog:
    """Counts every statement and its shape (CaptureQueriesContext keeps only the last 9,000)."""

    def __init__(self):
        self.count = 0
        self.shapes: dict[str, int] = {}

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        shape = re.sub(r"'[^']*'|\b\d+\b|%s", "?", sql)
        shape = re.sub(r"\(\?(, \?)*\)", "(…)", shape)[:160]
        self.shapes[shape] = self.shapes.get(shape, 0) + 1
        return execute(sql, params, many, context)

    def top(self, count: int = 5) -> list[str]:
        """The most repeated statements: a per-page query shows as N repeats."""
        ranked = sorted(self.shapes.items(), key=lambda item: -item[1])[:count]
        return [f"{times}× {shape}" for shape, times in ranked]


def timed_command(*args) -> dict:
    from django.core.management import call_command
    from django.core.management.base import CommandError
    from django.db import connection

    statements = StatementLog()
    with connection.execute_wrapper(statements):
        started = time.perf_counter()
        try:
            call_command(*args, stdout=io.StringIO(), stderr=io.StringIO())
            status = 0
        except (CommandError, SystemExit) as exc:  # check_content exits 1 when a page has errors
            status = getattr(exc, "code", 1)
        seconds = time.perf_counter() - started
    return {
        "seconds": round(seconds, 2),
        "queries": statements.count,
        "exit": status,
        "top_statements": statements.top(),
    }


def sitemap_paths(content: bytes) -> list[str]:
    """The sitemap files an index lists (their paths); none for a plain sitemap."""
    text = content.decode("utf-8", "replace")
    if "<sitemapindex" not in text:
        return []
    locs = re.findall(r"<loc>\s*([^<\s]+)\s*</loc>", text)
    return [
        urlsplit(loc).path + (f"?{urlsplit(loc).query}" if urlsplit(loc).query else "")
        for loc in locs
    ]


def measurements(size: int) -> dict:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client, override_settings

    from careers.models import CareersIndexPage, RolePage

    index = CareersIndexPage.objects.get()
    live = RolePage.objects.live().order_by("path")
    count = live.count()
    middle = live[count // 2]
    slugs = list(live.values_list("slug", flat=True)[: count : max(1, count // 3)][:3])
    user = get_user_model().objects.filter(username="scale-admin").first()
    if user is None:
        user = get_user_model().objects.create_superuser(
            "scale-admin", "scale-admin@example.com", "scale-admin-password-not-secret"
        )
    deep = max(0, count - 20)
    results: dict = {"role_count": count, "requests": {}}
    with override_settings(PAGECACHE_ENABLED=False):
        client = Client(HTTP_HOST="127.0.0.1")
        first_listing = client.get("/careers/")
        pages = [int(n) for n in re.findall(rb"[?&](?:amp;)?page=(\d+)", first_listing.content)]
        last_page = max(pages, default=1)
        urls = {
            "role_page": middle.url,
            "careers_first": "/careers/",
            "careers_last": f"/careers/?page={last_page}",
            "careers_q_internships": "/careers/?q=python&internships=1",
            "search": "/search/?q=kubernetes",
            "compare_3": "/careers/compare/?roles=" + ",".join(slugs),
            "sitemap": "/sitemap.xml",
            "api_v2_deep": f"/api/v2/pages/?type=careers.RolePage&limit=20&offset={deep}",
            "api_v3_deep": f"/api/v3/pages/?limit=20&offset={deep}",
        }
        for name, url in urls.items():
            results["requests"][name] = row = measure(client, url)
            print(f"{name}: {row}", file=sys.stderr, flush=True)
        files = sitemap_paths(client.get("/sitemap.xml").content)
        if files:
            rows = [measure(client, path) for path in files[:SITEMAP_FILES_MEASURED]]
            good = [r for r in rows if not r.get("error")]
            results["requests"]["sitemap_files"] = {
                "url": f"{len(files)} files, slowest of the first {len(rows)}",
                "files": rows,
                **(max(good, key=lambda r: r["median_ms"]) if good else {"error": "none answered"}),
                "url_count": len(files),
            }
            results["requests"]["sitemap_files"]["url"] = (
                f"{len(files)} sitemap files (slowest of {len(rows)} measured)"
            )
        admin = Client(HTTP_HOST="127.0.0.1")
        admin.force_login(user)
        for name, url in {
            "admin_explorer": f"/admin/pages/{index.pk}/",
            "admin_search": "/admin/pages/search/?q=engineer",
        }.items():
            results["requests"][name] = measure(admin, url)
        results["profiles"] = {
            name: profile(client, urls[name])
            for name in ("role_page", "careers_q_internships", "search", "compare_3")
        }
    results["check_content"] = timed_command("check_content", "--json")
    out = Path(tempfile.mkdtemp(prefix="scale-export-", dir=VAR))
    results["export_roles"] = timed_command("export_roles", "--out", str(out))
    results["export_roles"]["files"] = sum(1 for _ in out.iterdir())
    shutil.rmtree(out, ignore_errors=True)
    results["load_average"] = os.getloadavg()
    return results


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--bulk":
        bulk(int(sys.argv[2]), int(sys.argv[3]))
    elif len(sys.argv) > 1 and sys.argv[1] == "--measure":
        print(json.dumps(measurements(int(sys.argv[2]))))
    else:
        sys.exit(main())
