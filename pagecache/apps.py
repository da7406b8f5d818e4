from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    """Connects the invalidation signal handlers once every model is loaded."""

    name = "pagecache"
    verbose_name = "Page cache"

    def ready(self):
        # Django requires it: the handlers need every page model, known only once apps are ready.
        from pagecache import signals  # noqa: PLC0415

        signals.connect()
