"""Shared browser-test fixtures: Debian Chromium via Playwright, a live site, axe and Nu checks.

How to use (mark every test `@pytest.mark.browser`):

    def test_something(live_site, page):
        page.goto(live_site.url(live_site.role.url))
        violations = run_axe(page)                      # WCAG 2.1 AA, serious/critical
        everything = run_axe(page, tags=STRICT_TAGS, impacts=None)  # issue 17's bar
        errors = validate_html([page.content()])[0]     # Nu HTML Checker errors

Nothing is downloaded at test time: the browser is /usr/bin/chromium (or $CHROMIUM_PATH),
axe-core and vnu.jar come from node_modules (`npm ci --ignore-scripts`, run by `make install`)
and the checker runs on the system Java. A missing tool fails the test with the command that
installs it — it never skips, because CI installs all of them.

Tests that use `live_server` run on a transactional database, which Django empties after each
test; tests/conftest.py gives every transactional test a serialized rollback, so the rows
Wagtail's migrations create (root page, default locale, content types) are back for the next.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings as django_settings
from django.core.servers.basehttp import WSGIServer
from django.db import connections
from django.test.testcases import LiveServerThread
from django.urls import reverse

import pytest
from playwright.sync_api import sync_playwright

from careers.find import compare
from tests.support.find import role_body

# On SQLite the live server shares the test's in-memory connection with every request thread,
# so two overlapping requests (the checks panel's background POST and a Publish) collide on
# one connection ("cannot open savepoint - SQL statements in progress"). A single-threaded
# server takes one request at a time (Django then closes each connection); PostgreSQL keeps
# the threaded server, whose requests have connections of their own.


class OneRequestAtATimeServer(WSGIServer):
    """Django's live server, unthreaded; LiveServerThread.run already shares the connection."""

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)


if django_settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    LiveServerThread.server_class = OneRequestAtATimeServer

REPO_ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = REPO_ROOT / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
SCREENSHOT_DIR = REPO_ROOT / "test-artifacts" / "screenshots"

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
# Issue 17's bar for public pages: WCAG 2.2 AA (its target-size rule is the 24 × 24 px tap
# target) and axe's best practices (unique landmarks, heading order), at any impact.
STRICT_TAGS = (*WCAG_TAGS, "wcag22aa", "best-practice")
BLOCKING_IMPACTS = ("critical", "serious")
DESKTOP = {"width": 1280, "height": 900}
# Issue 17 judges every page at 390 × 800 (a common phone) and 1280 × 800 (a laptop).
PHONE = {"width": 390, "height": 800}
LAPTOP = {"width": 1280, "height": 800}
INSTALL_HINT = "run `make install` (npm ci --ignore-scripts) from the repository root"

# The live server listens on loopback only; port 0 lets the OS pick a free one, so parallel
# runs on one machine never collide.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1:0")
# Playwright's sync API keeps an event loop running in the main thread for the whole session;
# Django would then refuse every ORM call made by fixtures. The ORM is still used from one
# thread at a time here, which is what the check protects.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# --- the browser ------------------------------------------------------------------------


