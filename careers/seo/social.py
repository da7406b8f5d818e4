"""Social cards: a 1200×630 PNG per role page, drawn with Pillow when the page is published.

Cards are stored in the default storage under a content-addressed name
(`social-cards/<page id>-<slug>-<digest>.png`, the digest covering every word on the card), so:

* a request never draws or looks for a card: the page computes the name from its live
  fields and the site name, which is what the publish step drew;
* a changed role name, salary range or site name gives a new URL, so social networks fetch
  the new card instead of showing a cached old one.

Cards are (re)drawn by a task (`sync_cards_task`) queued when a publish commits
(`page_published`): the default tasks backend's worker draws them, never the publish itself (a
card costs ~13 ms of CPU; an import of 2,000 pages queues one task, not 2,000 drawings). They
are also redrawn after the careers settings change (the site name is on every card), and by
`manage.py social_cards` for pages published before cards existed.

Cards sit in public media, so only a page anyone may read has one: `sync_cards` is the one
rule (draw if the page is live with no view restriction on it or an ancestor, otherwise
delete every card of the page), applied after publish, unpublish, delete, move, a view
restriction's change and by the command.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from django_tasks import task
from PIL import Image, ImageDraw, ImageFont

from careers.facts.site import organisation_name
from careers.models import CareersSettings, RolePage

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
    # The page id first: it says whose card a file is, so it can be removed (slugs repeat).
    return SocialCard(name=f"{CARD_DIR}/{page.pk}-{page.slug}-{text.digest}.png", text=text)


CARD_FILE_RE = re.compile(r"^(\d+)-[^/]*-[0-9a-f]{16}\.png$")


def card_page_id(filename: str) -> int | None:
    """The page id a stored card belongs to, or None for a file not named by card_for_page."""
    match = CARD_FILE_RE.match(filename)
    return int(match.group(1)) if match else None


def is_public(page) -> bool:
    """Live, and no view restriction (password, login, groups) on the page or an ancestor."""
    return bool(page.live) and not page.get_view_restrictions().exists()


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
    # Not optimize=True: three times the CPU (41 ms, not 13) for a file 5 % smaller.
    image.save(buffer, format="PNG")
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


def stored_card_files(storage=None) -> list[str]:
    storage = storage or default_storage
    try:
        _, files = storage.listdir(CARD_DIR)
    except FileNotFoundError:
        return []
    return sorted(files)


def remove_cards(page_ids, storage=None) -> int:
    """Delete every stored card (old digests included) of the given pages; return how many."""
    storage = storage or default_storage
    page_ids = set(page_ids)
    removed = 0
    for filename in stored_card_files(storage):
        if card_page_id(filename) in page_ids:
            storage.delete(f"{CARD_DIR}/{filename}")
            removed += 1
    return removed


def sync_cards(page, site_name: str | None = None) -> SocialCard | None:
    """The one rule: a public page has its current card; any other page has no card at all."""
    if is_public(page):
        return ensure_card(page, site_name or site_name_for(page))
    remove_cards([page.pk])
    return None


# --- when cards are drawn ---------------------------------------------------------------


def site_name_for(page) -> str:
    site = page.get_site()
    if site is None:
        site = Site.objects.filter(is_default_site=True).first()
    return organisation_name(CareersSettings.for_site(site) if site else None)


def _after_commit(action, page_id, what: str) -> None:
    def run():
        try:
            action()
        except Exception:
            # A card must never undo or block a publish; `manage.py social_cards` repairs.
            logger.exception("Could not %s the social card of page %s", what, page_id)

    transaction.on_commit(run)


def _sync_after_commit(page, site_name: str | None = None) -> None:
    def sync():
        # Re-read after the commit: whether the page is live and public is decided then.

        current = RolePage.objects.filter(pk=page.pk).defer_streamfields().first()
        if current is None:
            remove_cards([page.pk])
        else:
            sync_cards(current, site_name)

    _after_commit(sync, page.pk, "update")


def _role_pages_at_or_below(page):
    return RolePage.objects.descendant_of(page, inclusive=True).defer_streamfields()


def sync_pages(page_ids) -> int:
    """``sync_cards`` for many pages at once: one query for the pages, one per site name."""
    page_ids = set(page_ids)
    pages = list(RolePage.objects.filter(pk__in=page_ids).defer_streamfields())
    site_names: dict[str, str] = {}
    drawn = 0
    for page in pages:
        # Pages of one import share a parent, so the site name is looked up once per parent.
        parent_path = page.path[: -page.steplen]
        if parent_path not in site_names:
            site_names[parent_path] = site_name_for(page)
        if sync_cards(page, site_names[parent_path]) is not None:
            drawn += 1
    gone = page_ids - {page.pk for page in pages}
    if gone:
        remove_cards(gone)
    return drawn


@task()
def sync_cards_task(page_ids: list[int]) -> int:
    """Draw (or remove) the cards of pages whose publication changed, in the task worker."""
    # Re-read when run: whether each page is live and public is decided then, after the commit.
    try:
        return sync_pages(page_ids)
    except Exception:
        # A card must never undo or block a publish; `manage.py social_cards` repairs.
        logger.exception("Could not update the social cards of pages %s", sorted(page_ids)[:20])
        return 0


# Bulk publishers (the importer) queue one task for every page they publish, not one each.
_deferred: ContextVar[set[int] | None] = ContextVar("social_cards_deferred", default=None)


@contextmanager
def deferred_cards() -> Iterator[set[int]]:
    """Within the block, published pages are collected; one card task is queued at the end."""
    outer = _deferred.get()
    collected: set[int] = set()
    token = _deferred.set(collected)
    try:
        yield collected
    finally:
        _deferred.reset(token)
        if outer is not None:
            outer |= collected
        elif collected:
            _queue_after_commit(collected)


def _queue_after_commit(page_ids: set[int]) -> None:
    ids = sorted(page_ids)
    transaction.on_commit(lambda: sync_cards_task.enqueue(ids))


def _card_changed(instance) -> None:
    pending = _deferred.get()
    if pending is not None:
        pending.add(instance.pk)
    else:
        _queue_after_commit({instance.pk})


@receiver(page_published, dispatch_uid="careers.seo.social.card_on_publish")
def card_on_publish(sender, instance, **kwargs):
    if isinstance(instance, RolePage):
        _card_changed(instance)


@receiver(page_unpublished, dispatch_uid="careers.seo.social.card_on_unpublish")
def card_on_unpublish(sender, instance, **kwargs):
    if isinstance(instance, RolePage):
        _card_changed(instance)


@receiver(post_delete, sender="careers.RolePage", dispatch_uid="careers.seo.social.card_on_delete")
def card_on_delete(sender, instance, **kwargs):
    page_id = instance.pk
    _after_commit(lambda: remove_cards([page_id]), page_id, "remove")


@receiver(post_page_move, dispatch_uid="careers.seo.social.cards_on_move")
def cards_on_move(sender, instance, **kwargs):
    # Moving under (or out of) a restricted section changes who may read every page moved.
    for page in _role_pages_at_or_below(Page.objects.get(pk=instance.pk)):
        _sync_after_commit(page)


@receiver(
    post_save, sender=PageViewRestriction, dispatch_uid="careers.seo.social.cards_on_restrict"
)
@receiver(
    post_delete, sender=PageViewRestriction, dispatch_uid="careers.seo.social.cards_on_unrestrict"
)
def cards_on_view_restriction(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is None:  # the restricted page itself is being deleted
        return
    for role_page in _role_pages_at_or_below(page):
        _sync_after_commit(role_page)


@receiver(
    post_save, sender="careers.CareersSettings", dispatch_uid="careers.seo.social.cards_on_settings"
)
def cards_on_settings_change(sender, instance, **kwargs):
    site_name = organisation_name(instance)
    for page in _role_pages_at_or_below(instance.site.root_page).live():
        _sync_after_commit(page, site_name)
