"""/favicon.ico: browsers ask the site root for it, so serve the static icon there too."""

from django.conf import settings
from django.http import HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

FAVICON = settings.BASE_DIR / "static" / "icons" / "favicon.ico"


@require_GET
@cache_control(public=True, max_age=86400)
def favicon(request):
    # Read per request (1–2 KB) so a regenerated icon (bench/make_icons.py) shows without a restart.
    return HttpResponse(FAVICON.read_bytes(), content_type="image/x-icon")
