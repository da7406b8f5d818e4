"""Views for finding roles that are not Wagtail pages: site search and the comparison."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from wagtail.models import Site

from careers.find import compare
from careers.find.pagination import pagination
from careers.find.related import LISTING_FIELDS
from careers.find.search import search_roles, with_snippets
from careers.models import RolePage
from careers.params import listing_page, listing_text
from cms.siteurl import absolute_url

PER_PAGE = 20


def live_roles(request):
    """Live, public role pages of the site the request is for."""
    roles = RolePage.objects.live().public()
    site = Site.find_for_request(request)
    return roles.in_site(site) if site is not None else roles


@require_safe
def search(request):
    """/search/?q=: live roles ranked for the words, name matches first, with snippets."""
    notes: list[str] = []
    raw_query = listing_text(request.GET, "q", notes)
    outcome = search_roles(raw_query, live_roles(request))
    notes += outcome.notes
    number = listing_page(request.GET.get("page"), notes)
    paginator = Paginator(outcome.hits, PER_PAGE)
    if number > paginator.num_pages:
        if outcome.hits:
            notes.append(
                f"There is no page {number}; showing page {paginator.num_pages} "
                f"of {paginator.num_pages}."
            )
        number = paginator.num_pages
    page_obj = paginator.page(number)

    def load(ids):
        return (
            RolePage.objects.select_related("family")
            .only(*LISTING_FIELDS, "intro", "body", "family__name", "family__slug")
            .in_bulk(ids)
        )

    hits = with_snippets(list(page_obj.object_list), outcome.query, load)

    def url_for(n: int) -> str:
        return "?" + urlencode({"q": outcome.query, **({"page": n} if n > 1 else {})})

    context = {
        "query": outcome.query,
        "raw_query": raw_query,
        "hits": hits,
        "total": paginator.count,
        "page_obj": page_obj,
        "pagination": pagination(page_obj.number, paginator.num_pages, url_for),
        "notes": notes,
        "any_term": outcome.any_term,
    }
    return TemplateResponse(request, "careers/search.html", context)


@require_safe
def compare_roles(request):
    """/careers/compare/?roles=a,b,c: up to three roles side by side; &find= searches for more."""
    refused: list[str] = []
    values = [
        text
        for value in request.GET.getlist("roles")
        if (text := listing_text({"roles": value}, "roles", refused))
    ]
    requested = compare.requested_slugs(values)
    find = listing_text(request.GET, "find", refused)
    # Old links and forms send roles= several times; one roles=a,b URL is the one to share.
    if len(values) > 1:
        url = compare.compare_url(requested)
        if find:
            url += ("&" if requested else "?") + urlencode({"find": find})
        return redirect(url)
    roles = live_roles(request)
    comparison = compare.build(requested, roles)
    comparison.notes[:0] = refused
    shown = [column.slug for column in comparison.roles]
    context = {
        "comparison": comparison,
        "chooser": compare.chooser(comparison.roles, find, roles),
        "share_url": absolute_url(compare.compare_url(shown)) if shown else "",
    }
    return TemplateResponse(request, "careers/compare.html", context)
