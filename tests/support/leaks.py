"""Pages that must stay invisible to anonymous visitors, shared by the leak tests per channel."""

from datetime import timedelta

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

SECRET = "UNPUBLISHED-SECRET-7f3a"


@pytest.fixture
def hidden_pages(make_role):
    draft = make_role("Draft Only Role", publish=False)
    changed = make_role("Changed Role")
    changed.intro = f"Draft intro {SECRET}"
    changed.save_revision()  # a newer draft on top of the live version
    expired = make_role("Expired Role")
    expired.expire_at = timezone.now() - timedelta(days=1)
    expired.save()
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


HIDDEN_NAMES = ("Draft Only Role", "Expired Role", "Password Role", "Members Role")
