"""push_roles: documents pushed into a live server through API v3, with per-file errors."""

from pathlib import Path

from django.core.management import CommandError, call_command

from wagtail.models import APIToken

import pytest

from careers.management.commands import push_roles
from careers.models import RolePage
from tests.support.importing import PLATFORM

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "applied-ml-engineer.txt"


pytestmark = pytest.mark.live


@pytest.fixture
def remote(live_server, django_db_serialized_rollback, careers_index, django_user_model):
    user = django_user_model.objects.create_superuser("pipeline", "p@example.com", "pw")
    token = APIToken.create_token(user=user, name="push")[1]
    return live_server.url, token


def run(paths, url, token, *extra):
    out, err = _Buffer(), _Buffer()
    error = None
    try:
        call_command(
            "push_roles",
            *map(str, paths),
            "--url",
            url,
            "--token",
            token,
            *extra,
            stdout=out,
            stderr=err,
        )
    except CommandError as exc:
        error = str(exc)
    return out.text, err.text, error


class _Buffer:
    def __init__(self):
        self.text = ""

    def write(self, text):
        self.text += text

    def flush(self):
        pass


def test_push_creates_updates_and_publishes(remote, tmp_path, client):
    url, token = remote
    doc = tmp_path / "platform.txt"
    doc.write_text(PLATFORM, encoding="utf-8")

    out, err, error = run([doc], url, token)
    assert error is None, err
    assert "created" in out and "Summary: 1 created, 0 updated, 0 unchanged, 0 failed." in out
    page = RolePage.objects.get(slug="platform-engineer")
    assert not page.live
    assert page.salary_summary == {"base_min": 120000, "base_max": 280000, "currency": "USD"}

    out, err, error = run([doc], url, token, "--publish")
    assert error is None, err
    assert "updated" in out and "live" in out
    page.refresh_from_db()
    assert page.live and page.revisions.count() == 2
    assert client.get(f"/api/v3/pages/{page.id}/").status_code == 200

    # The same document again changes nothing: no new revision.
    out, err, error = run([doc], url, token, "--publish")
    assert "Summary: 0 created, 0 updated, 1 unchanged, 0 failed." in out
    assert page.revisions.count() == 2


def test_the_seed_document_pushes_and_publishes(remote):
    if not SEED.is_file():
        pytest.skip(f"seed document not found at {SEED}")
    url, token = remote
    out, err, error = run([SEED], url, token, "--publish")
    assert error is None, err
    page = RolePage.objects.get(slug="applied-ml-engineer")
    assert page.live
    assert page.salary_summary == {"base_min": 125000, "base_max": 351000, "currency": "USD"}


def test_errors_come_back_per_file_with_lines(remote, tmp_path, monkeypatch):
    url, token = remote
    good = tmp_path / "a-good.txt"
    good.write_text(PLATFORM, encoding="utf-8")
    broken = tmp_path / "b-broken.txt"
    broken.write_text(PLATFORM.replace("$120,000–$160,000", "$120,000–lots"), encoding="utf-8")
    out, err, error = run([good, broken, tmp_path / "missing.txt"], url, token)
    assert error == "2 file(s) failed; the others were pushed."
    assert f"{broken}:13:" in err  # the parser's line number
    assert f"{tmp_path / 'missing.txt'}:1: no such file or directory" in err
    assert "Summary: 1 created, 0 updated, 0 unchanged, 2 failed." in out
    assert RolePage.objects.filter(slug="platform-engineer").exists()


def test_api_errors_map_back_to_document_lines(remote, tmp_path, monkeypatch):
    url, token = remote
    doc = tmp_path / "platform.txt"
    doc.write_text(PLATFORM, encoding="utf-8")
    real = push_roles.document_to_payload

    def tampered(*args, **kwargs):
        # What an out-of-date client might send: the server must name the value and line.
        payload = real(*args, **kwargs)
        payload["body"][3]["value"]["rows"][1]["base_min"] = "120k"
        return payload

    monkeypatch.setattr(push_roles, "document_to_payload", tampered)
    out, err, error = run([doc], url, token)
    assert error is not None
    assert f"{doc}:13: HTTP 422: body/3/value/rows/1/base_min: Enter a whole number." in err
    assert not RolePage.objects.filter(slug="platform-engineer").exists()


def test_bad_token_and_unreachable_server(remote, tmp_path):
    url, _ = remote
    doc = tmp_path / "platform.txt"
    doc.write_text(PLATFORM, encoding="utf-8")
    _, _, error = run([doc], url, "wagtail_nope")
    assert error == "the remote rejected the token (401): check --token"
    _, _, error = run([doc], "http://127.0.0.1:1", "x")
    assert error.startswith("cannot reach http://127.0.0.1:1/api/v3/whoami/")
    _, _, error = run([doc], "ftp://example", "x")
    assert "--url must start with http" in error
