"""Wagtail admin for webhooks: endpoints (editable) and the delivery log (read-only + redeliver)."""

from __future__ import annotations

import json
import secrets

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets import HeaderButton, ListingButton
from wagtail.log_actions import log
from wagtail.permission_policies import ModelPermissionPolicy

from delivery.models import (
    EVENT_CHOICES,
    SECRET_MIN_LENGTH,
    WebhookDelivery,
    WebhookEndpoint,
    parse_events,
)
from delivery.sending import redeliver

# --- endpoints ---------------------------------------------------------------------------


class WebhookEndpointForm(WagtailAdminModelForm):
    """Events as checkboxes; the secret is write-only: never shown, blank keeps the current one."""

    events = forms.MultipleChoiceField(
        choices=EVENT_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text="Which events this endpoint receives.",
    )
    secret = forms.CharField(
        max_length=200,
        # render_value=False: neither the saved secret nor a rejected new one is ever echoed.
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=f"Shared secret for the X-Careers-Signature HMAC; at least {SECRET_MIN_LENGTH} "
        "characters. It is never shown again once saved.",
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["url", "secret", "events", "is_active", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.pop("secret", None)
        if self.instance.pk:
            self.initial["events"] = self.instance.event_list
            self.fields["secret"].required = False
            self.fields["secret"].label = "New secret"
            self.fields["secret"].help_text = (
                "Leave blank to keep the current secret (it is never shown), or use "
                "“Replace secret” to generate a new one."
            )

    def clean_secret(self):
        secret = self.cleaned_data["secret"]
        if not secret and self.instance.pk:
            return self.instance.secret
        return secret

    def clean_events(self):
        return ",".join(parse_events(self.cleaned_data["events"]))


def user_can_change_endpoints(user) -> bool:
    return user.has_perm("delivery.change_webhookendpoint")


class EndpointEditView(generic.EditView):
    """The edit form plus a "Replace secret" button."""

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        buttons.append(
            HeaderButton(
                "Replace secret",
                url=reverse("webhook_endpoints:replace_secret", args=[self.object.pk]),
                icon_name="key",
                priority=5,
            )
        )
        return buttons


def replace_secret_view(request, pk):
    """GET asks for confirmation; POST generates a new secret and shows it this once."""
    if not user_can_change_endpoints(request.user):
        raise PermissionDenied
    endpoint = get_object_or_404(WebhookEndpoint, pk=pk)
    context = {
        "endpoint": endpoint,
        "page_title": "Replace secret",
        "page_subtitle": endpoint.url,
        "header_icon": "key",
        "edit_url": reverse("webhook_endpoints:edit", args=[endpoint.pk]),
    }
    if request.method == "POST":
        new_secret = secrets.token_urlsafe(32)
        with transaction.atomic():
            endpoint.secret = new_secret
            endpoint.save(update_fields=["secret"])
            log(endpoint, "wagtail.edit", user=request.user)
        context["new_secret"] = new_secret
    response = TemplateResponse(request, "delivery/replace_secret.html", context)
    # The only page that ever shows a secret: no cache, no back-button copy, no referrer.
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


class WebhookEndpointViewSet(ModelViewSet):
    """Who hears about publishing: managed here or with `manage.py webhooks`."""

    model = WebhookEndpoint
    icon = "link"
    menu_label = "Endpoints"
    name = "webhook_endpoints"
    copy_view_enabled = False
    edit_view_class = EndpointEditView
    list_display = ["url", "events", "is_active", "description", DateColumn("created_at")]
    list_filter = ["is_active"]
    search_fields = ["url", "description"]

    def get_form_class(self, for_update=False):
        return WebhookEndpointForm

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("replace-secret/<int:pk>/", replace_secret_view, name="replace_secret"),
        ]


# --- the delivery log --------------------------------------------------------------------


class DeliveryLogPermissionPolicy(ModelPermissionPolicy):
    """The log is written by the system: people read it and redeliver, never edit it."""

    READ_ONLY_ACTIONS = {"add", "change", "delete"}

    def user_has_permission(self, user, action):
        if action in self.READ_ONLY_ACTIONS:
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


def user_can_redeliver(user) -> bool:
    return user_can_change_endpoints(user)


class DeliveryInspectView(generic.InspectView):
    """Adds every attempt (status, duration, error) and the redeliver button."""

    template_name = "delivery/delivery_inspect.html"

    def get_payload_display_value(self):
        try:
            return format_html(
                "<pre>{}</pre>", json.dumps(json.loads(self.object.payload), indent=2)
            )
        except ValueError:
            return self.object.payload

    @property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if user_can_redeliver(self.request.user) and self.object.endpoint_id:
            buttons.append(
                HeaderButton(
                    redeliver_label(self.object),
                    url=reverse("webhook_deliveries:redeliver", args=[self.object.pk]),
                    icon_name="redirect",
                    priority=10,
                )
            )
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["attempts"] = self.object.attempt_log.all()
        context["redeliveries"] = self.object.redeliveries.all()
        return context


def redeliver_label(delivery) -> str:
    return "Retry now" if delivery.status == WebhookDelivery.Status.PENDING else "Redeliver"


class DeliveryIndexView(generic.IndexView):
    """The log, newest first, with a redeliver button on every row."""

    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        if user_can_redeliver(self.request.user) and instance.endpoint_id:
            buttons.append(
                ListingButton(
                    redeliver_label(instance),
                    url=reverse("webhook_deliveries:redeliver", args=[instance.pk]),
                    icon_name="redirect",
                    priority=5,
                )
            )
        return buttons


def redeliver_view(request, pk):
    """GET asks for confirmation, POST queues the delivery again."""
    if not user_can_redeliver(request.user):
        raise PermissionDenied
    delivery = get_object_or_404(WebhookDelivery, pk=pk)
    inspect_url = reverse("webhook_deliveries:inspect", args=[delivery.pk])
    if request.method == "POST":
        try:
            target = redeliver(delivery)
        except ValueError as exc:
            messages.error(request, str(exc))
            return redirect(inspect_url)
        target.refresh_from_db()
        messages.success(
            request,
            f"{redeliver_label(delivery)}: {delivery.event} of page {delivery.page_id} to "
            f"{target.url} — {target.get_status_display().lower()}.",
        )
        return redirect("webhook_deliveries:inspect", target.pk)
    return TemplateResponse(
        request,
        "delivery/confirm_redeliver.html",
        {
            "delivery": delivery,
            "action_label": redeliver_label(delivery),
            "page_title": redeliver_label(delivery),
            "page_subtitle": str(delivery),
            "header_icon": "redirect",
            "inspect_url": inspect_url,
        },
    )


class WebhookDeliveryViewSet(ModelViewSet):
    """The delivery log: what was sent where, what came back, and what is still owed."""

    model = WebhookDelivery
    icon = "list-ul"
    menu_label = "Delivery log"
    name = "webhook_deliveries"
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = DeliveryIndexView
    inspect_view_class = DeliveryInspectView
    list_per_page = 50
    list_display = [
        "event",
        Column("page_id", label="Page"),
        "url",
        StatusTagColumn(
            "status",
            label="Status",
            accessor="get_status_display",
            primary=lambda d: d.status == WebhookDelivery.Status.DELIVERED,
        ),
        Column("last_status_code", label="HTTP"),
        Column("last_duration_ms", label="ms"),
        "attempts",
        DateColumn("next_attempt_at", label="Next attempt"),
        "last_error",
        DateColumn("created_at", label="Queued"),
    ]
    list_filter = ["status", "event", "endpoint"]
    inspect_view_fields = [
        "status",
        "event",
        "page_id",
        "url",
        "attempts",
        "last_status_code",
        "last_duration_ms",
        "last_error",
        "next_attempt_at",
        "delivered_at",
        "created_at",
        "redelivery_of",
        "payload",
    ]

    def get_urlpatterns(self):
        # No add, edit, delete or copy views: the system writes the log.
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<uuid:pk>/", self.inspect_view, name="inspect"),
            path("redeliver/<uuid:pk>/", redeliver_view, name="redeliver"),
        ]


class WebhooksGroup(ModelViewSetGroup):
    """One "Webhooks" menu for both."""

    menu_label = "Webhooks"
    menu_icon = "link"
    menu_order = 900
    items = (WebhookEndpointViewSet, WebhookDeliveryViewSet)
