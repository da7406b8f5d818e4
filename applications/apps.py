from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    """Candidate applications for role pages: the public form, the JSON endpoint, the admin."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "applications"
    verbose_name = "Applications"

    def ready(self):
        # Django requires it: checks and signal receivers register on import, once apps are ready.
        from applications import checks, signals  # noqa: F401, PLC0415
