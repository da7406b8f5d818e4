"""Issue #17 point 6: icons, the last-reviewed date, print, dark and reduced-motion styles."""

import json
import re
from pathlib import Path

from django.urls import reverse

import pytest
from bs4 import BeautifulSoup
from PIL import Image

STATIC = Path(__file__).resolve().parents[1] / "static"
STYLESHEET = (STATIC / "css" / "site.css").read_text(encoding="utf-8")


def media_block(condition: str) -> str:
    """The body of the `@media (<condition>)` rule in site.css (braces balanced)."""
    start = STYLESHEET.index(f"@media {condition}")
    depth, index = 0, STYLESHEET.index("{", start)
    for index in range(index, len(STYLESHEET)):
        depth += {"{": 1, "}": -1}.get(STYLESHEET[index], 0)
        if depth == 0:
            return STYLESHEET[start : index + 1]
    raise AssertionError(f"site.css: @media {condition} is not closed")


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


# --- icons ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_favicon_ico_answers_200_with_a_real_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert "max-age=86400" in response["Cache-Control"]
    assert response.content[:4] == b"\x00\x00\x01\x00"  # the ICO file signature
    assert reverse("favicon") == "/favicon.ico"


def test_icon_files_are_images_in_the_accent_colour():
    svg = (STATIC / "icons" / "icon.svg").read_text(encoding="utf-8")
    assert svg.startswith("<svg") and 'viewBox="0 0 32 32"' in svg and "#0b5cad" in svg
    for name, size in [("icon-32.png", 32), ("icon-192.png", 192), ("apple-touch-icon.png", 180)]:
        with Image.open(STATIC / "icons" / name) as image:
            assert image.size == (size, size), name
            assert image.convert("RGB").getpixel((size // 2, 2)) == (0x0B, 0x5C, 0xAD), name


@pytest.mark.django_db
def test_every_page_links_the_svg_png_and_apple_touch_icons(client, role_page):
    for url in ["/", role_page.url]:
        soup = BeautifulSoup(client.get(url).content, "html.parser")
        icons = {(link.get("type"), link["href"]) for link in soup.find_all("link", rel="icon")}
        assert ("image/svg+xml", "/static/icons/icon.svg") in icons, url
        assert ("image/png", "/static/icons/icon-32.png") in icons, url
        assert (None, "/favicon.ico") in icons, url
        touch = soup.find("link", rel="apple-touch-icon")
        assert touch["href"] == "/static/icons/apple-touch-icon.png", url
        for href in [href for _, href in icons] + [touch["href"]]:
            assert client.get(href).status_code == 200, href


# --- last reviewed ----------------------------------------------------------------------


@pytest.mark.django_db
def test_role_page_shows_last_reviewed_with_the_json_ld_date(client, role_page):
    soup = BeautifulSoup(client.get(role_page.url).content, "html.parser")
    occupation = next(
        data
        for script in soup.find_all("script", type="application/ld+json")
        for data in [json.loads(script.string)]
        for data in (data.get("@graph", [data]) if isinstance(data, dict) else data)
        if data.get("@type") == "Occupation"
    )
    reviewed = occupation["mainEntityOfPage"]["lastReviewed"]
    line = soup.select_one("article.role-page p.last-reviewed")
    assert line is not None
    assert line.get_text(" ", strip=True).startswith("Last reviewed")
    assert line.time["datetime"] == reviewed == role_page.last_published_at.date().isoformat()
    assert line.time.get_text(strip=True) == role_page.last_published_at.strftime("%-d %B %Y")


# --- stylesheet -------------------------------------------------------------------------


def test_print_rules_hide_chrome_and_keep_table_rows_and_faq_items_whole():
    block = media_block("print")
    hidden = re.search(r"([^{}]+)\{\s*display:\s*none", block).group(1)
    for selector in [".site-header", ".site-footer", "form", ".button"]:
        assert selector in hidden, selector
    assert re.search(r"\.salary-table tr, \.faq-item[^{]*\{[^}]*page-break-inside: avoid", block)
    assert "border: 1px solid #000" in block and "background: #fff" in block
    assert re.search(r"\.table-scroll[^{]*\{[^}]*overflow: visible", block)


def test_reduced_motion_zeroes_transitions_and_the_only_transitions_need_no_preference():
    assert "transition-duration: 0s !important" in media_block("(prefers-reduced-motion: reduce)")
    assert "scroll-behavior: auto !important" in media_block("(prefers-reduced-motion: reduce)")
    outside = STYLESHEET.replace(media_block("(prefers-reduced-motion: no-preference)"), "")
    assert "transition:" not in outside and "animation:" not in outside


def test_dark_palette_text_contrast_is_at_least_4_5_to_1():
    block = media_block("(prefers-color-scheme: dark)")
    palette = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-f]{6})", block))
    pairs = [
        ("ink", "bg"),
        ("ink", "bg-soft"),
        ("muted", "bg"),
        ("muted", "bg-soft"),
        ("accent", "bg"),
        ("accent", "bg-soft"),
        ("accent-ink", "accent"),
    ]
    for foreground, background in pairs:
        ratio = contrast(palette[foreground], palette[background])
        assert ratio >= 4.5, f"dark --{foreground} on --{background}: {ratio:.2f}:1"
    assert contrast("#0d1117", "#a8d0ff") >= 4.5  # .button:hover text
    assert "body, .skip-link { background: var(--bg); }" in block
