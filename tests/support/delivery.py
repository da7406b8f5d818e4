"""A real HTTP webhook receiver on 127.0.0.1, a resolver and an internet we control, for tests."""

from __future__ import annotations

import ipaddress
import re
import socket
import ssl
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
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
    exec(compile(match.group(1), f"docs/{doc}", "exec"), namespace)
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
    # What it answers with: the body (default "ok"/"not now") and extra headers.
    body: bytes | None = None
    headers: dict = field(default_factory=dict)
    # A server-side SSLContext makes it an HTTPS receiver.
    tls: ssl.SSLContext | None = None
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
                    for name, value in receiver.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    default = b"ok" if receiver.status < 300 else b"not now"
                    self.wfile.write(default if receiver.body is None else receiver.body)

                def log_message(self, *args):
                    pass

            if self.tls is not None:
                self._sock = self.tls.wrap_socket(self._sock, server_side=True)
            self._server, self._thread = serve(self._sock, Handler)
        return self

    def close(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._thread.join(5)
        self._sock.close()

    def acknowledged(self) -> list[Request]:
        return [r for r in self.requests if 200 <= r.status < 300]


class FakeDNS:
    """socket.getaddrinfo with answers we choose, for names under our control.

    `answer(name, [addresses], [addresses], ...)`: each lookup of `name` takes the next answer
    (the last one repeats), so a test can change what a name resolves to between two lookups,
    as a DNS-rebinding attacker does. Other names (and IP literals) go to the real resolver.
    """

    def __init__(self, real):
        self.real = real
        self.answers: dict[str, list[list[str]]] = {}
        self.lookups: list[str] = []

    def answer(self, name: str, *answers: list[str]) -> None:
        self.answers[name.lower()] = [list(a) for a in answers]

    def __call__(self, host, port, family=0, type=0, proto=0, flags=0):
        name = host.decode() if isinstance(host, bytes) else host
        queue = self.answers.get((name or "").lower())
        if queue is None:
            return self.real(host, port, family, type, proto, flags)
        self.lookups.append(name.lower())
        addresses = queue.pop(0) if len(queue) > 1 else queue[0]
        if not addresses:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        port = int(port or 0)
        return [
            (socket.AF_INET6, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (a, port, 0, 0))
            if ":" in a
            else (socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (a, port))
            for a in addresses
        ]


class FakeInternet:
    """socket.create_connection for a test machine without the internet.

    `route(public_address, port, receiver)` makes connections to that public address reach a
    receiver on loopback instead (a stand-in for a server out there); every connection is
    recorded, and one to any other non-loopback address is refused.
    """

    def __init__(self, real):
        self.real = real
        self.routes: dict[tuple[str, int], tuple[str, int]] = {}
        self.connections: list[tuple[str, int]] = []

    def route(self, address: str, port: int, receiver: Receiver) -> None:
        self.routes[(address, port)] = ("127.0.0.1", receiver.port)

    def __call__(self, address, *args, **kwargs):
        host, port = address[0], int(address[1])
        self.connections.append((host, port))
        try:
            addresses = [str(ipaddress.ip_address(host))]
        except ValueError:  # a name: resolved here, as the real create_connection would
            addresses = [
                info[4][0] for info in socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM)
            ]
        for found in addresses:
            if (found, port) in self.routes:
                return self.real(self.routes[(found, port)], *args, **kwargs)
            if ipaddress.ip_address(found).is_loopback:
                return self.real((found, port), *args, **kwargs)
        raise ConnectionRefusedError(f"[test] no internet: {host} is unreachable")
