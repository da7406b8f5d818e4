"""docs/api.md is true: its curl examples run against a live server with the stated statuses."""

import os
import re
import shutil
import subprocess
from io import StringIO
from pathlib import Path

from django.core.management import call_command

from wagtail.models import APIToken

import pytest

from careers.testing.factories import sample_body

DOC = Path(__file__).resolve().parents[1] / "docs" / "api.md"
SH_BLOCK = re.compile(r"```sh\n(.*?)```", re.S)
EXPECT = re.compile(r"#\s*→\s*((?:\d{3}\s*)+)$")

pytestmark = pytest.mark.live


def doc_script() -> tuple[str, list[int]]:
    blocks = SH_BLOCK.findall(DOC.read_text(encoding="utf-8"))
    script = "\n".join(blocks)
    expected = [int(code) for line in script.splitlines() for code in _codes(line)]
    return script, expected


def _codes(line: str) -> list[str]:
    match = EXPECT.search(line)
    return match.group(1).split() if match else []


def test_the_docs_have_examples_for_every_part():
    script, expected = doc_script()
    for needle in (
        "POST",
        "PATCH",
        "actions/publish/",
        "actions/unpublish/",
        "min_base_max",
        "skill=",
    ):
        assert needle in script
    assert {200, 201, 400, 401, 404, 422} <= set(expected)
    assert script.count("curl ") == len(expected)


def test_curl_examples_run_against_a_live_server(
    live_server, django_db_serialized_rollback, make_role, django_user_model, tmp_path
):
    if shutil.which("curl") is None:
        pytest.fail("curl is not installed: apt-get install curl (.ci/run does)")
    target = make_role("Data Scientist")
    make_role("Applied ML Engineer", body=sample_body("Applied ML Engineer", (target.id,)))
    user = django_user_model.objects.create_superuser("pipeline", "p@example.com", "pw")
    token = APIToken.create_token(user=user, name="docs")[1]

    script, expected = doc_script()
    status_log = tmp_path / "statuses"
    wrapper = (
        "set -u\n"
        # Same commands as in the docs; the wrapper only records each response's status.
        f"curl() {{ command curl -w '%{{stderr}}%{{http_code}}\\n' \"$@\" 2>>'{status_log}'; }}\n"
    )
    result = subprocess.run(
        ["bash", "-c", wrapper + script],
        env={**os.environ, "BASE": live_server.url, "TOKEN": token},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    statuses = [int(line) for line in status_log.read_text().split() if line.isdigit()]
    assert statuses == expected, result.stdout[-3000:]
    # The error example's answer names the offending values, as the docs show.
    assert "body/0/value/rows/0/base_min: Enter a whole number." in result.stdout
    assert "body/1/type: Unknown block type 'video'" in result.stdout
    assert "body/2/value: This field is required." in result.stdout


def test_api_tokens_command_as_documented(django_user_model, careers_index):
    django_user_model.objects.create_superuser("admin", "a@example.com", "pw")
    out = StringIO()
    call_command(
        "api_tokens", "create", "--user", "admin", "--name", "content pipeline", stdout=out
    )
    plaintext = out.getvalue().strip()
    assert APIToken.validate_token_format(plaintext)
    listing = StringIO()
    call_command("api_tokens", "list", stdout=listing)
    assert "content pipeline" in listing.getvalue() and plaintext not in listing.getvalue()
    token = APIToken.objects.get()
    call_command("api_tokens", "revoke", "--id", str(token.pk), stdout=StringIO())
    token.refresh_from_db()
    assert token.revoked_at is not None
