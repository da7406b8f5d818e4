"""Notification emails, sent after the application is committed; failures are only logged."""

from __future__ import annotations

import html
import logging
import unicodedata

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from careers.facts.site import DEFAULT_ORGANISATION_NAME
from cms.siteurl import admin_absolute_url

logger = logging.getLogger("applications")


def admin_url(application) -> str:
    return admin_absolute_url(reverse("applications:edit", args=[application.pk]))


def greeting_name(name: str) -> str:
    """The candidate's name as the only text of theirs in the email: one line, no markup.

    Anyone can type someone else's address, so the email quotes nothing else they wrote.
    Control and format characters (line breaks, bidi overrides) are dropped and ``& < >``
    escaped, so a name can neither add lines nor turn into markup in a client that renders
    plain text as HTML.
    """
    kept = "".join(
        " " if unicodedata.category(ch)[0] == "Z" else ch
        for ch in name
        if unicodedata.category(ch)[0] != "C"
    )
    return html.escape(" ".join(kept.split()), quote=False)


def send_application_emails(application, *, organisation: str = "") -> int:
    """Email the candidate and the recruiters; return how many were sent.

    Called from transaction.on_commit: the application is already stored, so an SMTP
    outage costs a notification, never the application.
    """
    repeat = application.is_repeat
    context = {
        "application": application,
        "name": greeting_name(application.name),
        "repeat": repeat,
        "organisation": organisation or DEFAULT_ORGANISATION_NAME,
        "admin_url": admin_url(application),
        "first_admin_url": (
            admin_url(application.repeat_of) if repeat and application.repeat_of else ""
        ),
    }
    sent = 0
    messages = [
        (
            "candidate",
            EmailMessage(
                subject=(
                    f"We received another application: {application.role_title}"
                    if repeat
                    else f"We received your application: {application.role_title}"
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
                        f"{'Repeat' if repeat else 'New'} application: "
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
