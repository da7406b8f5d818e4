"""Nothing lost under load: concurrent submissions against a live server on PostgreSQL."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.db import connection

import pytest
import requests

from applications.models import Application
from tests.support import applicants
from tests.support.applicants import PDF_BYTES

# serialized_rollback: the flush after a transactional test would take Wagtail's root page,
# which migrations created, away from every test that runs after this one.
pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

applications_settings = applicants.applications_settings

SUBMISSIONS = 200
WORKERS = 20


@pytest.fixture(autouse=True)
def needs_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL (set DATABASE_URL): SQLite's in-memory test database cannot be "
            "shared with a live server's threads, and its writers are serialised anyway"
        )


@pytest.fixture
def open_door(settings):
    """The load comes from one address; the limit under test here is the database's."""
    settings.APPLICATION_RATE_LIMIT = "100000/h"
    return settings


def submit(url: str, role: str, n: int, email: str | None = None) -> int:
    fields = {
        "role": role,
        "name": f"Candidate {n}",
        "email": email or f"candidate{n}@example.com",
        "track": "entry_level",
        "consent": "on",
        "message": f"application number {n}",
    }
    content = PDF_BYTES + f"% candidate {n}\n".encode()
    files = {"resume": (f"cv-{n}.pdf", content, "application/pdf")}
    with requests.Session() as session:
        response = session.post(url, data=fields, files=files, timeout=120)
    return response.status_code


def test_200_concurrent_submissions_are_all_stored_once_with_their_files(
    live_server, role_page, open_door
):
    url = live_server.url + "/api/applications/"
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        statuses = list(pool.map(lambda n: submit(url, role_page.slug, n), range(SUBMISSIONS)))
    elapsed = time.perf_counter() - started
    print(
        f"\n{SUBMISSIONS} submissions, {WORKERS} concurrent clients: {elapsed:.2f} s, "
        f"{SUBMISSIONS / elapsed:.1f} submissions/s"
    )

    assert statuses == [202] * SUBMISSIONS
    applications = list(Application.objects.all())
    assert len(applications) == SUBMISSIONS
    assert {a.email for a in applications} == {
        f"candidate{n}@example.com" for n in range(SUBMISSIONS)
    }
    assert all(a.repeat_of_id is None for a in applications)
    root = Path(open_door.PRIVATE_MEDIA_ROOT)
    for application in applications:
        n = int(application.email.removeprefix("candidate").split("@")[0])
        stored = root / application.resume.name
        assert stored.read_bytes() == PDF_BYTES + f"% candidate {n}\n".encode()
    assert len({a.resume.name for a in applications}) == SUBMISSIONS
    assert len(list((root / "resumes").iterdir())) == SUBMISSIONS


def test_concurrent_repeats_are_all_kept_and_agree_on_one_first(live_server, role_page, open_door):
    url = live_server.url + "/api/applications/"
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        statuses = list(
            pool.map(lambda n: submit(url, role_page.slug, n, email="same@example.com"), range(40))
        )
    assert statuses == [202] * 40
    applications = list(Application.objects.order_by("submitted_at", "pk"))
    assert len(applications) == 40
    # Without the per-(role, email) lock, racing first submissions each become a "first".
    firsts = [a for a in applications if a.repeat_of_id is None]
    assert len(firsts) == 1
    assert {a.repeat_of_id for a in applications if a != firsts[0]} == {firsts[0].pk}
    # Nothing was replaced: each submission kept its own message and its own résumé.
    assert len({a.message for a in applications}) == 40
    root = Path(open_door.PRIVATE_MEDIA_ROOT)
    for application in applications:
        n = int(application.message.removeprefix("application number "))
        assert (root / application.resume.name).read_bytes() == (
            PDF_BYTES + f"% candidate {n}\n".encode()
        )
    assert len(list((root / "resumes").iterdir())) == 40
