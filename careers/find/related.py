"""Related roles on a role page: the editor's choice, else suggestions from skills, family and pay.

Suggestions compare canonical skills (``careers.facts.skills``: "python 3" is Python, and
words outside the vocabulary such as "secure" or "modelling" count for nothing), the family
and the base-salary band. Each card says why in plain words.

Suggestions are computed per page and stored on it (``RolePage.suggested_roles``: ids and
why, best first), so a render reads two queries by primary key whatever the number of roles:
the editor's picks, then those and the stored ids that are still live, public siblings. ``RolePage.save()`` clears them on a
publish (skills, family or pay may have changed); the next render computes them again, as
``manage.py refresh_related`` does for every page. Computing them takes two queries through
indexes, whose cost follows how many roles share something with the page:

1. how many other live roles have each of the page's skills (one GROUP BY over the
   ``RoleSkill`` index, kept in step with ``skill_keys`` on save), which weighs rarer
   skills more;
2. the roles to suggest: the siblings in the skill index for the page's skills or in its
   family, scored in SQL by the same formula as ``rank`` and LIMITed to ``CANDIDATES``;
   loaded with only the card's fields (no StreamField).

A preview of unsaved choices ranks live the same way, with the picks in the second query.
Stored suggestions lag behind siblings published later (docs/finding-roles.md); titles,
slugs, families and withdrawals are read at render.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Greatest, Least, Length, Lower, Replace
from django.db.models.lookups import LessThan, LessThanOrEqual

from wagtail.models import Page, PageViewRestriction

from careers.columns import skills_of
from careers.facts.skills import SKILLS, skill_keys
from careers.find.compare import MAX_ROLES, compare_url
from careers.models import RolePage
from careers.taxonomy import RelatedRole, RoleSkill

MAX_RELATED = 3
# Skills shared score up to 1 (a weighted Jaccard similarity); the same family counts as
# much as sharing a quarter of them; pay only orders roles already related by the others.
FAMILY_WEIGHT = 0.25
PAY_WEIGHT = 0.1
# Two base-salary ranges this much alike (overlap over span) are "similar pay".
SIMILAR_PAY = 0.5
NAMED_SKILLS = 3
# The database orders by the same score and returns this many; Python recomputes each exactly
# (float rounding and case folding may differ in SQL) and keeps the best.
CANDIDATES = 10
# Suggestions stored per page (RolePage.suggested_roles): more than are shown, so a sibling
# unpublished since they were computed leaves others in its place.
STORED = 6
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
# The card's fields and what ranking reads: no StreamField, no text to parse.
CANDIDATE_FIELDS = (*LISTING_FIELDS, "skill_keys")


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


def _siblings(page):
    """Every other live, unrestricted role under the same parent."""
    return (
        RolePage.objects.live()
        .filter(path__startswith=page.path[: -RolePage.steplen], depth=page.depth)
        .exclude(pk=page.pk)
        # Restrictions on shared ancestors apply to this page too; a sibling's own is what
        # matters, and checking it in the query saves the query .public() would make.
        .exclude(Exists(PageViewRestriction.objects.filter(page_id=OuterRef("pk"))))
    )


def _frequencies(page, own: list[str]) -> tuple[Counter, int]:
    """How many other roles have each of the page's skills, and how many roles there are.

    One GROUP BY over the (key, page) index, as long as the page's skills are common; the
    number of roles is the parent's child count (drafts included: it only scales a logarithm).
    """
    if not own:
        return Counter(), 1
    roles = Page.objects.filter(path=page.path[: -RolePage.steplen]).values("numchild")[:1]
    rows = (
        _siblings(page)
        .filter(indexed_skills__key__in=own)
        .order_by()
        .values("indexed_skills__key")
        .annotate(shared=Count("pk"), roles=Subquery(roles))
    )
    counts, total = Counter(), 1
    for row in rows:
        counts[row["indexed_skills__key"]] = row["shared"]
        total = max(total, row["roles"] or 1)
    return counts, total


def _score(page, own: list[str], weights: dict[str, float]):
    """The ranking's score as SQL, so the database returns only the best candidates."""
    score = Value(0.0)
    if own:
        shared = (
            RoleSkill.objects.filter(page_id=OuterRef("pk"), key__in=own)
            .order_by()
            .values("page_id")
        )
        weighted = shared.annotate(
            total=Sum(Case(*(When(key=key, then=Value(weights[key])) for key in own)))
        ).values("total")
        count = shared.annotate(total=Count("pk")).values("total")
        keys = Case(
            When(skill_keys="", then=Value(0)),
            # Space-separated keys: one more than the spaces.
            default=Length("skill_keys") - Length(Replace("skill_keys", Value(" "))) + 1,
        )
        own_total = sum(weights.values())
        score = Coalesce(Subquery(weighted, output_field=FloatField()), Value(0.0)) / (
            Value(own_total) + keys - Coalesce(Subquery(count), Value(0))
        )
    if page.family_id:
        score += Case(When(family_id=page.family_id, then=Value(FAMILY_WEIGHT)), default=0.0)
    low, high = _own_pay(page)
    if low is not None and high is not None:
        number = IntegerField()
        top = Least("base_salary_max", Value(high), output_field=number)
        bottom = Greatest("base_salary_min", Value(low), output_field=number)
        span = Greatest("base_salary_max", Value(high), output_field=number) - Least(
            "base_salary_min", Value(low), output_field=number
        )
        overlap = Case(
            When(Q(base_salary_min__isnull=True) | Q(base_salary_max__isnull=True), then=0.0),
            When(LessThan(top, bottom), then=0.0),
            When(LessThanOrEqual(span, 0), then=1.0),
            default=Cast(top - bottom, FloatField()) / Cast(span, FloatField()),
        )
        score += Value(PAY_WEIGHT) * overlap
    return ExpressionWrapper(score, output_field=FloatField())


