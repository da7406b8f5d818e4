"""Webhook endpoints cannot reach internal services: checked at registration and at every send."""

import re
import shutil
import socket
import ssl
import subprocess
from io import StringIO

from django.core.checks import run_checks
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse

import pytest

from delivery.models import DeliveryAttempt, WebhookDelivery, WebhookEndpoint
from delivery.sending import attempt_delivery
from delivery.targets import TargetRefused, resolve_target
from tests.support.delivery import FakeDNS, FakeInternet, Receiver, reserve_port, serve

SECRET = "ssrf-secret-0123456789"
PUBLIC = "93.184.215.14"  # a globally routable address (only ever reached through FakeInternet)

# (URL, the rule the error must name). Names under .test are answered by the FakeDNS fixture.
REFUSED = [
    ("http://127.0.0.1:8000/hook", "127.0.0.1 is a loopback address"),
    ("http://localhost/hook", "localhost resolves to 127.0.0.1, a loopback address"),
    ("http://[::1]/hook", "::1 is a loopback address"),
    ("http://10.0.0.5/hook", "10.0.0.5 is a private address (RFC 1918)"),
    (
        "http://intranet.test/hook",
        "intranet.test resolves to 10.0.0.5, a private address (RFC 1918)",
    ),
    ("http://172.16.3.4/hook", "172.16.3.4 is a private address (RFC 1918)"),
    ("https://192.168.1.10/hook", "192.168.1.10 is a private address (RFC 1918)"),
    ("http://[fd12:3456::1]/hook", "fd12:3456::1 is a private address (unique local, fc00::/7)"),
    ("http://100.64.0.7/hook", "100.64.0.7 is a private address (carrier-grade NAT"),
    ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),
    ("http://metadata.test/computeMetadata/v1/", "resolves to 169.254.169.254, a link-local"),
    ("http://[fe80::1]/hook", "fe80::1 is a link-local address (fe80::/10)"),
    ("http://0.0.0.0:8000/hook", "0.0.0.0 is an unspecified address"),
    ("http://[::]/hook", ":: is an unspecified address"),
    ("http://224.0.0.1/hook", "224.0.0.1 is a multicast address"),
    ("http://[ff02::1]/hook", "ff02::1 is a multicast address"),
    ("http://240.0.0.1/hook", "240.0.0.1 is a reserved address"),
    ("http://[::ffff:127.0.0.1]/hook", "::ffff:127.0.0.1 (IPv4 127.0.0.1) is a loopback address"),
    (
        "http://[::ffff:169.254.169.254]/hook",
        "::ffff:169.254.169.254 (IPv4 169.254.169.254) is a link-local address",
    ),
    ("http://[2002:a00:5::1]/hook", "2002:a00:5::1 (IPv4 10.0.0.5) is a private address"),
    # Every address a name resolves to is checked, not just the first.
    ("http://mixed.test/hook", "mixed.test resolves to 10.0.0.5, a private address (RFC 1918)"),
    ("http://user:pw@front.test/hook", "must not contain a user name or password"),
]


@pytest.fixture
def dns(monkeypatch):
    fake = FakeDNS(socket.getaddrinfo)
    fake.answer("intranet.test", ["10.0.0.5"])
    fake.answer("metadata.test", ["169.254.169.254"])
    fake.answer("mixed.test", [PUBLIC, "10.0.0.5"])
    fake.answer("front.test", [PUBLIC])
    monkeypatch.setattr(socket, "getaddrinfo", fake)
    return fake


@pytest.fixture
def internet(monkeypatch):
    fake = FakeInternet(socket.create_connection)
    monkeypatch.setattr(socket, "create_connection", fake)
    return fake


@pytest.fixture
def receiver():
    rx = Receiver()
    yield rx
    rx.close()


@pytest.fixture
def internal():
    """A service on loopback that no webhook may reach (an admin API, a metadata server…)."""
    rx = Receiver()
    yield rx
    rx.close()


def run(*args):
    out = StringIO()
    call_command("webhooks", *args, stdout=out)
    return out.getvalue()


def add_form(url):
    return {"url": url, "secret": SECRET, "events": ["published"], "is_active": "on"}


@override_settings(WEBHOOK_ALLOW_PRIVATE_TARGETS=False)
@pytest.mark.parametrize(("url", "rule"), REFUSED)
def test_the_command_refuses_internal_targets_naming_the_rule(db, dns, url, rule):
    with pytest.raises(CommandError) as exc:
        run("add", url, "--secret", SECRET)
    assert "Cannot add endpoint: url: " in str(exc.value)
    assert rule in str(exc.value)
    assert not WebhookEndpoint.objects.exists()


@override_settings(WEBHOOK_ALLOW_PRIVATE_TARGETS=False)
@pytest.mark.parametrize(("url", "rule"), REFUSED)
def test_the_admin_form_refuses_internal_targets_naming_the_rule(admin_client, dns, url, rule):
    response = admin_client.post(reverse("webhook_endpoints:add"), add_form(url))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["url"]
    assert rule in " ".join(errors["url"])
    assert not WebhookEndpoint.objects.exists()


