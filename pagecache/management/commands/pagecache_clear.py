from django.core.management.base import BaseCommand

from pagecache import tags


class Command(BaseCommand):
    """Invalidates every cached response, for changes made without signals (raw SQL, update())."""

    help = "Invalidate every cached page and API response (all app processes sharing the cache)."

    def handle(self, *args, **options):
        tags.invalidate_all()
        self.stdout.write("Page cache invalidated.")