def chromium_executable() -> str:
    """The Debian Chromium binary; a missing browser is a failure, not a skip."""
    path = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
    resolved = shutil.which(path) or (path if Path(path).is_file() else None)
    if not resolved:
        pytest.fail(
            f"Chromium not found at {path!r}: `apt-get install -y chromium` "
            "(CI does this in .ci/run) or set CHROMIUM_PATH.",
            pytrace=False,
        )
    return resolved


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole run (launching costs about a second)."""
    executable = chromium_executable()
    # While Playwright's sync API is active its event loop counts as "running" in this thread,
    # and Django then keeps database connections in a per-context store instead of the
    # thread's: the test database's connection (with the state Django's test machinery keeps
    # on it) would be left behind. Hand the same connection objects to the new store.
    wrappers = {alias: connections[alias] for alias in connections}
    with sync_playwright() as playwright:
        for alias, wrapper in wrappers.items():
            connections[alias] = wrapper
        instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield instance
        instance.close()


@dataclass
class PageLog:
    """What a page did while loading: every request URL, console errors, script errors."""

    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def hosts(self) -> set[str]:
        return {
            urlsplit(url).netloc
            for url in self.requests
            if urlsplit(url).scheme in {"http", "https"}
        }


@pytest.fixture
def make_page(browser):
    """Factory: `make_page(width=360, height=740)` → a fresh page in its own context.

    `color_scheme="dark"` makes the page match `prefers-color-scheme: dark`.

    Each page gets a `page.log` (PageLog) recording its requests and errors.
    """
    contexts = []

    def make(width: int = DESKTOP["width"], height: int = DESKTOP["height"], color_scheme="light"):
        context = browser.new_context(
            viewport={"width": width, "height": height}, color_scheme=color_scheme
        )
        contexts.append(context)
        new_page = context.new_page()
        new_page.set_default_timeout(15_000)
        log = PageLog()
        new_page.log = log
        new_page.on("request", lambda req: log.requests.append(req.url))
        new_page.on(
            "console", lambda msg: msg.type == "error" and log.console_errors.append(msg.text)
        )
        new_page.on("pageerror", lambda exc: log.page_errors.append(str(exc)))
        new_page.on("requestfailed", lambda req: log.failed.append(f"{req.url} ({req.failure})"))
        new_page.on(
            "response",
            lambda resp: (
                resp.status >= 400 and log.failed.append(f"{resp.url} (HTTP {resp.status})")
            ),
        )
        return new_page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(make_page):
    """A desktop-sized (1280×900) page; see `make_page` for other viewports."""
    return make_page()


# --- the site under test ----------------------------------------------------------------


@dataclass
class LiveSite:
    """A served site: home → /careers/ → one complete role page, and where it listens."""

    base_url: str
    home: object
    careers_index: object
    role: object
    # More published roles (see `live_site_with_peers`), for search and compare to have results.
    peers: tuple = ()

    def url(self, path: str) -> str:
        return self.base_url.rstrip("/") + "/" + path.lstrip("/")

    @property
    def apply_url(self) -> str:
        return reverse("apply:form", kwargs={"slug": self.role.slug})

    @property
    def compare_url(self) -> str:
        """The role and its peers side by side (at most three columns)."""
        return compare.compare_url(r.slug for r in (self.role, *self.peers))


@pytest.fixture
def live_site(live_server, make_role, settings, tmp_path):
    """The live server with a complete site published on it (the role is the seed's role)."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    role = make_role("Applied ML Engineer")
    return LiveSite(
        base_url=live_server.url,
        home=role.get_parent().get_parent().specific,
        careers_index=role.get_parent().specific,
        role=role,
    )


# Two more engineering roles with their own pay, so that /search/?q=engineer lists three roles
# and /careers/compare/ has three columns. A separate fixture: tests on `live_site` count its
# roles.
PEER_ROLES = (("Data Engineer", 240000), ("Platform Engineer", 320000))


@pytest.fixture
def live_site_with_peers(live_site, make_role):
    """`live_site` plus two published peer roles (Data Engineer, Platform Engineer)."""
    peers = tuple(
        make_role(name, body=role_body(name, top=top, intern=False)) for name, top in PEER_ROLES
    )
    return replace(live_site, peers=peers)


# --- accessibility: axe-core ------------------------------------------------------------


def run_axe(
    page, tags: Iterable[str] = WCAG_TAGS, impacts: Iterable[str] | None = BLOCKING_IMPACTS
):
    """Run axe-core on the loaded page; return its violations (only `impacts`, if given).

    axe is injected with `page.evaluate(source)`, which works under a strict CSP that would
    refuse `add_script_tag`. Each violation is a dict: id, impact, help, nodes (selector, html).
    """
    if not AXE_JS.is_file():
        pytest.fail(f"axe-core not found at {AXE_JS}: {INSTALL_HINT}", pytrace=False)
    page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: "tag", values: tags},
                                               resultTypes: ["violations"]});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(" "), html: n.html}))}));
        }""",
        list(tags),
    )
    wanted = set(impacts) if impacts is not None else None
    return [v for v in result if wanted is None or v["impact"] in wanted]


def describe_violations(violations) -> str:
    """Readable summary for assertion messages."""
    lines = []
    for v in violations:
        lines.append(f"{v['impact']}: {v['id']} — {v['help']}")
        lines.extend(f"    {n['target']}: {n['html'][:160]}" for n in v["nodes"][:5])
    return "\n".join(lines)


# --- HTML validity: the W3C Nu HTML Checker ---------------------------------------------


def validate_html(
    documents: Iterable[str] | Mapping[str, str],
) -> dict[str, list[dict]] | list[list[dict]]:
    """Check documents with vnu.jar in ONE Java run (~3 s); return the errors of each.

    Pass a list of HTML strings to get a list of error lists back (same order), or a mapping
    name → HTML to get name → errors. An error is vnu's message dict (type == "error"):
    `message`, `lastLine`, `extract`. Warnings and info messages are not returned.
    """
    named = isinstance(documents, Mapping)
    items = list(documents.items()) if named else [(str(i), d) for i, d in enumerate(documents)]
    java = shutil.which("java")
    if not java:
        pytest.fail("java not found: `apt-get install -y openjdk-17-jre-headless`", pytrace=False)
    if not VNU_JAR.is_file():
        pytest.fail(f"vnu.jar not found at {VNU_JAR}: {INSTALL_HINT}", pytrace=False)
    errors: dict[str, list[dict]] = {name: [] for name, _ in items}
    with tempfile.TemporaryDirectory(prefix="vnu-") as tmp:
        paths = {}
        for index, (name, html) in enumerate(items):
            path = Path(tmp) / f"doc{index:03d}.html"
            path.write_text(html, encoding="utf-8")
            paths[path.resolve().as_uri()] = name
        completed = subprocess.run(
            [
                java,
                "-Xss4m",
                "-Xmx512m",
                "-jar",
                str(VNU_JAR),
                "--stdout",
                "--format",
                "json",
                "--exit-zero-always",
                *(str(Path(tmp) / f"doc{i:03d}.html") for i in range(len(items))),
            ],
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        try:
            messages = json.loads(completed.stdout or "{}").get("messages", [])
        except json.JSONDecodeError:
            pytest.fail(f"vnu.jar printed no JSON: {completed.stderr[:1000]}", pytrace=False)
    for message in messages:
        if message.get("type") == "non-document-error":
            pytest.fail(f"vnu.jar could not check a document: {message}", pytrace=False)
        if message.get("type") != "error":
            continue
        url = message.get("url", "")
        name = paths.get(url) or paths.get(re.sub(r"^file:/+", "file:///", url))
        errors.setdefault(name or url, []).append(message)
    if named:
        return errors
    return [errors[name] for name, _ in items]


def describe_html_errors(errors: list[dict]) -> str:
    return "\n".join(
        f"line {e.get('lastLine', '?')}: {e.get('message', '')} [{(e.get('extract') or '').strip()[:120]}]"
        for e in errors
    )


# --- artifacts --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    """test-artifacts/screenshots/ (git-ignored; CI keeps it as an artifact)."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    return SCREENSHOT_DIR


def save_screenshot(page, name: str, full_page: bool = True) -> Path:
    """Save a PNG of the page as test-artifacts/screenshots/<name>.png."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{re.sub(r'[^A-Za-z0-9._-]+', '-', name).strip('-')}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path
