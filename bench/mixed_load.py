"""Mixed load and a database outage, on PostgreSQL under gunicorn with production settings.

`make bench` runs this after the read benchmarks (or run `python bench/mixed_load.py`).
Bounded in time, loopback only. Threads send a mix of page reads, API reads and
application submissions (multipart, with a PDF résumé) for LOAD_SECONDS; in the middle,
the app's connection to PostgreSQL is cut for OUTAGE_SECONDS by a TCP relay between
gunicorn and the database (the same thing the app sees when PostgreSQL stops), then
restored without restarting anything.

It prints requests, server errors, p50/p99 per kind, and checks that every acknowledged
application (HTTP 201) is in the database exactly once afterwards. Exit status 1 when a
request other than an outage-time 503 failed with 5xx, or an acknowledged write is missing.
Environment: MIXED_SECONDS (default 20), MIXED_OUTAGE (default 5), MIXED_THREADS (default 8),
BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/careers_mixed).
"""

from __future__ import annotations

import json
import os
import random
import socket
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import contextlib

from run import REPO, VAR, base_env, postgres_ready, run_step, start_gunicorn, stop

SECONDS = int(os.environ.get("MIXED_SECONDS", "20"))
OUTAGE = int(os.environ.get("MIXED_OUTAGE", "5"))
THREADS = int(os.environ.get("MIXED_THREADS", "8"))
ROLES = int(os.environ.get("MIXED_ROLES", "30"))
PORT = int(os.environ.get("MIXED_PORT", "8166"))
RELAY_PORT = int(os.environ.get("MIXED_RELAY_PORT", "8167"))
POSTGRES_URL = os.environ.get(
    "MIXED_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/careers_mixed"
)
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


class Relay:
    """A TCP relay to PostgreSQL that can be cut (connections dropped, new ones refused)."""

    def __init__(self, listen_port: int, target: tuple[str, int]):
        self.target = target
        self.server = socket.create_server(("127.0.0.1", listen_port))
        self.server.settimeout(0.2)
        self.up = threading.Event()
        self.up.set()
        self.stopped = threading.Event()
        self.sockets: set[socket.socket] = set()
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while not self.stopped.is_set():
            try:
                client, _ = self.server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            if not self.up.is_set():
                client.close()
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.sockets |= {client, upstream}
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    def _pipe(self, source, sink):
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                with contextlib.suppress(OSError):
                    s.close()

    def cut(self):
        self.up.clear()
        with self.lock:
            for s in self.sockets:
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
            self.sockets.clear()

    def restore(self):
        self.up.set()

    def close(self):
        self.stopped.set()
        self.cut()
        self.server.close()


def multipart(fields: dict, file_field: str, filename: str, content: bytes):
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    parts.append(
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; '
            f'filename="{filename}"\r\nContent-Type: application/pdf\r\n\r\n'
        ).encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def request(method: str, url: str, body: bytes | None = None, content_type: str | None = None):
    req = urllib.request.Request(url, data=body, method=method)
    if content_type:
        req.add_header("Content-Type", content_type)
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=15) as response:
            status, payload = response.status, response.read()
    except urllib.error.HTTPError as exc:
        status, payload = exc.code, exc.read()
    except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
        status, payload = 0, str(exc).encode()
    return status, payload, (time.perf_counter() - started) * 1000


