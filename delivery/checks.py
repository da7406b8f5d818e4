"""System checks: a misconfigured retry policy fails `manage.py check`, not a 3 a.m. outage."""

from django.conf import settings
from django.core import checks

from delivery.conf import get_config


@checks.register()
def check_webhook_settings(app_configs, **kwargs):
    errors = []
    try:
        config = get_config()
    except (TypeError, ValueError) as exc:
        return [
            checks.Error(f"CAREERS_WEBHOOKS has a non-numeric value: {exc}", id="delivery.E001")
        ]
    if config.max_attempts < 1:
        errors.append(
            checks.Error("CAREERS_WEBHOOKS['MAX_ATTEMPTS'] must be at least 1.", id="delivery.E002")
        )
    if config.backoff_seconds < 1 or config.backoff_factor < 1:
        errors.append(
            checks.Error(
                "CAREERS_WEBHOOKS['BACKOFF_SECONDS'] must be ≥ 1 and 'BACKOFF_FACTOR' ≥ 1.",
                id="delivery.E003",
            )
        )
    if config.timeout_seconds <= 0:
        errors.append(
            checks.Error(
                "CAREERS_WEBHOOKS['TIMEOUT_SECONDS'] must be positive.", id="delivery.E004"
            )
        )
    return errors


@checks.register(checks.Tags.security, deploy=True)
def check_private_targets_off_in_production(app_configs, **kwargs):
    """`check --deploy` flags the development-only escape hatch of the SSRF rule."""
    if getattr(settings, "WEBHOOK_ALLOW_PRIVATE_TARGETS", False):
        return [
            checks.Warning(
                "WEBHOOK_ALLOW_PRIVATE_TARGETS is on: webhook endpoints may reach loopback and "
                "private addresses (internal services).",
                hint="Turn it off outside development (docs/webhooks.md, 'Safe targets').",
                id="delivery.W001",
            )
        ]
    return []
