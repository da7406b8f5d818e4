"""Reading role pages through API v2 and v3: shape, numbers, resolved links, drafts, params."""

import pytest

from careers.testing.factories import sample_body


@pytest.fixture
def linked_roles(make_role):
    target = make_role("Data Scientist")
    page = make_role("Applied ML Engineer", body=sample_body("Applied ML Engineer", (target.id,)))
    return page, target


def _block(body, block_type):
    return next(item for item in body if item["type"] == block_type)


@pytest.mark.parametrize("version", ["v2", "v3"])
def test_role_detail_has_typed_fields_and_resolved_links(client, linked_roles, version):
    page, target = linked_roles
    if version == "v2":
        response = client.get(f"/api/v2/pages/{page.id}/")
    else:
        response = client.get(f"/api/v3/pages/{page.id}/")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["role_name"] == "Applied ML Engineer"
    assert data["year"] == 2026
    assert data["intro"].startswith("Applied ML Engineers")
    assert data["salary_summary"] == {"base_min": 125000, "base_max": 351000, "currency": "USD"}
    assert data["meta"]["slug"] == "applied-ml-engineer"
    assert "search_description" in data["meta"]
    table = _block(data["body"], "salary_table")["value"]
    entry = table["rows"][1]
    assert entry["base_min"] == 125000 and entry["base_max"] == 180000
    assert table["rows"][0]["base_min"] is None
    assert table["rows"][0]["intern_monthly_max"] == 13000
    overview = _block(data["body"], "overview")
    assert set(overview) == {"type", "id", "value"}
    assert f'<a href="{target.url}">related role 1</a>' in overview["value"]["body"]
    assert "linktype" not in overview["value"]["body"]
    assert _block(data["body"], "skills")["value"]["items"][0] == "Python and SQL"


def test_v3_listing_is_flat_and_paginated(client, make_role):
    for name in ("Zeta Engineer", "Alpha Engineer", "Mid Engineer"):
        make_role(name)
    response = client.get("/api/v3/pages/?limit=2")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 3
    assert [item["role_name"] for item in data["items"]] == ["Alpha Engineer", "Mid Engineer"]
    assert client.get("/api/v3/pages/?limit=2&offset=2").json()["items"][0]["role_name"] == (
        "Zeta Engineer"
    )


def test_anonymous_readers_never_see_drafts(client, make_role):
    live = make_role("Live Engineer")
    draft = make_role("Draft Engineer", publish=False, live=False)
    unpublished = make_role("Gone Engineer")
    unpublished.unpublish()
    # A live page with newer draft content: readers get the published version.
    live.intro = "Secret draft intro."
    live.save_revision()

    for url in ("/api/v2/pages/?type=careers.RolePage&fields=*", "/api/v3/pages/"):
        text = client.get(url).content.decode()
        assert "Live Engineer" in text
        assert "Draft Engineer" not in text and "Gone Engineer" not in text
        assert "Secret draft intro." not in text
    for page in (draft, unpublished):
        assert client.get(f"/api/v2/pages/{page.id}/").status_code == 404
        assert client.get(f"/api/v3/pages/{page.id}/").status_code == 404
        assert client.get(f"/api/v3/pages/{page.id}/?version=draft").status_code == 404
    detail = client.get(f"/api/v3/pages/{live.id}/?version=draft").json()
    assert detail["intro"] != "Secret draft intro."


@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/pages/?bogus=1",
        "/api/v2/pages/?type=careers.RolePage&year=abc",
        "/api/v2/pages/?type=careers.RolePage&min_base_max=lots",
        "/api/v2/pages/?min_base_max=100",
        "/api/v2/pages/?type=careers.Nope",
        "/api/v2/pages/?type=careers.RolePage&order=nope",
        "/api/v2/pages/?limit=-1",
        "/api/v3/pages/?bogus=1",
        "/api/v3/pages/?year=abc",
        "/api/v3/pages/?min_base_max=-5",
        "/api/v3/pages/?order=salary",
        "/api/v3/pages/?limit=0",
        "/api/v3/pages/?limit=5000",
        "/api/v3/pages/?skill=",
        "/api/v3/pages/?search=%00",
        "/api/v3/pages/?rich_text_format=pdf",
        "/api/v3/pages/1/?version=old",
    ],
)
def test_bad_query_parameters_get_400_with_a_message(client, role_page, url):
    response = client.get(url)
    assert response.status_code == 400, (url, response.status_code, response.content[:300])
    data = response.json()
    assert data.get("message") or data.get("detail")


@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/pages/?type=careers.RolePage&year=99999999999999999999",
        "/api/v2/pages/?type=careers.RolePage&min_base_max=99999999999999999999",
        "/api/v2/pages/?offset=99999999999999999999",
        "/api/v3/pages/?year=99999999999999999999",
        "/api/v3/pages/?min_base_max=99999999999999999999",
        "/api/v3/pages/?max_base_min=-1",
        "/api/v3/pages/?offset=99999999999999999999",
    ],
)
def test_out_of_range_numbers_get_400_not_a_driver_error(client, role_page, url):
    response = client.get(url)
    assert response.status_code == 400, (url, response.status_code, response.content[:300])


def test_out_of_range_ids_are_404(client, role_page):
    assert client.get("/api/v2/pages/99999999999999999999/").status_code == 404
    assert client.get("/api/v3/pages/99999999999999999999/").status_code == 404
