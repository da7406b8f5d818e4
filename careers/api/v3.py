# ruff: noqa: B008 - ninja declares query parameters as Query(...) defaults
"""API v3 for role pages: django-ninja, typed OpenAPI, Bearer-token writes, precise errors.

Built on Wagtail 8's v3 pieces (``BearerTokenAuth``, the problem+json error handlers, the
page querysets, ``whoami``) but with its own pages router: Wagtail's generic one types a
StreamField as an untyped array, reports bad block values against ``body`` only and answers
malformed block JSON with a 500. Here every request and response body is described by
schemas generated from the block definitions (``careers.api.schema``), every page is
serialised by ``careers.serializers`` and every write goes through ``careers.api.writes``.
"""

from __future__ import annotations

from functools import wraps
from typing import Literal

from django.conf import settings
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404

from wagtail.api.querysets import get_public_pages_queryset
from wagtail.api.v3.auth import AllowAnonymous, BearerTokenAuth
from wagtail.api.v3.errors import problem_response, register_exception_handlers
from wagtail.api.v3.querysets import get_pages_queryset
from wagtail.models import Page

import ninja.errors
from ninja import NinjaAPI, Query, Router

from careers import params
from careers.api import query
from careers.api.schema import OPENAPI_REFS, openapi_components
from careers.api.writes import (
    DRAFT,
    PUBLISH,
    UNPUBLISH,
    PayloadError,
    WritePlan,
    WriteRefused,
    act_on_latest_revision,
    clean_payload,
    create_role_page,
    default_parent,
    plan_write,
    update_role_page,
)
from careers.facts.salary import FIGURE_MAX
from careers.find.filters import narrow_roles
from careers.find.pagination import rows_between, totally_ordered
from careers.models import RolePage
from careers.serializers import API_RICH_TEXT_FORMAT, roles_to_api, workflow_meta


class CareersNinjaAPI(NinjaAPI):
    """Ninja API whose OpenAPI document carries the block-generated role page schemas."""

    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        schema.setdefault("components", {}).setdefault("schemas", {}).update(openapi_components())
        return schema


# Swagger UI sets inline styles and data: images; it still loads nothing from another host.
DOCS_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "frame-ancestors 'none'"
)


def _docs_policy(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Content-Security-Policy"] = DOCS_POLICY
        return response

    return wrapper


api = CareersNinjaAPI(
    title="careers-cms API",
    version="3.0.0",
    description=(
        "Role pages as typed JSON. Reads are public (live pages; a token adds the pages its "
        "user may edit); writes need `Authorization: Bearer <token>` from "
        "`manage.py api_tokens create` and obey Wagtail's page locks (423) and review "
        "workflow (a publish request without publish permission is submitted for review: "
        "202). Errors are "
        "`application/problem+json`; validation errors list the path of every offending "
        "value, e.g. `body/4/value/rows/1/base_min: Enter a whole number.`"
    ),
    # Wagtail's own v3 API object is built (and gets routers) whether or not it is mounted;
    # this one is separate so its namespace and routes are ours alone.
    urls_namespace="careers_api_v3",
    openapi_url="/openapi.json",
    docs_url="/docs/",
    docs_decorator=_docs_policy,
)
register_exception_handlers(api)


def _problem_from_payload(error: PayloadError) -> HttpResponse:
    return problem_response(
        status=error.status,
        detail="; ".join(error.lines()),
        errors=[
            {"path": path, "loc": [part for part in path.split("/") if part], "msg": message}
            for path, message in error.errors
        ],
    )


@api.exception_handler(PayloadError)
def payload_error_handler(request, exc: PayloadError):
    return _problem_from_payload(exc)


@api.exception_handler(WriteRefused)
def write_refused_handler(request, exc: WriteRefused):
    return problem_response(status=exc.status, detail=exc.detail)


@api.exception_handler(query.FilterError)
def filter_error_handler(request, exc: query.FilterError):
    return problem_response(status=400, detail=str(exc))


@api.exception_handler(ninja.errors.ValidationError)
def ninja_validation_handler(request, exc: ninja.errors.ValidationError):
    # Query and path parameters are the client's URL: a 400 naming each one.
    lines = []
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", ()) if part not in ("query", "path")]
        lines.append(f"{'/'.join(loc)}: {error.get('msg', 'Invalid value.')}")
    return problem_response(status=400, detail="; ".join(lines), errors=exc.errors)


def _ref(name: str) -> dict:
    return {"$ref": f"{OPENAPI_REFS}{name}"}


def _json_response(description: str, name: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": _ref(name)}}}


PROBLEM = {
    "description": "Problem details (RFC 7807); validation errors carry value paths.",
    "content": {"application/problem+json": {"schema": {"type": "object"}}},
}


def _docs(*, responses: dict, request_body: str | None = None) -> dict:
    extra: dict = {"responses": responses}
    if request_body:
        extra["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": _ref(request_body)}},
        }
    return extra


