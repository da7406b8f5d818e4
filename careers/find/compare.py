"""Side-by-side comparison of up to three roles: typed data for the table and the chart.

Levels are aligned by what they mean (``level_meaning``): "Entry-Level" on one page and
"Engineer I" on another are the same row. The table and the SVG chart are both drawn from
the same ``Comparison``; neither re-reads the pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from careers.chart import Tick, axis_ticks, nice_step
from careers.columns import ladder_of, skills_of
from careers.facts.salary import ABSENT, LEVEL_ORDER, bounds, level_meaning
from careers.find.search import names_contain
from careers.find.skills import skill_key

COMPARE_PATH = "/careers/compare/"
MAX_ROLES = 3
_SLUG = re.compile(r"^[-\w]{1,255}$")

MEANING_LABELS = {
    "intern": "Intern",
    "entry": "Entry level",
    "mid": "Mid level",
    "senior": "Senior",
    "staff": "Staff",
    "principal": "Principal",
}


@dataclass(frozen=True)
class Figure:
    """A money range as numbers and as the page writes it."""

    low: int | None
    high: int | None
    display: str

    @property
    def bounds(self) -> tuple[int, int] | None:
        if self.low is None and self.high is None:
            return None
        low = self.low if self.low is not None else self.high
        high = self.high if self.high is not None else self.low
        return low, high


@dataclass(frozen=True)
class LevelCell:
    """One role's row at a level: its own label (with years) and base salary."""

    label: str
    base: Figure


@dataclass(frozen=True)
class LevelRow:
    """One level across the compared roles; a cell is None where a role has no such level."""

    key: str
    label: str
    cells: tuple[LevelCell | None, ...]
    names: tuple[str, ...] = ()  # the compared roles' names, in the order of the cells

    @property
    def named_cells(self) -> tuple[tuple[str, LevelCell | None], ...]:
        """(role name, cell) pairs: on a phone each cell is labelled with its role's name."""
        return tuple(zip(self.names, self.cells, strict=True))


@dataclass(frozen=True)
class RoleColumn:
    """One compared role and its facts."""

    role: object
    slug: str
    name: str
    url: str
    currency: str
    family: str
    salary_range: str
    intern: Figure | None
    ladder: tuple[str, ...]
    skills: tuple[str, ...]


