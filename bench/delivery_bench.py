"""Webhook delivery benchmark: cost of recording events, and delivery throughput.

    .venv/bin/python bench/delivery_bench.py [EVENTS] [ENDPOINTS]

Uses a throw-away SQLite database and a real HTTP receiver on 127.0.0.1 (this worktree's
port range first). Prints: queries and time to record one event for every endpoint, the time
to record deliveries while the receiver is down (every first attempt fails), and deliveries
per second when `webhooks deliver-due --all` drains the backlog once the receiver is up.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='delivery-bench-')}/db.sqlite3"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from delivery.models import DeliveryAttempt, WebhookDelivery, WebhookEndpoint  # noqa: E402
from delivery.sending import deliver_due  # noqa: E402
from delivery.signals import announce  # noqa: E402
from tests.support.delivery import Receiver  # noqa: E402


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


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:3]))
