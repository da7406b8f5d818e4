"""Fixtures for the review workflow: a reviewed careers index, an editor who must submit, a reviewer.

Shared by the admin workflow tests and the API lock tests, so both judge the same people.
"""

from django.contrib.auth.models import Group, Permission

from wagtail.models import GroupPagePermission

import pytest

from careers.editorial.workflow import REVIEWERS_GROUP, ensure_review_workflow


@pytest.fixture
def reviewed_index(careers_index):
    ensure_review_workflow()
    return careers_index


@pytest.fixture
def editor(django_user_model, reviewed_index):
    """May add and change role pages, not publish them: the admin makes them submit."""
    user = django_user_model.objects.create_user("ed", password="pw")
    group = Group.objects.create(name="Role editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page"):
        GroupPagePermission.objects.create(
            group=group,
            page=reviewed_index,
            permission=Permission.objects.get(
                codename=codename, content_type__app_label="wagtailcore"
            ),
        )
    user.groups.add(group)
    return user


@pytest.fixture
def reviewer(django_user_model, reviewed_index):
    user = django_user_model.objects.create_user("rev", password="pw")
    user.groups.add(Group.objects.get(name=REVIEWERS_GROUP))
    return user
