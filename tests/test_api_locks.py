"""API v3 writes obey Wagtail's page locks and the review workflow exactly as the admin does."""

import copy

from django.urls import reverse
from django.utils import timezone

from wagtail.models import APIToken, WorkflowPage, WorkflowState

import jsonschema
import pytest

from careers.api.schema import READ, standalone_schema
from careers.editorial.workflow import TASK_NAME, WORKFLOW_NAME
from careers.models import RolePage
from tests.support.api import new_role

pytestmark = pytest.mark.django_db


def auth(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def patch(client, page_id, payload, token):
    return client.patch(
        f"/api/v3/pages/{page_id}/", payload, content_type="application/json", **auth(token)
    )


def action(client, page_id, name, token):
    return client.post(f"/api/v3/pages/{page_id}/actions/{name}/", **auth(token))


def token_for(user):
    return APIToken.create_token(user=user, name=user.username)[1]


@pytest.fixture
def superuser(django_user_model, careers_index):
    return django_user_model.objects.create_superuser("pipeline", "p@example.com", "pw")


@pytest.fixture
def submitted(client, editor):
    """A new role page the editor's token created and submitted for review."""
    response = client.post(
        "/api/v3/pages/",
        new_role(meta={"action": "publish"}),
        content_type="application/json",
        **auth(token_for(editor)),
    )
    assert response.status_code == 202, response.content
    return RolePage.objects.get(pk=response.json()["id"])


def without_intern_row(body):
    body = copy.deepcopy(body)
    table = next(block for block in body if block["type"] == "salary_table")
    table["value"]["rows"] = table["value"]["rows"][1:]
    return body


def approve(client, reviewer, page):
    client.force_login(reviewer)
    task_state = page.current_workflow_task_state
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]),
        {"comment": "Looks right."},
    )
    client.logout()
    assert response.status_code in (200, 302)


def test_an_editor_cannot_change_a_page_awaiting_review_so_approval_publishes_what_was_reviewed(
    client, editor, reviewer, make_role, reviewed_index
):
    # Submitted in the admin's own way (Wagtail's workflow API), as the edit view's Submit does.
    page = make_role("Platform Engineer", publish=False, owner=editor)
    page.get_workflow().start(page, editor)
    reviewed = page.latest_revision
    token = token_for(editor)
    read = client.get(f"/api/v3/pages/{page.id}/?version=draft", **auth(token)).json()

    response = patch(client, page.id, {"body": without_intern_row(read["body"])}, token)
    assert response.status_code == 423, response.content
    problem = response.json()
    assert response["Content-Type"] == "application/problem+json"
    assert problem["detail"] == (
        "This page is currently awaiting moderation. "
        "Only reviewers for this task can edit the page."
    )
    assert page.revisions.count() == 1

    approve(client, reviewer, page)
    page.refresh_from_db()
    assert page.live and page.live_revision == reviewed
    # What went live is what the reviewer saw: the intern row is still there.
    live = client.get(f"/api/v3/pages/{page.id}/").json()
    table = next(block for block in live["body"] if block["type"] == "salary_table")
    assert table["value"]["rows"][0]["level"] == "Intern"


def test_approval_publishes_the_reviewed_revision_not_a_draft_saved_during_review(
    client, editor, reviewer, superuser, make_role, reviewed_index
):
    """Someone Wagtail still lets edit (a superuser's token) saves a draft mid-review."""
    page = make_role("Platform Engineer", publish=False, owner=editor)
    page.get_workflow().start(page, editor)
    reviewed = page.latest_revision
    token = token_for(superuser)
    read = client.get(f"/api/v3/pages/{page.id}/?version=draft", **auth(token)).json()
    response = patch(client, page.id, {"body": without_intern_row(read["body"])}, token)
    assert response.status_code == 200, response.content
    unreviewed = RolePage.objects.get(pk=page.pk).latest_revision
    assert unreviewed != reviewed

    approve(client, reviewer, page)
    page = RolePage.objects.get(pk=page.pk)
    assert page.live and page.live_revision == reviewed
    live = client.get(f"/api/v3/pages/{page.id}/").json()
    table = next(block for block in live["body"] if block["type"] == "salary_table")
    assert table["value"]["rows"][0]["level"] == "Intern"
    # Nothing is lost: the later draft waits as the page's unpublished changes.
    assert page.has_unpublished_changes and page.latest_revision == unreviewed


