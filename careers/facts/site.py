"""Site-wide defaults: the organisation's name and the apply text, defined once for every path.

Pure: no Django, no I/O. ``CareersSettings`` takes its field defaults from here, and whatever
renders without saved settings (the apply block, social cards, head metadata, the importer,
the exporter, ``push_roles``) falls back to the same values, so the site never names itself
two ways.
"""

from __future__ import annotations

# What the live site shows: the settings model's default since the first release.
DEFAULT_ORGANISATION_NAME = "PropelGrad"
# The apply button's words where an editor wrote none: the block default, the importer's
# default and the quick facts' fallback.
DEFAULT_BUTTON_LABEL = "Submit your profile"
DEFAULT_APPLY_TEXT = (
    "Submit your profile and a {organisation} recruiter will help you land an interview "
    "for {role} internships and entry-level positions at top companies."
)


def organisation_name(careers_settings) -> str:
    """The organisation's name from the careers settings, or the default without any."""
    name = getattr(careers_settings, "organisation_name", "") or ""
    return name.strip() or DEFAULT_ORGANISATION_NAME


def apply_text_template(careers_settings) -> str:
    """The site's apply text with its {organisation} and {role} placeholders still in it."""
    return getattr(careers_settings, "default_apply_text", "") or DEFAULT_APPLY_TEXT


def fill_apply_text(template: str, organisation: str, role_name: str) -> str:
    """The apply text for one role: the placeholders replaced by the names."""
    return template.replace("{organisation}", organisation).replace("{role}", role_name)
