"""Related roles on a role page: the editor's choice, else suggestions from skills and family.

Two queries whatever the number of roles: one reads every sibling's denormalised
``skills_text`` and ``family_id`` as plain values (no StreamField, no model instances) to
choose; one loads the (at most three) chosen roles for their cards.

Both read through ``RolePage.objects``, so the page cache (pagecache) records that the role
page depends on every role of the type (the ranking reads them all): a sibling's publish,
unpublish or rename re-renders it, and the suggestions are never stale.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Subquery

from wagtail.models import PageViewRestriction

from careers.find.compare import MAX_ROLES, compare_url
from careers.find.skills import keywords, similarity
from careers.models import RolePage
from careers.taxonomy import RelatedRole

MAX_RELATED = 3
# Same family counts as much as sharing a quarter of the skill keywords.
FAMILY_WEIGHT = 0.25

LISTING_FIELDS = (
    "id",
    "title",
    "slug",
    "url_path",
    "path",
    "depth",
    "live",
    "role_name",
    "family_id",
    "base_salary_min",
    "base_salary_max",
    "salary_currency",
    "has_internships",
    "ladder_length",
)


@dataclass(frozen=True)
class RelatedRoleCard:
    """A related role as the page shows it: the role, why it is related, who chose it."""

    role: object
    reason: str
    chosen_by_editor: bool


def _unsaved_choices(page) -> list[int] | None:
    """The editor's choices held in memory (previews of unsaved edits), else None."""
    # modelcluster keeps form data here until the page is saved; a plain fetch has none.
    links = getattr(page, "_cluster_related_objects", {}).get("related_role_links")
    if links is None:
        return None
    return [link.role_id for link in sorted(links, key=lambda link: link.sort_order or 0)]


def _candidates(page) -> list[dict]:
    """Every other live, unrestricted sibling as plain values, with the editor's order."""
    siblings = (
        RolePage.objects.live()
        .filter(path__startswith=page.path[: -RolePage.steplen], depth=page.depth)
        .exclude(pk=page.pk)
        # Restrictions on shared ancestors apply to this page too; a sibling's own is what
        # matters, and checking it in the query saves the query .public() would make.
        .exclude(Exists(PageViewRestriction.objects.filter(page_id=OuterRef("pk"))))
    )
    in_memory = _unsaved_choices(page)
    if in_memory is None:
        chosen = RelatedRole.objects.filter(page_id=page.pk, role_id=OuterRef("pk"))
        siblings = siblings.annotate(chosen_order=Subquery(chosen.values("sort_order")[:1]))
        rows = list(siblings.values("pk", "role_name", "family_id", "skills_text", "chosen_order"))
    else:
        rows = list(siblings.values("pk", "role_name", "family_id", "skills_text"))
        for row in rows:
            row["chosen_order"] = in_memory.index(row["pk"]) if row["pk"] in in_memory else None
    return rows


def rank(page, candidates: list[dict], limit: int = MAX_RELATED) -> list[tuple[dict, str, bool]]:
    """(candidate, reason, chosen by editor) for the roles to show, best first."""
    chosen = sorted(
        (row for row in candidates if row["chosen_order"] is not None),
        key=lambda row: row["chosen_order"],
    )
    if chosen:
        return [(row, "Chosen by our editors", True) for row in chosen[:limit]]
    own = keywords(page.skills_text or "")
    own_keys = set(own)
    scored = []
    for row in candidates:
        theirs = set(keywords(row["skills_text"] or ""))
        shared = own_keys & theirs
        same_family = bool(page.family_id and row["family_id"] == page.family_id)
        score = similarity(own_keys, theirs) + (FAMILY_WEIGHT if same_family else 0.0)
        if score > 0:
            scored.append((-score, row["role_name"].casefold(), row, shared, same_family))
    scored.sort(key=lambda item: item[:2])
    ranked = []
    for _, _, row, shared, same_family in scored[:limit]:
        reasons = ["Also in {family}"] if same_family else []
        if shared:
            words = sorted((own[key] for key in shared), key=str.casefold)
            more = len(words) - 3
            listed = ", ".join(words[:3]) + (f" and {more} more" if more > 0 else "")
            reasons.append(f"Shares skills: {listed}")
        ranked.append((row, "; ".join(reasons), False))
    return ranked


def related_roles(page) -> list[RelatedRoleCard]:
    """At most three related roles: the editor's choice wins; otherwise suggestions."""
    if not page.pk or not page.path:
        return []
    ranked = rank(page, _candidates(page))
    if not ranked:
        return []
    roles = (
        RolePage.objects.filter(pk__in=[row["pk"] for row, _, _ in ranked])
        .select_related("family")
        .only(*LISTING_FIELDS, "family__name", "family__slug")
        .in_bulk()
    )
    cards = []
    for row, reason, by_editor in ranked:
        role = roles.get(row["pk"])
        if role is None:
            continue  # withdrawn between the two queries
        family = role.family.name if role.family else ""
        cards.append(RelatedRoleCard(role, reason.replace("{family}", family), by_editor))
    return cards


def role_page_context(page) -> dict:
    """What a role page adds to its template context: related roles and comparison links."""
    cards = related_roles(page)
    # The page itself takes one of the comparison's places.
    compared = [card.role for card in cards][: MAX_ROLES - 1]
    return {
        "compared_roles": compared,
        "related_roles": cards,
        "compare_related_url": compare_url([page.slug, *(role.slug for role in compared)]),
        "compare_url": compare_url([page.slug]),
    }
