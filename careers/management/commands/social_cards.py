"""Draw the social card of every live role page that lacks one (e.g. published before cards)."""

from django.core.management.base import BaseCommand

from careers import social
from careers.models import RolePage


class Command(BaseCommand):
    help = "Draw missing social cards for live role pages (existing cards are kept)."

    def handle(self, *args, **options):
        pages = RolePage.objects.live().defer_streamfields().order_by("path")
        drawn = 0
        for page in pages:
            card = social.card_for_page(page, social.site_name_for(page))
            if not social.default_storage.exists(card.name):
                social.ensure_card(page, card.text.site_name)
                drawn += 1
        self.stdout.write(f"{drawn} card(s) drawn, {len(pages) - drawn} already stored.")
