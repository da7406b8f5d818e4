from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from careers.seo.views import robots_txt, sitemap_file, sitemap_index
from cms.api import api_v2_router, api_v3
from cms.icons import favicon

urlpatterns = [
    path("", include("applications.urls")),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_v2_router.urls),
    path("api/v3/", api_v3.urls),
    path("", include("delivery.urls")),  # /api/preview/ and, in DEBUG, /preview-frontend/
    path("sitemap.xml", sitemap_index, name="sitemap"),
    # Canonical numbers only (no 0, no leading zeros): one cache entry per file.
    re_path(r"^sitemap-pages-(?P<number>[1-9][0-9]{0,8})\.xml$", sitemap_file, name="sitemap_file"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("favicon.ico", favicon, name="favicon"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    # Site search and /careers/compare/ (careers/find/); before Wagtail's page serving.
    path("", include("careers.find.urls")),
    # Wagtail's page serving catches everything else, so it stays last.
    path("", include(wagtail_urls)),
]

handler500 = "cms.views.server_error"
