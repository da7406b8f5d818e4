from django.apps import AppConfig


class CareersConfig(AppConfig):
    name = "careers"
    verbose_name = "Careers"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Connects the receivers that draw social cards on publish.
        from careers.seo import social  # noqa: F401, PLC0415