def test_a_token_that_may_not_publish_submits_for_review_instead(client, submitted, editor):
    """Create with meta.action=publish answers 202 and starts the page's workflow."""
    assert not submitted.live
    state = WorkflowState.objects.get(object_id=str(submitted.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == editor
    assert state.workflow.name == WORKFLOW_NAME
    detail = client.get(f"/api/v3/pages/{submitted.id}/", **auth(token_for(editor))).json()
    assert detail["meta"]["workflow"] == {
        "name": WORKFLOW_NAME,
        "status": "in_progress",
        "task": TASK_NAME,
    }
    # Now locked for its editor: neither a change nor a publish request gets through.
    token = token_for(editor)
    assert patch(client, submitted.id, {"intro": "Changed."}, token).status_code == 423
    assert action(client, submitted.id, "publish", token).status_code == 423
    assert submitted.revisions.count() == 1


@pytest.mark.parametrize("how", ["patch", "action"])
def test_an_edited_page_goes_to_review_and_the_response_says_so(
    client, editor, make_role, reviewed_index, how
):
    page = make_role("Platform Engineer", publish=False, owner=editor)
    token = token_for(editor)
    if how == "patch":
        response = patch(client, page.id, {"intro": "New.", "meta": {"action": "publish"}}, token)
    else:
        response = action(client, page.id, "publish", token)
    assert response.status_code == 202, response.content
    data = response.json()
    jsonschema.Draft202012Validator(standalone_schema(READ, "RolePage")).validate(data)
    assert data["meta"]["live"] is False
    assert data["meta"]["workflow"]["status"] == "in_progress"
    page.refresh_from_db()
    assert not page.live and page.workflow_in_progress
    if how == "patch":
        assert page.get_latest_revision_as_object().intro == "New."


def test_a_submission_must_pass_the_publish_gate(client, editor, make_role, reviewed_index):
    page = make_role("Platform Engineer", publish=False, owner=editor)
    token = token_for(editor)
    read = client.get(f"/api/v3/pages/{page.id}/?version=draft", **auth(token)).json()
    payload = {"body": without_intern_row(read["body"]), "meta": {"action": "publish"}}
    response = patch(client, page.id, payload, token)
    assert response.status_code == 422, response.content
    assert "Cannot submit for review:" in response.json()["detail"]
    assert page.revisions.count() == 1
    assert not WorkflowState.objects.exists()


def test_after_changes_are_requested_a_publish_request_resumes_the_review(
    client, submitted, editor, reviewer
):
    client.force_login(reviewer)
    task_state = submitted.current_workflow_task_state
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[submitted.pk, "reject", task_state.pk]),
        {"comment": "Fix the intro."},
    )
    client.logout()
    state = WorkflowState.objects.get(object_id=str(submitted.pk))
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES

    token = token_for(editor)
    response = patch(
        client, submitted.id, {"intro": "Fixed.", "meta": {"action": "publish"}}, token
    )
    assert response.status_code == 202, response.content
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert response.json()["meta"]["workflow"]["status"] == "in_progress"
    assert WorkflowState.objects.filter(object_id=str(submitted.pk)).count() == 1


def test_a_reviewer_may_publish_directly_which_ends_the_review(client, submitted, reviewer):
    response = action(client, submitted.id, "publish", token_for(reviewer))
    assert response.status_code == 200, response.content
    submitted.refresh_from_db()
    assert submitted.live
    assert WorkflowState.objects.get().status == WorkflowState.STATUS_CANCELLED
    assert response.json()["meta"]["workflow"] is None


def test_a_page_locked_by_another_user_refuses_every_write_but_its_owners(
    client, superuser, django_user_model, make_role
):
    owner = django_user_model.objects.create_superuser("owner", "o@example.com", "pw")
    page = make_role("Platform Engineer")
    page.locked, page.locked_by, page.locked_at = True, owner, timezone.now()
    page.save()
    token = token_for(superuser)

    for response in (
        patch(client, page.id, {"intro": "Changed."}, token),
        patch(client, page.id, {"meta": {"action": "publish"}}, token),
        action(client, page.id, "publish", token),
        action(client, page.id, "unpublish", token),
    ):
        assert response.status_code == 423, response.content
        assert response.json()["detail"].startswith("'Platform Engineer")
        assert "was locked by owner on" in response.json()["detail"]
    page.refresh_from_db()
    assert page.live and page.revisions.count() == 1

    owner_token = token_for(owner)
    assert patch(client, page.id, {"intro": "Mine."}, owner_token).status_code == 200
    assert action(client, page.id, "publish", owner_token).status_code == 200
    page.refresh_from_db()
    assert page.intro == "Mine."


def test_a_page_scheduled_for_publishing_is_locked_for_everyone(client, superuser, make_role):
    page = make_role("Platform Engineer", publish=False)
    draft = page.get_latest_revision_as_object()
    draft.go_live_at = timezone.now() + timezone.timedelta(days=2)
    draft.save_revision().publish()
    page.refresh_from_db()
    response = patch(client, page.id, {"intro": "Changed."}, token_for(superuser))
    assert response.status_code == 423
    assert "scheduled to go live" in response.json()["detail"]


def test_a_forbidden_write_on_a_locked_page_is_still_a_403(client, django_user_model, make_role):
    owner = django_user_model.objects.create_superuser("owner", "o@example.com", "pw")
    stranger = django_user_model.objects.create_user("stranger", "s@example.com", "pw")
    page = make_role("Platform Engineer")
    page.locked, page.locked_by = True, owner
    page.save()
    token = token_for(stranger)
    assert patch(client, page.id, {"intro": "x"}, token).status_code == 403
    assert action(client, page.id, "publish", token).status_code == 403
    assert action(client, page.id, "unpublish", token).status_code == 403


def test_without_a_workflow_a_token_that_may_not_publish_is_refused(
    client, editor, make_role, reviewed_index
):
    WorkflowPage.objects.all().delete()
    page = make_role("Platform Engineer", publish=False, owner=editor)
    token = token_for(editor)
    response = patch(client, page.id, {"intro": "New.", "meta": {"action": "publish"}}, token)
    assert response.status_code == 403
    assert response.json()["detail"] == "You may not publish this page."
    assert action(client, page.id, "publish", token).status_code == 403
    assert page.revisions.count() == 1
