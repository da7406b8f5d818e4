"""Every environment variable the settings read is documented in docs/deployment.md."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
READS = re.compile(
    r"""(?:os\.environ\.get|os\.environ\[|os\.getenv|env_bool|env_list|env_int)\(?\s*["']([A-Z][A-Z0-9_]+)["']"""
)


def test_every_settings_variable_is_documented():
    read = set()
    for path in (ROOT / "cms" / "settings").glob("*.py"):
        read |= set(READS.findall(path.read_text()))
    assert {"SECRET_KEY", "ALLOWED_HOSTS", "SECURE_SSL_REDIRECT"} <= read  # the scan works
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", (ROOT / "docs/deployment.md").read_text()))
    assert sorted(read - documented) == []
