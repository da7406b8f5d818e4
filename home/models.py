"""The site's home page."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.models import Orderable, Page
from wagtail.search import index

from careers.facts.pay_growth import (
    PAY_GROWTH_PLACEHOLDERS,
    pay_growth_sentence,
    unknown_placeholders,
)
from careers.validators import SingleLinePageFields, validate_single_line
from home.sections import MAX_FEATURED, count_phrase, home_sections


def _line(default: str, help_text: str, blank: bool = False) -> models.CharField:
    """A one-line piece of the home page's wording, with the text it starts with."""
    return models.CharField(
        max_length=120,
        default=default,
        blank=blank,
        validators=[validate_single_line],
        help_text=help_text,
    )


class HomePage(SingleLinePageFields, Page):
    """The site root: what the site is for, a search box, the families, roles and their pay."""

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["careers.CareersIndexPage"]
    max_count = 1

    intro = models.TextField(
        blank=True,
        help_text="A short welcome shown under the page title.",
    )
    search_label = _line("Search roles", "The label above the search box.")
    search_placeholder = _line(
        "e.g. Python or Kubernetes",
        "An example shown inside the empty search box; leave blank for none.",
        blank=True,
    )
    search_button = _line("Search", "The search button's words.")
    browse_text = _line("Browse all roles", "The link to the careers index, beside the search box.")
    families_heading = _line("Browse by family", "The heading above the role families.")
    role_count_one = _line("1 role", "How a count of one role reads, e.g. under a family.")
    role_count_many = _line(
        "{count} roles", "How a count of several roles reads; {count} is replaced by the number."
    )
    featured_heading = _line("Featured roles", "The heading above the featured role cards.")
    featured_count = models.PositiveSmallIntegerField(
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_FEATURED)],
        help_text="How many role cards to show. The roles chosen below come first; the most "
        "recently published roles fill the rest.",
    )
    card_pay_label = _line("Base pay", "On each card, the label of the base salary range.")
    card_internships_label = _line("Internships", "On each card, the label of the internships.")
    card_internships_yes = _line("Offered", "On a card, when the role offers internships.")
    card_internships_no = _line("None listed", "On a card, when the role lists no internships.")
    pay_growth_heading = _line("How pay grows", "The heading above the pay highlight.")
    pay_growth_text = models.TextField(
        default="Across {roles}, typical base pay rises {growth} from entry level ({entry}) "
        "to senior ({senior}).",
        blank=True,
        help_text="The highlight's sentence, figures taken from the roles' salary tables: "
        "{roles} (e.g. \u201c5 roles\u201d), {growth} (e.g. \u201c60%\u201d), {entry} and "
        "{senior} (typical base salaries). Hidden when the roles have no entry-level and "
        "senior figures to compare.",
    )
    pay_growth_note = models.TextField(
        default="Typical pay is the median of the roles\u2019 mid-range base salary at each level.",
        blank=True,
        help_text="A note under the list of typical salaries, e.g. how they are worked out.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("search_label"),
                FieldPanel("search_placeholder"),
                FieldPanel("search_button"),
                FieldPanel("browse_text"),
            ],
            heading="Search and browse",
        ),
        MultiFieldPanel(
            [
                FieldPanel("families_heading"),
                FieldPanel("role_count_one"),
                FieldPanel("role_count_many"),
            ],
            heading="Role families",
        ),
        MultiFieldPanel(
            [
                FieldPanel("featured_heading"),
                FieldPanel("featured_count"),
                InlinePanel(
                    "featured_roles",
                    max_num=MAX_FEATURED,
                    heading="Chosen roles",
                    label="Featured role",
                    help_text=f"Up to {MAX_FEATURED}, in the order shown; leave empty to "
                    "show the most recently published roles.",
                ),
            ],
            heading="Featured roles",
        ),
        MultiFieldPanel(
            [
                FieldPanel("card_pay_label"),
                FieldPanel("card_internships_label"),
                FieldPanel("card_internships_yes"),
                FieldPanel("card_internships_no"),
            ],
            heading="Role card wording",
            classname="collapsed",
        ),
        MultiFieldPanel(
            [
                FieldPanel("pay_growth_heading"),
                FieldPanel("pay_growth_text"),
                FieldPanel("pay_growth_note"),
            ],
            heading="How pay grows",
        ),
    ]

    search_fields = Page.search_fields + [index.SearchField("intro")]

    api_fields = [
        APIField("intro"),
        APIField("search_label"),
        APIField("search_placeholder"),
        APIField("search_button"),
        APIField("browse_text"),
        APIField("families_heading"),
        APIField("featured_heading"),
        APIField("featured_count"),
        APIField("featured_roles"),
        APIField("pay_growth_heading"),
        APIField("pay_growth_text"),
        APIField("pay_growth_note"),
    ]

    def clean(self):
        super().clean()
        errors = {}
        for name, known in (
            ("pay_growth_text", PAY_GROWTH_PLACEHOLDERS),
            ("role_count_one", ("count",)),
            ("role_count_many", ("count",)),
        ):
            unknown = unknown_placeholders(getattr(self, name), known)
            if unknown:
                braced = ", ".join("{" + placeholder + "}" for placeholder in unknown)
                allowed = ", ".join("{" + placeholder + "}" for placeholder in known)
                errors[name] = f"Nothing fills {braced}; this text can use {allowed}."
        if errors:
            raise ValidationError(errors)

    def roles_phrase(self, count: int) -> str:
        return count_phrase(count, self.role_count_one, self.role_count_many)

    def pay_growth_sentence(self, growth) -> str:
        """The highlight's sentence for ``growth`` (careers.facts.pay_growth.PayGrowth)."""
        return pay_growth_sentence(self.pay_growth_text, growth, self.roles_phrase(growth.roles))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(home_sections(self))
        return context


class HomeFeaturedRole(Orderable):
    """A role the editor puts on the home page, in the order they chose."""

    page = ParentalKey("home.HomePage", on_delete=models.CASCADE, related_name="featured_roles")
    role = models.ForeignKey(
        "careers.RolePage",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="A role to show as a card on the home page (while it is published).",
    )

    panels = [PageChooserPanel("role", page_type="careers.RolePage")]

    api_fields = [APIField("role")]

    class Meta(Orderable.Meta):
        verbose_name = "featured role"
