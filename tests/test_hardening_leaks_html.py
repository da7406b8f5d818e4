"""Drafts, unpublished changes, expired and restricted pages never reach anonymous visitors (HTML)."""

from tests.support.leaks import SECRET


def test_draft_page_is_404(client, hidden_pages):
    assert client.get("/careers/draft-only-role/").status_code == 404


def test_live_page_shows_published_content_not_the_newer_draft(client, hidden_pages):
    html = client.get("/careers/changed-role/").content.decode()
    assert SECRET not in html
    assert "Changed Roles turn raw data into products." in html


def test_expired_page_is_gone(client, hidden_pages):
    hidden_pages["expired"].refresh_from_db()
    assert not hidden_pages["expired"].live
    assert client.get("/careers/expired-role/").status_code == 404


def test_password_page_asks_for_the_password(client, hidden_pages):
    response = client.get("/careers/password-role/")
    html = response.content.decode()
    assert "Password Roles turn raw data" not in html
    assert 'type="password"' in html


def test_group_restricted_page_sends_visitors_to_log_in(client, hidden_pages):
    response = client.get("/careers/members-role/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_careers_index_lists_only_public_live_roles(client, hidden_pages):
    html = client.get("/careers/").content.decode()
    assert "Changed Role" in html
    for hidden in ("Draft Only Role", "Expired Role", "Password Role", "Members Role"):
        assert hidden not in html
    assert SECRET not in html
