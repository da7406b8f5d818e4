"""Neither API shows anonymous readers drafts, expired or privacy-restricted pages."""

import json

from tests.support.leaks import HIDDEN_NAMES, SECRET


def assert_hidden(text):
    assert SECRET not in text
    for name in HIDDEN_NAMES:
        assert name not in text, name


def test_api_v2_listing_and_details(client, hidden_pages):
    listing = client.get("/api/v2/pages/?type=careers.RolePage&fields=*&limit=20")
    assert listing.status_code == 200
    assert_hidden(listing.content.decode())
    names = [item["role_name"] for item in listing.json()["items"]]
    assert names == ["Changed Role"]
    for key in ("draft", "expired", "password", "group"):
        assert client.get(f"/api/v2/pages/{hidden_pages[key].id}/").status_code == 404, key
    detail = client.get(f"/api/v2/pages/{hidden_pages['changed'].id}/")
    assert_hidden(detail.content.decode())


def test_api_v3_listing_and_details(client, hidden_pages):
    listing = client.get("/api/v3/pages/?limit=20")
    assert listing.status_code == 200
    assert_hidden(listing.content.decode())
    assert [item["role_name"] for item in listing.json()["items"]] == ["Changed Role"]
    for key in ("draft", "expired", "password", "group"):
        for suffix in ("", "?version=draft"):
            response = client.get(f"/api/v3/pages/{hidden_pages[key].id}/{suffix}")
            assert response.status_code == 404, (key, suffix)
    detail = client.get(f"/api/v3/pages/{hidden_pages['changed'].id}/?version=draft")
    assert_hidden(json.dumps(detail.json()))


def test_api_search_does_not_find_hidden_pages(client, hidden_pages):
    for url in (
        "/api/v2/pages/?type=careers.RolePage&search=Role",
        "/api/v3/pages/?search=Role",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_hidden(response.content.decode())
