"""Draws the site's icons (favicon.ico, PNG app icons, SVG mark) so they can be regenerated."""

from pathlib import Path

from PIL import Image, ImageDraw

ACCENT = "#0b5cad"
ICONS = Path(__file__).resolve().parents[1] / "static" / "icons"

# A rising three-step bar mark (a career ladder) on the accent colour, in a 32-unit grid.
BARS = ((7, 18, 11, 25), (14, 13, 18, 25), (21, 7, 25, 25))

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
    f'<rect width="32" height="32" rx="6" fill="{ACCENT}"/>'
    + "".join(
        f'<rect x="{x0}" y="{y0}" width="{x1 - x0}" height="{y1 - y0}" rx="1" fill="#fff"/>'
        for x0, y0, x1, y1 in BARS
    )
    + "</svg>\n"
)


def draw(size: int, rounded: bool = True) -> Image.Image:
    """The mark at `size` pixels; apple-touch icons are square (iOS rounds them itself)."""
    scale = size / 32
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle(
        (0, 0, size - 1, size - 1), radius=6 * scale if rounded else 0, fill=ACCENT
    )
    for x0, y0, x1, y1 in BARS:
        box = (x0 * scale, y0 * scale, x1 * scale - 1, y1 * scale - 1)
        pen.rounded_rectangle(box, radius=max(1, scale), fill="white")
    return image


def main() -> None:
    ICONS.mkdir(parents=True, exist_ok=True)
    (ICONS / "icon.svg").write_text(SVG, encoding="utf-8")
    draw(32).save(ICONS / "icon-32.png")
    draw(192).save(ICONS / "icon-192.png")
    draw(512).save(ICONS / "icon-512.png")
    draw(180, rounded=False).convert("RGB").save(ICONS / "apple-touch-icon.png")
    draw(48).save(ICONS / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])


if __name__ == "__main__":
    main()
