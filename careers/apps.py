from django.apps import AppConfig


class CareersConfig(AppConfig):
    name = "careers"
    verbose_name = "Careers"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Django requires it: the receivers that draw social cards on publish need the models.
        from careers.seo import social  # noqa: F401, PLC0415
