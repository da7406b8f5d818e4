"""The role filters: one vocabulary (ROLE_FILTERS) for /careers/ and both APIs; the listing's form.

/careers/ offers keyword, minimum top salary, internships and family, read from the URL.

Everything comes from GET parameters, so a filtered list is a plain link that works without
JavaScript and can be shared. A parameter that cannot be understood is dropped with a note
the page shows; it never turns into an error page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from django.db.models import F, Func, TextField

from wagtail.models import Page

from careers.facts.salary import FIGURE_MAX, FIGURE_TOO_LARGE, figure_writer
from careers.find.pagination import ResultPage, fetch_page, pagination
from careers.params import listing_page, listing_text
from careers.taxonomy import all_families

PER_PAGE = 20
MAX_QUERY_LENGTH = 200
MAX_KEYWORDS = 10

# ASCII digits only: \d would also take Arabic-Indic or Devanagari digits (careers.params).
_SALARY = re.compile(r"^(\d{1,3}(?:[,_ ]\d{3})+|\d+)(k)?$", re.I | re.ASCII)


@dataclass(frozen=True)
class RoleFilters:
    """The filters a visitor asked for, already validated."""

    q: str = ""
    min_salary: int | None = None
    internships: bool = False
    family: object | None = None  # a RoleFamily
    page: int = 1

    @property
    def active(self) -> bool:
        return bool(self.q or self.min_salary is not None or self.internships or self.family)

    def params(self, **overrides) -> dict[str, str]:
        """The canonical query parameters (page 1 omitted), with some values replaced."""
        chosen = replace(self, **overrides)
        params = {}
        if chosen.q:
            params["q"] = chosen.q
        if chosen.min_salary is not None:
            params["min_salary"] = str(chosen.min_salary)
        if chosen.internships:
            params["internships"] = "1"
        if chosen.family is not None:
            params["family"] = chosen.family.slug
        if chosen.page > 1:
            params["page"] = str(chosen.page)
        return params

    def url(self, **overrides) -> str:
        query = urlencode(self.params(**overrides))
        return f"?{query}" if query else "?"


@dataclass(frozen=True)
class ActiveFilter:
    """One applied filter, described for people, with a link that removes just it."""

    label: str
    remove_url: str


@dataclass
class ParsedFilters:
    filters: RoleFilters
    notes: list[str] = field(default_factory=list)


def parse_salary(raw: str) -> int | None:
    """ "300000", "300,000" or "300k" → 300000; anything else → None."""
    text = raw.strip().replace("$", "").replace("\u00a0", " ")
    match = _SALARY.match(text)
    if not match:
        return None
    amount = int(re.sub(r"[,_ ]", "", match.group(1)))
    return amount * 1000 if match.group(2) else amount


def parse_filters(params, families) -> ParsedFilters:
    """Validate the GET parameters. ``families`` is every RoleFamily (for the slug lookup)."""
    notes: list[str] = []
    values: dict = {}

    q = " ".join(listing_text(params, "q", notes).split())
    if len(q) > MAX_QUERY_LENGTH:
        q = q[:MAX_QUERY_LENGTH].rsplit(" ", 1)[0]
        notes.append(f"The keywords were shortened to {MAX_QUERY_LENGTH} characters.")
    words = q.split()
    if len(words) > MAX_KEYWORDS:
        q = " ".join(words[:MAX_KEYWORDS])
        notes.append(f"Only the first {MAX_KEYWORDS} keywords were used.")
    values["q"] = q

    raw_salary = listing_text(params, "min_salary", notes).strip()
    if raw_salary:
        salary = parse_salary(raw_salary)
        if salary is None:
            notes.append(
                f'Ignored the minimum salary "{raw_salary[:40]}": give a whole number such as '
                "300000 or 300k."
            )
        elif salary > FIGURE_MAX:
            notes.append(f'Ignored the minimum salary "{raw_salary[:40]}": {FIGURE_TOO_LARGE}')
        elif salary > 0:
            values["min_salary"] = salary

    raw_internships = listing_text(params, "internships", notes).strip().lower()
    if raw_internships in {"1", "true", "yes", "on"}:
        values["internships"] = True
    elif raw_internships and raw_internships not in {"0", "false", "no", "off"}:
        notes.append(
            f'Ignored internships="{raw_internships[:40]}": use internships=1 to show only '
            "roles that offer internships."
        )

    raw_family = listing_text(params, "family", notes).strip()
    if raw_family:
        by_slug = {family.slug: family for family in families}
        family = by_slug.get(raw_family.lower())
        if family is None:
            notes.append(f'There is no role family "{raw_family[:60]}"; showing every family.')
        else:
            values["family"] = family

    values["page"] = listing_page(params.get("page"), notes)

    return ParsedFilters(RoleFilters(**values), notes)


# The role filters, one vocabulary for /careers/ and both APIs: each name and the column it
# narrows. The listing calls min_base_max "min_salary" in its URLs (its form's older name).
ROLE_FILTERS = {
    "family": "family__slug",
    "year": "year",
    "internships": "has_internships",
    "min_base_max": "base_salary_max__gte",
    "max_base_min": "base_salary_min__lte",
    "skill": None,  # inside the StreamField: see filter_by_skill
}


def narrow_roles(roles, **values):
    """Apply the named ROLE_FILTERS; a value of None (or False, or "") leaves that filter off."""
    for name, value in values.items():
        if value is None or value is False or value == "":
            continue
        if name == "skill":
            roles = filter_by_skill(roles, value)
        else:
            roles = roles.filter(**{ROLE_FILTERS[name]: value})
    return roles


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


class KeywordText(Func):
    """A role's searched columns joined by spaces: the expression the keyword index covers.

    Migration 0013 indexes ``UPPER`` of exactly this SQL with pg_trgm on PostgreSQL, so
    ``icontains`` on it is an index scan there; the spaces keep a word from matching across
    two columns. On SQLite it is the same match, unindexed.
    """

    arg_joiner = " || ' ' || "
    template = "(%(expressions)s)"
    output_field = TextField()

    def __init__(self):
        super().__init__(F("role_name"), F("intro"), F("skills_text"), F("faq_text"))


def keyword_matches(model, word: str):
    """The ids of pages with ``word`` in their title or their role's searched text.

    A ``UNION`` of two index scans (careers_role_keyword_trgm, careers_page_title_trgm) rather
    than an ``OR`` across the page and role tables, which no index can serve: the database
    then starts from the matches instead of testing every role.
    """
    in_text = (
        model._base_manager.alias(keyword_text=KeywordText())
        .filter(keyword_text__icontains=word)
        .order_by()
        .values("pk")
    )
    titled = Page._base_manager.filter(title__icontains=word).order_by().values("pk")
    return in_text.union(titled)


def apply_filters(roles, filters: RoleFilters):
    """Narrow a RolePage queryset; every keyword must match somewhere in the role's text."""
    for word in filters.q.split():
        roles = roles.filter(pk__in=keyword_matches(roles.model, word))
    return narrow_roles(
        roles,
        min_base_max=filters.min_salary,
        internships=filters.internships,
        family=filters.family.slug if filters.family is not None else None,
    )


