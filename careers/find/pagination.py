"""Numbered pagination links shared by the careers index and site search."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PageLink:
    """One entry of the pagination nav; ``url`` is None for the gap marker."""

    label: str
    url: str | None
    current: bool = False


@dataclass(frozen=True)
class Pagination:
    """What the pagination nav shows: numbered links and previous/next."""

    links: list[PageLink]
    previous_url: str | None
    next_url: str | None
    number: int
    num_pages: int


def pagination(current: int, total: int, url_for: Callable[[int], str]) -> Pagination | None:
    """Links around the current page (first and last always shown); None for one page."""
    if total <= 1:
        return None
    shown = sorted({1, total, *range(max(1, current - 2), min(total, current + 2) + 1)})
    links = []
    previous = 0
    for number in shown:
        if number - previous > 1:
            links.append(PageLink("…", None))
        links.append(PageLink(str(number), url_for(number), number == current))
        previous = number
    return Pagination(
        links=links,
        previous_url=url_for(current - 1) if current > 1 else None,
        next_url=url_for(current + 1) if current < total else None,
        number=current,
        num_pages=total,
    )


@dataclass(frozen=True)
class ResultPage:
    """One page of results and the total number of matches."""

    object_list: list
    number: int
    count: int
    per_page: int

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.count // self.per_page))

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.count else 0


def fetch_page(queryset, number: int, per_page: int) -> ResultPage | None:
    """The rows of page ``number`` and the total, at a cost that does not grow with the total.

    The rows come from ``LIMIT``/``OFFSET`` over a total order (the queryset's ordering, then
    the primary key, so no row repeats or goes missing between pages) that an index can serve
    (``careers_role_name_order`` for /careers/). The total is a separate ``COUNT(*)``, which
    needs no sort and reads no row: a window count over every match made the database sort
    and carry all of them on every request. A short first page already tells the total. None
    when the page is past the end.
    """
    start = (number - 1) * per_page
    ordered = totally_ordered(queryset)
    if start == 0:
        rows = list(ordered[:per_page])
        count = len(rows) if len(rows) < per_page else ordered.order_by().count()
        return ResultPage(rows, 1, count, per_page)
    count = ordered.order_by().count()
    if start >= count:
        return None
    return ResultPage(
        rows_between(ordered, start, start + per_page, count), number, count, per_page
    )


def totally_ordered(queryset):
    """The queryset in its ordering with the primary key last, so every row has one place."""
    ordering = list(queryset.query.order_by) or list(queryset.model._meta.ordering)
    pk = queryset.model._meta.pk
    keys = {"pk", pk.name, pk.attname}
    if not any(isinstance(term, str) and term.lstrip("-") in keys for term in ordering):
        # The column itself (page_ptr_id on a page subclass), which the model's index covers.
        ordering.append(pk.attname)
    return queryset.order_by(*ordering)


def rows_between(ordered, start: int, stop: int, count: int) -> list:
    """Rows ``start``..``stop`` of a totally ordered queryset of ``count`` rows, in one query.

    Deep in a listing, ``OFFSET`` makes the database order every matching row, whole, before
    the page. Here a subquery orders only the primary keys (narrow, and served by an index on
    the ordering) and the outer query fetches the page's rows by key. Past the middle the
    keys are read from the far end in reverse, so the database skips the fewer rows: the last
    page costs what the first does.
    """
    stop = min(stop, count)
    if start >= stop:
        return []
    keys = ordered.values("pk")
    if count - stop < start:
        window = keys.reverse()[count - stop : count - start]
    else:
        window = keys[start:stop]
    return list(ordered.filter(pk__in=window))
