"""/robots.txt: crawl everything public, skip the admin, and point at the sitemap."""

from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from wagtail.models import Site

from cms.siteurl import absolute_url, root_url_for

DISALLOWED = ("/admin/", "/django-admin/")


@require_GET
def robots_txt(request):
    site = Site.find_for_request(request)
    sitemap_path = reverse("sitemap")
    # The same base as canonical URLs and the sitemap's own links.
    sitemap_url = (
        root_url_for(site.pk, site.root_url, request) + sitemap_path
        if site
        else absolute_url(sitemap_path)
    )
    lines = [
        "User-agent: *",
        *(f"Disallow: {path}" for path in DISALLOWED),
        f"Sitemap: {sitemap_url}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