# --- the router ----------------------------------------------------------------------------

router = Router(tags=["role pages"])
PUBLIC = [BearerTokenAuth(), AllowAnonymous()]
TOKEN = BearerTokenAuth()
RichTextFormat = Literal["html", "db_html", "markdown", "db_markdown"]

LIST_PARAMETERS = {
    "limit",
    "offset",
    "year",
    "min_base_max",
    "max_base_min",
    "skill",
    "family",
    "search",
    "order",
    "slug",
    "rich_text_format",
}


def _max_limit() -> int:
    return int(getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20) or 1000)


def _check_parameters(request: HttpRequest, allowed: set[str]) -> None:
    unknown = sorted(set(request.GET) - allowed)
    if unknown:
        raise query.FilterError(
            f"Unknown query parameter(s): {', '.join(unknown)}. "
            f"Allowed: {', '.join(sorted(allowed))}."
        )


def _role_queryset(request: HttpRequest):
    """Live, public pages of this site for everyone; a token adds the pages its user may edit.

    Wagtail's v3 queryset gives an authenticated user only their editable pages, which would
    make a consumer token (no page permissions) see less than an anonymous reader.
    """
    if not request.user.is_authenticated:
        return get_pages_queryset(request, RolePage)
    editable = get_pages_queryset(request, RolePage)
    try:
        public = get_public_pages_queryset(request, RolePage)
    except ValueError as error:  # as get_pages_queryset: ?site= matched several sites
        raise query.FilterError(str(error)) from error
    return (
        RolePage.objects.filter(Q(pk__in=public.values("pk")) | Q(pk__in=editable.values("pk")))
        .select_related("content_type", "locale")
        .order_by("pk")
    )


@router.get(
    "/",
    auth=PUBLIC,
    url_name="role_list",
    operation_id="roles_list",
    summary="List role pages",
    openapi_extra=_docs(responses={200: _json_response("Role pages", "RolePageList")}),
)
def list_roles(
    request: HttpRequest,
    limit: int = Query(20, ge=1, description="Page size (at most WAGTAILAPI_LIMIT_MAX)."),
    # Bounds match the columns, so no value can overflow the database driver.
    offset: int = Query(0, ge=0, le=query.MAX_OFFSET),
    year: int | None = Query(
        None, ge=0, le=query.MAX_YEAR, description="Only roles describing this year."
    ),
    min_base_max: int | None = Query(
        None,
        ge=0,
        le=FIGURE_MAX,
        description="Only roles whose top base salary is at least this.",
    ),
    max_base_min: int | None = Query(
        None,
        ge=0,
        le=FIGURE_MAX,
        description="Only roles whose lowest base salary is at most this.",
    ),
    skill: str | None = Query(None, description="Only roles whose skills mention this text."),
    family: str | None = Query(
        None, description="Only roles in this role family (its slug, e.g. data)."
    ),
    search: str | None = Query(None, description="Full-text search, most relevant first."),
    order: str | None = Query(
        None,
        description="Comma-separated: id, title, role_name, year, base_min, base_max, "
        "first_published_at; prefix with - for descending.",
    ),
    slug: str | None = Query(None, description="Only the role with this slug."),
    rich_text_format: RichTextFormat = Query("html"),
):
    _check_parameters(request, LIST_PARAMETERS)
    if limit > _max_limit():
        raise query.FilterError(f"limit: Cannot be higher than {_max_limit()}.")
    queryset = narrow_roles(
        _role_queryset(request),
        year=year,
        min_base_max=min_base_max,
        max_base_min=max_base_min,
        skill=query.parse_text("skill", skill) if skill is not None else None,
        family=query.parse_family("family", family) if family is not None else None,
    )
    if slug is not None:
        queryset = queryset.filter(slug=slug)
    order_terms = query.parse_order(order) if order is not None else None
    if search is not None:
        ids = query.search_ids(queryset, query.parse_text("search", search))
        queryset = query.order_by_ids(queryset, ids)
    if order_terms:
        queryset = queryset.order_by(*order_terms, "pk")
    elif search is None:
        queryset = queryset.order_by("role_name", "pk")
    # Counted once; a deep offset reads only the ordered keys before fetching its rows.
    count = queryset.count()
    ordered = totally_ordered(queryset.select_related("locale"))
    pages = rows_between(ordered, offset, offset + limit, count)
    return JsonResponse({"count": count, "items": roles_to_api(pages, request, rich_text_format)})


