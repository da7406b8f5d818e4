"""Running manage.py in a fresh process: what settings modules build from an environment."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def manage(*args: str, env: dict, check: bool = True) -> subprocess.CompletedProcess:
    """``manage.py <args>`` with exactly ``env``; its output captured as text."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=check,
    )


def shell(code: str, env: dict, check: bool = True) -> subprocess.CompletedProcess:
    """Run ``code`` in ``manage.py shell`` (settings are read afresh from ``env``)."""
    return manage("shell", "--no-imports", "-c", code, env=env, check=check)
