"""Security headers for every response, the API's input rules, and a 503 when the database is down."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.html import escape

from wagtail.api.v3.errors import problem_response

from careers.facts.characters import bad_character, printable
from careers.params import ParameterError, clean_text

logger = logging.getLogger("careers.security")

# Visitors' pages carry no inline script or style at all, so the policy can forbid them.
PUBLIC_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'; upgrade-insecure-requests"
)
# Wagtail's admin (and its userbar and previews, for signed-in editors) uses inline scripts
# and styles; it still loads nothing from any other host.
ADMIN_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
    "connect-src 'self'; frame-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'self'"
)
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)


def _policy_for(request) -> str:
    path = request.path
    admin_prefixes = getattr(settings, "CSP_ADMIN_PATH_PREFIXES", ("/admin/", "/django-admin/"))
    if path.startswith(tuple(admin_prefixes)):
        return ADMIN_POLICY
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return ADMIN_POLICY
    return PUBLIC_POLICY


def _strip_upgrade_for_plain_http(policy: str) -> str:
    # On plain-HTTP deployments (local runs, the benchmark) upgrading would break every asset.
    if getattr(settings, "SECURE_SSL_REDIRECT", False):
        return policy
    return policy.replace("; upgrade-insecure-requests", "")


class SecurityHeadersMiddleware:
    """Adds CSP, Permissions-Policy and cross-origin isolation headers to every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = _strip_upgrade_for_plain_http(
                _policy_for(request)
            )
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        response.setdefault("X-Content-Type-Options", "nosniff")
        return response


API_PREFIX = "/api/"
# Wagtail's v2 endpoint answers every client error as {"message": ...}; its clients expect that.
API_V2_PREFIX = "/api/v2/"


class ApiInputMiddleware:
    """The shared text rule (careers.params) for every query parameter under /api/.

    Wagtail's v2 endpoint filters on ``search``, ``locale``, ``site``, ``html_path`` and any
    field name, and a NUL byte in any of them reaches PostgreSQL, which cannot take it. One
    check here covers every API view (v2, v3, preview, applications), and a body over Django's
    size limits gets a problem+json answer instead of the HTML error page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(API_PREFIX):
            try:
                for name, values in request.GET.lists():
                    if problem := bad_character(name):
                        raise ParameterError(printable(name), f"The parameter name: {problem}")
                    for value in values:
                        clean_text(name, value)
            except ParameterError as error:
                if request.path.startswith(API_V2_PREFIX):
                    return JsonResponse({"message": str(error)}, status=400)
                return problem_response(
                    status=400,
                    detail=str(error),
                    errors=[{"loc": ["query", error.name], "msg": error.message}],
                )
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not request.path.startswith(API_PREFIX):
            return None
        if isinstance(exception, RequestDataTooBig):
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            return problem_response(
                status=413,
                detail=f"The request body is larger than the limit of {limit} bytes.",
            )
        if isinstance(exception, TooManyFieldsSent | TooManyFilesSent):
            return problem_response(status=400, detail=str(exception))
        return None


class DatabaseUnavailableMiddleware:
    """Turns a lost database connection into a friendly 503 instead of a traceback.

    With CONN_HEALTH_CHECKS on, Django drops the broken connection at the end of the request
    and opens a fresh one on the next, so the site recovers without a restart.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OSError) and request.method == "POST" and request.FILES:
            return storage_failure_response(request, exception)
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.warning(
            "Database unavailable for %s %s: %s", request.method, request.path, exception
        )

        try:
            body = render_to_string("503.html", {"request": request})
        except Exception:  # noqa: BLE001 - the error page must not fail in turn
            body = "<!DOCTYPE html><title>Temporarily unavailable</title><h1>Temporarily unavailable</h1>"
        response = HttpResponse(body, status=503)
        response["Retry-After"] = "5"
        response["Cache-Control"] = "no-store"
        return response


def storage_failure_response(request, exception):
    """An upload the storage could not write: say so plainly; nothing was saved."""
    logger.error("Upload to %s could not be stored: %s", request.path, exception)
    message = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        "<title>Upload failed</title></head><body><main><h1>Upload failed</h1>"
        "<p>The file could not be stored: the media storage is not writable "
        f"({escape(type(exception).__name__)}). Nothing was saved. Please tell an administrator "
        "and try again later.</p></main></body></html>"
    )
    response = HttpResponse(message, status=503)
    response["Cache-Control"] = "no-store"
    return response
