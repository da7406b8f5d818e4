"""/robots.txt and the sitemaps: crawl everything public, skip the admin, list every page."""

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_safe

from wagtail.models import Site

from careers.seo import sitemaps
from cms.siteurl import absolute_url, root_url_for

DISALLOWED = ("/admin/", "/django-admin/")
XML = "application/xml"


@require_GET
def robots_txt(request):
    site = Site.find_for_request(request)
    sitemap_path = reverse("sitemap")  # the index, which names every sitemap file
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


@require_safe
def sitemap_index(request):
    root = sitemaps.site_root(request)
    count = sitemaps.file_count(root)
    locations = [
        root.base + reverse("sitemap_file", args=(str(number),)) for number in range(1, count + 1)
    ]
    return HttpResponse(sitemaps.index_xml(locations), content_type=XML)


@require_safe
def sitemap_file(request, number: str):
    root = sitemaps.site_root(request)
    entries = sitemaps.file_entries(root, int(number)) if root is not None else None
    if entries is None:
        raise Http404("No such sitemap file")
    return HttpResponse(sitemaps.urlset_xml(entries), content_type=XML)
