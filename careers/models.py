"""The careers content model: the index of roles, role pages and the site-wide careers facts."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import slugify

from wagtail import hooks
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page, PagePermissionTester
from wagtail.search import index

from careers.blocks import API_RICH_TEXT_FORMAT, RoleStreamBlock, SectionValue, heading_id
from careers.columns import FINDER_COLUMNS, finder_columns
from careers.editorial.panel import ContentChecksPanel, gate_publish
from careers.editorial.status import STATUS_FIELDS, status_of
from careers.facts.language import default_title
from careers.facts.salary import DEFAULT_CURRENCY, format_money_range
from careers.facts.site import DEFAULT_APPLY_TEXT, DEFAULT_BUTTON_LABEL, DEFAULT_ORGANISATION_NAME
from careers.richtext import prefetch_page_links
from careers.serializers import rich_text_batch, role_to_api
from careers.taxonomy import RelatedRole, RoleFamily, RoleSkill  # noqa: F401 - registers the models
from careers.validators import SingleLinePageFields, validate_single_line
from delivery.preview import HeadlessPreviewable
from pagecache.querysets import DependencyPageManager

# Wagtail hooks through which careers.find adds listing and related-role context to the pages.
CONSTRUCT_INDEX_CONTEXT = "construct_careers_index_context"
CONSTRUCT_ROLE_CONTEXT = "construct_role_page_context"


@register_setting(icon="site")
class CareersSettings(BaseSiteSetting):
    """Facts about the organisation that every page shows; edited once, in Settings → Careers."""

    organisation_name = models.CharField(
        max_length=100,
        default=DEFAULT_ORGANISATION_NAME,
        validators=[validate_single_line],
        help_text="Shown in the header, the apply text and structured data.",
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown in the header; a wide image about 40 px tall works best.",
    )
    default_apply_text = models.TextField(
        default=DEFAULT_APPLY_TEXT,
        help_text="Used when a role's apply block has no text. {organisation} and {role} are "
        "replaced by the organisation name and the role name.",
    )
    contact_email = models.EmailField(
        blank=True,
        default="",
        help_text="Public contact address shown in the footer.",
    )

    panels = [
        FieldPanel("organisation_name"),
        FieldPanel("logo"),
        FieldPanel("default_apply_text"),
        FieldPanel("contact_email"),
    ]

    class Meta:
        verbose_name = "Careers settings"


class CareersIndexPage(SingleLinePageFields, Page):
    """The one /careers/ page: lists every live role page."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["careers.RolePage"]
    max_count = 1

    intro = models.TextField(
        blank=True,
        help_text="A sentence or two above the list of roles.",
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]

    search_fields = Page.search_fields + [index.SearchField("intro")]

    api_fields = [APIField("intro")]

    def roles(self):
        """Live role pages, with only what the listing needs (one query, no StreamField)."""
        return (
            RolePage.objects.child_of(self)
            .live()
            .public()
            .defer_streamfields()
            .order_by("role_name")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The listing's filters and pagination come from careers.find, through a hook, so the
        # model layer imports no finding code (careers.find imports the models).
        for construct in hooks.get_hooks(CONSTRUCT_INDEX_CONTEXT):
            context.update(construct(self, request))
        return context

    def permissions_for_user(self, user):
        return RolesInNameOrder(user, self)


class RolesInNameOrder(PagePermissionTester):
    """No "Sort menu order" under /careers/: visitors see roles by name, never in menu order.

    Wagtail's reordering view lists every child unpaginated (a minute at 10,000 roles), and
    the order it saves is shown nowhere.
    """

    def can_reorder_children(self):
        return False


@dataclass(frozen=True)
class QuickFacts:
    """The role page's above-the-fold summary: every figure already formatted by the salary rules."""

    base_range: str
    uplift_range: str
    intern_monthly: str
    level_count: int
    # "2026 USD estimates, Levels.fyi, Glassdoor, and company disclosures" ("" when neither).
    data: str


@dataclass(frozen=True)
class ContentsLink:
    """One entry of the role page's "On this page" list."""

    target_id: str
    label: str


class RolePageForm(WagtailAdminPageForm):
    """Fills the title and slug from the role name when the editor leaves them to us."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "title" in self.fields:
            self.fields["title"].required = False
            self.fields["title"].help_text = (
                'Leave blank for "<role name> Jobs & Internships <year>", which follows the '
                "role name and year. A title you type stays until you clear it."
            )
        if "slug" in self.fields:
            self.fields["slug"].required = False
        # Only the admin's new page opens whole; API and import pages keep the body they're given.
        new = not self.is_bound and self.instance._state.adding and not self.instance.body
        if new and "body" in self.fields:
            self.initial["body"] = self.fields["body"].block.new_page_value()

    def clean(self):
        cleaned = super().clean()
        role_name = (cleaned.get("role_name") or "").strip()
        title_slug = slugify(cleaned.get("title") or "")
        if role_name and "title" in cleaned:
            # The title the save will store, so the live checks judge it too.
            cleaned["title"], _custom = self.instance.title_rule(
                cleaned["title"], role_name, cleaned.get("year")
            )
        slug = cleaned.get("slug")
        # The admin's JavaScript copies the title into the slug; a role's URL names the role.
        copied = {title_slug, slugify(cleaned.get("title") or "")}
        unpublished = self.instance._state.adding or not self.instance.live
        if role_name and unpublished and (not slug or slug in copied):
            cleaned["slug"] = slugify(role_name)
            self.errors.pop("slug", None)
            # Wagtail checked the slug before we made it: check ours, or saving would fail.
            if not Page._slug_is_available(cleaned["slug"], self.parent_page, self.instance):
                self.add_error(
                    "role_name",
                    f"A role page at /{cleaned['slug']}/ already exists under this parent: "
                    "give this role another name, or set its slug on the Promote tab.",
                )
        gate_publish(self)
        return cleaned


class RolePage(SingleLinePageFields, HeadlessPreviewable, Page):
    """One career role: what it is, the skills, the ladder, the pay, and how to apply."""

    parent_page_types = ["careers.CareersIndexPage"]
    subpage_types: list[str] = []

    # Every read of role pages records what a cached response depends on (pagecache).
    objects = DependencyPageManager()

    role_name = models.CharField(
        max_length=100,
        validators=[validate_single_line],
        help_text='The role as visitors search for it, e.g. "Applied ML Engineer". '
        "Generated headings and the URL are made from it.",
    )
    year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text="The year the page describes; it appears in the default title.",
    )
    custom_title = models.BooleanField(
        default=False,
        help_text="Set when an editor typed the title; otherwise the title follows the "
        "role name and year. Clearing the title makes it follow them again.",
    )
    intro = models.TextField(
        help_text="The opening paragraph: what the role is and why it matters. Plain text; "
        "also the default search description.",
    )
    body = StreamField(
        RoleStreamBlock(),
        help_text="The page's sections, in the order visitors read them.",
    )
    # Derived from the salary table on every save, so listings and filters need no StreamField.
    base_salary_min = models.PositiveIntegerField(null=True, blank=True, editable=False)
    base_salary_max = models.PositiveIntegerField(null=True, blank=True, editable=False)
    salary_currency = models.CharField(max_length=3, blank=True, default="", editable=False)
    has_internships = models.BooleanField(default=False, editable=False)
    family = models.ForeignKey(
        "careers.RoleFamily",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="roles",
        help_text="The family visitors find this role under (filters, breadcrumb).",
    )
    # Plain text of the skills and FAQ and the ladder's length, for filters and related roles.
    skills_text = models.TextField(blank=True, default="", editable=False)
    # The canonical skills (careers.facts.skills keys, space-separated) related roles compare.
    skill_keys = models.TextField(blank=True, default="", editable=False)
    faq_text = models.TextField(blank=True, default="", editable=False)
    ladder_length = models.PositiveSmallIntegerField(default=0, editable=False)
    # The first salary table's currency and level rows (careers.columns.salary_levels_of).
    salary_levels = models.JSONField(default=dict, blank=True, editable=False)
    # The content checks' counts as of the last save (careers.editorial.status), for the admin
    # listing's "Checks" filter; None until the page is saved or `check_content --store` runs.
    check_errors = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    check_warnings = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    # The related roles suggested from skills, family and pay (careers.find.related), best
    # first; None until the page is first rendered after a publish, or `refresh_related` runs.
    suggested_roles = models.JSONField(
        null=True,
        blank=True,
        default=None,
        editable=False,
        help_text="Suggested related roles as last computed: ids and why, best first.",
    )

    base_form_class = RolePageForm

    content_panels = [
        ContentChecksPanel(),
        MultiFieldPanel(
            [FieldPanel("role_name"), FieldPanel("year"), FieldPanel("title")],
            heading="Role",
        ),
        FieldPanel("family"),
        FieldPanel("intro"),
        FieldPanel("body"),
        InlinePanel(
            "related_role_links",
            max_num=3,
            heading="Related roles",
            label="Related role",
            help_text="Up to three; leave empty to suggest roles that share skills and family.",
        ),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("role_name", boost=3),
        index.AutocompleteField("role_name"),
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("year"),
        index.FilterField("base_salary_max"),
        index.FilterField("has_internships"),
        # The admin's Role pages filters, applied while searching (careers.editorial.listing).
        index.FilterField("family"),
        index.FilterField("has_unpublished_changes"),
        index.FilterField("check_errors"),
        index.FilterField("check_warnings"),
    ]

    api_fields = [
        APIField("role_name"),
        APIField("year"),
        APIField("intro"),
        APIField("family"),
        APIField("body"),
        APIField("salary_summary"),
    ]

    class Meta:
        verbose_name = "role page"
        # /careers/ and API v3 list roles by name (pk breaks ties): one index walk to any page.
        indexes = [models.Index(fields=["role_name", "page_ptr"], name="careers_role_name_order")]

    # --- derived facts -------------------------------------------------------------------

    def blocks_of(self, block_type: str):
        return [child.value for child in self.body if child.block_type == block_type]

    @cached_property
    def salary_table(self):
        tables = self.blocks_of("salary_table")
        return tables[0] if tables else None

    @property
    def salary_summary(self) -> dict:
        """Lowest and highest base salary across levels, as numbers, with the currency."""
        if self.salary_table is None:
            return {"base_min": None, "base_max": None, "currency": None}
        low, high = self.salary_table.base_bounds
        return {"base_min": low, "base_max": high, "currency": self.salary_table.currency}

    @property
    def base_salary_range_display(self) -> str:
        """From the denormalised columns, so listings never load the StreamField."""
        return format_money_range(
            self.base_salary_min, self.base_salary_max, self.salary_currency or DEFAULT_CURRENCY
        )

    @cached_property
    def quick_facts(self) -> QuickFacts | None:
        """The summary under the h1, from the same salary table the page prints (None without one)."""
        table = self.salary_table
        if table is None:
            return None
        as_of_year = table.get("as_of_year")
        estimates = f"{as_of_year} {table.currency} estimates" if as_of_year else ""
        source = (table.get("source_note") or "").strip()
        return QuickFacts(
            base_range=table.base_range_display,
            uplift_range=table.uplift_range_display,
            intern_monthly=table.intern_monthly_display,
            level_count=table.level_count,
            data=", ".join(part for part in (estimates, source) if part),
        )

    @property
    def apply_label(self) -> str:
        """The quick facts' button says what the apply section's button says."""
        applies = self.blocks_of("apply")
        label = (applies[0].get("button_label") or "").strip() if applies else ""
        return label or DEFAULT_BUTTON_LABEL

    @cached_property
    def contents(self) -> list[ContentsLink]:
        """The in-page contents: each section's heading id (as its template writes it) and text."""
        links = []
        for child in self.body:
            section = child.block.meta.section
            if not section:
                continue
            value = child.value
            heading = (
                value.display_heading(self.role_name)
                if isinstance(value, SectionValue)
                else (value.get("heading") or "").strip()
            )
            if heading:
                links.append(ContentsLink(heading_id(section, {"block_id": child.id}), heading))
        return links

    @property
    def default_title(self) -> str:
        return default_title(self.role_name, self.year)

    @property
    def apply_url(self) -> str:
        return reverse("apply:form", kwargs={"slug": self.slug}) if self.slug else "#apply"

    def refresh_salary_columns(self) -> None:
        summary = self.salary_summary
        self.base_salary_min = summary["base_min"]
        self.base_salary_max = summary["base_max"]
        self.salary_currency = summary["currency"] or ""
        self.has_internships = bool(self.salary_table and self.salary_table.has_intern_row)
        for name, value in finder_columns(self.body.raw_data).items():
            setattr(self, name, value)

    def refresh_check_status(self) -> None:
        status = status_of(self)
        self.check_errors, self.check_warnings = status.errors, status.warnings

    # --- lifecycle -----------------------------------------------------------------------

    def latest_content(self) -> RolePage:
        """The page as its editors see it: the latest revision when a draft is ahead of live.

        Built on this instance (tree position, live state, lock), where Wagtail's
        ``get_latest_revision_as_object`` loads the page again; load pages with
        ``select_related("latest_revision")`` to save a query each.
        """
        revision = self.latest_revision
        if self.has_unpublished_changes and revision is not None:
            return self.with_content_json(revision.content)
        return self

    # The title as loaded from the database or a revision: a writer that leaves it alone
    # lets a generated title follow a new role name or year (follow_role_in_title).
    _title_as_loaded: str | None = None
    # The skill keys the row (and so its RoleSkill rows) held when loaded; None: unknown.
    _skill_keys_as_loaded: str | None = None

    @classmethod
    def from_db(cls, db, field_names, values):
        page = super().from_db(db, field_names, values)
        page._title_as_loaded = page.__dict__.get("title")
        page._skill_keys_as_loaded = page.__dict__.get("skill_keys")
        return page

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        fields = kwargs.get("fields")
        if fields is None or "title" in fields:
            self._title_as_loaded = self.title
        if fields is None or "skill_keys" in fields:
            self._skill_keys_as_loaded = self.skill_keys

    def with_content_json(self, content):
        page = super().with_content_json(content)
        page._title_as_loaded = page.title
        page._skill_keys_as_loaded = self._skill_keys_as_loaded  # the row is still this one's
        if "custom_title" not in content and page.role_name:
            # A revision from before pages remembered it: a title that is not the default is custom.
            page.custom_title = page.title != page.default_title
        return page

    def title_rule(self, title: str | None, role_name: str, year: int | None) -> tuple[str, bool]:
        """(title, is it custom) as saving this page with these values makes them.

        The one rule for every writer (admin, API, import, roll_year): an empty title or the
        default is generated; a title the writer changed to anything else is custom and stays;
        a generated title the writer left alone follows the role name and year.
        """
        generated = default_title(role_name, year)
        typed = (title or "").strip()
        if not typed or typed == generated:
            return generated, False
        if self.custom_title or typed != self._title_as_loaded:
            return title, True
        return generated, False

    def follow_role_in_title(self) -> None:
        self.title, self.custom_title = self.title_rule(self.title, self.role_name, self.year)

    def full_clean(self, *args, **kwargs):
        if self.role_name:
            self.role_name = self.role_name.strip()
            self.follow_role_in_title()
            if not self.slug:
                self.slug = slugify(self.role_name)
        try:
            super().full_clean(*args, **kwargs)
        except ValidationError as error:
            if not self.custom_title and "role_name" in getattr(error, "error_dict", {}):
                # A generated title repeats the role name's problem: report it once, there.
                error.error_dict.pop("title", None)
            raise

    def clean(self):
        super().clean()
        if self.role_name and not slugify(self.role_name):
            raise ValidationError({"role_name": "The role name must contain letters or digits."})

    def save(self, *args, **kwargs):
        self.refresh_salary_columns()
        update_fields = kwargs.get("update_fields")
        # A whole save stores this content; save_revision (update_fields with latest_revision)
        # saves the row with the draft's content in memory: both are the content to judge.
        if update_fields is None or "latest_revision" in update_fields:
            self.refresh_check_status()
            if update_fields is not None:
                kwargs["update_fields"] = update_fields = [*update_fields, *STATUS_FIELDS]
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = list(
                set(update_fields)
                | {"base_salary_min", "base_salary_max", "salary_currency", "has_internships"}
                | set(FINDER_COLUMNS)
            )
        if update_fields is None:
            # Skills, family or pay may have changed: suggest again at the next render.
            self.suggested_roles = None
        adding = self._state.adding
        saved = super().save(*args, **kwargs)
        self._title_as_loaded = self.title
        written = kwargs.get("update_fields")
        if written is None or "skill_keys" in written:
            # The related-roles index follows the stored keys (careers.find.related).
            RoleSkill.sync(self.pk, self.skill_keys, "" if adding else self._skill_keys_as_loaded)
            self._skill_keys_as_loaded = self.skill_keys
        return saved

    # --- rendering -----------------------------------------------------------------------

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["careers_settings"] = CareersSettings.for_request(request)
        # Related roles come from careers.find through a hook, as on the index page.
        for construct in hooks.get_hooks(CONSTRUCT_ROLE_CONTEXT):
            context.update(construct(self, request))
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        # Render now, inside one batched lookup of every page the rich text links to:
        # Wagtail's default costs ~2 queries per rich-text value.
        if hasattr(response, "render") and not getattr(response, "is_rendered", True):
            with prefetch_page_links(self.rich_text_sources()):
                response.render()
        return response

    def serve_preview(self, request, mode_name):
        response = super().serve_preview(request, mode_name)
        if hasattr(response, "render") and not getattr(response, "is_rendered", True):
            with prefetch_page_links(self.rich_text_sources()):
                response.render()
        return response

    def preview_api_representation(self, request) -> dict:
        """The draft in the read API's shape (/api/v3/pages/<id>/), rich text as HTML."""
        unsaved = self.pk is None
        if unsaved:
            self.pk = 0  # role_to_api links to the page's detail URL; a new page has none
        with rich_text_batch([self]):
            data = role_to_api(
                self, request, request.GET.get("rich_text_format", API_RICH_TEXT_FORMAT)
            )
        if unsaved:
            self.pk = None
            data["id"] = None
            data["meta"]["detail_url"] = None
        return data

    def rich_text_sources(self) -> list[str]:
        """The stored HTML of every rich-text value in the body."""
        return list(_rich_text_sources(self.body.raw_data))


def _rich_text_sources(raw):
    """Walk raw StreamField JSON and yield every string that may hold a page link."""
    if isinstance(raw, str):
        if 'linktype="page"' in raw:
            yield raw
    elif isinstance(raw, dict):
        for item in raw.values():
            yield from _rich_text_sources(item)
    elif isinstance(raw, list | tuple) or hasattr(raw, "__iter__") and not isinstance(raw, bytes):
        for item in raw:
            yield from _rich_text_sources(item)
