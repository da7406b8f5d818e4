"""Admin wiring for content checks (imported by careers.wagtail_hooks)."""

from django.urls import path

from wagtail import hooks

from careers.editorial import views


@hooks.register("register_admin_urls")
def register_checks_urls():
    return [
        path(
            "careers/checks/page/<int:page_id>/",
            views.checks_for_edit,
            name="careers_checks_edit",
        ),
        path(
            "careers/checks/new/<int:parent_id>/",
            views.checks_for_create,
            name="careers_checks_create",
        ),
    ]
