"""Demo artwork: the poster and portrait cards the demo catalog is drawn with (no photographs ship).

Drawn with Pillow from shapes and text, deterministic for a given name, so every fresh site looks
the same. Uploaded pictures never pass through here: see `catalog.images`.
"""

from __future__ import annotations

import functools
import hashlib
import io
import random
import textwrap
import unicodedata
from typing import Any

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from .images import MIN_SIDE

RGB = tuple[int, int, int]

NIGHT = (11, 10, 38)
VIOLET = (58, 28, 96)
MAGENTA = (150, 48, 120)
SUNSET_PINK = (255, 111, 145)
VINYL_AMBER = (255, 178, 122)
STARLIGHT = (255, 244, 230)
POSTER_SKY = [(0.0, NIGHT), (0.45, VIOLET), (0.68, MAGENTA), (0.82, SUNSET_PINK), (1.0, VINYL_AMBER)]

PORTRAIT_PALETTES = (
    ((24, 16, 64), (214, 82, 140)),  # night to pink
    ((16, 34, 70), (72, 180, 190)),  # deep blue to teal neon
    ((44, 18, 70), (240, 150, 90)),  # violet to vinyl amber
    ((20, 20, 44), (150, 90, 210)),  # ink to lavender
    ((60, 20, 40), (250, 120, 110)),  # wine to coral
    ((12, 40, 52), (190, 210, 120)),  # petrol to lime glow
)

_FONT_CANDIDATES = {
    "latin": (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf",
        "/Library/Fonts/Arial Bold.ttf",
        "C:/Windows/Fonts/arialbd.ttf",
    ),
    "hangul": (
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
        "/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc",
        "/usr/share/fonts/truetype/nanum/NanumGothicBold.ttf",
        "/System/Library/Fonts/AppleSDGothicNeo.ttc",
        "C:/Windows/Fonts/malgunbd.ttf",
    ),
}


