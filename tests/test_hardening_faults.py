"""When PostgreSQL goes away, visitors get a clean 503, and the site recovers by itself."""

from django.db import connection

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def database_switch():
    """Cut the app's PostgreSQL connection (point it at a closed port) and restore it."""
    if connection.vendor != "postgresql":
        pytest.skip("fault test needs PostgreSQL: SQLite's test database lives in memory")
    original = {key: value for key, value in connection.settings_dict.items()}
    original_options = dict(original.get("OPTIONS") or {})

    def cut():
        connection.close()
        connection.settings_dict["PORT"] = "1"  # nothing listens there
        connection.settings_dict["OPTIONS"] = {**original_options, "connect_timeout": 2}

    def restore():
        connection.close()
        connection.settings_dict["PORT"] = original.get("PORT")
        connection.settings_dict["OPTIONS"] = original_options

    yield cut, restore
    restore()


def test_lost_database_gives_503_then_recovers_without_restart(database_switch, client, role_page):
    cut, restore = database_switch
    url = role_page.url
    assert client.get(url).status_code == 200

    cut()
    for path in (url, "/careers/", "/"):
        response = client.get(path)
        assert response.status_code == 503, path
        body = response.content.decode()
        assert "Traceback" not in body
        assert "briefly unavailable" in body
        assert response["Retry-After"] == "5"

    restore()
    response = client.get(url)
    assert response.status_code == 200
    assert role_page.role_name in response.content.decode()