def describe(filters: RoleFilters, currency: str = "") -> list[ActiveFilter]:
    """The applied filters as removable chips; ``currency`` when every result shares one."""
    active = []
    if filters.q:
        active.append(ActiveFilter(f"Keywords: {filters.q}", filters.url(q="", page=1)))
    if filters.min_salary is not None:
        # In the results' one currency; the bare grouped figure when they share none.
        amount = figure_writer("base", currency)(filters.min_salary)
        active.append(
            ActiveFilter(f"Top base salary at least {amount}", filters.url(min_salary=None, page=1))
        )
    if filters.internships:
        active.append(ActiveFilter("Offers internships", filters.url(internships=False, page=1)))
    if filters.family is not None:
        active.append(
            ActiveFilter(f"Family: {filters.family.name}", filters.url(family=None, page=1))
        )
    return active


def filter_roles(request, roles) -> dict:
    """Template context for the careers index: the filtered, paginated roles and notes."""
    families = all_families()
    parsed = parse_filters(request.GET, families)
    filters = parsed.filters
    notes = parsed.notes
    matching = apply_filters(roles, filters).select_related("family")
    page_obj = fetch_page(matching, filters.page, PER_PAGE)
    if page_obj is None:
        last = max(1, -(-matching.count() // PER_PAGE))
        notes.append(f"There is no page {filters.page}; showing page {last} of {last}.")
        filters = replace(filters, page=last)
        page_obj = fetch_page(matching, last, PER_PAGE) or ResultPage([], 1, 0, PER_PAGE)
    currencies = {role.salary_currency for role in page_obj.object_list if role.salary_currency}
    return {
        "roles": page_obj.object_list,
        "page_obj": page_obj,
        "total": page_obj.count,
        "filters": filters,
        "active_filters": describe(filters, currencies.pop() if len(currencies) == 1 else ""),
        "filter_notes": notes,
        "families": families,
        "pagination": pagination(
            page_obj.number, page_obj.num_pages, lambda number: filters.url(page=number)
        ),
        "clear_filters_url": request.path,
    }