@override_settings(WEBHOOK_ALLOW_PRIVATE_TARGETS=False)
def test_public_targets_and_names_that_do_not_resolve_yet_are_accepted(db, dns, admin_client):
    assert "Added endpoint" in run("add", "https://front.test/hooks", "--secret", SECRET)
    # Not resolvable now (a front end not deployed yet): accepted, checked again at every send.
    dns.answer("later.test", [])
    response = admin_client.post(reverse("webhook_endpoints:add"), add_form("https://later.test/"))
    assert response.status_code == 302
    assert WebhookEndpoint.objects.count() == 2


@override_settings(WEBHOOK_ALLOW_PRIVATE_TARGETS=True)
def test_the_setting_allows_loopback_and_private_but_never_link_local(
    db, dns, receiver, careers_index, make_role, django_capture_on_commit_callbacks
):
    receiver.up()
    assert "Added endpoint" in run("add", receiver.url, "--secret", SECRET)
    assert "Added endpoint" in run("add", "http://intranet.test/hook", "--secret", SECRET)
    for url, rule in [
        ("http://169.254.169.254/", "link-local"),
        ("http://metadata.test/", "link-local"),
        ("http://0.0.0.0:8000/", "unspecified"),
        ("http://224.0.0.1/", "multicast"),
    ]:
        with pytest.raises(CommandError, match=rule):
            run("add", url, "--secret", SECRET)
    WebhookEndpoint.objects.filter(url__contains="intranet").delete()
    with django_capture_on_commit_callbacks(execute=True):
        make_role("Data Engineer")
    assert len(receiver.acknowledged()) == 1
    assert WebhookDelivery.objects.get().status == "delivered"


@override_settings(WEBHOOK_ALLOW_PRIVATE_TARGETS=False)
def test_without_the_setting_a_loopback_endpoint_is_refused_at_send_time(
    receiver, careers_index, make_role, django_capture_on_commit_callbacks
):
    """An endpoint saved before the rule existed (or by code that skipped validation)."""
    receiver.up()
    WebhookEndpoint.objects.create(url=receiver.url, secret=SECRET)
    with django_capture_on_commit_callbacks(execute=True):
        make_role("Data Engineer")
    assert receiver.requests == []
    delivery = WebhookDelivery.objects.get()
    # Refused is final: no retry is scheduled; the log says why; redeliver after fixing it.
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == ("failed", 1, None)
    assert delivery.last_error == (
        "Refused: 127.0.0.1 is a loopback address; webhook endpoints must be public "
        "(WEBHOOK_ALLOW_PRIVATE_TARGETS allows loopback and private addresses in development)."
    )
    assert DeliveryAttempt.objects.get().error == delivery.last_error
    assert delivery.last_status_code is None


@override_settings(WEBHOOK_ALLOW_PRIVATE_TARGETS=False)
def test_a_name_that_now_resolves_to_a_private_address_is_refused_at_send_time(
    dns, internet, admin_client, careers_index, make_role, django_capture_on_commit_callbacks
):
    dns.answer("hooks.front.test", [PUBLIC], ["10.0.0.5"])
    run("add", "https://hooks.front.test/careers", "--secret", SECRET)  # public when added
    with django_capture_on_commit_callbacks(execute=True):
        make_role("Data Engineer")
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "failed" and delivery.next_attempt_at is None
    assert delivery.last_error.startswith(
        "Refused: hooks.front.test resolves to 10.0.0.5, a private address (RFC 1918)"
    )
    assert internet.connections == []  # nothing was even attempted
    html = admin_client.get(reverse("webhook_deliveries:inspect", args=[delivery.pk])).content
    assert b"resolves to 10.0.0.5, a private address (RFC 1918)" in html


@override_settings(WEBHOOK_ALLOW_PRIVATE_TARGETS=False)
def test_dns_rebinding_cannot_redirect_the_connection_to_an_internal_service(
    dns, internet, receiver, internal, careers_index, make_role, django_capture_on_commit_callbacks
):
    """The name is public when checked and loopback right after: we connect to what we checked."""
    receiver.up()
    internal.up()
    url = f"http://hooks.rebind.test:{internal.port}/careers"
    WebhookEndpoint.objects.create(url=url, secret=SECRET)
    dns.answer("hooks.rebind.test", [PUBLIC], ["127.0.0.1"])
    internet.route(PUBLIC, internal.port, receiver)  # the real front end out there
    with django_capture_on_commit_callbacks(execute=True):
        make_role("Data Engineer")

    assert internal.requests == []
    (request,) = receiver.requests
    assert request.headers["Host"] == f"hooks.rebind.test:{internal.port}"
    assert internet.connections == [(PUBLIC, internal.port)]
    assert dns.lookups == ["hooks.rebind.test"]  # resolved once per attempt, then pinned
    assert WebhookDelivery.objects.get().status == "delivered"