def _candidates(
    page, own: list[str], weights: dict[str, float], picks: bool = True
) -> list[RolePage]:
    """The editor's picks, else the best-scoring roles that share a skill or the family.

    At most CANDIDATES, best first, with ``chosen_order`` and ``score``. The rows to score
    come from indexes (a union of the skill index, the family and the picks); without
    ``picks``, only suggestions (what is stored: the picks are read at render).
    """
    rows = _siblings(page)
    in_memory = _unsaved_choices(page)
    found = []
    if not picks:
        rows = rows.annotate(chosen_order=Value(None, output_field=IntegerField()))
    elif in_memory is None:
        chosen = RelatedRole.objects.filter(page_id=page.pk)
        rows = rows.annotate(
            chosen_order=Subquery(
                chosen.filter(role_id=OuterRef("pk")).values("sort_order")[:1],
                output_field=IntegerField(),
            )
        )
        found.append(chosen.order_by().values("role_id"))
    else:
        order = [When(pk=pk, then=Value(index)) for index, pk in enumerate(in_memory)]
        rows = rows.annotate(chosen_order=Case(*order, default=None, output_field=IntegerField()))
        if in_memory:
            found.append(RolePage.objects.filter(pk__in=in_memory).order_by().values("pk"))
    if own:
        found.append(RoleSkill.objects.filter(key__in=own).order_by().values("page_id"))
    if page.family_id:
        found.append(RolePage.objects.filter(family_id=page.family_id).order_by().values("pk"))
    if not found:
        return []
    rows = (
        rows.filter(pk__in=found[0].union(*found[1:]) if len(found) > 1 else found[0])
        .annotate(score=_score(page, own, weights))
        .order_by(F("chosen_order").asc(nulls_last=True), "-score", Lower("role_name"), "pk")
    )
    return list(
        rows.select_related("family").only(*CANDIDATE_FIELDS, "family__name", "family__slug")[
            :CANDIDATES
        ]
    )


def _own_skills(page) -> list[str]:
    """The page's skill keys from its body, so a preview of unsaved skills ranks by them."""
    return [key for key in skill_keys("\n".join(skills_of(page.body.raw_data))) if key in SKILLS]


def _own_pay(page) -> tuple[int | None, int | None]:
    summary = page.salary_summary
    return summary["base_min"], summary["base_max"]


def rank(
    page,
    candidates: list[RolePage],
    own: list[str],
    weights: dict[str, float],
    limit: int = MAX_RELATED,
) -> list[tuple[RolePage, Match | None]]:
    """(candidate, why) for the roles to show, best first; why is None for the editor's picks."""
    chosen = sorted(
        (row for row in candidates if row.chosen_order is not None),
        key=lambda row: row.chosen_order,
    )
    if chosen:
        return [(row, None) for row in chosen[:limit]]
    own_keys = frozenset(own)
    own_total = sum(weights.values())
    own_pay = _own_pay(page)
    family_id = page.family_id
    scored = []
    for row in candidates:
        keys = (row.skill_keys or "").split()
        shared = own_keys.intersection(keys)
        same_family = bool(family_id and row.family_id == family_id)
        if not (shared or same_family):
            continue  # nothing in common: pay alone relates no roles
        overlap = pay_overlap(own_pay, (row.base_salary_min, row.base_salary_max))
        # A weighted Jaccard similarity; skills only the other role has count 1 each.
        extra = len(keys) - len(shared)
        skills = sum(weights[key] for key in shared) / (own_total + extra) if shared else 0.0
        score = skills + (FAMILY_WEIGHT if same_family else 0.0) + PAY_WEIGHT * overlap
        scored.append((-score, row.role_name.casefold(), row.pk, row, shared, overlap))
    best = heapq.nsmallest(limit, scored, key=lambda item: item[:3])
    return [
        (
            row,
            Match(
                shared_skills=tuple(SKILLS[key].name for key in own if key in shared),
                same_family=bool(family_id and row.family_id == family_id),
                similar_pay=overlap >= SIMILAR_PAY,
                score=-negative,
            ),
        )
        for negative, _, _, row, shared, overlap in best
    ]


