"""Public views: the application form, its confirmation page and the JSON endpoint."""

from __future__ import annotations

import logging

from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from wagtail.models import Site

from applications import ratelimit
from applications.forms import ApplicationForm
from applications.services import Submission, submit_application
from applications.uploads import limit_uploads
from careers.models import CareersSettings, RolePage
from careers.params import ParameterError, clean_text, parse_int

logger = logging.getLogger("applications")


def open_roles(request):
    """Live, public role pages of the site this request is for."""
    roles = RolePage.objects.live().public()
    site = Site.find_for_request(request)
    if site is not None:
        roles = roles.descendant_of(site.root_page, inclusive=True)
    return roles


def find_role(request, ref: str):
    """A role by slug, or by page id when ref is all digits (the JSON endpoint allows both)."""
    # The shared input rules (careers.params): ASCII digits within 64 bits, no NUL.
    try:
        ref = clean_text("role", ref).strip()
        page_id = parse_int("role", ref, 1) if ref.isascii() and ref.isdigit() else None
    except ParameterError:
        return None
    if not ref:
        return None
    roles = open_roles(request)
    if page_id is not None:
        return roles.filter(pk=page_id).first()
    return roles.filter(slug=ref).first()


def organisation_name(request) -> str:
    return CareersSettings.for_request(request).organisation_name


def rate_limited_message(retry_after: int) -> str:
    minutes = max(1, round(retry_after / 60))
    return (
        "Too many applications have been sent from your network. "
        f"Please try again in about {minutes} minute{'s' if minutes != 1 else ''}."
    )


@csrf_exempt  # re-applied below, after the upload limit is installed
@never_cache
@require_http_methods(["GET", "POST"])
def apply(request, slug):
    if request.method == "POST":
        limit_uploads(request)
    return _apply(request, slug)


@csrf_protect
def _apply(request, slug):
    role = find_role(request, slug)
    if role is None:
        raise Http404("No open role at this address.")
    context = {"role": role, "page": role}
    if request.method != "POST":
        context["form"] = ApplicationForm()
        return render(request, "applications/apply.html", context)

    form = ApplicationForm(
        request.POST, request.FILES, upload_too_large=getattr(request, "upload_too_large", False)
    )
    # Peek first: a client already over the limit is told so before any work is done.
    retry_after = ratelimit.retry_after(request)
    if retry_after is None:
        if not form.is_valid():
            # A mistake is not a submission: it is shown and not counted.
            context["form"] = form
            return render(request, "applications/apply.html", context)
        retry_after = ratelimit.consume(request)
    if retry_after is not None:
        context.update(form=form, rate_limited=rate_limited_message(retry_after))
        response = render(request, "applications/apply.html", context, status=429)
        response["Retry-After"] = str(retry_after)
        return response
    # From here a caught bot is answered exactly like a candidate (see docs/applications.md).
    if form.is_bot:
        logger.info("honeypot filled: application for role %s dropped", role.pk)
    else:
        submit_application(
            role, Submission.from_form(form), organisation=organisation_name(request)
        )
    return HttpResponseRedirect(reverse("apply:thanks", kwargs={"slug": role.slug}))


@never_cache
@require_GET
def thanks(request, slug):
    role = find_role(request, slug)
    if role is None:
        raise Http404("No open role at this address.")
    return render(request, "applications/thanks.html", {"role": role, "page": role})


def _json_errors(errors: dict, status: int) -> JsonResponse:
    return JsonResponse({"errors": errors}, status=status)


# No CSRF token: the endpoint reads no cookie or session and acts for nobody, so a forged
# cross-site request gains nothing a direct one would not. Honeypot and rate limit still apply.
@csrf_exempt
@never_cache
def api_submit(request):
    if request.method != "POST":
        response = _json_errors(
            {"__all__": [{"message": "Only POST is allowed here.", "code": "method_not_allowed"}]},
            405,
        )
        response["Allow"] = "POST"
        return response
    if not request.content_type.startswith("multipart/form-data"):
        return _json_errors(
            {
                "__all__": [
                    {
                        "message": "Send multipart/form-data: the résumé is a file upload. "
                        f"Got {request.content_type or 'no content type'}.",
                        "code": "unsupported_media_type",
                    }
                ]
            },
            415,
        )
    limit_uploads(request)
    # Peek first: a client already over the limit is told so before any work is done.
    retry_after = ratelimit.retry_after(request)
    if retry_after is not None:
        return _rate_limited(retry_after)

    form = ApplicationForm(
        request.POST, request.FILES, upload_too_large=getattr(request, "upload_too_large", False)
    )
    role = find_role(request, request.POST.get("role", ""))
    errors = {}
    if role is None:
        errors["role"] = [
            {
                "message": "Give the slug or id of an open role page, e.g. role=applied-ml-engineer."
                if not request.POST.get("role")
                else f"No open role matches {request.POST['role']!r}.",
                "code": "required" if not request.POST.get("role") else "invalid",
            }
        ]
    if not form.is_valid():
        errors.update(form.errors.get_json_data())
    if errors:
        # A mistake is not a submission: it is reported and not counted.
        return _json_errors(errors, 400)
    retry_after = ratelimit.consume(request)
    if retry_after is not None:
        return _rate_limited(retry_after)
    if form.is_bot:
        logger.info("honeypot filled: API application for role %s dropped", role.pk)
    else:
        submit_application(
            role, Submission.from_form(form), organisation=organisation_name(request)
        )
    # One answer for a first application, a repeat and a caught bot: it must reveal neither
    # whether an address has applied nor that the honeypot was seen.
    return JsonResponse(
        {
            "status": "received",
            "role": {"id": role.pk, "slug": role.slug, "title": role.role_name},
        },
        status=202,
    )


def _rate_limited(retry_after: int) -> JsonResponse:
    response = _json_errors(
        {"__all__": [{"message": rate_limited_message(retry_after), "code": "rate_limited"}]},
        429,
    )
    response["Retry-After"] = str(retry_after)
    return response
