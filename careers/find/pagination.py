"""Numbered pagination links shared by the careers index and site search."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Window


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
    """One page of results and the total number of matches, fetched in one query."""

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
    """The rows of page ``number``, each carrying the total as a window count.

    Django's Paginator asks COUNT(*) and then the rows: two queries. A window over all matches
    gives the total with the rows. None when the page is past the end (no row carries it).
    """

    start = (number - 1) * per_page
    rows = list(queryset.annotate(matches_total=Window(Count("pk")))[start : start + per_page])
    if rows:
        return ResultPage(rows, number, rows[0].matches_total, per_page)
    if number == 1:
        return ResultPage([], 1, 0, per_page)
    return None
