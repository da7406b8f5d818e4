"""Role families and editor-chosen related roles: the small taxonomy visitors browse by."""

from __future__ import annotations

import re

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.text import slugify

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, PageChooserPanel
from wagtail.models import Orderable
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from careers.validators import validate_single_line

# O*NET-SOC 2019 codes look like "15-2051.00": a SOC code and a two-digit O*NET suffix.
ONET_SOC_CODE = re.compile(r"^\d{2}-\d{4}\.\d{2}$")


class RoleFamily(index.Indexed, models.Model):
    """A group of related roles ("Data", "Infrastructure") that visitors filter and browse by."""

    name = models.CharField(
        max_length=80,
        unique=True,
        validators=[validate_single_line],
        help_text='Shown in filters and breadcrumbs, e.g. "Machine learning".',
    )
    slug = models.SlugField(
        max_length=80,
        unique=True,
        blank=True,
        help_text="Used in filter URLs (/careers/?family=…). Leave blank to make it from the name.",
    )
    description = models.TextField(
        blank=True,
        default="",
        help_text="One sentence on what the roles in this family have in common.",
    )
    occupational_category = models.CharField(
        "O*NET-SOC code",
        max_length=10,
        blank=True,
        default="",
        help_text='The O*NET-SOC occupation the family maps to, e.g. "15-2051.00" (Data '
        "Scientists). Used as occupationalCategory in structured data; leave blank when no "
        "single occupation fits.",
    )
    occupational_category_name = models.CharField(
        "O*NET-SOC title",
        max_length=120,
        blank=True,
        default="",
        validators=[validate_single_line],
        help_text='The O*NET-SOC occupation title, e.g. "Data Scientists".',
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("occupational_category"),
        FieldPanel("occupational_category_name"),
    ]

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = "role family"
        verbose_name_plural = "role families"

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        self.name = (self.name or "").strip()
        if not self.slug:
            self.slug = slugify(self.name)
        if not self.slug:
            raise ValidationError({"name": "The name must contain letters or digits."})
        code = (self.occupational_category or "").strip()
        self.occupational_category = code
        if code and not ONET_SOC_CODE.match(code):
            raise ValidationError(
                {
                    "occupational_category": f'"{code}" is not an O*NET-SOC code; '
                    'expected the form "15-2051.00".'
                }
            )
        if self.occupational_category_name and not code:
            raise ValidationError(
                {"occupational_category": "Give the code for the occupation title you entered."}
            )

    @property
    def filter_url(self) -> str:
        """The careers index filtered to this family (the breadcrumb links here)."""
        return f"/careers/?family={self.slug}"

    @property
    def json_ld_category(self) -> str | None:
        """Value for schema.org occupationalCategory: the O*NET-SOC code, or None."""
        return self.occupational_category or None


register_snippet(RoleFamily)


class RelatedRole(Orderable):
    """A role the editor links from a role page as related, in the order they chose."""

    page = ParentalKey(
        "careers.RolePage", on_delete=models.CASCADE, related_name="related_role_links"
    )
    role = models.ForeignKey(
        "careers.RolePage",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="A role visitors of this page may also consider.",
    )

    panels = [PageChooserPanel("role", page_type="careers.RolePage")]

    class Meta(Orderable.Meta):
        verbose_name = "related role"

    def clean(self):
        super().clean()
        if self.role_id and self.page_id and self.role_id == self.page_id:
            raise ValidationError({"role": "A role cannot be related to itself."})


class RoleSkill(models.Model):
    """One canonical skill of a role: the index related roles are found by, not by reading all."""

    # Mirrors RolePage.skill_keys (kept in step by RoleSkill.sync on every save that writes it);
    # a plain ForeignKey, not a ParentalKey: it is derived data, never in forms or revisions.
    page = models.ForeignKey(
        "careers.RolePage", on_delete=models.CASCADE, related_name="indexed_skills", db_index=False
    )
    key = models.CharField(max_length=64, help_text="A careers.facts.skills key.")

    # Rows point at their own page: not a use of it worth listing in the admin.
    wagtail_reference_index_ignore = True

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["page", "key"], name="careers_roleskill_page_key")
        ]
        # (key, page): which roles have a skill, and how many, without reading the pages.
        indexes = [models.Index(fields=["key", "page"], name="careers_roleskill_key_page")]

    def __str__(self) -> str:
        return self.key

    @classmethod
    def sync(cls, page_id: int, keys: str, previous: str | None = None) -> None:
        """Make the page's rows match its space-separated ``keys``.

        ``previous`` is what the rows are known to hold ("" for a new page), or None when
        unknown; an unchanged value costs no query.
        """
        wanted = set(keys.split())
        rows = cls.objects.filter(page_id=page_id)
        # bulk_create and a raw delete send no signals: the page's own save already
        # invalidates what these rows feed (pagecache), and per-row signals would cost a
        # query each (a receiver for every model's post_delete disables fast deletes).
        if previous is None:
            rows.exclude(key__in=wanted)._raw_delete(rows.db)
            added = wanted
        else:
            known = set(previous.split())
            if known - wanted:
                rows.filter(key__in=known - wanted)._raw_delete(rows.db)
            added = wanted - known
        if added:
            cls.objects.bulk_create(
                [cls(page_id=page_id, key=key) for key in sorted(added)], ignore_conflicts=True
            )


FAMILIES_CACHE_KEY = "careers:role-families"
# Bounds staleness where the cache is per process or rows change without signals (migrations).
FAMILIES_CACHE_SECONDS = 300


def all_families() -> list[RoleFamily]:
    """Every family, by name, for filters; cached so a listing spends no query on it."""
    families = cache.get(FAMILIES_CACHE_KEY)
    if families is None:
        families = list(RoleFamily.objects.only("id", "name", "slug").order_by("name"))
        cache.set(FAMILIES_CACHE_KEY, families, FAMILIES_CACHE_SECONDS)
    return families


@receiver(post_save, sender=RoleFamily)
@receiver(post_delete, sender=RoleFamily)
def forget_families(**kwargs):
    cache.delete(FAMILIES_CACHE_KEY)
