"""The background task that sends one webhook delivery and schedules its own retry."""

from django.utils import timezone

from django_tasks import task

from delivery.models import WebhookDelivery
from delivery.sending import attempt_delivery, enqueue_deliveries


@task(backend="webhooks")
def deliver_webhook(delivery_id: str) -> dict:
    outcome = attempt_delivery(delivery_id)
    retry_at = outcome.next_attempt_at
    woke_early = not outcome.attempted and retry_at is not None and retry_at > timezone.now()
    # Only the sender that made the attempt (or a task that woke too early) owns the next one.
    if outcome.status == WebhookDelivery.Status.PENDING and (outcome.attempted or woke_early):
        enqueue_deliveries([delivery_id], run_after=retry_at)
    return {
        "delivery": outcome.delivery_id,
        "attempted": outcome.attempted,
        "status": outcome.status,
        "status_code": outcome.status_code,
        "error": outcome.error,
    }
