"""Draws the portal's home-screen icons (static/portal/icons/*.png): a white house on the portal's accent
colour. "any" icons are a rounded tile; "maskable" ones fill the square and keep the house inside the
inner 80 % circle that every platform's mask leaves visible. Run: .venv/bin/python scripts/portal_icons.py"""

from pathlib import Path

from PIL import Image, ImageDraw

ACCENT = (0x0B, 0x5C, 0xAD)  # --accent in static/css/app.css; portal/installable.py THEME_COLOR
WHITE = (255, 255, 255)
OUT = Path(__file__).resolve().parents[1] / "static" / "portal" / "icons"
SCALE = 4  # drawn large and scaled down, for smooth edges


def house(draw: ImageDraw.ImageDraw, size: int, extent: float) -> None:
    """A house (roof, body, door) centred in the square, `extent` of its side wide."""
    w = size * extent
    left, top = (size - w) / 2, (size - w) / 2 + w * 0.04
    roof = [(left, top + w * 0.45), (size / 2, top), (left + w, top + w * 0.45)]
    draw.polygon(roof, fill=WHITE)
    body = (left + w * 0.14, top + w * 0.42, left + w * 0.86, top + w * 0.92)
    draw.rectangle(body, fill=WHITE)
    door = (size / 2 - w * 0.09, top + w * 0.62, size / 2 + w * 0.09, top + w * 0.92)
    draw.rectangle(door, fill=ACCENT)


def icon(size: int, *, maskable: bool) -> Image.Image:
    big = size * SCALE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0) if not maskable else ACCENT + (255,))
    draw = ImageDraw.Draw(image)
    if maskable:
        house(draw, big, 0.5)
    else:
        draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=big * 0.18, fill=ACCENT)
        house(draw, big, 0.62)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        icon(size, maskable=False).save(OUT / f"icon-{size}.png", optimize=True)
        icon(size, maskable=True).save(OUT / f"maskable-{size}.png", optimize=True)
    # iOS draws its own rounded corners and shows transparency as black: the full square.
    icon(180, maskable=True).convert("RGB").save(OUT / "apple-touch-icon.png", optimize=True)


if __name__ == "__main__":
    main()
