"""`make bench`: production settings under gunicorn on loopback, measured with wrk.

For each database (SQLite, then PostgreSQL when reachable) it loads >= 200 role pages with full,
linked content, measures SQL queries and render time in-process, then drives two gunicorn
servers (page cache off = cold, on = warm) with wrk for a bounded time per row, and prints
requests/s, p50, p99 and the ratio to a static file served by the same gunicorn in the same
run. Results go to bench/results.json. See docs/bench.md.

Environment: BENCH_DURATION (seconds per row, default 5), BENCH_CONNECTIONS (default 8),
BENCH_WORKERS (gunicorn workers, default 2), BENCH_ROLES (default 200), BENCH_DATABASES
("sqlite,postgres"), BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/careers_bench),
BENCH_REDIS_URL (default redis://127.0.0.1:6379/7; used for the PostgreSQL run when reachable),
BENCH_FRESH=1 to rebuild the bench databases, BENCH_PORT (first of two ports, default 8160).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
VAR = REPO / "var" / "bench"

DURATION = int(os.environ.get("BENCH_DURATION", "5"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
PORT = int(os.environ.get("BENCH_PORT", "8160"))
POSTGRES_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/careers_bench"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
WARM_SET = int(os.environ.get("BENCH_WARM_SET", "20"))
STEP_TIMEOUT = 600  # seconds: no single setup step may hang the run

# Issue 9's reference points, measured on this kind of machine.
DEMO_LISTING_RATIO = 15 / 1700  # Wagtail demo: v2 listing ~15 req/s vs static ~1,700 req/s
TARGETS = {
    "role_cold_queries": 12,
    "role_cold_median_ms": 15.0,
    "role_cold_ratio": 0.06,
    "role_warm_ratio": 0.80,
    "role_warm_queries": 0,
    "listing_queries": 15,
    "listing_ratio": 5 * DEMO_LISTING_RATIO,
    "import_docs_per_s": 50.0,
}


def log(message: str) -> None:
    print(f"[bench] {message}", flush=True)


def ensure_wrk() -> str:
    wrk = shutil.which("wrk")
    if wrk:
        return wrk
    if os.geteuid() == 0 and shutil.which("apt-get"):
        log("wrk is missing: installing Debian's wrk with apt-get")
        subprocess.run(
            ["apt-get", "-o", "DPkg::Lock::Timeout=600", "install", "-y", "-qq", "wrk"],
            check=False,
            timeout=STEP_TIMEOUT,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
        wrk = shutil.which("wrk")
    if not wrk:
        sys.exit(
            "wrk is not installed: run `sudo apt-get install wrk` (Debian/Ubuntu), then retry."
        )
    return wrk


def redis_reachable(url: str) -> bool:
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except Exception:  # noqa: BLE001 - any failure means "do not use it"
        return False
    return True


def postgres_ready(url: str, fresh: bool) -> str | None:
    """Create the bench database if needed; None when it works, else the reason."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    try:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=3) as conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
            ).fetchone()
            if exists and fresh:
                conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
                exists = None
            if not exists:
                conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as exc:
        return str(exc).strip()
    return None


def base_env(database_url: str, redis_url: str | None) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "TEST_DATABASE_NAME", "DB_POOL", "PAGECACHE"}
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "cms.settings.production",
            "SECRET_KEY": "bench-only-dummy-secret-key-not-for-production-use-0123456789",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_HSTS_SECONDS": "0",
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": database_url,
            "PAGECACHE_TAGS_DIR": str(VAR / "pagecache-tags"),
            "LOG_LEVEL": "ERROR",
            "PYTHONUNBUFFERED": "1",
        }
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
        env["CACHE_KEY_PREFIX"] = "bench"
    return env


def run_step(args: list[str], env: dict, what: str) -> str:
    result = subprocess.run(
        args, cwd=REPO, env=env, capture_output=True, text=True, timeout=STEP_TIMEOUT
    )
    if result.returncode != 0:
        sys.exit(f"{what} failed:\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}")
    return result.stdout


