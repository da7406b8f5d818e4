"""CORS: configured front-end origins may read the API and preview endpoints — nothing else."""

import importlib

import pytest

import cms.settings.base as base

FRONT = "https://front.example"


@pytest.fixture(autouse=True)
def cors(settings):
    settings.CORS_ALLOWED_ORIGINS = [FRONT]


@pytest.mark.parametrize("path", ["/api/preview/", "/api/v2/pages/", "/api/v3/pages/"])
def test_api_and_preview_answer_configured_origins(client, role_page, path):
    preflight = client.options(
        path,
        HTTP_ORIGIN=FRONT,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert preflight["Access-Control-Allow-Origin"] == FRONT
    response = client.get(path, HTTP_ORIGIN=FRONT)
    assert response["Access-Control-Allow-Origin"] == FRONT
    assert "origin" in response["Vary"].lower()
    assert "Access-Control-Allow-Credentials" not in response  # tokens, never cookies


@pytest.mark.parametrize("path", ["/api/preview/", "/api/v3/pages/"])
def test_other_origins_get_no_cors_headers(client, role_page, path):
    response = client.get(path, HTTP_ORIGIN="https://evil.example")
    assert "Access-Control-Allow-Origin" not in response


@pytest.mark.parametrize("path", ["/careers/", "/admin/login/", "/preview-frontend/"])
def test_pages_and_admin_never_get_cors_headers(client, role_page, path):
    response = client.get(path, HTTP_ORIGIN=FRONT)
    assert "Access-Control-Allow-Origin" not in response


def test_cors_origins_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("CORS_ALLOWED_ORIGINS", "https://a.example, https://b.example")
    try:
        reloaded = importlib.reload(base)
        assert reloaded.CORS_ALLOWED_ORIGINS == ["https://a.example", "https://b.example"]
        assert reloaded.CORS_URLS_REGEX == r"^/api/.*$"
    finally:
        monkeypatch.delenv("CORS_ALLOWED_ORIGINS")
        importlib.reload(base)
