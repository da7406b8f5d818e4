"""Wagtail's API v2 pages endpoint, tuned for role pages.

Differences from the stock endpoint: ``body`` rich text comes out as display HTML with
resolved links (every internal link in a response costs one query in total, not two per
value), ``locale`` is joined rather than fetched per page, and role listings accept the
``min_base_max``, ``max_base_min``, ``skill`` and ``family`` filters (``year`` works as a field filter).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.serializers import (
    PageHtmlUrlField,
    PageParentField,
    PageSerializer,
    get_serializer_class,
)
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet

from rest_framework import serializers
from rest_framework.response import Response

from careers.api import query
from careers.facts.salary import FIGURE_MAX
from careers.find.filters import narrow_roles
from careers.find.pagination import rows_between, totally_ordered
from careers.models import RolePage
from careers.serializers import attach_families, body_to_api, family_to_api, rich_text_batch
from cms.siteurl import page_url

ROLE_FILTERS = ("min_base_max", "max_base_min", "skill", "family")


class RoleBodyField(serializers.Field):
    """The body as its blocks represent it, rich text as display HTML (or ``?rich_text_format=``)."""

    def to_representation(self, value):
        request = self.context.get("request")
        if request and request.GET.get("rich_text_format"):
            return body_to_api(value, request.GET["rich_text_format"])
        return body_to_api(value)


class SiteHtmlUrlField(PageHtmlUrlField):
    """``html_url`` under SITE_URL (cms/siteurl.py), like canonical links and API v3."""

    def to_representation(self, page):
        return page_url(page, self.context.get("request"))


class SiteParentField(PageParentField):
    """``meta.parent``, its ``html_url`` built the same way."""

    def to_representation(self, value):
        serializer_class = get_serializer_class(
            value.__class__,
            ["id", "type", "detail_url", "html_url", "title"],
            meta_fields=["type", "detail_url", "html_url"],
            base=SitePageSerializer,
        )
        return serializer_class(context=self.context).to_representation(value)


class SitePageSerializer(PageSerializer):
    """Wagtail's page serializer with page URLs from the one base (detail_url: WAGTAILAPI_BASE_URL)."""

    html_url = SiteHtmlUrlField(read_only=True)
    parent = SiteParentField(read_only=True)


class RoleFamilyField(serializers.Field):
    """The role family as API v3 shows it ({"slug", "name"}), not Wagtail's related-object shape."""

    def to_representation(self, value):
        return family_to_api(value)


class RoleFilter:
    """DRF filter backend for the role-only query parameters."""

    def filter_queryset(self, request, queryset, view):
        try:
            # Out-of-range numbers would overflow the database driver: a 400 instead.
            if "offset" in request.GET:
                query.parse_int("offset", request.GET["offset"], 0, query.MAX_OFFSET)
            if "year" in request.GET and issubclass(queryset.model, RolePage):
                query.parse_int("year", request.GET["year"], 0, query.MAX_YEAR)
        except query.FilterError as error:
            raise BadRequestError(str(error)) from error
        present = [name for name in ROLE_FILTERS if name in request.GET]
        if not present:
            return queryset
        if not issubclass(queryset.model, RolePage):
            raise BadRequestError(
                f"{', '.join(present)}: only available with type=careers.RolePage"
            )
        try:
            options = {}
            for name in ("min_base_max", "max_base_min"):
                if name in request.GET:
                    options[name] = query.parse_int(name, request.GET[name], 0, FIGURE_MAX)
            if "skill" in request.GET:
                options["skill"] = query.parse_text("skill", request.GET["skill"])
            if "family" in request.GET:
                options["family"] = query.parse_family("family", request.GET["family"])
        except query.FilterError as error:
            raise BadRequestError(str(error)) from error
        return narrow_roles(queryset, **options)


class KeyedPagination(WagtailPagination):
    """Wagtail's limit/offset, counted once, a deep offset read by keys (careers.find.pagination)."""

    def paginate_queryset(self, queryset, request, view=None):
        page = super().paginate_queryset(queryset, request, view)
        # Search results are not a queryset, and a random order has no far end to read from.
        if not isinstance(queryset, QuerySet) or "?" in queryset.query.order_by:
            return page
        start, stop = page.query.low_mark, page.query.high_mark
        return rows_between(totally_ordered(queryset), start, stop, self.total_count)


class CareersPagesAPIViewSet(PagesAPIViewSet):
    """The pages endpoint with role-aware serialisation, batching and query."""

    base_serializer_class = SitePageSerializer
    pagination_class = KeyedPagination

    filter_backends = [
        query.FieldValueFilter,  # before Wagtail's FieldsFilter turns a bad value into a 500
        *[backend for backend in PagesAPIViewSet.filter_backends if backend is not SearchFilter],
        RoleFilter,
        SearchFilter,  # search must stay last: its results can't be filtered
    ]
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(ROLE_FILTERS)

    @classmethod
    def get_available_fields(cls, model, db_fields_only=False):
        fields = super().get_available_fields(model, db_fields_only)
        if db_fields_only:
            # ?family= takes a slug (RoleFilter), not the foreign key's id.
            fields = [name for name in fields if name != "family"]
        return fields

    @classmethod
    def get_field_serializer_overrides(cls, model):
        overrides = super().get_field_serializer_overrides(model)
        if issubclass(model, RolePage):
            overrides["body"] = RoleBodyField()
            overrides["family"] = RoleFamilyField(read_only=True)
        return overrides

    def get_queryset(self):
        return super().get_queryset().select_related("locale")

    def get_object(self):
        pk = self.kwargs.get("pk")
        if pk is not None and not 0 < int(pk) < 2**63:
            raise Http404("not found")
        return super().get_object()

    def listing_view(self, request):
        queryset = self.get_queryset()
        self.check_query_parameters(queryset)
        queryset = self.filter_queryset(queryset)
        pages = list(self.paginate_queryset(queryset))
        attach_families(pages)
        with rich_text_batch(pages):
            data = self.get_serializer(pages, many=True).data
        return self.get_paginated_response(data)

    def detail_view(self, request, pk):
        instance = self.get_object()
        with rich_text_batch([instance]):
            data = self.get_serializer(instance).data
        return Response(data)


router = WagtailAPIRouter("wagtailapi")
router.register_endpoint("pages", CareersPagesAPIViewSet)
