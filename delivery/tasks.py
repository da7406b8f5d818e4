"""The background tasks that send webhook deliveries: one, or a bulk publish's batch."""

import logging

from django_tasks import task

from delivery.sending import attempt_delivery

logger = logging.getLogger("careers.delivery")


def _summary(outcome) -> dict:
    return {
        "delivery": outcome.delivery_id,
        "attempted": outcome.attempted,
        "status": outcome.status,
        "status_code": outcome.status_code,
        "error": outcome.error,
    }


@task(backend="webhooks")
def deliver_webhook(delivery_id: str) -> dict:
    # A failed attempt queues its own retry (run_after = the next attempt time). A task that
    # finds its delivery already sent, given up or not due does nothing: whoever changed the
    # schedule queued the task that matters.
    return _summary(attempt_delivery(delivery_id))


@task(backend="webhooks")
def deliver_webhooks(delivery_ids: list[str]) -> dict:
    # A bulk publish's batch, in the order the pages were published (so per endpoint too).
    # Each attempt is the one deliver_webhook makes: a failure queues that delivery's own
    # retry task, so from the second attempt on a delivery of a batch is like any other.
    outcomes = []
    for delivery_id in delivery_ids:
        try:
            outcomes.append(attempt_delivery(delivery_id))
        except Exception:  # One broken row must not hold back the rest; the sweep retries it.
            logger.exception("Webhook delivery %s could not be attempted", delivery_id)
    counts: dict[str, int] = {}
    for outcome in outcomes:
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
    return {"deliveries": len(delivery_ids), "statuses": counts}
