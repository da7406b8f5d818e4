"""Role listings filtered by salary, skill and year, searched and ordered, in v2 and v3."""

import pytest

from careers.testing.factories import sample_body


def body_with(role_name, base_max, skills):
    body = dict(sample_body(role_name))
    table = dict(body["salary_table"])
    table["rows"] = [
        {"level": "Entry-Level", "base_min": base_max // 2, "base_max": base_max // 2 + 10000},
        {"level": "Senior", "base_min": base_max - 50000, "base_max": base_max},
    ]
    body["salary_table"] = table
    body["skills"] = {"heading": "", "items": skills}
    return list(body.items())


@pytest.fixture
def roles(make_role):
    return {
        "data": make_role(
            "Data Engineer", body=body_with("Data Engineer", 200000, ["SQL", "Apache Spark"])
        ),
        "ml": make_role(
            "ML Engineer",
            body=body_with("ML Engineer", 350000, ["Python", "PyTorch for deep learning"]),
        ),
        "web": make_role(
            "Web Developer",
            year=2025,
            body=body_with("Web Developer", 150000, ["TypeScript", "Accessible HTML"]),
        ),
    }


def names(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    return [item["role_name"] for item in response.json()["items"]]


@pytest.mark.parametrize(
    "query,expected",
    [
        ("min_base_max=200000", ["Data Engineer", "ML Engineer"]),
        ("min_base_max=200001", ["ML Engineer"]),
        ("max_base_min=100000", ["Data Engineer", "Web Developer"]),
        ("max_base_min=99999", ["Web Developer"]),
        ("skill=pytorch", ["ML Engineer"]),
        ("skill=SQL", ["Data Engineer"]),
        ("skill=Engineer", []),  # the role name is not a skill
        ("year=2025", ["Web Developer"]),
        ("year=2026&min_base_max=100000", ["Data Engineer", "ML Engineer"]),
        ("order=-base_max", ["ML Engineer", "Data Engineer", "Web Developer"]),
        ("order=year,-role_name", ["Web Developer", "ML Engineer", "Data Engineer"]),
        ("search=web%20developer", ["Web Developer"]),
        ("slug=ml-engineer", ["ML Engineer"]),
    ],
)
def test_v3_filters(client, roles, query, expected):
    assert names(client, f"/api/v3/pages/?{query}") == expected


@pytest.mark.parametrize(
    "query,expected",
    [
        ("min_base_max=200000", {"Data Engineer", "ML Engineer"}),
        ("skill=spark", {"Data Engineer"}),
        ("year=2025", {"Web Developer"}),
        ("search=web%20developer", {"Web Developer"}),
    ],
)
def test_v2_filters(client, roles, query, expected):
    url = f"/api/v2/pages/?type=careers.RolePage&fields=role_name&{query}"
    assert set(names(client, url)) == expected


def test_v2_orders_by_role_fields(client, roles):
    url = "/api/v2/pages/?type=careers.RolePage&fields=role_name&order=-role_name"
    assert names(client, url) == ["Web Developer", "ML Engineer", "Data Engineer"]


def test_filters_still_hide_drafts(client, roles, make_role):
    make_role(
        "Secret Engineer",
        publish=False,
        live=False,
        body=body_with("Secret Engineer", 900000, ["Python"]),
    )
    assert names(client, "/api/v3/pages/?min_base_max=800000") == []
    assert names(client, "/api/v3/pages/?skill=python") == ["ML Engineer"]
    assert names(client, "/api/v3/pages/?search=secret") == []
