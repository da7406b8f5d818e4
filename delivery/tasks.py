"""The background task that sends one webhook delivery."""

from django_tasks import task

from delivery.sending import attempt_delivery


@task(backend="webhooks")
def deliver_webhook(delivery_id: str) -> dict:
    # A failed attempt queues its own retry (run_after = the next attempt time). A task that
    # finds its delivery already sent, given up or not due does nothing: whoever changed the
    # schedule queued the task that matters.
    outcome = attempt_delivery(delivery_id)
    return {
        "delivery": outcome.delivery_id,
        "attempted": outcome.attempted,
        "status": outcome.status,
        "status_code": outcome.status_code,
        "error": outcome.error,
    }
