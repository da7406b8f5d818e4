"""Error pages: a lost database is a 503 with a retry hint, a missing page the site's own 404."""

import sys

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponseServerError
from django.template import loader
from django.urls import get_resolver, get_urlconf

from cms.security import DatabaseUnavailableMiddleware


def server_error(request):
    exception = sys.exc_info()[1]
    if isinstance(exception, OperationalError | InterfaceError):
        return DatabaseUnavailableMiddleware(lambda r: None).process_exception(request, exception)
    try:
        body = loader.render_to_string("500.html", {"request": request})
    except Exception:  # noqa: BLE001 - the error page must not fail in turn
        body = "<!DOCTYPE html><title>Server error</title><h1>Something went wrong</h1>"
    return HttpResponseServerError(body)


class FriendlyNotFoundMiddleware:
    """Under DEBUG (`make run`), a missing page gets handler404's page, not Django's URL listing."""

    # With DEBUG on, Django answers every 404 with its technical page: the URL patterns, styled
    # inline, so the CSP leaves it bare. DEBUG_404_PATTERNS=1 brings it back. This sits inside
    # CommonMiddleware, so a missing trailing slash still redirects first.

    def __init__(self, get_response):
        if not settings.DEBUG or getattr(settings, "DEBUG_404_PATTERNS", False):
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 404 and request.resolver_match is None:
            # No URL pattern matched: the response is Django's technical 404.
            return self.not_found(request, Http404(request.path))
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, Http404):  # raised by a view, e.g. Wagtail's page serving
            return self.not_found(request, exception)
        return None

    @staticmethod
    def not_found(request, exception):
        resolver = get_resolver(getattr(request, "urlconf", None) or get_urlconf())
        return resolver.resolve_error_handler(404)(request, exception)
