"""Deployable as shipped: production settings, security headers, no inline code on public pages."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]


# Test-only switches (the browser fixtures set DJANGO_ALLOW_ASYNC_UNSAFE) are not part of a
# deployment's environment.
TEST_ONLY_ENV = ("DJANGO_ALLOW_ASYNC_UNSAFE",)


def manage(*args, env_extra=None, drop=()):
    env = {k: v for k, v in os.environ.items() if k not in drop and k not in TEST_ONLY_ENV}
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_a_deployment_environment():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_extra={
            "DJANGO_SETTINGS_MODULE": "cms.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "careers.example.com",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = manage(
        "check",
        env_extra={"DJANGO_SETTINGS_MODULE": "cms.settings.production"},
        drop=("SECRET_KEY",),
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_reads_ssl_redirect_and_hosts_from_the_environment():
    code = (
        "from django.conf import settings;"
        "print(settings.SECURE_SSL_REDIRECT, settings.ALLOWED_HOSTS, settings.SECURE_HSTS_SECONDS,"
        " settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE)"
    )
    base = {
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": "k" * 50,
        "ALLOWED_HOSTS": "a.example,b.example",
    }
    on = manage("shell", "--no-imports", "-c", code, env_extra=base)
    off = manage(
        "shell", "--no-imports", "-c", code, env_extra={**base, "SECURE_SSL_REDIRECT": "0"}
    )
    assert on.stdout.strip() == "True ['a.example', 'b.example'] 31536000 True True"
    assert off.stdout.strip().startswith("False ")


@pytest.fixture
def public_urls(role_page):
    return ["/", "/careers/", role_page.url]


def test_every_public_response_carries_the_security_headers(client, public_urls):
    for url in [*public_urls, "/no-such-page/"]:
        response = client.get(url)
        csp = response["Content-Security-Policy"]
        assert "script-src 'self';" in csp, url
        assert "style-src 'self';" in csp, url
        assert "unsafe-inline" not in csp, url
        assert "frame-ancestors 'none'" in csp, url
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert "camera=()" in response["Permissions-Policy"]
        assert response["X-Frame-Options"] == "DENY"


def test_admin_gets_a_policy_it_can_work_under(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "http" not in csp  # no third-party host is allowed anywhere


def test_public_pages_have_no_inline_scripts_or_styles(client, public_urls):
    for url in public_urls:
        soup = BeautifulSoup(client.get(url).content, "html.parser")
        for script in soup.find_all("script"):
            assert script.get("src") or script.get("type") == "application/ld+json", url
        assert not soup.find_all("style"), url
        assert not soup.select("[style]"), url
        on_attrs = [
            attr for tag in soup.find_all(True) for attr in tag.attrs if attr.startswith("on")
        ]
        assert on_attrs == [], url
