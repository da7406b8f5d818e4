"""Social cards: a 1200×630 PNG per role page, drawn with Pillow when the page is published.

Cards are stored in the default storage under a content-addressed name
(`social-cards/<slug>-<digest>.png`, the digest covering every word on the card), so:

* a request never draws or looks for a card: the page computes the name from its live
  fields and the site name, which is what the publish step drew;
* a changed role name, salary range or site name gives a new URL, so social networks fetch
  the new card instead of showing a cached old one.

Cards are (re)drawn after the publish commits (`page_published`), after the careers
settings change (the site name is on every card), and by `manage.py social_cards` for pages
published before cards existed.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from wagtail.signals import page_published

from PIL import Image, ImageDraw, ImageFont

logger = logging.getLogger(__name__)

CARD_SIZE = (1200, 630)
CARD_DIR = "social-cards"
# Bump when the drawing changes, so every card gets a new name and is redrawn.
CARD_VERSION = "1"

BACKGROUND = (11, 92, 173)  # the site's accent blue
INK = (255, 255, 255)
SOFT_INK = (214, 230, 247)
HIGHLIGHT = (255, 215, 106)
MARGIN = 72

FONT_CANDIDATES = {
    True: (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    ),
    False: (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    ),
}


@dataclass(frozen=True)
class CardText:
    """The words on a card; the card's file name is derived from them."""

    role_name: str
    salary_line: str
    site_name: str

    @property
    def digest(self) -> str:
        payload = json.dumps(
            [CARD_VERSION, self.role_name, self.salary_line, self.site_name], ensure_ascii=False
        )
        return hashlib.sha256(payload.encode()).hexdigest()[:16]

    @property
    def alt_text(self) -> str:
        parts = [self.role_name, self.salary_line, self.site_name]
        return " — ".join(part for part in parts if part)


@dataclass(frozen=True)
class SocialCard:
    """Where a page's card lives in storage, and what it says."""

    name: str
    text: CardText
    size: tuple[int, int] = CARD_SIZE

    @property
    def url(self) -> str:
        return default_storage.url(self.name)

    @property
    def alt_text(self) -> str:
        return self.text.alt_text


def card_text_for_page(page, site_name: str) -> CardText:
    """From the page's live, denormalised salary columns (themselves derived from the table)."""
    has_base = page.base_salary_min is not None or page.base_salary_max is not None
    salary_line = f"Base salary {page.base_salary_range_display}" if has_base else ""
    return CardText(page.role_name, salary_line, site_name)


def card_for_page(page, site_name: str) -> SocialCard:
    text = card_text_for_page(page, site_name)
    return SocialCard(name=f"{CARD_DIR}/{page.slug}-{text.digest}.png", text=text)


# --- drawing ----------------------------------------------------------------------------


@cache
def _font(size: int, bold: bool):
    for candidate in FONT_CANDIDATES[bold]:
        if Path(candidate).is_file():
            return ImageFont.truetype(candidate, size)
    # Pillow's bundled scalable font: plainer, but always there.
    return ImageFont.load_default(size)


def _wrap(text: str, font, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and font.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _fit(text: str, width: int, max_lines: int, sizes: tuple[int, ...], bold: bool):
    """The largest font size at which `text` wraps into `max_lines` lines of `width`."""
    for size in sizes:
        font = _font(size, bold)
        lines = _wrap(text, font, width)
        if len(lines) <= max_lines and all(font.getlength(line) <= width for line in lines):
            return font, lines
    font = _font(sizes[-1], bold)
    lines = _wrap(text, font, width)[:max_lines]
    return font, lines


def render_card(text: CardText) -> bytes:
    """The card as PNG bytes: site name, role name (as large as fits), salary range."""
    width, height = CARD_SIZE
    inner = width - 2 * MARGIN
    image = Image.new("RGB", CARD_SIZE, BACKGROUND)
    draw = ImageDraw.Draw(image)

    site_font, site_lines = _fit(text.site_name, inner, 1, (40, 34, 28), bold=True)
    draw.text((MARGIN, MARGIN), " ".join(site_lines), font=site_font, fill=SOFT_INK)

    role_font, role_lines = _fit(text.role_name, inner, 3, (96, 84, 72, 60, 52), bold=True)
    line_height = int(role_font.size * 1.15)
    top = 190 if len(role_lines) < 3 else 160
    for index, line in enumerate(role_lines):
        draw.text((MARGIN, top + index * line_height), line, font=role_font, fill=INK)

    if text.salary_line:
        salary_font, salary_lines = _fit(text.salary_line, inner, 1, (52, 46, 40, 34), bold=False)
        draw.text(
            (MARGIN, height - MARGIN - salary_font.size - 8),
            " ".join(salary_lines),
            font=salary_font,
            fill=HIGHLIGHT,
        )
    draw.rectangle((0, height - 12, width, height), fill=HIGHLIGHT)

    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def ensure_card(page, site_name: str, storage=None) -> SocialCard:
    """Draw and store the page's card unless a card with the same words is already stored."""
    storage = storage or default_storage
    card = card_for_page(page, site_name)
    if not storage.exists(card.name):
        saved = storage.save(card.name, ContentFile(render_card(card.text)))
        if saved != card.name:  # a concurrent publish stored it first; keep one copy
            storage.delete(saved)
    return card


# --- when cards are drawn ---------------------------------------------------------------


def site_name_from(careers_settings) -> str:
    """The name printed on cards: the organisation name from the careers settings."""
    return (getattr(careers_settings, "organisation_name", "") or "Careers").strip()


def site_name_for(page) -> str:
    from careers.models import CareersSettings  # noqa: PLC0415

    site = page.get_site()
    if site is None:
        from wagtail.models import Site  # noqa: PLC0415

        site = Site.objects.filter(is_default_site=True).first()
    return site_name_from(CareersSettings.for_site(site) if site else None)


def _draw_after_commit(page, site_name: str | None = None) -> None:
    def draw():
        try:
            ensure_card(page, site_name or site_name_for(page))
        except Exception:
            # A missing card must never undo or block a publish; `manage.py social_cards`
            # draws any card that is missing.
            logger.exception("Could not draw the social card for page %s", page.pk)

    transaction.on_commit(draw)


@receiver(page_published, dispatch_uid="careers.social.card_on_publish")
def card_on_publish(sender, instance, **kwargs):
    from careers.models import RolePage  # noqa: PLC0415

    if isinstance(instance, RolePage):
        _draw_after_commit(instance)


@receiver(
    post_save, sender="careers.CareersSettings", dispatch_uid="careers.social.cards_on_settings"
)
def cards_on_settings_change(sender, instance, **kwargs):
    from careers.models import RolePage  # noqa: PLC0415

    site_name = site_name_from(instance)
    root = instance.site.root_page
    for page in RolePage.objects.live().descendant_of(root).defer_streamfields():
        _draw_after_commit(page, site_name)
