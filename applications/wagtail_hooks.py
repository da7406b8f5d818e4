"""Registers the applications admin; the permission policy first, as Wagtail requires."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from applications.admin import ApplicationPermissionPolicy, application_viewset
from applications.models import Application

register_permission_policy(Application, ApplicationPermissionPolicy(Application))


@hooks.register("register_admin_viewset")
def register_application_viewset():
    return application_viewset


@hooks.register("register_log_actions")
def register_application_log_actions(actions):
    actions.register_action(
        "applications.download_resume", "Download résumé", "Downloaded the résumé"
    )
