"""Drafts, unpublished changes, expired and restricted pages never reach anonymous visitors (HTML)."""

from datetime import timedelta

from django.contrib.auth.models import Group
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

SECRET = "UNPUBLISHED-SECRET-7f3a"


@pytest.fixture
def pages(make_role):
    draft = make_role("Draft Only Role", publish=False)
    changed = make_role("Changed Role")
    changed.intro = f"Draft intro {SECRET}"
    changed.save_revision()  # a newer draft on top of the live version
    expired = make_role("Expired Role")
    expired.expire_at = timezone.now() - timedelta(days=1)
    expired.save()
    from django.core.management import call_command

    call_command("publish_scheduled")
    password = make_role("Password Role")
    PageViewRestriction.objects.create(
        page=password, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    group_page = make_role("Members Role")
    restriction = PageViewRestriction.objects.create(
        page=group_page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="Members"))
    return {
        "draft": draft,
        "changed": changed,
        "expired": expired,
        "password": password,
        "group": group_page,
    }


def test_draft_page_is_404(client, pages):
    assert client.get("/careers/draft-only-role/").status_code == 404


def test_live_page_shows_published_content_not_the_newer_draft(client, pages):
    html = client.get("/careers/changed-role/").content.decode()
    assert SECRET not in html
    assert "Changed Roles turn raw data into products." in html


def test_expired_page_is_gone(client, pages):
    pages["expired"].refresh_from_db()
    assert not pages["expired"].live
    assert client.get("/careers/expired-role/").status_code == 404


def test_password_page_asks_for_the_password(client, pages):
    response = client.get("/careers/password-role/")
    html = response.content.decode()
    assert "Password Roles turn raw data" not in html
    assert 'type="password"' in html


def test_group_restricted_page_sends_visitors_to_log_in(client, pages):
    response = client.get("/careers/members-role/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_careers_index_lists_only_public_live_roles(client, pages):
    html = client.get("/careers/").content.decode()
    assert "Changed Role" in html
    for hidden in ("Draft Only Role", "Expired Role", "Password Role", "Members Role"):
        assert hidden not in html
    assert SECRET not in html
