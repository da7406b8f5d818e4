"""Role pages as API JSON, shared by API v2, v3 and the headless preview; imports no models.

The body comes from the blocks' own ``get_api_representation`` (``careers.blocks``), with the
rich text format in the context. Callers serialise many pages inside
``rich_text_batch(pages)`` so every internal link in the whole response costs one query.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import contextmanager

from django.db.models import prefetch_related_objects
from django.http import HttpRequest
from django.urls import reverse

from wagtail.models import Page, WorkflowState

from careers.blocks import API_RICH_TEXT_FORMAT
from careers.richtext import prefetch_page_links
from cms.siteurl import absolute_url, page_url

PAGE_TYPE = "careers.RolePage"


def body_to_api(stream_value, rich_text_format: str = API_RICH_TEXT_FORMAT) -> list[dict]:
    """A StreamField value as its stream block represents it, rich text in the given format."""
    return stream_value.stream_block.get_api_representation(
        stream_value, context={"rich_text_format": rich_text_format}
    )


def role_to_api(page, request: HttpRequest, rich_text_format: str = API_RICH_TEXT_FORMAT) -> dict:
    """One role page as /api/v3/pages/<id>/ returns it."""
    try:
        html_url = page_url(page, request) if page.live else None
    except Exception:  # noqa: BLE001 - a page outside any site simply has no public URL
        html_url = None
    data = {
        "id": page.pk,
        "meta": {
            "type": PAGE_TYPE,
            "detail_url": absolute_url(
                reverse("careers_api_v3:role_detail", kwargs={"page_id": page.pk})
            ),
            "html_url": html_url,
            "slug": page.slug,
            "search_description": page.search_description or "",
            "first_published_at": page.first_published_at.isoformat()
            if page.first_published_at
            else None,
            "live": page.live,
            "parent_id": _parent_id(page),
        },
        "title": page.title,
        "role_name": page.role_name,
        "year": page.year,
        "intro": page.intro,
        "family": family_to_api(page.family),
        "body": body_to_api(page.body, rich_text_format),
        "salary_summary": page.salary_summary,
    }
    if request.user.is_authenticated:
        # Token responses only: they bypass the shared cache, and anonymous readers have no
        # business knowing that a draft exists.
        data["meta"]["has_unpublished_changes"] = page.has_unpublished_changes
    return data


def roles_to_api(pages: list, request: HttpRequest, rich_text_format: str) -> list[dict]:
    """Many role pages with a fixed number of queries: parents and links fetched in batches."""
    _attach_parent_ids(pages)
    attach_families(pages)
    with rich_text_batch(pages):
        return [role_to_api(page, request, rich_text_format) for page in pages]


def family_to_api(family) -> dict | None:
    """A role's family as both APIs show it: the slug filters and writes use, and its name."""
    if family is None:
        return None
    return {"slug": family.slug, "name": family.name}


def attach_families(pages: list) -> None:
    """Every page's role family in one query, for listings."""
    prefetch_related_objects([page for page in pages if hasattr(page, "family_id")], "family")


def workflow_meta(page) -> dict | None:
    """The review the page is in (name, status, current task), or None: for token responses."""
    state = page.current_workflow_state
    if state is None:
        return None
    task_state = state.current_task_state
    in_task = task_state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS
    return {
        "name": state.workflow.name,
        "status": state.status,
        "task": task_state.task.name if in_task else None,
    }


def _parent_id(page) -> int | None:
    # Parent paths are the first steps of the page's own path: no query needed when cached.
    cache = getattr(page, "_api_parent_id", None)
    if cache is not None:
        return cache
    parent = page.get_parent() if page.depth and page.depth > 1 else None
    return parent.pk if parent else None


def _attach_parent_ids(pages: list) -> None:
    """One query for every page's parent id (parents are keyed by path prefix)."""
    steplen = Page.steplen
    parent_paths = {page.path[:-steplen] for page in pages if page.depth and page.depth > 1}
    by_path = dict(Page.objects.filter(path__in=parent_paths).values_list("path", "pk"))
    for page in pages:
        page._api_parent_id = by_path.get(page.path[:-steplen])


def rich_text_sources(pages: Iterable) -> list[str]:
    sources: list[str] = []
    for page in pages:
        if hasattr(page, "rich_text_sources"):
            sources.extend(page.rich_text_sources())
    return sources


@contextmanager
def rich_text_batch(pages: Iterable):
    """Resolve every page link in these pages' rich text with one query."""
    with prefetch_page_links(rich_text_sources(pages)):
        yield
