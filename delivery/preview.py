"""Headless preview: a "Headless front end" preview mode and the JSON endpoint it feeds.

wagtail-headless-preview stores a snapshot of the editor's form under a signed token and
sends the editor to the front end configured for the site (WAGTAIL_HEADLESS_PREVIEW
["CLIENT_URLS"]); the front end trades the token for the draft as JSON at /api/preview/.
We add what the package leaves out: Wagtail's own HTML preview stays the default mode, tokens
expire (HEADLESS_PREVIEW_TOKEN_MAX_AGE), and the JSON has the read API's shape.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from wagtail_headless_preview.models import HeadlessPreviewMixin, PagePreview

from cms.security import ADMIN_POLICY

HEADLESS_MODE = "headless"
RICH_TEXT_FORMATS = ("html", "db_html", "markdown", "db_markdown")


class HeadlessPreviewable(HeadlessPreviewMixin):
    """Adds a "Headless front end" preview mode next to Wagtail's own HTML preview."""

    @property
    def preview_modes(self):
        return [*super().preview_modes, (HEADLESS_MODE, "Headless front end")]

    def serve_preview(self, request, mode_name):
        if mode_name != HEADLESS_MODE:
            # Skip the package's override: every other mode is Wagtail's own HTML preview.
            return super(HeadlessPreviewMixin, self).serve_preview(request, mode_name)
        response = HeadlessPreviewMixin.serve_preview(self, request, mode_name)
        client = urlsplit(self.get_client_root_url(request))
        if client.scheme and client.netloc:
            # The admin's policy frames only itself; this page frames the front end.
            origin = f"{client.scheme}://{client.netloc}"
            response["Content-Security-Policy"] = ADMIN_POLICY.replace(
                "frame-src 'self'", f"frame-src 'self' {origin}"
            )
        return response

    def preview_api_representation(self, request) -> dict:
        """The draft as JSON for the front end: each page type says what its JSON is."""
        raise NotImplementedError


def _problem(status: int, detail: str) -> JsonResponse:
    response = JsonResponse({"status": status, "detail": detail}, status=status)
    return _private(response)


def _private(response):
    # Drafts: never cached by browsers or proxies, never indexed.
    response["Cache-Control"] = "no-store, private"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _preview_model(content_type: str):
    app_label, _, model_name = content_type.partition(".")
    try:
        ct = ContentType.objects.get_by_natural_key(app_label, model_name.lower())
    except ContentType.DoesNotExist:
        return None, None
    model = ct.model_class()
    if model is None or not issubclass(model, HeadlessPreviewable):
        return None, None
    return ct, model


@require_GET
def preview_api(request):
    """GET /api/preview/?content_type=careers.rolepage&token=… → the draft as JSON."""
    content_type = request.GET.get("content_type", "")
    token = request.GET.get("token", "")
    if not content_type or not token:
        return _problem(400, "Both content_type and token query parameters are required.")
    rich_text_format = request.GET.get("rich_text_format", "html")
    if rich_text_format not in RICH_TEXT_FORMATS:
        return _problem(400, f"rich_text_format must be one of {', '.join(RICH_TEXT_FORMATS)}.")
    ct, model = _preview_model(content_type)
    if model is None:
        return _problem(
            400, f"content_type {content_type!r} is not a page type with headless preview."
        )
    try:
        identifier = model.get_preview_signer().unsign(
            token, max_age=settings.HEADLESS_PREVIEW_TOKEN_MAX_AGE
        )
    except signing.SignatureExpired:
        return _problem(
            403, "The preview token has expired; open the preview again from the page editor."
        )
    except signing.BadSignature:
        return _problem(403, "The preview token is not valid.")
    preview = PagePreview.objects.filter(content_type=ct, token=token).first()
    if preview is None:
        return _problem(404, "No preview for this token and content_type.")
    page = preview.as_page()
    # The token names the page it was made for; the snapshot must be that page.
    if identifier.startswith("id=") and identifier != f"id={page.pk}":
        return _problem(403, "The preview token does not belong to this page.")
    return _private(JsonResponse(page.preview_api_representation(request)))
