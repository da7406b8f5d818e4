"""Résumé checks from the file's bytes: a PDF or a Word (DOCX) document, at most 5 MB."""

from __future__ import annotations

import zipfile

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

MAX_RESUME_BYTES = 5 * 1024 * 1024

PDF = "pdf"
DOCX = "docx"
CONTENT_TYPES = {
    PDF: "application/pdf",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
DOCX_REQUIRED_MEMBERS = ("[Content_Types].xml", "word/document.xml")


def sniff_resume_type(fileobj) -> str | None:
    """Return "pdf" or "docx" judged from the content (never the name), or None."""
    fileobj.seek(0)
    head = fileobj.read(8)
    fileobj.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(fileobj) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            return None
        finally:
            fileobj.seek(0)
        if all(member in names for member in DOCX_REQUIRED_MEMBERS):
            return DOCX
    return None


def validate_resume(upload) -> str:
    """Raise a ValidationError naming the problem, or return the detected type."""
    if upload.size == 0:
        raise ValidationError("The résumé file is empty.", code="empty")
    if upload.size > MAX_RESUME_BYTES:
        raise ValidationError(
            "The résumé is %(size)s; the limit is 5 MB.",
            code="too_large",
            params={"size": filesizeformat(upload.size)},
        )
    kind = sniff_resume_type(upload)
    if kind is None:
        raise ValidationError(
            "The résumé must be a PDF or a Word (.docx) document; this file is neither.",
            code="bad_type",
        )
    return kind
