"""Webhook delivery benchmark: cost of recording events, and delivery throughput.

    .venv/bin/python bench/delivery_bench.py [EVENTS] [ENDPOINTS]
    [DATABASE_URL=postgres://…/NAME] .venv/bin/python bench/delivery_bench.py import DOCUMENTS \
        [WORKERS] [--per-page]

The first form uses a throw-away SQLite database and a real HTTP receiver on 127.0.0.1 (this
worktree's port range first). Prints: queries and time to record one event for every endpoint,
the time to record deliveries while the receiver is down (every first attempt fails), and
deliveries per second when `webhooks deliver-due --all` drains the backlog once the receiver
is up.

The `import` form is the bulk publish: it imports DOCUMENTS generated role documents with
`import_roles --publish`'s importer and one subscriber on a loopback receiver, with the
webhooks queue on the database backend as in production, then runs `manage.py db_worker
--backend webhooks --batch` (WORKERS processes, default 1) until every delivery is sent, and
prints the import rate and the drain rate (deliveries/s). On PostgreSQL (DATABASE_URL) it
works in a throw-away test database, test_NAME; otherwise in a temporary SQLite file.
`--per-page` records each page's event on its own (one task per delivery), as before bulk
publishing batched them, for comparison.
"""

from __future__ import annotations

import contextlib
import io
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
MODE = sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].isdigit() else "record"
if MODE == "record" or not os.environ.get("DATABASE_URL"):
    os.environ["DATABASE_URL"] = (
        f"sqlite:///{tempfile.mkdtemp(prefix='delivery-bench-')}/db.sqlite3"
    )

import django  # noqa: E402
from django.conf import settings  # noqa: E402

if MODE in ("import", "worker"):
    # Before setup: the task modules bind their backends when imported. As in production.
    QUEUED = {"BACKEND": "django_tasks_db.DatabaseBackend"}
    settings.TASKS = {"default": QUEUED, "webhooks": QUEUED}
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from delivery.models import DeliveryAttempt, WebhookDelivery, WebhookEndpoint  # noqa: E402
from delivery.sending import deliver_due  # noqa: E402
from delivery.signals import announce  # noqa: E402
from delivery.signing import SIGNATURE_HEADER, signature_header  # noqa: E402
from tests.support.delivery import Receiver  # noqa: E402

BULK_SECRET = "bench-bulk-secret-0123456789"


def main(events: int = 200, endpoints: int = 3) -> None:
    call_command("migrate", verbosity=0)
    from wagtail.models import Page

    from careers.testing.factories import (
        CareersIndexPageFactory,
        HomePageFactory,
        RolePageFactory,
        sample_body,
    )

    home = HomePageFactory(parent=Page.get_first_root_node(), slug="bench-home")
    index = CareersIndexPageFactory(parent=home, slug="bench-careers")
    page = RolePageFactory(parent=index, role_name="Bench Engineer", body=sample_body())
    receiver = Receiver()
    for n in range(endpoints):
        WebhookEndpoint.objects.create(url=f"{receiver.url}/{n}", secret="bench-secret-0123456789")

    page.get_url_parts()
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        announce("published", page, 1)
        recorded = len(queries)  # before the commit hands them to the task queue
    print(
        f"record one event for {endpoints} endpoints: {recorded} queries; "
        f"then {len(queries) - recorded} to send all {endpoints} (immediate backend)"
    )
    WebhookDelivery.objects.all().delete()

    started = time.perf_counter()
    for _ in range(events):
        announce("published", page, 1)  # autocommit: each is queued and attempted at once
    elapsed = time.perf_counter() - started
    total = events * endpoints
    print(
        f"receiver down: {total} deliveries recorded and attempted once in {elapsed:.2f} s "
        f"({elapsed / events * 1000:.1f} ms per event)"
    )

    receiver.up()
    started = time.perf_counter()
    outcomes = deliver_due(include_future=True, limit=total)
    elapsed = time.perf_counter() - started
    delivered = sum(o.status == "delivered" for o in outcomes)
    durations = list(
        DeliveryAttempt.objects.filter(status_code=200).values_list("duration_ms", flat=True)
    )
    print(
        f"receiver up: {delivered}/{total} delivered in {elapsed:.2f} s "
        f"({delivered / elapsed:.0f} deliveries/s, sequential); POST p50 "
        f"{statistics.median(durations):.0f} ms, max {max(durations)} ms"
    )
    assert len(receiver.acknowledged()) == total
    receiver.close()


