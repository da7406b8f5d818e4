"""Review, scheduling and revisions for role pages: submit → approve, go-live/expiry, compare/revert."""

import importlib
from datetime import timedelta
from io import StringIO

from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from wagtail.models import GroupPagePermission, Page, Site, Workflow, WorkflowPage, WorkflowState

import pytest

from careers.editorial.workflow import REVIEWERS_GROUP, WORKFLOW_NAME, ensure_review_workflow
from careers.models import CareersIndexPage, RolePage
from careers.testing.blocks import seed_salary_rows, with_section
from tests.support import seed
from tests.support.formdata import role_page_form_data

pytestmark = pytest.mark.django_db


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def form_data(body=None, **actions):
    data = role_page_form_data(
        seed.ROLE,
        2026,
        seed.INTRO,
        seed.seed_body() if body is None else body,
        title=seed.TITLE,
        slug="applied-ml-engineer",
        publish=False,
    )
    data.update(actions)
    return data


def test_migration_on_a_fresh_database_then_setup_site_assigns_the_workflow(db):
    # A fresh database: no site, no /careers/ yet (and other tests' flushes may have removed
    # what the migration made), then the migration's own code, then setup_site.
    Site.objects.all().delete()
    for child in Page.get_first_root_node().get_children():
        child.delete()
    Workflow.objects.filter(name=WORKFLOW_NAME).delete()
    Group.objects.filter(name=REVIEWERS_GROUP).delete()
    migration = importlib.import_module("careers.migrations.0002_review_workflow")
    migration.forwards(django_apps, None)

    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    [task] = [t.specific for t in workflow.tasks.all()]
    assert [g.name for g in task.groups.all()] == [REVIEWERS_GROUP]
    assert not WorkflowPage.objects.filter(workflow=workflow).exists()

    call_command("setup_site", "--no-admin", stdout=StringIO())
    index = CareersIndexPage.objects.get()
    assert WorkflowPage.objects.get(page=index).workflow == workflow
    reviewers = Group.objects.get(name=REVIEWERS_GROUP)
    assert {p.permission.codename for p in GroupPagePermission.objects.filter(group=reviewers)} == {
        "change_page",
        "publish_page",
    }
    # Running it again changes nothing.
    ensure_review_workflow()
    assert WorkflowPage.objects.filter(workflow=workflow).count() == 1
    assert Workflow.objects.filter(name=WORKFLOW_NAME).count() == 1


def test_role_pages_get_the_review_workflow(make_role, reviewed_index):
    page = make_role("Data Engineer")
    assert page.get_workflow().name == WORKFLOW_NAME


def test_editor_submits_and_a_reviewer_approves_before_the_page_goes_live(
    client, editor, reviewer, reviewed_index
):
    client.force_login(editor)
    add = reverse("wagtailadmin_pages:add", args=["careers", "rolepage", reviewed_index.pk])
    response = client.post(add, form_data(**{"action-submit": "1"}))
    assert response.status_code == 302, response.context["form"].errors
    page = RolePage.objects.get()
    assert not page.live
    state = WorkflowState.objects.get(base_content_type__isnull=False, object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS

    # Editors cannot publish directly: the button's key is ignored and nothing goes live.
    client.post(edit_url(page), form_data(**{"action-publish": "1"}))
    page.refresh_from_db()
    assert not page.live

    client.force_login(reviewer)
    task_state = state.current_task_state
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]),
        {"comment": "Looks right."},
    )
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED


def test_a_page_with_errors_cannot_be_submitted_for_review(client, editor, reviewed_index):
    # No intern pay, while the title promises internships.
    rows = [row for row in seed_salary_rows() if row["level"] != "Intern"]
    body = with_section(seed.seed_body(), "salary_table", rows=rows)
    client.force_login(editor)
    add = reverse("wagtailadmin_pages:add", args=["careers", "rolepage", reviewed_index.pk])
    response = client.post(add, form_data(body, **{"action-submit": "1"}))
    assert response.status_code == 200
    assert "can't be submitted for review" in response.context["form"].non_field_errors()[0]
    assert not WorkflowState.objects.exists()


def test_go_live_date_schedules_the_role_page_and_publish_scheduled_publishes_it(
    admin_client, careers_index
):
    add = reverse("wagtailadmin_pages:add", args=["careers", "rolepage", careers_index.pk])
    go_live = timezone.localtime() + timedelta(days=2)
    data = form_data(**{"action-publish": "1"})
    data["go_live_at"] = go_live.strftime("%Y-%m-%d %H:%M")
    response = admin_client.post(add, data)
    assert response.status_code == 302, response.context["form"].errors
    page = RolePage.objects.get()
    assert not page.live
    revision = page.latest_revision
    assert revision.approved_go_live_at is not None

    call_command("publish_scheduled")
    page.refresh_from_db()
    assert not page.live  # not yet

    # Time passes: both the approval and the revision's own go-live date are now behind us.
    past = timezone.now() - timedelta(minutes=1)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])
    call_command("publish_scheduled")
    page.refresh_from_db()
    assert page.live
    assert admin_client.get(page.url).status_code == 200


def test_expiry_date_takes_the_role_page_down(make_role, client):
    page = make_role("Data Engineer")
    assert client.get(page.url).status_code == 200
    RolePage.objects.filter(pk=page.pk).update(expire_at=timezone.now() - timedelta(minutes=1))
    call_command("publish_scheduled")
    page.refresh_from_db()
    assert not page.live and page.expired
    assert client.get(page.url).status_code == 404


def test_revisions_can_be_viewed_compared_and_reverted(admin_client, make_role):
    page = make_role(seed.ROLE, title=seed.TITLE, intro=seed.INTRO, body=seed.seed_body())
    first = page.latest_revision
    draft = page.get_latest_revision_as_object()
    draft.intro = "A rewritten introduction."
    second = draft.save_revision()

    history = admin_client.get(reverse("wagtailadmin_pages:history", args=[page.pk]))
    assert history.status_code == 200
    view = admin_client.get(reverse("wagtailadmin_pages:revisions_view", args=[page.pk, first.pk]))
    assert view.status_code == 200
    compare = admin_client.get(
        reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, first.pk, second.pk])
    )
    assert compare.status_code == 200
    assert "A rewritten introduction." in compare.content.decode()

    revert = admin_client.get(
        reverse("wagtailadmin_pages:revisions_revert", args=[page.pk, first.pk])
    )
    assert revert.status_code == 200
    assert seed.INTRO[:40] in revert.content.decode()
    # Saving the reverted form makes the old content the latest draft again.
    response = admin_client.post(edit_url(page), form_data())
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.get_latest_revision_as_object().intro == seed.INTRO