def main() -> int:
    problem = postgres_ready(POSTGRES_URL, fresh=True)
    if problem:
        print(f"mixed load skipped: PostgreSQL at {POSTGRES_URL} is not usable ({problem})")
        return 0
    VAR.mkdir(parents=True, exist_ok=True)
    direct_env = base_env(POSTGRES_URL, None)
    direct_env["MIXED_ROLES"] = str(ROLES)
    print(f"mixed load: migrate and load {ROLES} roles on PostgreSQL", flush=True)
    run_step([sys.executable, "manage.py", "migrate", "--noinput"], direct_env, "migrate")
    run_step(
        [sys.executable, "manage.py", "collectstatic", "--noinput"], direct_env, "collectstatic"
    )
    run_step(
        [sys.executable, "bench/load_data.py"],
        {**direct_env, "BENCH_ROLES": str(ROLES)},
        "load data",
    )

    host_port = POSTGRES_URL.split("@", 1)[1].split("/", 1)[0]
    host, _, port = host_port.partition(":")
    relay = Relay(RELAY_PORT, (host or "127.0.0.1", int(port or 5432)))
    relayed_url = POSTGRES_URL.replace(host_port, f"127.0.0.1:{RELAY_PORT}")
    env = base_env(relayed_url, None)
    env.update(
        {
            "APPLICATION_RATE_LIMIT": "1000000/h",
            "CONN_MAX_AGE": "60",
            "PAGECACHE": "1",
            "PRIVATE_MEDIA_ROOT": str(VAR / "private"),
        }
    )
    server = start_gunicorn(env, PORT)
    base = f"http://127.0.0.1:{PORT}"
    try:
        status, body, _ = request("GET", f"{base}/api/v2/pages/?type=careers.RolePage&limit=50")
        if status != 200:
            print(f"mixed load: the API answered {status}: {body[:300]!r}; aborting")
            return 1
        roles = [(item["id"], item["meta"]["slug"]) for item in json.loads(body)["items"]]
        results = defaultdict(list)  # kind -> [(status, ms, t)]
        acknowledged: list[str] = []
        lock = threading.Lock()
        started = time.monotonic()
        outage = (SECONDS / 2 - OUTAGE / 2, SECONDS / 2 + OUTAGE / 2)
        deadline = started + SECONDS

        def worker(seed: int):
            rng = random.Random(seed)
            n = 0
            while time.monotonic() < deadline:
                n += 1
                page_id, slug = rng.choice(roles)
                roll = rng.random()
                if roll < 0.55:
                    kind, (status, _, ms) = "page", request("GET", f"{base}/careers/{slug}/")
                elif roll < 0.65:
                    kind, (status, _, ms) = "index", request("GET", f"{base}/careers/")
                elif roll < 0.85:
                    kind, (status, _, ms) = "api", request("GET", f"{base}/api/v2/pages/{page_id}/")
                else:
                    kind = "apply"
                    email = f"load-{seed}-{n}-{uuid.uuid4().hex[:6]}@example.com"
                    body, ctype = multipart(
                        {
                            "role": slug,
                            "name": f"Load {seed}-{n}",
                            "email": email,
                            "track": "entry_level",
                            "consent": "on",
                            "message": "mixed load",
                        },
                        "resume",
                        "cv.pdf",
                        PDF,
                    )
                    status, _, ms = request("POST", f"{base}/api/applications/", body, ctype)
                    if status in (201, 202):  # the endpoint acknowledges with 202
                        with lock:
                            acknowledged.append(email)
                with lock:
                    results[kind].append((status, ms, time.monotonic() - started))

        threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
        for thread in threads:
            thread.start()
        time.sleep(outage[0])
        relay.cut()
        print(f"mixed load: PostgreSQL connection cut at {outage[0]:.0f}s", flush=True)
        time.sleep(OUTAGE)
        relay.restore()
        print(f"mixed load: PostgreSQL connection restored at {outage[1]:.0f}s", flush=True)
        for thread in threads:
            thread.join(timeout=SECONDS + 30)
    finally:
        stop(server)
        relay.close()

    # Every acknowledged application must be stored exactly once.
    import psycopg

    with psycopg.connect(POSTGRES_URL) as conn:
        stored = Counter(
            row[0]
            for row in conn.execute(
                "SELECT email FROM applications_application WHERE email LIKE 'load-%%'"
            )
        )
    missing = [email for email in acknowledged if stored[email] != 1]

    grace = 2.0  # requests in flight when the cut or the restore happened
    bad = []
    print()
    print(f"== mixed load: {THREADS} threads, {SECONDS}s, PostgreSQL cut for {OUTAGE}s ==")
    print(
        f"{'kind':<8}{'requests':>10}{'2xx/3xx':>9}{'4xx':>6}{'503 (outage)':>14}{'other 5xx/0':>13}{'p50 ms':>9}{'p99 ms':>9}"
    )
    for kind, rows in sorted(results.items()):
        ok = sum(1 for s, _, _ in rows if 200 <= s < 400)
        client_errors = sum(1 for s, _, _ in rows if 400 <= s < 500)
        in_outage = sum(
            1 for s, _, t in rows if s == 503 and outage[0] - grace <= t <= outage[1] + grace
        )
        other = [
            (s, t)
            for s, _, t in rows
            if (s >= 500 or s == 0)
            and not (s == 503 and outage[0] - grace <= t <= outage[1] + grace)
        ]
        bad.extend(other)
        times = sorted(ms for s, ms, _ in rows if 200 <= s < 400)
        p50 = statistics.median(times) if times else 0
        p99 = times[min(len(times) - 1, int(len(times) * 0.99))] if times else 0
        print(
            f"{kind:<8}{len(rows):>10}{ok:>9}{client_errors:>6}{in_outage:>14}{len(other):>13}{p50:>9.1f}{p99:>9.1f}"
        )
    after = [s for rows in results.values() for s, _, t in rows if t > outage[1] + grace]
    print(
        f"acknowledged applications: {len(acknowledged)}; stored exactly once: "
        f"{len(acknowledged) - len(missing)}; lost: {len(missing)}"
    )
    print(
        f"requests after recovery: {len(after)}, of which ok: {sum(1 for s in after if 200 <= s < 400)}"
    )
    result = {
        "threads": THREADS,
        "seconds": SECONDS,
        "outage_seconds": OUTAGE,
        "kinds": {
            kind: {"requests": len(rows), "statuses": dict(Counter(s for s, _, _ in rows))}
            for kind, rows in results.items()
        },
        "acknowledged": len(acknowledged),
        "lost": len(missing),
        "unexpected_errors": len(bad),
    }
    (REPO / "bench").mkdir(exist_ok=True)
    (REPO / "bench" / "mixed_load.json").write_text(json.dumps(result, indent=2))
    if bad or missing or not after or not any(200 <= s < 400 for s in after):
        print(f"FAIL: {len(bad)} unexpected server errors, {len(missing)} lost writes")
        return 1
    print("OK: zero unexpected server errors, nothing lost, recovered without a restart")
    return 0


if __name__ == "__main__":
    sys.exit(main())