def _ranked(page, picks: bool = True, limit: int = MAX_RELATED):
    """rank() over the candidates, weighted by how rare each of the page's skills is."""
    own = _own_skills(page)
    counts, roles = _frequencies(page, own)
    weights = skill_weights(set(own), counts, roles)
    return rank(page, _candidates(page, own, weights, picks=picks), own, weights, limit)


def suggestions(page) -> list[dict]:
    """The page's suggestions as stored: {"id", "skills", "family", "pay"}, best first.

    Two queries whatever the page; STORED of them, so siblings unpublished since still leave
    three to show.
    """
    ranked = _ranked(page, picks=False, limit=STORED)
    return [
        {
            "id": role.pk,
            "skills": list(match.shared_skills),
            "family": match.same_family,
            "pay": match.similar_pay,
        }
        for role, match in ranked
    ]


def store_suggestions(page) -> list[dict]:
    """Compute the page's suggestions and store them on its row (no save: not a new version)."""
    page.suggested_roles = suggestions(page)
    # Not over a publish made meanwhile: that one's content is to be ranked, not this.
    RolePage.objects.filter(pk=page.pk, last_published_at=page.last_published_at).update(
        suggested_roles=page.suggested_roles
    )
    return page.suggested_roles


def refresh_suggestions(pages, batch_size: int = 200) -> int:
    """Recompute and store the suggestions of the role pages ``pages`` (a queryset) selects.

    Loaded a batch at a time (a list of ids first, so no cursor stays open while rows are
    written); two queries per page to compute and one UPDATE per batch. Returns how many.
    """
    ids = list(pages.order_by("path").values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        batch = list(RolePage.objects.filter(pk__in=ids[start : start + batch_size]))
        for page in batch:
            page.suggested_roles = suggestions(page)
        RolePage.objects.bulk_update(batch, ["suggested_roles"])
    return len(ids)


def _stored_cards(page, stored: list[dict]) -> list[RelatedRoleCard]:
    """The editor's live picks, else the stored suggestions still live and public.

    Two queries by primary key (the picks' ids, then the cards), so the cost is the same at
    any number of roles, and a cached page depends on just the pages it names.
    """
    picks = dict(RelatedRole.objects.filter(page_id=page.pk).values_list("role_id", "sort_order"))
    ids = {*picks, *(item["id"] for item in stored)}
    if not ids:
        return []
    found = {
        row.pk: row
        for row in _siblings(page)
        .filter(pk__in=sorted(ids))
        .select_related("family")
        .only(*LISTING_FIELDS, "family__name", "family__slug")
    }
    picked = sorted((pk for pk in picks if pk in found), key=lambda pk: (picks[pk] or 0, pk))
    if picked:
        return [RelatedRoleCard(found[pk], EDITORS_REASON, True) for pk in picked[:MAX_RELATED]]
    cards = []
    for item in stored:
        role = found.get(item["id"])
        if role is None:
            continue  # unpublished, restricted, moved or deleted since they were computed
        match = Match(tuple(item["skills"]), item["family"], item["pay"])
        family = role.family.name if role.family else ""
        cards.append(RelatedRoleCard(role, match.reason(family), False, match.shared_skills))
    return cards[:MAX_RELATED]


def related_roles(page) -> list[RelatedRoleCard]:
    """At most three related roles: the editor's choice wins; otherwise suggestions.

    A saved page reads its stored suggestions (computed and stored at its first render after
    a publish); a preview of unsaved choices ranks live.
    """
    if not page.pk or not page.path:
        return []
    if _unsaved_choices(page) is None:
        stored = page.suggested_roles
        if stored is None:
            stored = store_suggestions(page)
        return _stored_cards(page, stored)
    cards = []
    for role, match in _ranked(page):
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
