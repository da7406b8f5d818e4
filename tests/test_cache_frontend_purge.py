"""With a CDN configured, publishing purges the page, its listing and its API details."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class RecordingPurgeHandler(BaseHTTPRequestHandler):
    """Stands in for Varnish: records every PURGE it receives."""

    purged: list[str] = []

    def do_PURGE(self):
        self.purged.append(f"{self.headers['Host']}{self.path}")
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def purge_server():
    RecordingPurgeHandler.purged = []
    server = ThreadingHTTPServer(("127.0.0.1", 8165), RecordingPurgeHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield RecordingPurgeHandler.purged
    server.shutdown()
    server.server_close()


def test_publish_purges_page_listing_and_api_details(
    settings, role_page, purge_server, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": "http://127.0.0.1:8165",
        }
    }
    role_page.intro = "New."
    with django_capture_on_commit_callbacks(execute=True):
        role_page.save_revision().publish()
    paths = {entry.split("/", 1)[1] for entry in purge_server}
    assert "careers/applied-ml-engineer/" in paths
    assert "careers/" in paths
    assert f"api/v2/pages/{role_page.id}/" in paths
    assert f"api/v3/pages/{role_page.id}/" in paths


def test_nothing_is_purged_by_default(role_page, purge_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        role_page.save_revision().publish()
    assert purge_server == []
