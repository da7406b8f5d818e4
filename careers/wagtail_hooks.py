"""Wagtail hooks for the careers app: rich-text links, the checks panel's URLs, page context."""

from django.urls import path

from wagtail import hooks

from careers.editorial.listing import FILTERED_BULK_ACTIONS, listing_button, role_page_listing
from careers.editorial.roll_year_action import RollToNextYearBulkAction
from careers.editorial.views import checks_for_create, checks_for_edit
from careers.find.filters import filter_roles
from careers.find.related import role_page_context
from careers.link_handlers import BatchedPageLinkHandler
from careers.models import CONSTRUCT_INDEX_CONTEXT, CONSTRUCT_ROLE_CONTEXT


@hooks.register("register_rich_text_features", order=100)
def register_batched_page_links(features):
    # Replaces Wagtail's "page" link handler; same output, batched lookups.
    features.register_link_type(BatchedPageLinkHandler)


@hooks.register("register_admin_urls")
def register_checks_urls():
    # The content-checks panel refreshes itself from these while the editor types.
    return [
        path(
            "careers/checks/page/<int:page_id>/",
            checks_for_edit,
            name="careers_checks_edit",
        ),
        path(
            "careers/checks/new/<int:parent_id>/",
            checks_for_create,
            name="careers_checks_create",
        ),
    ]


# "Roll to next year" in the page listing's bulk actions: the yearly refresh, as drafts.
hooks.register("register_bulk_action", RollToNextYearBulkAction)

# Admin menu → Role pages: /careers/'s children, filtered by family, live/draft and checks.
hooks.register("register_admin_viewset", lambda: role_page_listing)
hooks.register("register_page_header_buttons", listing_button)
# Wagtail's publish, unpublish, delete and move, acting on the filtered selection; order=1
# registers them after Wagtail's own (careers is listed first in INSTALLED_APPS).
for action in FILTERED_BULK_ACTIONS:
    hooks.register("register_bulk_action", action, order=1)


@hooks.register(CONSTRUCT_INDEX_CONTEXT)
def listing_context(page, request) -> dict:
    """The careers index's filters, pagination and notes; "roles" is the current page."""
    return filter_roles(request, page.roles())


@hooks.register(CONSTRUCT_ROLE_CONTEXT)
def related_roles_context(page, request) -> dict:
    """A role page's related roles and comparison links."""
    return role_page_context(page)
