"""Webhook endpoints, the deliveries owed to them and every attempt made to deliver."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MinLengthValidator, URLValidator
from django.db import models
from django.utils import timezone

from delivery.targets import TargetRefused, check_registration

EVENTS = ("published", "unpublished", "deleted")
EVENT_CHOICES = [(event, event.capitalize()) for event in EVENTS]
SECRET_MIN_LENGTH = 16


def parse_events(value) -> list[str]:
    """Turn "published,deleted" (or a list) into a checked, ordered list; bad names raise."""
    if isinstance(value, str):
        items = [item.strip() for item in value.split(",")]
    else:
        items = [str(item).strip() for item in value or ()]
    items = [item for item in items if item]
    unknown = [item for item in items if item not in EVENTS]
    if unknown:
        raise ValidationError(
            f"Unknown event(s) {', '.join(repr(u) for u in unknown)}; "
            f"choose from {', '.join(EVENTS)}."
        )
    if not items:
        raise ValidationError(f"Choose at least one event from {', '.join(EVENTS)}.")
    return [event for event in EVENTS if event in items]


def validate_events(value):
    parse_events(value)


class WebhookEndpoint(models.Model):
    """A front end or build hook that wants to hear about publishing, and the secret it checks."""

    url = models.URLField(
        "URL",
        max_length=500,
        unique=True,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text="Where events are POSTed as JSON, e.g. https://front.example/hooks/careers.",
    )
    secret = models.CharField(
        max_length=200,
        validators=[MinLengthValidator(SECRET_MIN_LENGTH)],
        help_text="Shared secret for the X-Careers-Signature HMAC; at least "
        f"{SECRET_MIN_LENGTH} characters. The receiver must know it.",
    )
    events = models.CharField(
        max_length=100,
        default=",".join(EVENTS),
        validators=[validate_events],
        help_text="Comma-separated: " + ", ".join(EVENTS) + ".",
    )
    is_active = models.BooleanField(
        "active", default=True, help_text="Inactive endpoints receive nothing new."
    )
    description = models.CharField(max_length=200, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["url"]
        verbose_name = "webhook endpoint"

    def __str__(self):
        return self.url

    @property
    def event_list(self) -> list[str]:
        return parse_events(self.events)

    def wants(self, event: str) -> bool:
        return self.is_active and event in self.event_list

    def clean_fields(self, exclude=None):
        """Field checks, then the target rule on a URL that passed them (one message per URL)."""
        try:
            super().clean_fields(exclude)
            errors = {}
        except ValidationError as exc:
            errors = exc.error_dict
        if self.url and "url" not in errors and "url" not in (exclude or ()):
            try:
                check_registration(self.url)
            except TargetRefused as exc:
                errors["url"] = [ValidationError(str(exc), code=f"unsafe_target_{exc.rule}")]
        if errors:
            raise ValidationError(errors)

    def clean(self):
        super().clean()
        if self.events:
            try:
                self.events = ",".join(parse_events(self.events))
            except ValidationError as exc:
                raise ValidationError({"events": exc.messages}) from exc


class WebhookDelivery(models.Model):
    """One event owed to one endpoint: written before the first attempt, so nothing is lost."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed (gave up)"
        CANCELLED = "cancelled", "Cancelled"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    endpoint = models.ForeignKey(
        WebhookEndpoint,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deliveries",
    )
    url = models.CharField("URL", max_length=500, help_text="The endpoint URL when queued.")
    event = models.CharField(max_length=20, choices=EVENT_CHOICES)
    page_id = models.PositiveIntegerField("page ID", db_index=True)
    # The exact bytes POSTed (as UTF-8 text), so every retry signs and sends the same body.
    payload = models.TextField()
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # A lease: whoever holds it is sending right now; an expired lease means the sender died.
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField("last status code", null=True, blank=True)
    last_duration_ms = models.PositiveIntegerField("last duration (ms)", null=True, blank=True)
    last_error = models.TextField(blank=True, default="")
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    redelivery_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="redeliveries"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "webhook delivery"
        verbose_name_plural = "webhook deliveries"
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_due_idx")]

    def __str__(self):
        return f"{self.event} page {self.page_id} → {self.url}"


class DeliveryAttempt(models.Model):
    """One POST to an endpoint and what came back: the story the delivery log tells."""

    delivery = models.ForeignKey(
        WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log"
    )
    number = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True, default="")
    response_excerpt = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["delivery", "number"]
        constraints = [
            models.UniqueConstraint(fields=["delivery", "number"], name="delivery_attempt_unique")
        ]

    def __str__(self):
        outcome = self.status_code or self.error or "?"
        return f"attempt {self.number}: {outcome}"
