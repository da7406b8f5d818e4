from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    """Headless delivery: publish webhooks, headless preview and their admin."""

    name = "delivery"
    verbose_name = "Headless delivery"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Django requires it: checks and signal receivers register on import, once apps are ready.
        from delivery import checks, signals  # noqa: F401, PLC0415
