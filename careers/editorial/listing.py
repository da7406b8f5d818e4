"""The admin's "Role pages" listing: every child of /careers/, filtered by family, state and checks.

Wagtail's page explorer takes no filters of a page type's own, so the role pages get a flat
listing of their own (Wagtail's documented ``PageListingViewSet``), linked from the explorer
of /careers/. It keeps the explorer's search, ordering, 50-row pages and bulk actions; the
filters narrow indexed columns (``family``, ``live``, the stored check counts of
careers.editorial.status), so a page of results costs the same at 40 pages as at 10,000.

Wagtail's "select all in listing" hands a bulk action the listing's query string but acts on
every page of the tree (or every child, from the explorer), not on the filtered rows.
``FilteredSelection`` makes the bulk actions act on exactly what the filters show.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.forms import CheckboxSelectMultiple, RadioSelect
from django.urls import reverse
from django.utils.functional import cached_property

from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.ui.tables.pages import BulkActionsColumn, PageStatusColumn, PageTitleColumn
from wagtail.admin.views.pages.bulk_actions.delete import DeleteBulkAction
from wagtail.admin.views.pages.bulk_actions.move import MoveBulkAction
from wagtail.admin.views.pages.bulk_actions.publish import PublishBulkAction
from wagtail.admin.views.pages.bulk_actions.unpublish import UnpublishBulkAction
from wagtail.admin.views.pages.listing import IndexView, PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.admin.widgets.button import Button

from django_filters.filters import ChoiceFilter, ModelMultipleChoiceFilter

from careers.editorial import status
from careers.models import RolePage
from careers.taxonomy import RoleFamily
from delivery.bulk import bulk_events

# The listing's URL name (``<viewset name>:index``).
LISTING_URL_NAME = "role_pages:index"

LIVE = "live"
DRAFT = "draft"
CHANGED = "changed"
STATE_CHOICES = [
    (LIVE, "Live"),
    (DRAFT, "Draft (not live)"),
    (CHANGED, "Live, with unpublished changes"),
]
STATE_LOOKUPS = {
    LIVE: {"live": True},
    DRAFT: {"live": False},
    CHANGED: {"live": True, "has_unpublished_changes": True},
}


class RolePageFilterSet(PageFilterSet):
    """Wagtail's page filters plus the role page's own: family, live/draft and check status."""

    family = ModelMultipleChoiceFilter(
        label="Family",
        queryset=RoleFamily.objects.order_by("name"),
        widget=CheckboxSelectMultiple,
    )
    state = ChoiceFilter(
        label="Live or draft",
        empty_label="Any",
        choices=STATE_CHOICES,
        widget=RadioSelect,
        method="filter_state",
    )
    checks = ChoiceFilter(
        label="Content checks",
        empty_label="Any",
        choices=status.CHOICES,
        widget=RadioSelect,
        method="filter_checks",
    )

    class Meta:
        model = RolePage
        fields = []

    def filter_state(self, queryset, name, value):
        lookup = STATE_LOOKUPS.get(value)
        return queryset.filter(**lookup) if lookup else queryset

    def filter_checks(self, queryset, name, value):
        return status.filter_by_status(queryset, value)


def _family_name(page) -> str:
    return page.family.name if page.family_id else ""


def _check_label(page) -> str:
    stored = status.stored_status(page)
    return stored.label if stored is not None else "Not checked yet"


class RolePageIndexView(IndexView):
    """Wagtail's page listing, with each row's family joined rather than fetched per row."""

    def annotate_queryset(self, pages):
        pages = super().annotate_queryset(pages)
        return pages.select_related("family", for_specific_subqueries=True)


class RolePageListingViewSet(PageListingViewSet):
    """Admin menu → Role pages: the filterable listing of every role page."""

    model = RolePage
    index_view_class = RolePageIndexView
    filterset_class = RolePageFilterSet
    icon = "doc-full-inverse"
    menu_label = "Role pages"
    add_to_admin_menu = True
    name = "role_pages"
    url_prefix = "role-pages"
    columns = [
        BulkActionsColumn("bulk_actions"),
        PageTitleColumn("title", label="Title", sort_key="title", classname="title"),
        Column("family", label="Family", accessor=_family_name, sort_key="family__name"),
        PageStatusColumn("status", label="Status", sort_key="live", width="12%"),
        Column("checks", label="Checks", accessor=_check_label, sort_key="check_errors"),
        DateColumn(
            "latest_revision_created_at",
            label="Updated",
            sort_key="latest_revision_created_at",
            width="12%",
        ),
    ]


role_page_listing = RolePageListingViewSet()


def listing_button(page, user, view_name, next_url=None):
    """The explorer of /careers/ links to the filterable listing of its children."""
    model = page.specific_class
    if view_name == "index" and model is not None and RolePage in model.allowed_subpage_models():
        yield Button(
            "Filter role pages", url=reverse(LISTING_URL_NAME), icon_name="filter", priority=5
        )


def role_listing_ids(request):
    """The pks of the role pages the listing shows for ``request.GET``'s filters and search."""
    filterset = RolePageFilterSet(
        data=request.GET, queryset=RolePage.objects.all(), request=request
    )
    pages = filterset.qs if filterset.is_valid() else RolePage.objects.none()
    query = (request.GET.get("q") or "").strip()
    if query:
        # The listing's own search: autocomplete over the same search index.
        return [page.pk for page in pages.autocomplete(query, order_by_relevance=False)]
    return pages.order_by().values_list("pk", flat=True)


class FilteredSelection:
    """A bulk action whose "select all in listing" from the role listing means the filtered rows."""

    @cached_property
    def from_role_listing(self) -> bool:
        next_path = urlsplit(self.request.GET.get("next") or "").path
        return next_path == reverse(LISTING_URL_NAME)

    def get_all_objects_in_listing_query(self, parent_id):
        if parent_id is None and self.from_role_listing:
            return role_listing_ids(self.request)
        return super().get_all_objects_in_listing_query(parent_id)


class FilteredPublish(FilteredSelection, PublishBulkAction):
    """Publish, acting on the role listing's filtered selection."""

    @classmethod
    def execute_action(cls, objects, **kwargs):
        # Webhooks recorded per batch, as an import does (docs/webhooks.md, "Bulk publishing").
        with bulk_events():
            return super().execute_action(objects, **kwargs)


class FilteredUnpublish(FilteredSelection, UnpublishBulkAction):
    """Unpublish, acting on the role listing's filtered selection."""


class FilteredDelete(FilteredSelection, DeleteBulkAction):
    """Delete, acting on the role listing's filtered selection (never on the whole tree)."""


class FilteredMove(FilteredSelection, MoveBulkAction):
    """Move, acting on the role listing's filtered selection."""


# Registered after Wagtail's own (same action_type), so these replace them.
FILTERED_BULK_ACTIONS = (FilteredPublish, FilteredUnpublish, FilteredDelete, FilteredMove)
