"""Role family filtering in API v2 and v3: the same families the careers index offers."""

from __future__ import annotations

import pytest

from tests.support.find import family


@pytest.fixture
def roles(make_role):
    return [
        make_role("Data Engineer", family=family("data")),
        make_role("Analytics Engineer", family=family("data")),
        make_role("ML Engineer", family=family("machine-learning")),
        make_role("Web Developer"),
    ]


def names(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    return sorted(item["role_name"] for item in response.json()["items"])


@pytest.mark.parametrize(
    "url",
    [
        "/api/v3/pages/?family={slug}",
        "/api/v2/pages/?type=careers.RolePage&fields=role_name&family={slug}",
    ],
)
def test_family_filter(client, roles, url):
    assert names(client, url.format(slug="data")) == ["Analytics Engineer", "Data Engineer"]
    assert names(client, url.format(slug="machine-learning")) == ["ML Engineer"]
    assert names(client, url.format(slug="infrastructure")) == []


@pytest.mark.parametrize(
    "url",
    [
        "/api/v3/pages/?family=astrology",
        "/api/v2/pages/?type=careers.RolePage&family=astrology",
    ],
)
def test_unknown_family_is_a_400_naming_the_parameter(client, roles, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "family: No role family 'astrology'; use one of: " in response.content.decode()


def test_v2_family_filter_needs_the_role_type(client, roles):
    response = client.get("/api/v2/pages/?family=data")
    assert response.status_code == 400
    assert "only available with type=careers.RolePage" in response.content.decode()
