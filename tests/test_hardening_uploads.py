"""Image uploads: no SVG, no decompression bombs, no oversized files."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.images import get_image_model

import pytest
from PIL import Image as PILImage

Image = get_image_model()


def png_bytes(width=10, height=10):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), "white").save(buffer, "PNG")
    return buffer.getvalue()


def bomb_png(width=20000, height=20000):
    """A tiny PNG file that claims 400 megapixels (a decompression bomb)."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    row = b"\x00" + b"\x00" * width
    data = zlib.compress(row * 16, 9)  # truncated data is fine: only the header is read
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


def upload(admin_client, name, content, content_type):
    return admin_client.post(
        reverse("wagtailimages:add"),
        {"title": name, "file": SimpleUploadedFile(name, content, content_type=content_type)},
    )


@pytest.mark.django_db
def test_a_normal_png_is_accepted(admin_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = upload(admin_client, "ok.png", png_bytes(), "image/png")
    assert response.status_code == 302
    assert Image.objects.count() == 1


@pytest.mark.django_db
def test_svg_is_not_accepted_as_an_image(admin_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    response = upload(admin_client, "evil.svg", svg, "image/svg+xml")
    assert response.status_code == 200
    assert "Not a supported image format" in response.content.decode()
    assert Image.objects.count() == 0


@pytest.mark.django_db
def test_decompression_bomb_is_refused(admin_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = upload(admin_client, "bomb.png", bomb_png(), "image/png")
    assert response.status_code == 200
    assert "too many pixels" in response.content.decode()
    assert Image.objects.count() == 0


@pytest.mark.django_db
def test_oversized_file_is_refused(admin_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    eleven_mb = png_bytes() + b"\0" * (11 * 1024 * 1024)
    response = upload(admin_client, "big.png", eleven_mb, "image/png")
    assert response.status_code == 200
    assert "This file is too big" in response.content.decode()
    assert Image.objects.count() == 0


@pytest.mark.django_db
def test_unwritable_media_directory_gives_a_clear_error(admin_client, settings, tmp_path):
    # Permissions do not stop root (CI runs as root), so make the directory impossible:
    # its parent is a regular file.
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    settings.MEDIA_ROOT = blocker / "media"
    response = upload(admin_client, "ok.png", png_bytes(), "image/png")
    assert Image.objects.count() == 0
    if response.status_code == 302:
        pytest.fail("upload into a read-only media directory claimed success")
    assert response.status_code == 503
    assert "could not be stored" in response.content.decode()
