"""The site's home page."""

from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.models import Page
from wagtail.search import index

from careers.models import CareersIndexPage
from careers.validators import SingleLinePageFields


class HomePage(SingleLinePageFields, Page):
    """The site root: a welcome and a way into the careers section."""

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["careers.CareersIndexPage"]
    max_count = 1

    intro = models.TextField(
        blank=True,
        help_text="A short welcome shown under the page title.",
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]

    search_fields = Page.search_fields + [index.SearchField("intro")]

    api_fields = [APIField("intro")]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["careers_index"] = CareersIndexPage.objects.live().first()
        return context
