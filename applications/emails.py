"""Notification emails, sent after the application is committed; failures are only logged."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

logger = logging.getLogger("applications")


def admin_url(application) -> str:
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    return base + reverse("applications:edit", args=[application.pk])


def send_application_emails(application, *, created: bool, organisation: str = "") -> int:
    """Email the candidate and the recruiters; return how many were sent.

    Called from transaction.on_commit: the application is already stored, so an SMTP
    outage costs a notification, never the application.
    """
    context = {
        "application": application,
        "created": created,
        "organisation": organisation or "our",
        "admin_url": admin_url(application),
    }
    sent = 0
    messages = [
        (
            "candidate",
            EmailMessage(
                subject=(
                    f"We received your application: {application.role_title}"
                    if created
                    else f"We updated your application: {application.role_title}"
                ),
                body=render_to_string("applications/email/candidate.txt", context),
                to=[application.email],
                reply_to=[settings.RECRUITER_EMAIL] if settings.RECRUITER_EMAIL else None,
            ),
        )
    ]
    if settings.RECRUITER_EMAIL:
        messages.append(
            (
                "recruiter",
                EmailMessage(
                    subject=(
                        f"{'New' if created else 'Updated'} application: "
                        f"{application.role_title} ({application.get_track_display()})"
                    ),
                    body=render_to_string("applications/email/recruiter.txt", context),
                    to=[settings.RECRUITER_EMAIL],
                ),
            )
        )
    else:
        logger.warning(
            "RECRUITER_EMAIL is not set: no recruiter email for application %s", application.pk
        )
    for kind, message in messages:
        try:
            message.send(fail_silently=False)
        except Exception:
            # Broad on purpose: any backend error (SMTP, DNS, TLS) must not escape.
            logger.exception("could not send the %s email for application %s", kind, application.pk)
        else:
            sent += 1
    return sent
