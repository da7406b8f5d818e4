"""Serves examples/preview-frontend/ in development, so `make run` previews work at once."""

from django.conf import settings
from django.http import Http404
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.static import serve

from cms.security import PUBLIC_POLICY

FRONTEND_DIR = settings.BASE_DIR / "examples" / "preview-frontend"


@xframe_options_sameorigin
def example_frontend(request, path=""):
    if not settings.DEBUG:
        raise Http404("The example front end is served only with DEBUG on.")
    response = serve(request, path or "index.html", document_root=FRONTEND_DIR)
    # The admin's preview panel frames this page; everything else stays as strict as the site.
    response["Content-Security-Policy"] = PUBLIC_POLICY.replace(
        "frame-ancestors 'none'", "frame-ancestors 'self'"
    ).replace("; upgrade-insecure-requests", "")
    response["Cache-Control"] = "no-store"
    return response
