"""careers.revisions and RolePage.latest_content: the one content write and the one content read."""

from django.contrib.auth import get_user_model

from wagtail.models import PageLogEntry

import pytest

from careers.models import RolePage
from careers.revisions import save_role_revision
from careers.testing.factories import sample_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return get_user_model().objects.create_superuser("writer", password="x")


def new_page(user, **fields):
    fields.setdefault("role_name", "Site Reliability Engineer")
    return RolePage(
        title="Site Reliability Engineer Career Guide 2026",
        slug="site-reliability-engineer",
        year=2026,
        intro="Keeps systems up.",
        body=sample_body(fields["role_name"]),
        live=False,
        has_unpublished_changes=True,
        owner=user,
        **fields,
    )


def test_a_new_page_goes_under_its_parent_as_a_draft(careers_index, user):
    page = new_page(user)
    revision = save_role_revision(page, user, parent=careers_index, log_action="wagtail.create")
    page = RolePage.objects.get(pk=page.pk)
    assert page.get_parent().specific == careers_index
    assert not page.live
    assert page.latest_revision == revision and revision.user == user
    actions = set(PageLogEntry.objects.filter(page=page).values_list("action", flat=True))
    assert actions == {"wagtail.create"}


def test_publish_makes_the_new_revision_live(careers_index, user):
    page = new_page(user)
    revision = save_role_revision(page, user, parent=careers_index, publish=True)
    page = RolePage.objects.get(pk=page.pk)
    assert page.live and not page.has_unpublished_changes
    assert page.live_revision == revision
    actions = set(PageLogEntry.objects.filter(page=page).values_list("action", flat=True))
    assert actions == {"wagtail.create", "wagtail.edit", "wagtail.publish"}


def test_an_edit_is_a_draft_until_published(role_page, user):
    draft = role_page.latest_content()
    draft.intro = "A new intro."
    save_role_revision(draft, user)
    page = RolePage.objects.get(pk=role_page.pk)
    assert page.live and page.has_unpublished_changes
    assert page.intro != "A new intro."
    assert page.latest_content().intro == "A new intro."


def test_latest_content_is_the_page_itself_without_a_draft(role_page):
    page = RolePage.objects.get(pk=role_page.pk)
    assert not page.has_unpublished_changes
    assert page.latest_content() is page


def test_latest_content_keeps_the_page_tree_and_live_state(role_page, user):
    draft = role_page.latest_content()
    draft.title = "Draft title"
    save_role_revision(draft, user)
    page = RolePage.objects.select_related("latest_revision").get(pk=role_page.pk)
    content = page.latest_content()
    assert content.title == "Draft title"
    assert (content.pk, content.path, content.live) == (page.pk, page.path, True)
