"""How pay grows across roles: the typical base salary at each level, for the home page.

Pure: no Django, no I/O. Reads salary rows as they are stored (mappings with ``level``,
``kind``, ``base_min``, ``base_max``), so the home page takes its highlight from the same typed
salary tables the role pages print, and the rule is tested without a database.

Levels are matched by what they mean (``level_meaning``): "Entry-Level" on one role and
"Applied ML Engineer I" on another are the same rung. Internship rows are left out: their
pay is monthly and not comparable with a base salary.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from statistics import median

from careers.facts.salary import (
    DEFAULT_CURRENCY,
    LEVEL_ORDER,
    LEVEL_ROW,
    format_amount,
    is_currency_code,
    level_meaning,
    row_kind,
)

# The rungs the highlight can show, in ladder order (no intern: monthly pay, see above).
GROWTH_LEVELS = tuple(level for level in LEVEL_ORDER if level != "intern")
# How each rung is named, in the words of the standard ladder (STANDARD_LEVELS).
LEVEL_LABELS = {
    "entry": "Entry-Level",
    "mid": "Mid-Level",
    "senior": "Senior",
    "staff": "Staff",
    "principal": "Principal",
}
# A rung is shown when at least this share of the roles have it: a "typical" figure from one
# role in five would be that role's, and would break the line from entry level to the top.
MIN_SHARE = 0.5
# Typical figures are rounded to this: "$152,000", not "$152,437.5", reads as the estimate it is.
ROUND_TO = 1000

# What the editor's sentence may name; anything else in braces is refused in the admin.
PAY_GROWTH_PLACEHOLDERS = ("roles", "growth", "entry", "senior")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


@dataclass(frozen=True)
class LevelPay:
    """One rung's typical base salary across the roles that have it."""

    level: str
    label: str
    typical: int
    roles: int
    currency: str

    @property
    def display(self) -> str:
        return format_amount(self.typical, self.currency)


@dataclass(frozen=True)
class PayGrowth:
    """The typical base salary per rung across roles in one currency, lowest rung first."""

    currency: str
    roles: int
    levels: tuple[LevelPay, ...]

    def level(self, meaning: str) -> LevelPay | None:
        return next((level for level in self.levels if level.level == meaning), None)

    @property
    def entry(self) -> LevelPay | None:
        return self.level("entry")

    @property
    def senior(self) -> LevelPay | None:
        return self.level("senior")

    @property
    def growth_percent(self) -> int | None:
        """How much more a senior's typical base is than an entry-level one's, in percent;
        None unless both are known and pay does grow."""
        entry, senior = self.entry, self.senior
        if entry is None or senior is None or senior.typical <= entry.typical:
            return None
        return round((senior.typical / entry.typical - 1) * 100)


def base_midpoint(row: Mapping) -> float | None:
    """The middle of a row's base salary range; the one end given if only one is."""
    present = [row.get(name) for name in ("base_min", "base_max") if row.get(name) is not None]
    return sum(present) / len(present) if present else None


def level_midpoints(rows: Iterable[Mapping]) -> dict[str, float]:
    """One role's base midpoint per rung: the first level row (not an internship) of each."""
    found: dict[str, float] = {}
    for row in rows:
        if row_kind(row) != LEVEL_ROW:
            continue
        meaning = level_meaning(row.get("level") or "")
        midpoint = base_midpoint(row)
        if meaning in GROWTH_LEVELS and meaning not in found and midpoint is not None:
            found[meaning] = midpoint
    return found


def rounded(value: float) -> int:
    """A typical figure to the nearest ROUND_TO (half up), small figures to the unit."""
    if value < 10 * ROUND_TO:
        return int(value + 0.5)
    return int((value + ROUND_TO / 2) // ROUND_TO * ROUND_TO)


def _currency(code: str | None) -> str | None:
    text = (code or DEFAULT_CURRENCY).strip().upper()
    return text if is_currency_code(text) else None


def _main_currency(counts: Counter) -> str:
    """The currency most roles are paid in; on a tie the default currency, then A–Z."""
    return min(counts, key=lambda code: (-counts[code], code != DEFAULT_CURRENCY, code))


def pay_growth(tables: Iterable[tuple[str | None, Iterable[Mapping]]]) -> PayGrowth | None:
    """Typical base pay per rung across roles, from each role's (currency, salary rows).

    Only roles in the currency most of them use are counted (figures in two currencies do not
    average), and only rungs at least MIN_SHARE of those roles have; None when fewer than two
    rungs are left, as there is then no growth to show.
    """
    by_currency: dict[str, list[dict[str, float]]] = defaultdict(list)
    for code, rows in tables:
        currency = _currency(code)
        midpoints = level_midpoints(rows or [])
        if currency is not None and midpoints:
            by_currency[currency].append(midpoints)
    if not by_currency:
        return None
    currency = _main_currency(Counter({code: len(roles) for code, roles in by_currency.items()}))
    roles = by_currency[currency]
    levels = []
    for meaning in GROWTH_LEVELS:
        figures = [role[meaning] for role in roles if meaning in role]
        if figures and len(figures) >= MIN_SHARE * len(roles):
            levels.append(
                LevelPay(
                    level=meaning,
                    label=LEVEL_LABELS[meaning],
                    typical=rounded(median(figures)),
                    roles=len(figures),
                    currency=currency,
                )
            )
    if len(levels) < 2:
        return None
    return PayGrowth(currency=currency, roles=len(roles), levels=tuple(levels))


def unknown_placeholders(template: str, known: Iterable[str]) -> list[str]:
    """The ``{names}`` in an editor's text that nothing fills, in order, each once."""
    allowed = set(known)
    found = []
    for name in _PLACEHOLDER.findall(template or ""):
        if name not in allowed and name not in found:
            found.append(name)
    return found


def fill_placeholders(template: str, values: Mapping[str, str]) -> str:
    """The text with each ``{name}`` replaced; plain replacement, never ``str.format`` (an
    editor's braces must not reach attributes or raise on a stray ``{``)."""
    text = template or ""
    for name, value in values.items():
        text = text.replace("{" + name + "}", value)
    return text


def pay_growth_sentence(template: str, growth: PayGrowth, roles: str) -> str:
    """The editor's sentence with the figures in; "" when it needs a growth there isn't."""
    entry, senior, percent = growth.entry, growth.senior, growth.growth_percent
    if percent is None or entry is None or senior is None:
        return ""
    return fill_placeholders(
        template,
        {"roles": roles, "growth": f"{percent}%", "entry": entry.display, "senior": senior.display},
    ).strip()
