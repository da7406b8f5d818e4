"""Template tags that print what careers.seo.metadata decides; no logic of their own."""

from django import template

from careers.models import CareersSettings
from careers.seo import metadata

register = template.Library()


def _careers_settings(request):
    return CareersSettings.for_request(request) if request is not None else None


@register.inclusion_tag("seo/head.html", takes_context=True)
def seo_head(context):
    """Meta description, canonical, Open Graph, Twitter card and JSON-LD for the page."""
    request = context.get("request")
    page = context.get("page")
    return {"meta": metadata.head_for(page, request, _careers_settings(request))}


@register.simple_tag(takes_context=True)
def breadcrumbs(context):
    """The trail the visible breadcrumb and the BreadcrumbList JSON-LD both print."""
    return metadata.breadcrumbs_for(context["page"], context.get("request"))
