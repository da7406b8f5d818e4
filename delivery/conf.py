"""The webhook retry schedule and timeouts, read from settings.CAREERS_WEBHOOKS."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings

DEFAULTS = {
    "MAX_ATTEMPTS": 8,
    "BACKOFF_SECONDS": 60,
    "BACKOFF_FACTOR": 2.0,
    "MAX_BACKOFF_SECONDS": 6 * 3600,
    "TIMEOUT_SECONDS": 10.0,
}


@dataclass(frozen=True)
class WebhookConfig:
    """One place that knows the retry policy, so the task, the command and the docs agree."""

    max_attempts: int
    backoff_seconds: int
    backoff_factor: float
    max_backoff_seconds: int
    timeout_seconds: float

    def delay_after(self, attempts: int) -> timedelta:
        """How long to wait after the given number of failed attempts (1 → BACKOFF_SECONDS)."""
        seconds = self.backoff_seconds * self.backoff_factor ** max(attempts - 1, 0)
        return timedelta(seconds=min(seconds, self.max_backoff_seconds))

    def schedule(self) -> list[timedelta]:
        """Offsets from the first attempt at which every attempt happens."""
        offsets = [timedelta(0)]
        for failed in range(1, self.max_attempts):
            offsets.append(offsets[-1] + self.delay_after(failed))
        return offsets


def get_config() -> WebhookConfig:
    raw = {**DEFAULTS, **getattr(settings, "CAREERS_WEBHOOKS", {})}
    return WebhookConfig(
        max_attempts=int(raw["MAX_ATTEMPTS"]),
        backoff_seconds=int(raw["BACKOFF_SECONDS"]),
        backoff_factor=float(raw["BACKOFF_FACTOR"]),
        max_backoff_seconds=int(raw["MAX_BACKOFF_SECONDS"]),
        timeout_seconds=float(raw["TIMEOUT_SECONDS"]),
    )
