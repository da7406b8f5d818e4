"""What a webhook says about a page: ids, type, slug and URL — never the page's content."""

from __future__ import annotations

from datetime import UTC, datetime

from django.utils import timezone

from wagtail.models import Page, PageViewRestriction

from cms.siteurl import page_url


def is_private(page: Page) -> bool:
    """Pages behind a view restriction (on them or an ancestor) are never announced."""
    return PageViewRestriction.objects.filter(
        page__in=Page.objects.ancestor_of(page, inclusive=True)
    ).exists()


def build_payload(event: str, page: Page, revision_id: int | None, when: datetime | None = None):
    when = (when or timezone.now()).astimezone(UTC)
    return {
        "event": event,
        "id": page.pk,
        "type": page.specific_class._meta.label if page.specific_class else None,
        "slug": page.slug,
        "url": page_url(page),  # None for a page outside every site
        "revision_id": revision_id,
        "timestamp": when.isoformat().replace("+00:00", "Z"),
    }
