"""The review workflow for role pages: "Career content reviewers" approve before pages go live.

Written against an ``apps`` registry so the same code runs in the data migration (historical
models) and in ``setup_site`` (real models): on a fresh database the /careers/ page does not
exist when migrations run, so ``setup_site`` assigns the workflow once it creates the page.
"""

from __future__ import annotations

import django.apps

REVIEWERS_GROUP = "Career content reviewers"
TASK_NAME = "Career content review"
WORKFLOW_NAME = "Career content review"


def ensure_review_workflow(apps=django.apps.apps) -> dict:
    """Create the reviewers group, its approval task and the workflow; assign it to /careers/.

    Safe to run again: existing rows are reused, and a workflow an administrator has since put
    on /careers/ is left alone. Returns what it found or made, for messages and tests.
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    CareersIndexPage = apps.get_model("careers", "CareersIndexPage")

    group, _ = Group.objects.get_or_create(name=REVIEWERS_GROUP)
    admin_ct, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_ct,
        codename="access_admin",
        defaults={"name": "Can access Wagtail admin"},
    )
    group.permissions.add(access_admin)

    task_ct, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME, content_type=task_ct, active=True)
    task.groups.add(group)

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    if not WorkflowTask.objects.filter(workflow=workflow, task_id=task.pk).exists():
        WorkflowTask.objects.create(workflow=workflow, task_id=task.pk, sort_order=0)

    index = CareersIndexPage.objects.order_by("path").first()
    assigned = False
    if index is not None:
        if not WorkflowPage.objects.filter(page_id=index.pk).exists():
            WorkflowPage.objects.create(page_id=index.pk, workflow=workflow)
        assigned = WorkflowPage.objects.filter(page_id=index.pk, workflow=workflow).exists()
        # Reviewers open role pages in the editor to approve (or fix, then approve) them, and
        # Wagtail publishes an approved page with the approver's permissions: they need both.
        page_ct, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="page")
        for codename, name in (
            ("change_page", "Can change page"),
            ("publish_page", "Can publish page"),
        ):
            permission, _ = Permission.objects.get_or_create(
                content_type=page_ct, codename=codename, defaults={"name": name}
            )
            GroupPagePermission.objects.get_or_create(
                group=group, page_id=index.pk, permission=permission
            )
    return {
        "group": group,
        "task": task,
        "workflow": workflow,
        "index": index,
        "assigned": assigned,
    }


def publish_reviewed_revision(workflow_state, user=None) -> None:
    """Approval publishes the revision the reviewer was shown, never one saved during the review.

    Wagtail's default finish action publishes the page's *latest* revision. Those who may still
    edit a page in review (reviewers, superusers, API tokens of either) can save a newer draft
    after the reviewer opened the review, and approval would then publish text nobody reviewed.
    The task state records the revision under review; the newer draft stays a draft.
    (Installed as ``WAGTAIL_FINISH_WORKFLOW_ACTION``; bound as a method of WorkflowState.)
    """
    task_state = workflow_state.current_task_state
    revision = task_state.revision if task_state is not None else None
    if revision is None:
        revision = workflow_state.content_object.get_latest_revision()
    revision.publish(user=user)
