"""The single-line rule (careers.facts) as Django validation, for model fields, blocks and pages."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from careers.facts.characters import single_line_problem


def validate_single_line(value) -> None:
    """Refuse line breaks and other control characters, which could split a header or log line."""
    problem = single_line_problem(value) if isinstance(value, str) else None
    if problem:
        raise ValidationError(problem, code="single_line")


class SingleLinePageFields:
    """Applies the single-line rule to Wagtail's own one-line page fields.

    ``Page.title``, ``seo_title`` and ``search_description`` are defined by Wagtail, so they
    cannot take a validator; checking them in ``clean_fields`` reaches every path that
    validates a page (the admin form, API writes, the importer) with the field's name.
    The slug needs nothing: Wagtail's slug validator already refuses every control character.
    """

    single_line_page_fields = ("title", "seo_title", "search_description")

    def clean_fields(self, exclude=None):
        errors: dict = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for name in self.single_line_page_fields:
            if name in (exclude or ()) or name in errors:
                continue
            try:
                validate_single_line(getattr(self, name, ""))
            except ValidationError as error:
                errors[name] = error.error_list
        if errors:
            raise ValidationError(errors)