class Recorder:
    """A loopback webhook receiver that answers 204 and records when each delivery arrived."""

    def __init__(self):
        self.arrivals: list[float] = []
        self.ids: set[str] = set()
        self.bad_signatures = 0
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                stamp = self.headers.get(SIGNATURE_HEADER, "")
                timestamp = stamp.partition("t=")[2].partition(",")[0]
                if not timestamp.isdigit() or stamp != signature_header(
                    BULK_SECRET, int(timestamp), body
                ):
                    recorder.bad_signatures += 1
                recorder.arrivals.append(time.perf_counter())
                recorder.ids.add(self.headers.get("X-Careers-Delivery", ""))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks/careers"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def worker_environment() -> dict:
    """This process's environment, with DATABASE_URL naming the database in use now."""
    env = dict(os.environ)
    if connection.vendor != "sqlite":
        parts = urlsplit(env["DATABASE_URL"])
        env["DATABASE_URL"] = urlunsplit(
            parts._replace(path="/" + connection.settings_dict["NAME"])
        )
    else:
        env["DATABASE_URL"] = "sqlite:///" + str(connection.settings_dict["NAME"])
    return env


def bulk(documents: int, workers: int = 1, per_page: bool = False) -> None:
    from django.test.utils import setup_databases, teardown_databases

    from careers.pipeline import load
    from careers.pipeline.load import Importer

    if per_page:
        load.bulk_events = contextlib.nullcontext
    from careers.testing.samples import generate_documents

    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="delivery-bench-media-")
    on_postgres = connection.vendor != "sqlite"
    old_config = setup_databases(verbosity=0, interactive=False) if on_postgres else None
    if not on_postgres:
        call_command("migrate", verbosity=0)
    receiver = Recorder()
    try:
        call_command("setup_site", "--no-admin", verbosity=0, stdout=io.StringIO())
        WebhookEndpoint.objects.create(url=receiver.url, secret=BULK_SECRET, events="published")
        texts = generate_documents(documents)
        started = time.perf_counter()
        report = Importer(publish=True).run(texts)
        import_seconds = time.perf_counter() - started
        assert report.ok, report.errors[:5]
        queued = WebhookDelivery.objects.filter(status="pending").count()
        from django_tasks_db.models import DBTaskResult

        tasks = DBTaskResult.objects.filter(backend_name="webhooks").count()
        print(
            f"import + publish ({connection.vendor}, {documents} documents, 1 subscriber"
            f"{', events per page' if per_page else ''}): "
            f"{documents / import_seconds:.1f} documents/s ({import_seconds:.2f} s); "
            f"{queued} deliveries queued in {tasks} tasks"
        )
        connection.close()  # the workers need the database (SQLite: no lock held)
        command = [sys.executable, __file__, "worker"]
        started = time.perf_counter()
        processes = [
            subprocess.Popen(command, env=worker_environment(), cwd=REPO) for _ in range(workers)
        ]
        for process in processes:
            process.wait()
        drain_seconds = time.perf_counter() - started
        delivered = WebhookDelivery.objects.filter(status="delivered").count()
        sending = receiver.arrivals[-1] - receiver.arrivals[0] if len(receiver.arrivals) > 1 else 0
        print(
            f"db_worker x{workers}: {delivered}/{queued} delivered in {drain_seconds:.2f} s "
            f"with worker start-up ({delivered / drain_seconds:.1f} deliveries/s); "
            f"first to last request {sending:.2f} s "
            f"({(len(receiver.arrivals) - 1) / sending if sending else 0:.1f} deliveries/s); "
            f"{len(receiver.ids)} distinct deliveries received, "
            f"{receiver.bad_signatures} bad signatures"
        )
        assert delivered == queued == documents and len(receiver.ids) == documents
        assert receiver.bad_signatures == 0
    finally:
        receiver.close()
        if old_config is not None:
            connection.close()
            teardown_databases(old_config, verbosity=0)


def worker() -> None:
    call_command("db_worker", "--backend", "webhooks", "--batch", "--no-startup-delay")


if __name__ == "__main__":
    if MODE == "import":
        numbers = [int(arg) for arg in sys.argv[2:] if arg.isdigit()]
        bulk(*numbers, per_page="--per-page" in sys.argv)
    elif MODE == "worker":
        worker()
    else:
        main(*(int(arg) for arg in sys.argv[1:3]))
