"""The salary chart: base salary ranges by level, as geometry for a server-rendered SVG.

Pure: takes the typed salary table, returns positions and labels; the template
(`careers/includes/salary_chart.html`) only prints them. Horizontal positions are percentages
of the chart's width and there is no viewBox, so the SVG stretches to any screen while its
text keeps the page's real font size (a scaled viewBox would shrink text below 16 px on a
phone). The table beside it stays the text equivalent; the SVG's <desc> repeats the figures.
``nice_step`` and ``axis_ticks`` are the one axis of both salary charts (``careers/find/compare.py``
draws the comparison chart the same way).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from careers.facts.salary import format_amount, level_bounds

ROW_HEIGHT = 84  # level label, range label, bar
BAR_HEIGHT = 18
AXIS_GAP = 12
AXIS_LABELS = 28


@dataclass(frozen=True)
class Bar:
    """One level's base-salary range: its labels and where its bar starts and ends (in %)."""

    level: str
    range_text: str
    x: float
    width: float
    open_ended: bool
    top: int

    @property
    def level_y(self) -> int:
        return self.top + 20

    @property
    def range_y(self) -> int:
        return self.top + 44

    @property
    def bar_y(self) -> int:
        return self.top + 56

    @property
    def height(self) -> int:
        return BAR_HEIGHT


@dataclass(frozen=True)
class Tick:
    """A labelled gridline on the salary axis."""

    label: str
    x: float
    anchor: str


@dataclass(frozen=True)
class SalaryChart:
    """Everything the SVG needs, already positioned."""

    title: str
    description: str
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    axis_y: int
    height: int


def nice_step(
    span: float, target_intervals: int = 3, multiples: tuple[float, ...] = (1, 2, 5)
) -> int:
    """A round axis step (a multiple × 10ⁿ, at least 1): about `target_intervals` over `span`."""
    if span <= 0:
        return 1
    raw = span / target_intervals
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(
        multiple * magnitude for multiple in (*multiples, 10) if multiple * magnitude >= raw
    )
    return max(1, int(step))


def axis_ticks(axis_min: int, axis_max: int, step: int, currency: str) -> tuple[Tick, ...]:
    """Labelled gridlines every `step` from `axis_min` to `axis_max`, placed in % of the width.

    The end labels are anchored inwards so they never run off the chart; the inner ones are
    centred (and hidden on a phone by the stylesheet, where they would overlap).
    """
    count = (axis_max - axis_min) // step
    ticks = []
    for n in range(count + 1):
        amount = axis_min + n * step
        anchor = "start" if n == 0 else "end" if n == count else "middle"
        x = round((amount - axis_min) / (axis_max - axis_min) * 100, 2)
        ticks.append(Tick(format_amount(amount, currency), x, anchor))
    return tuple(ticks)


def salary_chart(table) -> SalaryChart | None:
    """The chart for a `SalaryTableValue`, or None when no level has a base salary."""
    if table is None:
        return None
    currency = table.currency
    # The rows as the table prints them, so a bar's label is the table's own cell.
    shown = [formatted for formatted in table.formatted_rows if formatted.row.has_base]
    if not shown:
        return None
    rows = [formatted.row for formatted in shown]
    low, high = level_bounds(rows)
    step = nice_step(high - low or high or 1)
    axis_min = (low // step) * step
    axis_max = -(-high // step) * step
    if axis_max == axis_min:
        axis_max += step
    if any(row.get("base_max") is None for row in rows) and axis_max == high:
        axis_max += step  # room to show that an open-ended range goes on

    def position(amount: int) -> float:
        return round((amount - axis_min) / (axis_max - axis_min) * 100, 2)

    bars = []
    for index, formatted in enumerate(shown):
        row = formatted.row
        start = row.get("base_min") if row.get("base_min") is not None else axis_min
        end = row.get("base_max") if row.get("base_max") is not None else axis_max
        x = position(start)
        width = max(position(end) - x, 0.75)  # a single figure still shows as a mark
        bars.append(
            Bar(
                level=formatted.level,
                range_text=formatted.base,
                x=x,
                width=round(width, 2),
                open_ended=row.get("base_min") is None or row.get("base_max") is None,
                top=index * ROW_HEIGHT,
            )
        )

    ticks = axis_ticks(axis_min, axis_max, step, currency)
    axis_y = len(bars) * ROW_HEIGHT + AXIS_GAP
    summary = "; ".join(f"{bar.level}: {bar.range_text}" for bar in bars)
    note = " Intern pay is monthly and is shown in the table only." if table.has_intern_row else ""
    return SalaryChart(
        title=f"Base salary by level ({currency} per year)",
        description=f"{summary}.{note}",
        bars=tuple(bars),
        ticks=ticks,
        axis_y=axis_y,
        height=axis_y + AXIS_LABELS,
    )
