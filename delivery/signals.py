"""Wagtail's publish, unpublish and delete signals become recorded webhook deliveries."""

from __future__ import annotations

from django.db.models.signals import pre_delete
from django.dispatch import receiver

from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from delivery.bulk import current_batch
from delivery.events import build_payload, is_private
from delivery.models import WebhookEndpoint
from delivery.sending import queue_event


def subscribers(event: str) -> list[WebhookEndpoint]:
    batch = current_batch()
    if batch is not None:
        return batch.endpoints(event)  # a bulk publish reads the endpoints once
    return [ep for ep in WebhookEndpoint.objects.filter(is_active=True) if ep.wants(event)]


def announce(event: str, page: Page, revision_id=None, endpoints=None) -> list:
    """Record deliveries of `event` for every endpoint that wants it, unless the page is private."""
    batch = current_batch()
    if batch is not None and event == "published" and endpoints is None:
        # A bulk publish records its events in batches (delivery/bulk.py); unpublish and
        # delete events still need the page's rows as they are now, so they go one by one.
        batch.add(event, page, revision_id)
        return []
    if endpoints is None:
        endpoints = subscribers(event)
    if not endpoints or is_private(page):
        return []
    return queue_event(build_payload(event, page, revision_id), endpoints)


@receiver(page_published)
def on_page_published(sender, instance, revision=None, **kwargs):
    announce("published", instance, revision.pk if revision is not None else None)


def _live_in_database(page: Page) -> bool:
    return Page.objects.filter(pk=page.pk, live=True).exists()


@receiver(page_unpublished)
def on_page_unpublished(sender, instance, **kwargs):
    # Wagtail unpublishes a live page in memory (commit=False) just before deleting it; the
    # row is still live then. That is a deletion, announced as "deleted" below, not twice.
    endpoints = subscribers("unpublished")
    if endpoints and not _live_in_database(instance):
        announce("unpublished", instance, endpoints=endpoints)


@receiver(pre_delete, sender=Page)
def on_page_deleted(sender, instance, **kwargs):
    # Django sends pre_delete for the base Page row of every deleted page (descendants too),
    # while the data still exists, so the URL can still be computed. A page that was never
    # live was never announced, and announcing its deletion would leak a draft's slug.
    # Wagtail's own pre_delete handler may already have cleared `live` in memory.
    endpoints = subscribers("deleted")
    if endpoints and (instance.live or _live_in_database(instance)):
        announce("deleted", instance, endpoints=endpoints)
