from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from careers.seo.views import robots_txt
from cms.api import api_v2_router, api_v3
from cms.icons import favicon
from cms.siteurl import SiteSitemap

urlpatterns = [
    path("", include("applications.urls")),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_v2_router.urls),
    path("api/v3/", api_v3.urls),
    path("", include("delivery.urls")),  # /api/preview/ and, in DEBUG, /preview-frontend/
    path("sitemap.xml", sitemap, {"sitemaps": {"wagtail": SiteSitemap}}, name="sitemap"),
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
