from wagtail import hooks
from wagtail.permissions import register_permission_policy

from delivery.models import WebhookDelivery
from delivery.views import DeliveryLogPermissionPolicy, WebhooksGroup

register_permission_policy(WebhookDelivery, DeliveryLogPermissionPolicy(WebhookDelivery))


@hooks.register("register_admin_viewset")
def register_webhooks_admin():
    return WebhooksGroup()
