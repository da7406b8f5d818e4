from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    """Candidate applications for role pages: the public form, the JSON endpoint, the admin."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "applications"
    verbose_name = "Applications"

    def ready(self):
        from applications import checks, signals  # noqa: F401
