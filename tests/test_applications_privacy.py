"""Candidates' data never leaves through a public door: APIs, pages, sitemap, search."""

from __future__ import annotations

import json

from django.urls import reverse

import pytest

from applications.models import Application
from tests.support import applicants
from tests.support.applicants import form_data

pytestmark = pytest.mark.django_db

applications_settings = applicants.applications_settings

SECRETS = ("ada.secret@example.com", "Ada Secretname", "my-private-message")


@pytest.fixture
def applied(client, role_page):
    response = client.post(
        f"/careers/{role_page.slug}/apply/",
        form_data(email=SECRETS[0], name=SECRETS[1], message=SECRETS[2]),
    )
    assert response.status_code == 302
    return Application.objects.get()


def public_paths(role_page, application):
    pk = application.pk
    return [
        "/api/applications/",
        f"/api/applications/{pk}/",
        "/api/v2/pages/",
        "/api/v2/pages/?type=careers.RolePage&fields=*",
        "/api/v2/pages/?type=careers.RolePage&fields=applications",
        f"/api/v2/pages/{role_page.pk}/",
        f"/api/v2/pages/{role_page.pk}/?fields=applications",
        "/api/v2/pages/?search=Secretname",
        "/api/v2/applications/",
        f"/api/v2/applications/{pk}/",
        "/api/v3/pages/",
        f"/api/v3/pages/{role_page.pk}/",
        "/api/v3/pages/?search=Secretname",
        "/api/v3/applications/",
        f"/api/v3/applications/{pk}/",
        "/api/v3/openapi.json",
        role_page.url,
        role_page.get_parent().url,
        reverse("apply:form", kwargs={"slug": role_page.slug}),
        reverse("apply:thanks", kwargs={"slug": role_page.slug}),
        "/sitemap.xml",
        "/sitemap-pages-1.xml",
        "/search/?q=Secretname",
        f"/documents/{pk}/",
        "/media/",
    ]


def test_no_public_endpoint_reveals_an_application(client, role_page, applied):
    for path in public_paths(role_page, applied):
        response = client.get(path)
        body = (
            b"".join(response.streaming_content) if response.streaming else response.content
        ).decode(errors="replace")
        for secret in SECRETS:
            assert secret not in body, f"{path} revealed {secret!r}"
        assert applied.resume.name not in body, f"{path} revealed the résumé's file name"


def test_the_submission_endpoint_is_write_only(client, applied):
    response = client.get("/api/applications/")
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert json.loads(response.content)["errors"]["__all__"][0]["code"] == "method_not_allowed"


def test_api_v2_refuses_the_reverse_relation(client, role_page, applied):
    response = client.get("/api/v2/pages/?type=careers.RolePage&fields=applications")
    assert response.status_code == 400