@router.get(
    "/{page_id}/",
    auth=PUBLIC,
    url_name="role_detail",
    operation_id="roles_detail",
    summary="Role page detail",
    openapi_extra=_docs(responses={200: _json_response("The role page", "RolePage"), 404: PROBLEM}),
)
def get_role(
    request: HttpRequest,
    page_id: int,
    version: Literal["live", "draft"] = Query(
        "live",
        description="draft: the latest revision, for a token whose user may edit the page "
        "(anyone else gets the live version).",
    ),
    rich_text_format: RichTextFormat = Query("html"),
):
    _check_parameters(request, {"version", "rich_text_format"})
    page = get_object_or_404(_role_queryset(request), pk=_valid_id(page_id))
    if not request.user.is_authenticated:
        return JsonResponse(roles_to_api([page], request, rich_text_format)[0])
    workflow = workflow_meta(page)
    if version == "draft" and page.permissions_for_user(request.user).can_edit():
        page = page.latest_content()
    return _token_response(page, request, workflow=workflow, rich_text_format=rich_text_format)


def _token_response(
    page: RolePage,
    request: HttpRequest,
    *,
    plan: WritePlan | None = None,
    workflow: dict | None = None,
    status: int = 200,
    rich_text_format: str = API_RICH_TEXT_FORMAT,
) -> JsonResponse:
    """One page for a token user, with its review state; 202 when a publish became a submission."""
    data = roles_to_api([page], request, rich_text_format)[0]
    data["meta"]["workflow"] = workflow if plan is None else workflow_meta(page)
    if plan is not None and plan.submits:
        status = 202
    return JsonResponse(data, status=status)


def _read_json(request: HttpRequest):
    """The body under the shared JSON rules (careers.params): depth, NUL and surrogates."""
    try:
        return params.load_json(request.body or b"null")
    except params.ParameterError as error:
        message = error.message[:1].upper() + error.message[1:]
        if not error.name:
            message = f"The request body is {message[:1].lower()}{message[1:]}"
        raise PayloadError([(error.name, message)], status=400) from error


WRITE_RESPONSES = {
    400: PROBLEM,
    401: PROBLEM,
    403: PROBLEM,
    409: PROBLEM,
    422: PROBLEM,
    423: PROBLEM,
}
SUBMITTED = {
    202: _json_response(
        "Submitted for review instead of published: the user may not publish", "RolePage"
    )
}


