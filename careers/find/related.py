"""Related roles on a role page: the editor's choice, else suggestions from skills, family and pay.

Suggestions compare canonical skills (``careers.facts.skills``: "python 3" is Python, and
words outside the vocabulary such as "secure" or "modelling" count for nothing), the family
and the base-salary band. Each card says why in plain words.

Two queries whatever the number of roles: one reads every sibling's denormalised
``skill_keys``, ``family_id`` and base-salary columns as plain values (no StreamField, no
model instances, no text parsing) to choose; one loads the (at most three) chosen roles for
their cards.

Both read through ``RolePage.objects``, so the page cache (pagecache) records that the role
page depends on every role of the type (the ranking reads them all): a sibling's publish,
unpublish or rename re-renders it, and the suggestions are never stale.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Subquery

from wagtail.models import PageViewRestriction

from careers.columns import skills_of
from careers.facts.skills import SKILLS, skill_keys
from careers.find.compare import MAX_ROLES, compare_url
from careers.models import RolePage
from careers.taxonomy import RelatedRole

MAX_RELATED = 3
# Skills shared score up to 1 (a weighted Jaccard similarity); the same family counts as
# much as sharing a quarter of them; pay only orders roles already related by the others.
FAMILY_WEIGHT = 0.25
PAY_WEIGHT = 0.1
# Two base-salary ranges this much alike (overlap over span) are "similar pay".
SIMILAR_PAY = 0.5
NAMED_SKILLS = 3
EDITORS_REASON = "Chosen by our editors"

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
CANDIDATE_FIELDS = (
    "pk",
    "role_name",
    "family_id",
    "skill_keys",
    "base_salary_min",
    "base_salary_max",
)


@dataclass(frozen=True)
class Match:
    """Why a suggested role is related: skills shared (in the page's order), family, pay."""

    shared_skills: tuple[str, ...] = ()
    same_family: bool = False
    similar_pay: bool = False
    score: float = 0.0

    def reason(self, family_name: str) -> str:
        """The card's line, e.g. "Shares Python, SQL, Airflow and 2 more · Also in Data"."""
        parts = []
        if self.shared_skills:
            named = ", ".join(self.shared_skills[:NAMED_SKILLS])
            more = len(self.shared_skills) - NAMED_SKILLS
            parts.append(f"Shares {named}" + (f" and {more} more" if more > 0 else ""))
        if self.same_family and family_name:
            parts.append(f"Also in {family_name}")
        if self.similar_pay:
            parts.append("Similar pay")
        return " · ".join(parts)


@dataclass(frozen=True)
class RelatedRoleCard:
    """A related role as the page shows it: the role, why it is related, who chose it."""

    role: object
    reason: str
    chosen_by_editor: bool
    shared_skills: tuple[str, ...] = ()


def pay_overlap(a: tuple[int | None, int | None], b: tuple[int | None, int | None]) -> float:
    """How alike two base-salary ranges are: their overlap over their joint span, 0 to 1."""
    if None in a or None in b:
        return 0.0
    low, high = max(a[0], b[0]), min(a[1], b[1])
    span = max(a[1], b[1]) - min(a[0], b[0])
    if high < low:
        return 0.0
    return 1.0 if span <= 0 else (high - low) / span


def skill_weights(own: set[str], shared_counts: Counter, roles: int) -> dict[str, float]:
    """The page's skills' weights: rarer among the roles counts more, broad skills count half.

    ``shared_counts`` is how many other roles have each; the page itself has them all.
    """
    return {
        key: SKILLS[key].weight * (1.0 + math.log((roles + 1) / (shared_counts[key] + 2)))
        for key in own
    }


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
        rows = list(siblings.values(*CANDIDATE_FIELDS, "chosen_order"))
    else:
        rows = list(siblings.values(*CANDIDATE_FIELDS))
        for row in rows:
            row["chosen_order"] = in_memory.index(row["pk"]) if row["pk"] in in_memory else None
    return rows


def _own_skills(page) -> list[str]:
    """The page's skill keys from its body, so a preview of unsaved skills ranks by them."""
    return skill_keys("\n".join(skills_of(page.body.raw_data)))


def _own_pay(page) -> tuple[int | None, int | None]:
    summary = page.salary_summary
    return summary["base_min"], summary["base_max"]


def rank(page, candidates: list[dict], limit: int = MAX_RELATED) -> list[tuple[dict, Match | None]]:
    """(candidate, why) for the roles to show, best first; why is None for the editor's picks."""
    chosen = sorted(
        (row for row in candidates if row["chosen_order"] is not None),
        key=lambda row: row["chosen_order"],
    )
    if chosen:
        return [(row, None) for row in chosen[:limit]]
    own = [key for key in _own_skills(page) if key in SKILLS]
    own_keys = frozenset(own)
    # One pass over plain strings (10,000 roles take milliseconds): what each role shares.
    related, counts, family_id = [], Counter(), page.family_id
    for row in candidates:
        keys = (row["skill_keys"] or "").split()
        shared = own_keys.intersection(keys)
        if shared:
            counts.update(shared)
        same_family = bool(family_id and row["family_id"] == family_id)
        if shared or same_family:  # nothing in common: pay alone relates no roles
            related.append((row, shared, len(keys) - len(shared), same_family))
    weights = skill_weights(own_keys, counts, len(candidates) + 1)
    own_total = sum(weights.values())
    own_pay = _own_pay(page)
    scored = []
    for row, shared, extra, same_family in related:
        overlap = pay_overlap(own_pay, (row["base_salary_min"], row["base_salary_max"]))
        # A weighted Jaccard similarity; skills only the other role has count 1 each.
        skills = sum(weights[key] for key in shared) / (own_total + extra) if shared else 0.0
        score = skills + (FAMILY_WEIGHT if same_family else 0.0) + PAY_WEIGHT * overlap
        scored.append((-score, row["role_name"].casefold(), row["pk"], row, shared, overlap))
    best = heapq.nsmallest(limit, scored, key=lambda item: item[:3])
    return [
        (
            row,
            Match(
                shared_skills=tuple(SKILLS[key].name for key in own if key in shared),
                same_family=bool(page.family_id and row["family_id"] == page.family_id),
                similar_pay=overlap >= SIMILAR_PAY,
                score=-negative,
            ),
        )
        for negative, _, _, row, shared, overlap in best
    ]


def related_roles(page) -> list[RelatedRoleCard]:
    """At most three related roles: the editor's choice wins; otherwise suggestions."""
    if not page.pk or not page.path:
        return []
    ranked = rank(page, _candidates(page))
    if not ranked:
        return []
    roles = (
        RolePage.objects.filter(pk__in=[row["pk"] for row, _ in ranked])
        .select_related("family")
        .only(*LISTING_FIELDS, "family__name", "family__slug")
        .in_bulk()
    )
    cards = []
    for row, match in ranked:
        role = roles.get(row["pk"])
        if role is None:
            continue  # withdrawn between the two queries
        if match is None:
            cards.append(RelatedRoleCard(role, EDITORS_REASON, True))
            continue
        family = role.family.name if role.family else ""
        cards.append(RelatedRoleCard(role, match.reason(family), False, match.shared_skills))
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
