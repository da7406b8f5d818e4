"""The application form: one definition serves the HTML page and the JSON endpoint."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from applications.models import Track
from applications.resume import MAX_RESUME_BYTES, validate_resume
from careers.validators import validate_single_line

HONEYPOT_FIELD = "website"
MESSAGE_MAX_LENGTH = 2000

PRIVACY_TEXT = (
    "I agree that the recruiting team may store my name, email, links, message and résumé "
    "to assess this application and contact me about it. They are never published, are "
    "deleted on request, and are deleted automatically after the retention period."
)


# What the error summary calls each field: a label can be a sentence (the consent) or carry
# instructions (the résumé); the summary needs a name a person can scan.
SHORT_NAMES = {
    "name": "Full name",
    "email": "Email",
    "track": "Track",
    "linkedin_url": "LinkedIn profile",
    "github_url": "GitHub profile",
    "portfolio_url": "Portfolio",
    "resume": "Résumé",
    "message": "Message",
    "consent": "Consent",
}


@dataclass(frozen=True)
class SummaryEntry:
    """One line of the error summary: the field's short name, its first error, a link to it."""

    name: str
    message: str
    href: str


def _host_is(url: str, domain: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return host == domain or host.endswith("." + domain)


class HttpURLField(forms.URLField):
    """Only http(s): recruiters click these links."""

    default_validators = [URLValidator(schemes=["http", "https"])]
    default_error_messages = {"invalid": "Enter a full web address starting with https://."}

    def __init__(self, *, domain: str | None = None, **kwargs):
        self.domain = domain
        kwargs.setdefault("assume_scheme", "https")
        kwargs.setdefault("max_length", 500)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value and urlsplit(value).scheme.lower() not in {"http", "https"}:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if value and self.domain and not _host_is(value, self.domain):
            raise ValidationError(
                "This should be a %(domain)s address, e.g. https://%(domain)s/…",
                code="wrong_site",
                params={"domain": self.domain},
            )


class ApplicationForm(forms.Form):
    """What a candidate sends; errors name the field and say how to fix it."""

    name = forms.CharField(
        label="Full name",
        max_length=200,
        validators=[validate_single_line],
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Enter your name."},
    )
    email = forms.EmailField(
        label="Email",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Enter your email address.",
            "invalid": "Enter an email address like name@example.com.",
        },
    )
    track = forms.ChoiceField(
        label="Track",
        choices=Track.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a track: internship, entry-level or experienced.",
            "invalid_choice": "Choose internship, entry_level or experienced.",
        },
    )
    linkedin_url = HttpURLField(
        label="LinkedIn profile",
        domain="linkedin.com",
        widget=forms.URLInput(attrs={"placeholder": "https://www.linkedin.com/in/…"}),
    )
    github_url = HttpURLField(
        label="GitHub profile",
        domain="github.com",
        widget=forms.URLInput(attrs={"placeholder": "https://github.com/…"}),
    )
    portfolio_url = HttpURLField(label="Portfolio or website")
    resume = forms.FileField(
        label="Résumé (PDF or Word .docx, up to 5 MB)",
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".pdf,.docx,application/pdf,"
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
        ),
        error_messages={
            "required": "Attach your résumé as a PDF or Word (.docx) file.",
            "empty": "The résumé file is empty.",
            "invalid": "The résumé upload did not arrive; please choose the file again.",
        },
    )
    message = forms.CharField(
        label="Message",
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=f"A few lines about what you are looking for (up to {MESSAGE_MAX_LENGTH} characters).",
    )
    consent = forms.BooleanField(
        label=PRIVACY_TEXT,
        error_messages={"required": "Tick the box to agree to the privacy notice."},
    )
    # Honeypot: hidden from people (CSS and aria-hidden), filled in by naive bots.
    website = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, upload_too_large: bool = False, **kwargs):
        self.upload_too_large = upload_too_large
        super().__init__(*args, **kwargs)
        self.resume_type: str | None = None

    @property
    def is_bot(self) -> bool:
        return bool((self.data.get(HONEYPOT_FIELD) or "").strip())

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise ValidationError("Enter your name.", code="required")
        return name

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_resume(self):
        upload = self.cleaned_data["resume"]
        self.resume_type = validate_resume(upload)
        return upload

    def full_clean(self):
        super().full_clean()
        if self.is_bound and self.upload_too_large:
            # The upload handler dropped the file mid-stream; "required" would mislead.
            self.errors.pop("resume", None)
            self.add_error(
                "resume", ValidationError("The résumé is larger than 5 MB.", code="too_large")
            )
        self._describe_errors()

    def _describe_errors(self):
        """Point each field at its hint and errors, so screen readers announce them."""
        for name, field in self.fields.items():
            bound = self[name]
            described_by = []
            if field.help_text:
                described_by.append(f"{bound.auto_id}_hint")
            if name in self.errors:
                described_by.append(f"{bound.auto_id}_errors")
                field.widget.attrs["aria-invalid"] = "true"
            if described_by:
                field.widget.attrs["aria-describedby"] = " ".join(described_by)

    @property
    def error_summary(self) -> list[SummaryEntry]:
        """The invalid fields in form order, each linking to its input (a group to its first)."""
        entries = []
        for name in self.fields:
            if name not in self.errors or name == HONEYPOT_FIELD:
                continue
            bound = self[name]
            # A radio group's label points nowhere; its first radio is where to go.
            target = bound.id_for_label or bound.subwidgets[0].id_for_label
            short = SHORT_NAMES.get(name, bound.label)
            entries.append(SummaryEntry(short, self.errors[name][0], f"#{target}"))
        return entries

    @staticmethod
    def safe_filename(upload) -> str:
        """The visitor's file name, reduced to a harmless base name for the download header."""
        name = PurePath((upload.name or "").replace("\\", "/")).name
        name = "".join(ch for ch in name if ch.isprintable() and ch not in '"<>|:*?')
        return name[:200] or "resume"


__all__ = [
    "ApplicationForm",
    "HONEYPOT_FIELD",
    "MAX_RESUME_BYTES",
    "PRIVACY_TEXT",
    "SHORT_NAMES",
    "SummaryEntry",
]