@dataclass(frozen=True)
class SkillComparison:
    """Skills every compared role lists, and per role the ones only it lists."""

    common: tuple[str, ...]
    unique: tuple[tuple[str, ...], ...]
    some: tuple[tuple[str, ...], ...]  # shared with some but not all others (three roles)
    names: tuple[str, ...] = ()  # the compared roles' names, in the order of unique and some

    @property
    def named_unique(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        return tuple(zip(self.names, self.unique, strict=True))

    @property
    def named_some(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        return tuple(zip(self.names, self.some, strict=True))


@dataclass(frozen=True)
class Bar:
    """One role's base-salary range at one level: x and width in % of the chart, y in px."""

    x: float
    y: int
    width: float
    height: int
    series: int
    label: str
    value: str
    value_y: int
    value_x: float
    value_anchor: str


@dataclass(frozen=True)
class Gap:
    """A role with no such level: its slot in the group says so instead of drawing a bar."""

    y: int
    series: int
    text: str


@dataclass(frozen=True)
class GroupLabel:
    y: int
    text: str


@dataclass(frozen=True)
class Chart:
    """A range-bar chart of base salary by level: x in % of its width, y in CSS pixels.

    No viewBox: the SVG is as wide as its container and its text keeps the page's font size
    (a scaled viewBox shrank 12 px text to 7 px on a phone). See careers/chart.py.
    """

    height: int
    axis_y: int
    bars: tuple[Bar, ...]
    gaps: tuple[Gap, ...]
    ticks: tuple[Tick, ...]
    groups: tuple[GroupLabel, ...]
    title: str
    description: str


@dataclass
class Comparison:
    roles: list[RoleColumn] = field(default_factory=list)
    levels: list[LevelRow] = field(default_factory=list)
    skills: SkillComparison | None = None
    chart: Chart | None = None
    notes: list[str] = field(default_factory=list)
    chart_note: str = ""

    @property
    def has_intern_pay(self) -> bool:
        return any(role.intern for role in self.roles)


# --- the request ---------------------------------------------------------------------------


def requested_slugs(values: list[str]) -> list[str]:
    """Slugs from roles=a,b and/or repeated roles= parameters, blanks dropped, in order."""
    slugs = []
    for value in values:
        slugs += [part.strip().lower() for part in value.split(",") if part.strip()]
    return slugs


def canonical_query(slugs: list[str]) -> str:
    return ",".join(slugs)


def compare_url(slugs) -> str:
    slugs = list(slugs)
    return f"{COMPARE_PATH}?roles={canonical_query(slugs)}" if slugs else COMPARE_PATH


# --- choosing roles --------------------------------------------------------------------------

# The chooser lists matches for what the visitor typed, never every role: the page stays the
# same size at ten roles or ten thousand.
MAX_MATCHES = 10
MAX_FIND_LENGTH = 100
MAX_FIND_WORDS = 5


@dataclass(frozen=True)
class Slot:
    """One of the comparison's places: a chosen role and the link that removes it, or empty."""

    number: int
    column: RoleColumn | None = None
    remove_url: str = ""


@dataclass(frozen=True)
class Candidate:
    """A role that matches the visitor's search, with the link that adds it."""

    name: str
    add_url: str


@dataclass
class Chooser:
    """The form above the comparison: the places, and the search for the next one."""

    slots: list[Slot]
    chosen: str  # the roles= value the search form carries, so a search keeps the comparison
    query: str = ""
    matches: list[Candidate] = field(default_factory=list)
    more: bool = False  # more roles match than are listed

    @property
    def next_slot(self) -> int | None:
        """The number of the first empty place, which the search fills; None when full."""
        return next((slot.number for slot in self.slots if slot.column is None), None)


def find_words(text: str) -> list[str]:
    """What the visitor typed, as at most MAX_FIND_WORDS words of a bounded length."""
    return text[:MAX_FIND_LENGTH].split()[:MAX_FIND_WORDS]


def find_roles(words: list[str], roles, exclude: list[str]) -> tuple[list[tuple[str, str]], bool]:
    """(slug, role name) of roles whose name or title has every word, by name; and whether
    more match than MAX_MATCHES. One query, LIMITed: never every role."""
    found = list(
        roles.filter(names_contain(roles.model, words))
        .exclude(slug__in=exclude)
        .order_by("role_name", "pk")
        .values_list("slug", "role_name")[: MAX_MATCHES + 1]
    )
    return found[:MAX_MATCHES], len(found) > MAX_MATCHES


def chooser(shown: list[RoleColumn], query: str, roles) -> Chooser:
    """The places for the compared roles, and the matches for a search when there is a free one."""
    slugs = [column.slug for column in shown]
    slots = [
        Slot(
            number=number,
            column=column,
            remove_url=compare_url(slug for slug in slugs if slug != column.slug),
        )
        for number, column in enumerate(shown, 1)
    ]
    slots += [Slot(number=number) for number in range(len(shown) + 1, MAX_ROLES + 1)]
    result = Chooser(slots=slots, chosen=canonical_query(slugs))
    words = find_words(query)
    if not words or len(slugs) >= MAX_ROLES:
        return result
    result.query = " ".join(words)
    found, result.more = find_roles(words, roles, slugs)
    result.matches = [Candidate(name, compare_url([*slugs, slug])) for slug, name in found]
    return result


# --- building --------------------------------------------------------------------------------


def _level_key(label: str) -> tuple[str, str]:
    meaning = level_meaning(label or "")
    if meaning:
        return meaning, MEANING_LABELS[meaning]
    text = " ".join((label or "").split())
    return f"label:{text.casefold()}", text or "Unnamed level"


def _role_levels(table) -> list[tuple[str, str, LevelCell]]:
    """(key, row label, cell) for each salary row that has a base salary."""
    if table is None:
        return []
    used = set()
    out = []
    for formatted in table.formatted_rows:
        row = formatted.row
        if not row.has_base:
            continue
        key, label = _level_key(row.get("level") or "")
        if key in used:
            # Two rows of one role meaning the same rung stay apart, by their own labels.
            key, label = f"label:{(row.get('level') or '').casefold()}", row.get("level") or ""
        used.add(key)
        base = Figure(row.get("base_min"), row.get("base_max"), formatted.base)
        out.append((key, label, LevelCell(label=formatted.level, base=base)))
    return out


def _intern_pay(table) -> Figure | None:
    if table is None:
        return None
    for formatted in table.formatted_rows:
        row = formatted.row
        if row.has_intern_pay:
            low, high = row.get("intern_monthly_min"), row.get("intern_monthly_max")
            return Figure(low, high, formatted.intern_monthly)
    return None


def _column(role) -> RoleColumn:
    table = role.salary_table
    raw = role.body.raw_data
    return RoleColumn(
        role=role,
        slug=role.slug,
        name=role.role_name,
        url=role.url,
        currency=table.currency if table else "",
        family=role.family.name if role.family_id and role.family else "",
        salary_range=table.base_range_display if table else ABSENT,
        intern=_intern_pay(table),
        ladder=tuple(ladder_of(raw)),
        skills=tuple(skills_of(raw)),
    )


def _align_levels(columns: list[RoleColumn]) -> list[LevelRow]:
    per_role = [_role_levels(column.role.salary_table) for column in columns]
    names = tuple(column.name for column in columns)
    order: list[tuple[str, str]] = []
    for levels in per_role:
        for key, label, _ in levels:
            if key not in (k for k, _ in order):
                order.append((key, label))
    rank = {meaning: index for index, meaning in enumerate(LEVEL_ORDER)}
    # Known rungs in ladder order; anything else after them, in the order first seen.
    order.sort(key=lambda item: (rank.get(item[0], len(rank)),))
    rows = []
    for key, label in order:
        cells = []
        for levels in per_role:
            cells.append(next((cell for k, _, cell in levels if k == key), None))
        rows.append(LevelRow(key=key, label=label, cells=tuple(cells), names=names))
    return rows


def _compare_skills(columns: list[RoleColumn]) -> SkillComparison:
    keyed = [{skill_key(skill): skill for skill in column.skills} for column in columns]
    counts: dict[str, int] = {}
    for skills in keyed:
        for key in skills:
            counts[key] = counts.get(key, 0) + 1
    total = len(columns)
    first_spelling = {}
    for skills in keyed:
        for key, spelling in skills.items():
            first_spelling.setdefault(key, spelling)
    common = tuple(first_spelling[key] for key in keyed[0] if counts[key] == total and total > 1)
    unique = tuple(
        tuple(spelling for key, spelling in skills.items() if counts[key] == 1) for skills in keyed
    )
    some = tuple(
        tuple(spelling for key, spelling in skills.items() if 1 < counts[key] < total)
        for skills in keyed
    )
    names = tuple(column.name for column in columns)
    return SkillComparison(common=common, unique=unique, some=some, names=names)


def build(slugs: list[str], roles) -> Comparison:
    """The comparison for the requested slugs; problems become notes, never errors."""
    comparison = Comparison()
    wanted: list[str] = []
    for slug in slugs:
        if not _SLUG.match(slug):
            comparison.notes.append(f'"{slug[:60]}" is not a role address; it was left out.')
        elif slug in wanted:
            comparison.notes.append(f'"{slug}" was asked for twice; it is shown once.')
        elif len(wanted) >= MAX_ROLES:
            comparison.notes.append(
                f'Only {MAX_ROLES} roles can be compared at once; "{slug}" was left out.'
            )
        else:
            wanted.append(slug)
    if not wanted:
        return comparison
    found = {role.slug: role for role in roles.filter(slug__in=wanted).select_related("family")}
    for slug in wanted:
        if slug not in found:
            comparison.notes.append(f'There is no published role "{slug}"; it was left out.')
    columns = [_column(found[slug]) for slug in wanted if slug in found]
    comparison.roles = columns
    if not columns:
        return comparison
    comparison.levels = _align_levels(columns)
    comparison.skills = _compare_skills(columns)
    currencies = sorted({column.currency for column in columns if column.currency})
    if len(currencies) > 1:
        comparison.chart_note = (
            f"The roles are paid in different currencies ({', '.join(currencies)}); figures "
            "are not converted, so there is no chart. The table shows each in its own currency."
        )
    elif currencies and any(cell for row in comparison.levels for cell in row.cells):
        comparison.chart = draw_chart(comparison, currencies[0])
    return comparison


# --- the chart -------------------------------------------------------------------------------

# Vertical layout in CSS pixels for 16 px text: a level's label, then per role a value line
# and its bar. Horizontal positions are percentages, so the chart fits any width.
GROUP_LABEL_HEIGHT = 26
SLOT_HEIGHT = 44  # value text (baseline at +18), bar at +24
BAR_HEIGHT = 14
GROUP_GAP = 14
AXIS_LABELS = 28
# The axis runs from 0 with about five ticks; 2.5 × 10ⁿ steps keep wide ranges readable.
AXIS_INTERVALS = 5
AXIS_MULTIPLES = (1, 2, 2.5, 5)


def draw_chart(comparison: Comparison, currency: str) -> Chart:
    rows = [row for row in comparison.levels if any(cell for cell in row.cells)]
    _, highest = bounds(
        figure
        for row in rows
        for cell in row.cells
        if cell
        for figure in (cell.base.low, cell.base.high)
    )
    step = nice_step(highest, AXIS_INTERVALS, AXIS_MULTIPLES)
    top_value = max(step, -(-highest // step) * step)

    def x_of(value: int) -> float:
        return round(value / top_value * 100, 2)

    bars, gaps, groups = [], [], []
    y = 0
    for row in rows:
        groups.append(GroupLabel(y=y + 19, text=row.label))
        y += GROUP_LABEL_HEIGHT
        for index, cell in enumerate(row.cells):
            if cell is None or cell.base.bounds is None:
                gaps.append(Gap(y=y + 18, series=index, text="No such level"))
            else:
                low, high = cell.base.bounds
                x = x_of(low)
                width = max(0.75, round(x_of(high) - x, 2))  # a single figure still shows
                # The figure starts at its bar, or ends at it when the bar is right of centre,
                # so it stays inside the chart at any width.
                left = x <= 50
                bars.append(
                    Bar(
                        x=x,
                        y=y + 24,
                        width=width,
                        height=BAR_HEIGHT,
                        series=index,
                        label=f"{comparison.roles[index].name}, {cell.label}: {cell.base.display}",
                        value=cell.base.display,
                        value_y=y + 18,
                        value_x=x if left else round(x + width, 2),
                        value_anchor="start" if left else "end",
                    )
                )
            y += SLOT_HEIGHT
        y += GROUP_GAP
    axis_y = y
    names = ", ".join(role.name for role in comparison.roles)
    return Chart(
        height=axis_y + AXIS_LABELS,
        axis_y=axis_y,
        bars=tuple(bars),
        gaps=tuple(gaps),
        ticks=axis_ticks(0, top_value, step, currency),
        groups=tuple(groups),
        title=f"Base salary by level ({currency}): {names}",
        description=(
            "Bars from the lowest to the highest base salary at each level, one per role in "
            "the order of the table's columns and the legend. The table above has every figure."
        ),
    )