def start_gunicorn(env: dict, port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"),
            "cms.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--log-level",
            "warning",
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(VAR / f"gunicorn-{port}.log", "w"),  # noqa: SIM115 - lives with the process
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"gunicorn on {port} exited; see {VAR / f'gunicorn-{port}.log'}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process
        except OSError:
            time.sleep(0.2)
    stop(process)
    sys.exit(f"gunicorn on {port} did not start within 60 s")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def check_url(port: int, path: str) -> None:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as response:
        if response.status != 200:
            sys.exit(f"{path} answered {response.status} on port {port}")


def parse_duration_ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if not match:
        raise ValueError(f"unrecognised wrk duration {text!r}")
    value, unit = float(match.group(1)), match.group(2)
    return value * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def wrk(wrk_bin: str, port: int, path: str, duration: int, script: Path | None = None) -> dict:
    args = [wrk_bin, "-t2", f"-c{CONNECTIONS}", f"-d{duration}s", "--timeout", "5s", "--latency"]
    if script:
        args += ["-s", str(script)]
    args.append(f"http://127.0.0.1:{port}{path}")
    result = subprocess.run(args, capture_output=True, text=True, timeout=duration + 30)
    out = result.stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.MULTILINE)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.MULTILINE)
    if not (rps and p50 and p99):
        sys.exit(f"could not read wrk output for {path}:\n{out}\n{result.stderr}")
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    socket_errors = re.search(r"Socket errors:.*", out)
    return {
        "rps": float(rps.group(1)),
        "p50_ms": round(parse_duration_ms(p50.group(1)), 2),
        "p99_ms": round(parse_duration_ms(p99.group(1)), 2),
        "non_2xx": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(0) if socket_errors else "",
    }


def rotating_script(paths: list[str]) -> Path:
    """A wrk Lua script that walks through every role page in turn."""
    lua = "paths = {" + ",".join(json.dumps(p) for p in paths) + "}\n"
    lua += "i = 0\nrequest = function()\n  i = (i % #paths) + 1\n"
    lua += '  return wrk.format("GET", paths[i])\nend\n'
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False, dir=VAR) as handle:
        handle.write(lua)
    return Path(handle.name)


