"""A real HTTP webhook receiver on 127.0.0.1 and the docs' verification snippet, for tests."""

from __future__ import annotations

import re
import socket
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# This worktree's assigned port range; the receiver takes the first free one.
PORTS = range(8181, 8190)


def docs_snippet(doc: str = "webhooks.md", heading: str = "## Verifying signatures") -> dict:
    """Exec the first ```python block after `heading` in docs/<doc> and return its names."""
    text = (REPO / "docs" / doc).read_text()
    assert heading in text, f"docs/{doc} lost its {heading!r} section"
    after = text.split(heading, 1)[1]
    match = re.search(r"```python\n(.*?)```", after, re.S)
    assert match, f"docs/{doc}: no python block after {heading!r}"
    namespace: dict = {}
    exec(compile(match.group(1), f"docs/{doc}", "exec"), namespace)  # noqa: S102
    return namespace


def free_port() -> int:
    for port in PORTS:
        with socket.socket() as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"No free port in {PORTS}")


@dataclass
class Request:
    headers: dict
    body: bytes
    status: int


@dataclass
class Receiver:
    """A webhook consumer that can be down, failing or up; it records every request it gets."""

    port: int
    status: int = 200
    requests: list[Request] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = None
    _thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/careers"

    def up(self, status: int = 200) -> Receiver:
        self.status = status
        if self._server is None:
            receiver = self

            class Handler(BaseHTTPRequestHandler):
                def do_POST(self):
                    length = int(self.headers.get("Content-Length", "0"))
                    body = self.rfile.read(length)
                    receiver.requests.append(
                        Request(dict(self.headers.items()), body, receiver.status)
                    )
                    self.send_response(receiver.status)
                    self.send_header("Content-Type", "text/plain")
                    self.end_headers()
                    self.wfile.write(b"ok" if receiver.status < 300 else b"not now")

                def log_message(self, *args):
                    pass

            self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
            self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
            self._thread.start()
        return self

    def down(self) -> Receiver:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(5)
            self._server = self._thread = None
        return self

    def acknowledged(self) -> list[Request]:
        return [r for r in self.requests if 200 <= r.status < 300]