@pytest.mark.skipif(not shutil.which("openssl"), reason="needs the openssl command")
@override_settings(WEBHOOK_ALLOW_PRIVATE_TARGETS=False)
def test_https_goes_to_the_checked_address_with_the_endpoints_name_for_sni_and_certificate(
    tmp_path,
    monkeypatch,
    dns,
    internet,
    careers_index,
    make_role,
    django_capture_on_commit_callbacks,
):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=hooks.tls.test", "-addext", "subjectAltName=DNS:hooks.tls.test",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # the sender trusts this test CA
    server_names = []
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    context.sni_callback = lambda sock, name, ctx: server_names.append(name)
    receiver = Receiver(tls=context)
    try:
        receiver.up()
        port = receiver.port
        url = f"https://hooks.tls.test:{port}/careers"
        WebhookEndpoint.objects.create(url=url, secret=SECRET)
        dns.answer("hooks.tls.test", [PUBLIC], ["127.0.0.1"])
        internet.route(PUBLIC, port, receiver)
        with django_capture_on_commit_callbacks(execute=True):
            make_role("Data Engineer")
    finally:
        receiver.close()
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.last_error) == ("delivered", "")
    assert server_names == ["hooks.tls.test"]
    assert internet.connections == [(PUBLIC, port)]
    assert receiver.requests[0].headers["Host"] == f"hooks.tls.test:{port}"


@override_settings(WEBHOOK_ALLOW_PRIVATE_TARGETS=True)
def test_redirects_are_never_followed(
    receiver, internal, careers_index, make_role, django_capture_on_commit_callbacks
):
    receiver.headers = {"Location": internal.url}
    receiver.up(status=307)
    internal.up()
    WebhookEndpoint.objects.create(url=receiver.url, secret=SECRET)
    with django_capture_on_commit_callbacks(execute=True):
        make_role("Data Engineer")
    assert len(receiver.requests) == 1 and internal.requests == []
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "pending"  # a misconfigured endpoint: retried, like any failure
    assert delivery.last_error == "HTTP 307 Temporary Redirect (redirects are not followed)"


@override_settings(WEBHOOK_ALLOW_PRIVATE_TARGETS=True)
def test_a_non_http_service_does_not_leak_its_banner_into_the_log(
    careers_index, make_role, django_capture_on_commit_callbacks
):
    """Pointed at an SSH or Redis port, the log says "not HTTP", never what the service said."""
    sock = reserve_port()

    class Banner:
        def __init__(self, request, client_address, server):
            # Take the whole request first, so closing cannot reset the connection mid-send.
            data = b""
            while b"\r\n\r\n" not in data:
                data += request.recv(65536)
            head, _, body = data.partition(b"\r\n\r\n")
            length = int(re.search(rb"Content-Length: (\d+)", head, re.I).group(1))
            while len(body) < length:
                body += request.recv(65536)
            request.sendall(b"SSH-2.0-OpenSSH_9.6 internal-build-host\r\n")
            request.close()

    server, thread = serve(sock, Banner)
    try:
        WebhookEndpoint.objects.create(
            url=f"http://127.0.0.1:{sock.getsockname()[1]}/", secret=SECRET
        )
        with django_capture_on_commit_callbacks(execute=True):
            make_role("Data Engineer")
    finally:
        server.shutdown()
        thread.join(5)
        sock.close()
    attempt = DeliveryAttempt.objects.get()
    assert attempt.error == "Not an HTTP response (BadStatusLine)"
    assert "OpenSSH" not in attempt.error + attempt.response_excerpt


@override_settings(WEBHOOK_ALLOW_PRIVATE_TARGETS=False)
def test_attempt_delivery_checks_even_when_forced(db, dns):
    """Retry now, redeliver and deliver-due --all all go through the same check."""
    endpoint = WebhookEndpoint.objects.create(url="http://intranet.test/h", secret=SECRET)
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, url=endpoint.url, event="published", page_id=1, payload="{}"
    )
    outcome = attempt_delivery(delivery.pk, force=True)
    assert (outcome.attempted, outcome.status) == (True, "failed")
    assert "intranet.test resolves to 10.0.0.5, a private address (RFC 1918)" in outcome.error
    assert "Attempted 0 deliveries" in run("deliver-due", "--all")  # refused is final


def test_check_deploy_warns_when_private_targets_are_allowed():
    def warnings():
        return [
            m.id for m in run_checks(include_deployment_checks=True) if m.id.startswith("delivery")
        ]

    with override_settings(WEBHOOK_ALLOW_PRIVATE_TARGETS=True):
        assert warnings() == ["delivery.W001"]
    with override_settings(WEBHOOK_ALLOW_PRIVATE_TARGETS=False):
        assert warnings() == []


@pytest.mark.parametrize("url", ["http://2130706433/", "http://0x7f.1/", "http://127.1/"])
def test_obfuscated_ipv4_forms_are_judged_by_the_address_they_reach(url):
    """The rule checks what the resolver returns, so no spelling of 127.0.0.1 gets past it."""
    with pytest.raises(TargetRefused, match="resolves to 127.0.0.1, a loopback address"):
        resolve_target(url, allow=False)
