"""What the home page shows of the roles: families with counts, featured cards, how pay grows.

Six queries whatever the number of roles: /careers/, the view restrictions (``public()``),
the family counts, the editor's choices, the cards (listing columns only), and the salary
tables as stored JSON (no block parsing). Every role read goes through ``RolePage.objects``, so the page cache records that
the home page depends on every role: a publish, unpublish or edit re-renders it.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Case, Count, IntegerField, Value, When

from careers.facts.pay_growth import PayGrowth, fill_placeholders, pay_growth
from careers.find.related import LISTING_FIELDS
from careers.models import CareersIndexPage, RolePage

MAX_FEATURED = 6


@dataclass(frozen=True)
class FamilyLink:
    """A role family on the home page: its name, its live roles, the filtered listing."""

    name: str
    slug: str
    count: int
    count_label: str
    url: str


@dataclass(frozen=True)
class RoleCard:
    """A featured role: the role (listing columns only) and whether an editor chose it."""

    role: RolePage
    chosen_by_editor: bool

    @property
    def family_name(self) -> str:
        return self.role.family.name if self.role.family_id else ""


def count_phrase(count: int, one: str, many: str) -> str:
    """ "1 role" or "5 roles", in the editor's words; ``many`` may name ``{count}``."""
    if count == 1:
        return fill_placeholders(one, {"count": "1"})
    return fill_placeholders(many, {"count": f"{count:,}"})


def live_roles(home):
    """Live, public role pages under the home page (one query, for the view restrictions)."""
    return RolePage.objects.live().public().descendant_of(home)


def family_links(roles, index_url: str, one: str, many: str) -> list[FamilyLink]:
    """Families with at least one live, public role, by name, counted in one query."""
    rows = (
        roles.filter(family__isnull=False)
        .order_by()
        .values("family__name", "family__slug")
        .annotate(count=Count("pk"))
        .order_by("family__name")
    )
    return [
        FamilyLink(
            name=row["family__name"],
            slug=row["family__slug"],
            count=row["count"],
            count_label=count_phrase(row["count"], one, many),
            url=f"{index_url}?{urlencode({'family': row['family__slug']})}",
        )
        for row in rows
    ]


def chosen_role_ids(home) -> list[int]:
    """The editor's featured roles in their order, each once (unsaved ones in a preview too)."""
    ids: list[int] = []
    for link in home.featured_roles.all():
        if link.role_id and link.role_id not in ids:
            ids.append(link.role_id)
    return ids[:MAX_FEATURED]


def featured_cards(roles, chosen: list[int], count: int) -> list[RoleCard]:
    """The chosen roles that are live, then the most recently published to make ``count``.

    One query: chosen roles sort first, the rest by their last publish, so a withdrawn
    choice is simply replaced by the next most recent role.
    """
    # Enough rows for every choice plus ``count`` others: a choice may be withdrawn.
    limit = len(chosen) + count
    if limit <= 0:
        return []
    order = {pk: position for position, pk in enumerate(chosen)}
    picked = roles.select_related("family").only(
        *LISTING_FIELDS, "last_published_at", "family__name", "family__slug"
    )
    if chosen:
        picked = picked.annotate(
            chosen_first=Case(
                When(pk__in=chosen, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        ).order_by("chosen_first", "-last_published_at", "-pk")
    else:
        picked = picked.order_by("-last_published_at", "-pk")
    picked = picked[:limit]
    cards = [RoleCard(role, role.pk in order) for role in picked]
    # Chosen roles in the editor's order; the database sorted them only as a group.
    cards.sort(key=lambda card: (not card.chosen_by_editor, order.get(card.role.pk, 0)))
    shown = max(count, sum(card.chosen_by_editor for card in cards))
    return cards[:shown]


def salary_tables(roles) -> list[tuple[str | None, list]]:
    """Each role's first salary table as (currency, rows), from its stored salary levels."""
    tables = []
    for levels in roles.order_by().values_list("salary_levels", flat=True):
        if isinstance(levels, dict) and levels:
            rows = [row for row in levels.get("rows") or [] if isinstance(row, dict)]
            tables.append((levels.get("currency"), rows))
    return tables


def home_sections(home) -> dict:
    """The home page's template context beyond its own fields."""
    careers_index = CareersIndexPage.objects.live().first()
    roles = live_roles(home)
    families = []
    if careers_index is not None:
        families = family_links(roles, careers_index.url, home.role_count_one, home.role_count_many)
    cards = featured_cards(roles, chosen_role_ids(home), home.featured_count)
    growth: PayGrowth | None = pay_growth(salary_tables(roles))
    return {
        "careers_index": careers_index,
        "families": families,
        "featured_cards": cards,
        "pay_growth": growth,
        "pay_growth_sentence": home.pay_growth_sentence(growth) if growth else "",
    }
