"""Bring stored social cards in line with the pages: public pages have theirs, no one else does."""

from django.core.management.base import BaseCommand

from careers.models import RolePage
from careers.seo import social


class Command(BaseCommand):
    help = (
        "Draw missing social cards for live, public role pages and delete every card of a "
        "page that is unpublished, deleted or under a view restriction."
    )

    def handle(self, *args, **options):
        drawn = kept = 0
        public_ids = set()
        for page in RolePage.objects.live().defer_streamfields().order_by("path"):
            if not social.is_public(page):
                continue
            public_ids.add(page.pk)
            card = social.card_for_page(page, social.site_name_for(page))
            if social.default_storage.exists(card.name):
                kept += 1
            else:
                social.ensure_card(page, card.text.site_name)
                drawn += 1
        # Whatever else is in the folder belongs to no public page (or to no page at all).
        removed = 0
        for filename in social.stored_card_files():
            if social.card_page_id(filename) not in public_ids:
                social.default_storage.delete(f"{social.CARD_DIR}/{filename}")
                removed += 1
        self.stdout.write(
            f"{drawn} card(s) drawn, {kept} already stored, {removed} removed "
            "(pages not live, deleted or under a view restriction)."
        )
