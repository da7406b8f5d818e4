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


def reserve_port() -> socket.socket:
    """A socket bound on 127.0.0.1 but not listening: connections to it are refused ("down").

    Without SO_REUSEADDR nobody else can take the port while we hold it, so a parallel run of
    these tests can never answer our webhooks. Ports of this worktree's range come first; if
    all are busy (or in TIME_WAIT), the OS picks one.
    """
    for port in [*PORTS, 0]:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            sock.close()
            continue
        return sock
    raise RuntimeError("No free port on 127.0.0.1")


def serve(sock: socket.socket, handler) -> tuple[ThreadingHTTPServer, threading.Thread]:
    """Start listening on a reserved socket with `handler`, in a daemon thread."""
    server = ThreadingHTTPServer(sock.getsockname(), handler, bind_and_activate=False)
    server.socket.close()
    server.socket = sock
    server.server_address = sock.getsockname()
    server.server_activate()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread


@dataclass
class Request:
    headers: dict
    body: bytes
    status: int


@dataclass
class Receiver:
    """A webhook consumer that is down until `up()`, then failing or fine as told.

    It records every request it gets. `close()` releases the port (fixture teardown).
    """

    status: int = 200
    requests: list[Request] = field(default_factory=list)
    _sock: socket.socket = field(default_factory=reserve_port)
    _server: ThreadingHTTPServer | None = None
    _thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self._sock.getsockname()[1]

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

            self._server, self._thread = serve(self._sock, Handler)
        return self

    def close(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._thread.join(5)
        self._sock.close()

    def acknowledged(self) -> list[Request]:
        return [r for r in self.requests if 200 <= r.status < 300]