def import_benchmark(env: dict) -> dict | None:
    """bench/import_bench.py (the pipeline's own benchmark), when it exists."""
    script = REPO / "bench" / "import_bench.py"
    if not script.exists():
        return None
    count = os.environ.get("BENCH_IMPORT_COUNT", "200")
    log(f"import benchmark (bench/import_bench.py --count {count})")
    try:
        result = subprocess.run(
            [sys.executable, str(script), "--json", "--count", count],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=STEP_TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {STEP_TIMEOUT} s", "docs_per_s": None}
    data = None
    for line in reversed(result.stdout.strip().splitlines()):
        try:
            data = json.loads(line)
            break
        except ValueError:
            continue
    if result.returncode != 0 or not isinstance(data, dict):
        return {
            "error": f"exit {result.returncode}: {result.stderr.strip()[-500:]}",
            "docs_per_s": None,
        }
    return {"docs_per_s": data.get("import", {}).get("documents_per_second"), "details": data}


def static_is_stale() -> bool:
    """Compressing every admin asset takes minutes on a busy machine: only when needed."""
    manifest = REPO / "var" / "static" / "staticfiles.json"
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    sources = [REPO / "static", REPO / ".venv"]
    return (
        any(path.stat().st_mtime > built for path in sources[0].rglob("*") if path.is_file())
        or (REPO / "pyproject.toml").stat().st_mtime > built
    )


def bench_database(label: str, database_url: str, redis_url: str | None, wrk_bin: str) -> dict:
    env = base_env(database_url, redis_url)
    log(f"{label}: migrate")
    run_step([sys.executable, "manage.py", "migrate", "--noinput"], env, "migrate")
    if static_is_stale():
        log(f"{label}: collectstatic")
        run_step([sys.executable, "manage.py", "collectstatic", "--noinput"], env, "collectstatic")
    log(f"{label}: load data")
    log(run_step([sys.executable, "bench/load_data.py"], env, "load data").strip())
    shutil.rmtree(VAR / "pagecache-tags", ignore_errors=True)
    if redis_url:
        import redis

        redis.Redis.from_url(redis_url).flushdb()
    log(f"{label}: in-process queries and render times")
    inproc = json.loads(
        run_step([sys.executable, "bench/inprocess.py"], env, "in-process measurement")
        .strip()
        .splitlines()[-1]
    )

    cold_port, warm_port = PORT, PORT + 1
    servers = [
        start_gunicorn({**env, "PAGECACHE": "0"}, cold_port),
        start_gunicorn({**env, "PAGECACHE": "1"}, warm_port),
    ]
    rows = {}
    script = rotating_script(inproc["role_urls"])
    # Hits are measured over a working set that every worker's local cache can hold warm.
    warm_paths = inproc["role_urls"][:WARM_SET]
    warm_script = rotating_script(warm_paths)
    try:
        urls = inproc["urls"]
        for port in (cold_port, warm_port):
            check_url(port, inproc["static_url"])
            for path in urls.values():
                check_url(port, path)
        plan = [
            ("static_file", cold_port, inproc["static_url"], None),
            ("careers_index_cold", cold_port, urls["careers_index"], None),
            ("careers_index_warm", warm_port, urls["careers_index"], None),
            ("role_page_cold", cold_port, "/", script),
            ("role_page_warm", warm_port, "/", warm_script),
            ("api_v2_detail_cold", cold_port, urls["api_v2_detail"], None),
            ("api_v2_detail_warm", warm_port, urls["api_v2_detail"], None),
            ("api_v2_listing_50_cold", cold_port, urls["api_v2_listing_50"], None),
            ("api_v2_listing_50_warm", warm_port, urls["api_v2_listing_50"], None),
            ("api_v3_detail_cold", cold_port, urls["api_v3_detail"], None),
            ("api_v3_detail_warm", warm_port, urls["api_v3_detail"], None),
            ("careers_filtered", cold_port, urls["careers_filtered"], None),
            ("search", cold_port, urls["search"], None),
            ("compare_3", cold_port, urls["compare_3"], None),
        ]
        # Warm every worker's local cache (and the shared tags) before measuring hits; workers
        # take connections at random, so several rounds reach each of them.
        for _ in range(3 * WORKERS):
            for path in [*warm_paths, *urls.values()]:
                check_url(warm_port, path)
        for name, port, path, lua in plan:
            rows[name] = wrk(wrk_bin, port, path, DURATION, lua)
            # Sync workers finish requests wrk abandoned at the deadline: wait them out, so a
            # slow row does not eat into the next one.
            check_url(port, inproc["static_url"])
            rows[name]["path"] = (
                {script: "all role pages in turn", warm_script: f"{WARM_SET} role pages in turn"}[
                    lua
                ]
                if lua
                else path
            )
            log(f"{label}: {name:<24} {rows[name]['rps']:>9.1f} req/s")
    finally:
        for server in servers:
            stop(server)
        script.unlink(missing_ok=True)
        warm_script.unlink(missing_ok=True)
    static_rps = rows["static_file"]["rps"]
    for row in rows.values():
        row["ratio_to_static"] = round(row["rps"] / static_rps, 4) if static_rps else None
    return {
        "database": label,
        "cache": "Redis (shared)" if redis_url else "local memory + file tags",
        "roles": inproc["role_count"],
        "rows": rows,
        "inprocess": {"cold": inproc["cold"], "warm": inproc["warm"]},
        "load_average": inproc.get("load_average"),
        "role_page_profile": inproc.get("role_page_profile", []),
        "import": import_benchmark(env),
    }


def targets_for(result: dict) -> list[tuple[str, str, str, bool | None]]:
    rows, cold, warm = result["rows"], result["inprocess"]["cold"], result["inprocess"]["warm"]
    imported = (result.get("import") or {}).get("docs_per_s")
    checks = [
        (
            "role page cold: SQL queries",
            f"{cold['role_page']['queries']}",
            "<= 12",
            cold["role_page"]["queries"] <= TARGETS["role_cold_queries"],
        ),
        (
            "role page cold: median render",
            f"{cold['role_page']['median_ms']:.1f} ms",
            "<= 15 ms",
            cold["role_page"]["median_ms"] <= TARGETS["role_cold_median_ms"],
        ),
        (
            "role page cold: ratio to static",
            f"{rows['role_page_cold']['ratio_to_static']:.1%}",
            ">= 6%",
            rows["role_page_cold"]["ratio_to_static"] >= TARGETS["role_cold_ratio"],
        ),
        (
            "role page warm: ratio to static",
            f"{rows['role_page_warm']['ratio_to_static']:.1%}",
            ">= 80%",
            rows["role_page_warm"]["ratio_to_static"] >= TARGETS["role_warm_ratio"],
        ),
        (
            "role page warm: SQL queries",
            f"{warm['role_page']['queries']}",
            "0",
            warm["role_page"]["queries"] == 0,
        ),
        (
            "API v2 listing 50: SQL queries",
            f"{cold['api_v2_listing_50']['queries']}",
            "<= 15",
            cold["api_v2_listing_50"]["queries"] <= TARGETS["listing_queries"],
        ),
        (
            "API v2 listing 50 cold: ratio",
            f"{rows['api_v2_listing_50_cold']['ratio_to_static']:.2%}",
            f">= {TARGETS['listing_ratio']:.2%}",
            rows["api_v2_listing_50_cold"]["ratio_to_static"] >= TARGETS["listing_ratio"],
        ),
    ]
    if imported is not None:
        checks.append(
            (
                "import",
                f"{imported:.1f} docs/s",
                ">= 50 docs/s",
                imported >= TARGETS["import_docs_per_s"],
            )
        )
    else:
        checks.append(("import", "not measured", ">= 50 docs/s", None))
    return checks


def print_result(result: dict) -> None:
    print()
    print(
        f"== {result['database']} · cache: {result['cache']} · {result['roles']} role pages · "
        f"gunicorn {WORKERS} sync workers · wrk -c{CONNECTIONS} -d{DURATION}s =="
    )
    print(f"{'row':<26}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'× static':>10}{'non-2xx':>9}")
    for name, row in result["rows"].items():
        print(
            f"{name:<26}{row['rps']:>10.1f}{row['p50_ms']:>9.2f}{row['p99_ms']:>9.2f}"
            f"{row['ratio_to_static']:>10.3f}{row['non_2xx']:>9}"
        )
    print()
    print(
        f"{'in-process (test Client)':<26}{'SQL cold':>10}{'ms cold':>9}{'SQL warm':>10}{'ms warm':>9}"
    )
    cold, warm = result["inprocess"]["cold"], result["inprocess"]["warm"]
    for name in cold:
        print(
            f"{name:<26}{cold[name]['queries']:>10}{cold[name]['median_ms']:>9.2f}"
            f"{warm[name]['queries']:>10}{warm[name]['median_ms']:>9.2f}"
        )
    print()
    print(f"{'target':<34}{'measured':>14}{'goal':>14}  verdict")
    for name, measured, goal, ok in targets_for(result):
        verdict = "n/a" if ok is None else ("met" if ok else "MISSED")
        print(f"{name:<34}{measured:>14}{goal:>14}  {verdict}")
    imported = result.get("import")
    if imported and imported.get("error"):
        print(f"import benchmark failed: {imported['error']}")


def main() -> None:
    VAR.mkdir(parents=True, exist_ok=True)
    wrk_bin = ensure_wrk()
    fresh = os.environ.get("BENCH_FRESH") == "1"
    wanted = [d.strip() for d in os.environ.get("BENCH_DATABASES", "sqlite,postgres").split(",")]
    results, skipped = [], {}
    started = time.monotonic()
    for database in wanted:
        if database == "sqlite":
            path = VAR / "bench.sqlite3"
            if fresh:
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{path}{suffix}").unlink(missing_ok=True)
            results.append(bench_database("SQLite", f"sqlite:///{path}", None, wrk_bin))
        elif database == "postgres":
            problem = postgres_ready(POSTGRES_URL, fresh)
            if problem:
                skipped["postgres"] = f"PostgreSQL unavailable at {POSTGRES_URL}: {problem}"
                log(skipped["postgres"])
                continue
            redis_url = REDIS_URL if redis_reachable(REDIS_URL) else None
            if not redis_url:
                log(f"Redis unreachable at {REDIS_URL}: PostgreSQL run uses local memory")
            results.append(bench_database("PostgreSQL", POSTGRES_URL, redis_url, wrk_bin))
        else:
            sys.exit(f"BENCH_DATABASES: unknown database {database!r} (sqlite, postgres)")
    for result in results:
        print_result(result)
    if results and results[0].get("role_page_profile"):
        print("\nprofile of 10 cold role-page renders (first run; cumulative seconds):")
        for line in results[0]["role_page_profile"][:15]:
            print("  " + line)
    for name, reason in skipped.items():
        print(f"\n{name}: skipped — {reason}")
    output = {
        "generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "settings": {"duration_s": DURATION, "connections": CONNECTIONS, "workers": WORKERS},
        "targets": TARGETS,
        "results": [
            {
                **r,
                "targets": [
                    dict(zip(("target", "measured", "goal", "met"), t, strict=True))
                    for t in targets_for(r)
                ],
            }
            for r in results
        ],
        "skipped": skipped,
        "elapsed_s": round(time.monotonic() - started, 1),
    }
    path = REPO / "bench" / "results.json"
    # bench/scale.py (make bench-scale) keeps its figures under "scale": leave them.
    previous = json.loads(path.read_text()) if path.exists() else {}
    if "scale" in previous:
        output["scale"] = previous["scale"]
    path.write_text(json.dumps(output, indent=2) + "\n")
    print(f"\nwrote bench/results.json in {output['elapsed_s']} s")


if __name__ == "__main__":
    main()
