"""How both APIs read a listing's query string: parameters, search and ordering.

Each parser turns a raw query-string value into a typed one or raises ``FilterError`` with a
message that names the parameter, which both APIs answer with a 400.
"""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import connection
from django.db.models import AutoField, BooleanField, Case, ForeignKey, IntegerField, Value, When

from wagtail.api.v2.utils import BadRequestError
from wagtail.search.backends import get_search_backend

from careers import params
from careers.find.search import clean_query
from careers.params import ParameterError, parse_int
from careers.taxonomy import all_families

__all__ = ["FilterError", "parse_int", "parse_text"]  # both APIs parse through this module

ORDERABLE = {
    "id": "id",
    "title": "title",
    "role_name": "role_name",
    "year": "year",
    "base_min": "base_salary_min",
    "base_max": "base_salary_max",
    "first_published_at": "first_published_at",
}


# Column limit: PositiveSmallIntegerField (year). Salary figures use careers.facts.FIGURE_MAX.
MAX_YEAR = 32767
MAX_OFFSET = 1_000_000_000


# The one input-rule error (careers.params), under the name both APIs already catch.
FilterError = ParameterError


def parse_text(name: str, raw: str) -> str:
    """A query parameter's text, whitespace folded; blank, NUL or control characters refused."""
    text = " ".join(params.clean_text(name, raw).split())
    if not text:
        raise FilterError(name, "Must not be blank.")
    return text


def search_terms(name: str, raw: str) -> str:
    """Search text as the words of it, as site search takes it (careers.find.search).

    Wagtail's backends pass quotes and operators to SQLite FTS5 (a syntax error, a 503) and
    build broken SQL for a query with no words (a 500): only words reach them.
    """
    query, _notes = clean_query(parse_text(name, raw))
    if not query:
        raise FilterError(name, "Give at least one word to search for.")
    return query


class FieldValueFilter:
    """DRF filter backend, first in v2: ``search`` and field filters (``?first_published_at=``).

    Wagtail's FieldsFilter converts only integers (with ``int``, which takes "٣" and any
    size) and booleans, and hands anything else to the queryset, where a date that does not
    parse raises (a 500). Here every field filter goes through the shared integer rule or the
    field's own ``to_python`` first, and a bad value is a 400 naming the field; ``search``
    reaches Wagtail's SearchFilter as its words only.
    """

    def filter_queryset(self, request, queryset, view):
        if "search" in request.GET:
            try:
                terms = search_terms("search", request.GET["search"])
            except ParameterError as error:
                raise BadRequestError(str(error)) from error
            query = request.GET.copy()
            query["search"] = terms
            request._request.GET = query  # what SearchFilter reads, later in this request
        available = set(view.get_available_fields(queryset.model, db_fields_only=True))
        for name, raw in request.GET.items():
            if name not in available or name == "locale":
                continue
            try:
                field = queryset.model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if isinstance(field, ForeignKey):
                field = field.target_field
            try:
                if isinstance(field, IntegerField | AutoField):
                    low, high = connection.ops.integer_field_range(field.get_internal_type())
                    parse_int(name, raw, low, high)
                elif not isinstance(field, BooleanField) and hasattr(field, "to_python"):
                    field.to_python(raw)
            except ParameterError as error:
                raise BadRequestError(str(error)) from error
            except ValidationError as error:
                raise BadRequestError(f"{name}: {' '.join(error.messages)}") from error
        return queryset


def parse_order(raw: str) -> list[str]:
    """``order=-base_max,role_name`` → Django order_by terms; unknown names are errors."""
    terms = []
    for part in (raw or "").split(","):
        part = part.strip()
        if not part:
            continue
        name = part.lstrip("-")
        if name not in ORDERABLE:
            allowed = ", ".join(sorted(ORDERABLE))
            raise FilterError(f"order: Cannot order by {name!r}; use one of: {allowed}.")
        terms.append(("-" if part.startswith("-") else "") + ORDERABLE[name])
    if not terms:
        raise FilterError("order: Must not be blank.")
    return terms


def parse_family(name: str, raw: str) -> str:
    """A role family slug that exists (careers.taxonomy.RoleFamily), else a FilterError."""
    slug = parse_text(name, raw).lower()
    known = [family.slug for family in all_families()]
    if slug not in known:
        raise FilterError(f"{name}: No role family {slug!r}; use one of: {', '.join(known)}.")
    return slug


def search_ids(queryset, text: str) -> list[int]:
    """Page ids matching ``text``, most relevant first (Wagtail's search backend)."""
    text = search_terms("search", text)
    candidates = list(queryset.order_by().values_list("pk", flat=True))
    if not candidates:
        return []
    results = get_search_backend().search(text, queryset.model.objects.filter(pk__in=candidates))
    return [page.pk for page in results]


def order_by_ids(queryset, ids: list[int]):
    """Restrict to ``ids`` and keep their order (search relevance)."""
    if not ids:
        return queryset.none()
    ranking = Case(
        *[When(pk=pk, then=Value(rank)) for rank, pk in enumerate(ids)],
        output_field=IntegerField(),
    )
    return queryset.filter(pk__in=ids).order_by(ranking)
