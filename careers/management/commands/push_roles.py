"""Push role documents (the import format) to a remote careers-cms through API v3."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.core.management.base import BaseCommand, CommandError

from careers import blockerrors
from careers.facts.site import DEFAULT_APPLY_TEXT, DEFAULT_ORGANISATION_NAME
from careers.management.commands.import_roles import read_documents
from careers.pipeline.document import RoleDocument
from careers.pipeline.load import ApplyDefaults, document_to_payload, line_for
from careers.pipeline.parse import parse_document

CREATED, UPDATED, UNCHANGED, FAILED = "created", "updated", "unchanged", "failed"
TIMEOUT = 30


class RemoteError(Exception):
    """The remote instance answered with an error (or not at all)."""

    def __init__(self, status: int | None, detail: str, errors: list[dict] | None = None):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = errors or []


@dataclass
class Remote:
    """A careers-cms API v3 at ``base_url``, spoken to with a Bearer token."""

    base_url: str
    token: str

    def request(self, method: str, path: str, payload: dict | None = None, query=None) -> dict:
        url = urllib.parse.urljoin(self.base_url.rstrip("/") + "/", "api/v3/" + path.lstrip("/"))
        if query:
            url += "?" + urllib.parse.urlencode(query)
        data = json.dumps(payload).encode() if payload is not None else None
        request = urllib.request.Request(  # noqa: S310 - the URL's scheme is checked in handle()
            url,
            data=data,
            method=method,
            headers={
                "Authorization": f"Bearer {self.token}",
                "Accept": "application/json",
                **({"Content-Type": "application/json"} if data is not None else {}),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
                return json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            body = error.read()
            try:
                problem = json.loads(body)
            except ValueError:
                problem = {}
            if not isinstance(problem, dict):
                problem = {}
            detail = problem.get("detail") or problem.get("message") or error.reason
            raise RemoteError(error.code, str(detail), problem.get("errors")) from None
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            reason = getattr(error, "reason", error)
            raise RemoteError(None, f"cannot reach {url}: {reason}") from None


def local_apply_defaults() -> ApplyDefaults:
    """The site's default apply text: this command never needs a local database."""
    return ApplyDefaults(DEFAULT_ORGANISATION_NAME, DEFAULT_APPLY_TEXT)


def comparable(body: list[dict]) -> list[dict]:
    return [{"type": block["type"], "value": block["value"]} for block in body]


def unchanged(remote: dict, payload: dict, publish: bool) -> bool:
    """True when the remote's latest revision already holds exactly this document."""
    meta = remote.get("meta") or {}
    for name in ("title", "role_name", "year", "intro"):
        if remote.get(name) != payload.get(name):
            return False
    if meta.get("slug") != payload.get("slug"):
        return False
    if (remote.get("family") or {}).get("slug") != payload.get("family"):
        return False
    if (meta.get("search_description") or "") != (payload.get("search_description") or ""):
        return False
    if comparable(remote.get("body") or []) != comparable(payload["body"]):
        return False
    return not publish or (meta.get("live") and not meta.get("has_unpublished_changes"))


def locate(doc: RoleDocument, path: str) -> int:
    """The document line behind an API error path such as ``body/4/value/rows/1/base_min``."""
    keys = blockerrors.from_pointer(path)
    if keys[:1] == ("body",):
        return line_for(doc, keys[1:])
    if path == "intro":
        return doc.intro_line
    if path == "family" and doc.family_line:
        return doc.family_line
    return doc.title_line


class Command(BaseCommand):
    help = (
        "Push role documents (files, or directories of .txt files, in the import_roles "
        "format) to a remote careers-cms through its API v3. Each file is created or updated "
        "(a new revision) on its own; errors are reported per file as FILE:LINE: message. "
        "See docs/api.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="files or directories")
        parser.add_argument(
            "--url", required=True, help="the remote site, e.g. https://cms.example"
        )
        parser.add_argument(
            "--token",
            required=True,
            help="an API token (manage.py api_tokens create on the remote)",
        )
        parser.add_argument(
            "--publish", action="store_true", help="publish each page (default: save a draft)"
        )

    def handle(self, *args, **options):
        scheme = urllib.parse.urlsplit(options["url"]).scheme
        if scheme not in {"http", "https"}:
            raise CommandError(
                f"--url must start with http:// or https:// (got {options['url']!r})"
            )
        remote = Remote(options["url"], options["token"])
        try:
            who = remote.request("GET", "whoami/")
        except RemoteError as error:
            if error.status == 401:
                raise CommandError("the remote rejected the token (401): check --token") from None
            raise CommandError(error.detail) from None
        if not who.get("can_add_roles"):
            raise CommandError(f"the token's user {who.get('username')!r} may not add role pages")
        if options["publish"] and not who.get("can_publish_roles"):
            raise CommandError(f"the token's user {who.get('username')!r} may not publish")

        documents, problems = read_documents(options["paths"])
        counts = dict.fromkeys((CREATED, UPDATED, UNCHANGED, FAILED), 0)
        failed = {problem.source for problem in problems}
        for problem in problems:
            self.stderr.write(self.style.ERROR(str(problem)))
        defaults = local_apply_defaults()
        for source, text in documents:
            result = self.push(remote, source, text, defaults, options["publish"])
            if result == FAILED:
                failed.add(source)
            else:
                counts[result] += 1
        counts[FAILED] = len(failed)
        summary = ", ".join(f"{counts[key]} {key}" for key in (CREATED, UPDATED, UNCHANGED, FAILED))
        if failed:
            self.stdout.write(f"Summary: {summary}.")
            raise CommandError(f"{len(failed)} file(s) failed; the others were pushed.")
        self.stdout.write(self.style.SUCCESS(f"Summary: {summary}."))

    def push(self, remote: Remote, source: str, text: str, defaults, publish: bool) -> str:
        result = parse_document(text, source)
        for warning in result.warnings:
            self.stderr.write(f"{warning.source}:{warning.line}: warning: {warning.message}")
        if not result.ok:
            for problem in result.errors:
                self.stderr.write(self.style.ERROR(str(problem)))
            return FAILED
        doc = result.document
        payload = document_to_payload(doc, apply_defaults=defaults)
        if publish:
            payload["meta"] = {"action": "publish"}
        try:
            found = remote.request("GET", "pages/", query={"slug": payload["slug"]})["items"]
            if found:
                page_id = found[0]["id"]
                current = remote.request("GET", f"pages/{page_id}/", query={"version": "draft"})
                if unchanged(current, payload, publish):
                    action, page = UNCHANGED, current
                else:
                    action, page = UPDATED, remote.request("PATCH", f"pages/{page_id}/", payload)
            else:
                action, page = CREATED, remote.request("POST", "pages/", payload)
        except RemoteError as error:
            self.report_remote_error(doc, error)
            return FAILED
        state = "live" if (page.get("meta") or {}).get("live") else "draft"
        self.stdout.write(
            f"{action:<10} {state:<6} {page.get('meta', {}).get('html_url') or payload['slug']}  {source}"
        )
        return action

    def report_remote_error(self, doc: RoleDocument, error: RemoteError) -> None:
        status = f"HTTP {error.status}" if error.status else "no answer"
        if not error.errors:
            self.stderr.write(
                self.style.ERROR(f"{doc.source}:{doc.title_line}: {status}: {error.detail}")
            )
            return
        for item in error.errors:
            path = item.get("path") or ""
            message = item.get("msg") or error.detail
            where = f"{path}: " if path else ""
            line = locate(doc, path)
            self.stderr.write(self.style.ERROR(f"{doc.source}:{line}: {status}: {where}{message}"))