@router.post(
    "/",
    auth=TOKEN,
    url_name="role_create",
    response={201: None},
    operation_id="roles_create",
    summary="Create a role page (a draft unless meta.action is publish)",
    openapi_extra=_docs(
        request_body="RolePageCreateInput",
        responses={
            201: _json_response("The new role page", "RolePage"),
            **SUBMITTED,
            **WRITE_RESPONSES,
        },
    ),
)
def create_role(request: HttpRequest):
    _check_parameters(request, set())
    payload = clean_payload(_read_json(request), creating=True, request=request)
    if payload.parent_id is not None:
        parent = get_object_or_404(Page, pk=payload.parent_id).specific
    else:
        parent = default_parent()
        if parent is None:
            raise PayloadError([("meta/parent_id", "There is no careers index page to add to.")])
    plan = plan_write(request.user, wants=payload.action or DRAFT, parent=parent)
    if RolePage not in type(parent).creatable_subpage_models():
        raise PayloadError([("meta/parent_id", "Role pages cannot be added under this page.")])
    page = create_role_page(payload, parent, request.user, plan)
    return _token_response(page.latest_content(), request, plan=plan, status=201)


def _valid_id(page_id: int) -> int:
    """Ids beyond a 64-bit key cannot exist; answer 404 instead of letting the driver overflow."""
    if not 0 < page_id < 2**63:
        raise Http404("No role page with that id.")
    return page_id


def _role_page(page_id: int) -> RolePage:
    return get_object_or_404(RolePage, pk=_valid_id(page_id))


@router.patch(
    "/{page_id}/",
    auth=TOKEN,
    url_name="role_update",
    operation_id="roles_update",
    summary="Update a role page (a new revision; published if meta.action is publish)",
    openapi_extra=_docs(
        request_body="RolePageInput",
        responses={
            200: _json_response("The latest revision", "RolePage"),
            **SUBMITTED,
            404: PROBLEM,
            **WRITE_RESPONSES,
        },
    ),
)
def update_role(request: HttpRequest, page_id: int):
    _check_parameters(request, set())
    page = _role_page(page_id)
    # Permission and locks first: a refused write learns nothing from validating its body.
    plan_write(request.user, wants=DRAFT, page=page)
    payload = clean_payload(_read_json(request), creating=False, request=request)
    plan = plan_write(request.user, wants=payload.action or DRAFT, page=page)
    page = update_role_page(page, payload, request.user, plan)
    return _token_response(page.latest_content(), request, plan=plan)


@router.post(
    "/{page_id}/actions/publish/",
    auth=TOKEN,
    url_name="role_publish",
    operation_id="roles_publish",
    summary="Publish the latest revision (or submit it for review without publish permission)",
    openapi_extra=_docs(
        responses={
            200: _json_response("The published page", "RolePage"),
            **SUBMITTED,
            404: PROBLEM,
            **WRITE_RESPONSES,
        }
    ),
)
def publish_role(request: HttpRequest, page_id: int):
    _check_parameters(request, set())
    page = _role_page(page_id)
    plan = plan_write(request.user, wants=PUBLISH, page=page)
    page = act_on_latest_revision(page, request.user, plan)
    if plan.action != PUBLISH:
        page = page.latest_content()
    return _token_response(page, request, plan=plan)


@router.post(
    "/{page_id}/actions/unpublish/",
    auth=TOKEN,
    url_name="role_unpublish",
    operation_id="roles_unpublish",
    summary="Unpublish a role page",
    openapi_extra=_docs(
        responses={
            200: _json_response("The unpublished page", "RolePage"),
            404: PROBLEM,
            **WRITE_RESPONSES,
        }
    ),
)
def unpublish_role(request: HttpRequest, page_id: int):
    _check_parameters(request, set())
    page = _role_page(page_id)
    plan_write(request.user, wants=UNPUBLISH, page=page)
    page.unpublish(user=request.user)
    page = RolePage.objects.get(pk=page.pk)
    return _token_response(page, request, plan=WritePlan(UNPUBLISH))


@api.get(
    "/whoami/",
    auth=TOKEN,
    url_name="whoami",
    operation_id="whoami",
    summary="The user a token acts as, and what it may do with role pages",
    tags=["auth"],
)
def whoami(request: HttpRequest):
    parent = default_parent()
    permissions = parent.permissions_for_user(request.user) if parent else None
    return JsonResponse(
        {
            "username": request.user.get_username(),
            "can_add_roles": bool(permissions and permissions.can_add_subpage()),
            "can_publish_roles": bool(permissions and permissions.can_publish_subpage()),
        }
    )


api.add_router("/pages/", router)