def draw_poster(*, title: str, subtitle: str = "", width: int = 800, height: int = 1200) -> bytes:
    """A PNG demo poster: night sky into a pink sunset, stars, a red planet, a Seoul skyline and
    the title. The same arguments give the same bytes (on the same machine and Pillow)."""
    _check_canvas(width, height)
    rng = random.Random(f"poster:{title}")
    image = _vertical_gradient(width, height, POSTER_SKY)
    _draw_stars(image, rng, count=width * height // 2500, max_y=int(height * 0.7))
    _draw_planet(image, rng)
    _draw_sun(image)
    _draw_skyline(image, rng)
    _draw_poster_text(image, title=title, subtitle=subtitle)
    return _png_bytes(image)


def draw_portrait(*, name: str, width: int = 600, height: int = 600) -> bytes:
    """A PNG placeholder portrait: a gradient chosen by the name, a few stars and the initials."""
    _check_canvas(width, height)
    digest = hashlib.sha256(name.encode()).digest()
    top, bottom = PORTRAIT_PALETTES[digest[0] % len(PORTRAIT_PALETTES)]
    image = _vertical_gradient(width, height, [(0.0, top), (1.0, bottom)])
    _draw_stars(image, random.Random(f"portrait:{name}"), count=40, max_y=height)
    letters = initials(name)
    script = "hangul" if letters and not _is_latin(letters[0]) else "latin"
    font = _font(size=int(min(width, height) * 0.42), script=script)
    if letters and font is not None:
        _draw_glowing_text(image, (width / 2, height / 2), letters, font=font, anchor="mm")
    return _png_bytes(image)


def initials(name: str) -> str:
    """ "Kim Tae-ri" -> "KT", "V" -> "V", "김태리" -> "김": Latin initials of up to two words,
    else the first Hangul syllable, else nothing."""
    firsts = (next((char for char in word if char.isalpha()), "") for word in name.split())
    latin = [char for char in firsts if _is_latin(char)]
    if latin:
        return "".join(latin[:2]).upper()
    return next((char for char in name if "\uac00" <= char <= "\ud7a3"), "")


def _is_latin(char: str) -> bool:
    return char.isalpha() and unicodedata.name(char, "").startswith("LATIN")


def _check_canvas(width: int, height: int) -> None:
    if not (MIN_SIDE <= width <= 8000 and MIN_SIDE <= height <= 8000):
        raise ValueError(f"Canvas sides must be {MIN_SIDE} to 8000 pixels; got {width}×{height}.")


def _vertical_gradient(width: int, height: int, stops: list[tuple[float, RGB]]) -> Image.Image:
    """One column of interpolated colours, stretched sideways: fast at any size."""
    column = Image.new("RGB", (1, height))
    column.putdata([_colour_at(y / max(1, height - 1), stops) for y in range(height)])
    return column.resize((width, height), Image.Resampling.NEAREST)


def _colour_at(position: float, stops: list[tuple[float, RGB]]) -> RGB:
    for (start, low), (end, high) in zip(stops, stops[1:], strict=False):
        if position <= end:
            t = (position - start) / (end - start) if end > start else 0.0
            red, green, blue = (round(a + (b - a) * t) for a, b in zip(low, high, strict=True))
            return red, green, blue
    return stops[-1][1]


def _draw_stars(image: Image.Image, rng: random.Random, *, count: int, max_y: int) -> None:
    draw = ImageDraw.Draw(image)
    scale = max(1, min(image.size) // 400)
    for _ in range(count):
        x, y = rng.randrange(image.width), rng.randrange(max(1, max_y))
        fade = 1 - y / max(1, max_y) * 0.6  # dimmer towards the horizon glow
        shade = tuple(round(channel * fade * rng.uniform(0.55, 1.0)) for channel in STARLIGHT)
        if rng.random() < 0.06:  # a few bright ones with a cross of light
            arm = rng.randint(3, 6) * scale
            draw.line([(x - arm, y), (x + arm, y)], fill=shade, width=1)
            draw.line([(x, y - arm), (x, y + arm)], fill=shade, width=1)
        radius = rng.choice((0, 0, 0, 1)) * scale
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=shade)


def _draw_planet(image: Image.Image, rng: random.Random) -> None:
    """A small Mars high in the sky, with a soft glow, a lit edge and a few craters."""
    width, height = image.size
    radius = int(min(width, height) * rng.uniform(0.09, 0.13))
    cx = int(width * rng.choice((0.24, 0.76)))
    cy = int(height * rng.uniform(0.16, 0.26))
    glow = Image.new("L", image.size, 0)
    halo = radius * 1.5
    ImageDraw.Draw(glow).ellipse([cx - halo, cy - halo, cx + halo, cy + halo], fill=90)
    image.paste((255, 120, 110), mask=glow.filter(ImageFilter.GaussianBlur(radius * 0.5)))
    draw = ImageDraw.Draw(image)
    draw.ellipse([cx - radius, cy - radius, cx + radius, cy + radius], fill=(196, 82, 52))
    shadow = radius * 0.35
    draw.ellipse([cx - radius + shadow, cy - radius + shadow, cx + radius, cy + radius], fill=(150, 52, 40))
    for _ in range(5):
        r = radius * rng.uniform(0.08, 0.18)
        x = cx + rng.uniform(-0.55, 0.45) * radius
        y = cy + rng.uniform(-0.55, 0.45) * radius
        draw.ellipse([x - r, y - r, x + r, y + r], fill=(170, 66, 46))


def _draw_sun(image: Image.Image) -> None:
    """The retro striped sun sinking behind the city."""
    width, height = image.size
    radius = int(width * 0.3)
    cx, cy = width // 2, int(height * 0.84)
    draw = ImageDraw.Draw(image)
    draw.ellipse([cx - radius, cy - radius, cx + radius, cy + radius], fill=(255, 196, 140))
    stripe = max(2, height // 120)
    for index, y in enumerate(range(cy - radius // 3, cy + radius, stripe * 3)):
        sky = _colour_at(min(y, height - 1) / (height - 1), POSTER_SKY)
        draw.rectangle([cx - radius, y, cx + radius, y + stripe + index // 2], fill=sky)


def _draw_skyline(image: Image.Image, rng: random.Random) -> None:
    """Towers along the bottom with warm lit windows, and Namsan tower's spire among them."""
    width, height = image.size
    base = height
    draw = ImageDraw.Draw(image)
    silhouette, window = (22, 14, 40), (255, 206, 140)
    x = 0
    while x < width:
        tower_w = rng.randint(width // 24, width // 10)
        tower_h = rng.randint(height // 14, height // 4)
        draw.rectangle([x, base - tower_h, x + tower_w, base], fill=silhouette)
        _draw_windows(draw, rng, (x, base - tower_h, x + tower_w, base), window)
        x += tower_w + rng.randint(0, width // 60)
    _draw_namsan_tower(draw, x=int(width * rng.uniform(0.6, 0.8)), base=base, height=height, fill=silhouette)


def _draw_windows(draw: ImageDraw.ImageDraw, rng: random.Random, box: tuple[int, ...], colour: RGB) -> None:
    left, top, right, bottom = box
    step = max(6, (right - left) // 5)
    for wy in range(top + step, bottom - step, step):
        for wx in range(left + step // 2, right - step // 2, step):
            if rng.random() < 0.28:
                draw.rectangle([wx, wy, wx + step // 3, wy + step // 2], fill=colour)


def _draw_namsan_tower(draw: ImageDraw.ImageDraw, *, x: int, base: int, height: int, fill: RGB) -> None:
    hill = height // 10
    draw.ellipse([x - hill * 2, base - hill, x + hill * 2, base + hill], fill=fill)
    shaft_top = base - hill - height // 5
    shaft = max(3, height // 150)
    draw.rectangle([x - shaft, shaft_top, x + shaft, base - hill // 2], fill=fill)
    pod = shaft * 4
    draw.rectangle([x - pod, shaft_top + pod, x + pod, shaft_top + pod * 2], fill=fill)
    draw.line([(x, shaft_top), (x, shaft_top - height // 14)], fill=fill, width=max(1, shaft // 2))
    draw.ellipse([x - 2, shaft_top - height // 14 - 2, x + 2, shaft_top - height // 14 + 2], fill=SUNSET_PINK)


def _draw_poster_text(image: Image.Image, *, title: str, subtitle: str) -> None:
    width, height = image.size
    y = height * 0.42
    if title.strip():
        font, lines = _fit_title(title, width=width * 0.84, height=height)
        line_height = font.size * 1.12 if isinstance(font, ImageFont.FreeTypeFont) else 16
        for line in lines:
            _draw_glowing_text(image, (width / 2, y), line, font=font, anchor="ma")
            y += line_height
    if subtitle.strip():
        font = _font(size=max(12, width // 28), script="latin")
        for line in textwrap.wrap(subtitle, width=48)[:3]:
            _draw_glowing_text(image, (width / 2, y + width * 0.02), line, font=font, anchor="ma", glow=2)
            y += font.size * 1.3 if isinstance(font, ImageFont.FreeTypeFont) else 14


def _fit_title(title: str, *, width: float, height: int) -> tuple[Any, list[str]]:
    """The biggest type size (from height/14 down) at which the title wraps to four lines or fewer."""
    size = max(12, height // 14)
    while True:
        font = _font(size=size, script="latin")
        lines = _wrap(title, font=font, width=width)
        if size <= 12 or (len(lines) <= 4 and all(font.getlength(line) <= width for line in lines)):
            return font, lines
        size = int(size * 0.9)


def _wrap(text: str, *, font: Any, width: float) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and font.getlength(candidate) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines


def _draw_glowing_text(
    image: Image.Image, xy: tuple[float, float], text: str, *, font: Any, anchor: str, glow: int = 6
) -> None:
    """Warm white type over a blurred neon-pink copy of itself, readable on any part of the sky.

    The effects are worked on a box just around the text, not the whole canvas.
    """
    left, top, right, bottom = ImageDraw.Draw(image).textbbox(xy, text, font=font, anchor=anchor)
    pad = glow * 3 + 2
    box = (
        max(0, int(left) - pad),
        max(0, int(top) - pad),
        min(image.width, int(right) + pad),
        min(image.height, int(bottom) + pad),
    )
    mask = Image.new("L", (box[2] - box[0], box[3] - box[1]), 0)
    ImageDraw.Draw(mask).text((xy[0] - box[0], xy[1] - box[1]), text, font=font, fill=255, anchor=anchor)
    outline = mask.filter(ImageFilter.MaxFilter(3))
    region = image.crop(box)
    region.paste((255, 60, 150), mask=outline.filter(ImageFilter.GaussianBlur(glow)))
    region.paste((20, 8, 30), mask=outline.point(lambda v: v * 6 // 10))
    region.paste(STARLIGHT, mask=mask)
    image.paste(region, box[:2])


@functools.lru_cache(maxsize=32)
def _font(*, size: int, script: str) -> Any:
    """A bold system font when one is installed, else Pillow's built-in one. For Hangul, None
    when no font has the glyphs: better no letters than a row of empty boxes."""
    for path in _FONT_CANDIDATES[script]:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size) if script == "latin" else None


def _png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()
