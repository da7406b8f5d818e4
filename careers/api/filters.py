"""Role listing filters shared by API v2 and v3: salary, skill, year, search and ordering.

Each parser turns a raw query-string value into a typed one or raises ``FilterError`` with a
message that names the parameter, which both APIs answer with a 400.
"""

from __future__ import annotations

from django.db.models import Case, IntegerField, Value, When

from wagtail.search.backends import get_search_backend

ORDERABLE = {
    "id": "id",
    "title": "title",
    "role_name": "role_name",
    "year": "year",
    "base_min": "base_salary_min",
    "base_max": "base_salary_max",
    "first_published_at": "first_published_at",
}


# Column limits: PositiveSmallIntegerField (year), PositiveIntegerField (salary columns).
MAX_YEAR = 32767
MAX_FIGURE = 2_147_483_647
MAX_OFFSET = 1_000_000_000


class FilterError(ValueError):
    """A query parameter whose value cannot be used; the message names it."""


def parse_int(name: str, raw: str, minimum: int | None = None, maximum: int | None = None) -> int:
    try:
        value = int(raw.strip())
    except (TypeError, ValueError):
        raise FilterError(f"{name}: Enter a whole number (got {raw!r}).") from None
    if minimum is not None and value < minimum:
        raise FilterError(f"{name}: Must be {minimum} or more (got {value}).")
    if maximum is not None and value > maximum:
        raise FilterError(f"{name}: Must be {maximum} or less (got {value}).")
    return value


def parse_text(name: str, raw: str) -> str:
    text = " ".join((raw or "").split())
    if not text:
        raise FilterError(f"{name}: Must not be blank.")
    if "\x00" in text:
        raise FilterError(f"{name}: Null characters are not allowed.")
    return text


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


def _skills_match(raw_body, needle: str) -> bool:
    for item in raw_body or []:
        if not isinstance(item, dict) or item.get("type") != "skills":
            continue
        value = item.get("value") or {}
        for entry in value.get("items") or [] if isinstance(value, dict) else []:
            text = entry.get("value") if isinstance(entry, dict) else entry
            if isinstance(text, str) and needle in text.casefold():
                return True
    return False


def filter_by_skill(queryset, text: str):
    """Roles whose skills list mentions ``text`` (case-insensitive).

    Skills live inside the StreamField, so the match runs over the stored JSON of the
    candidate rows (one query, no block parsing) rather than a database JSON path, which
    keeps it identical on SQLite and PostgreSQL.
    """
    needle = text.casefold()
    ids = [
        pk
        for pk, body in queryset.order_by().values_list("pk", "body")
        if _skills_match(getattr(body, "raw_data", body), needle)
    ]
    return queryset.filter(pk__in=ids)


def parse_family(name: str, raw: str) -> str:
    """A role family slug that exists (careers.taxonomy.RoleFamily), else a FilterError."""
    from careers.taxonomy import all_families  # noqa: PLC0415

    slug = parse_text(name, raw).lower()
    known = [family.slug for family in all_families()]
    if slug not in known:
        raise FilterError(f"{name}: No role family {slug!r}; use one of: {', '.join(known)}.")
    return slug


def apply_role_filters(
    queryset, *, year=None, min_base_max=None, max_base_min=None, skill=None, family=None
):
    if family is not None:
        queryset = queryset.filter(family__slug=family)
    if year is not None:
        queryset = queryset.filter(year=year)
    if min_base_max is not None:
        queryset = queryset.filter(base_salary_max__gte=min_base_max)
    if max_base_min is not None:
        queryset = queryset.filter(base_salary_min__lte=max_base_min)
    if skill:
        queryset = filter_by_skill(queryset, skill)
    return queryset


def search_ids(queryset, text: str) -> list[int]:
    """Page ids matching ``text``, most relevant first (Wagtail's search backend)."""
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
