"""Drawing one share card: a title, a kicker and a line of details in the site's identity over the
film's artwork, 1200×630 (what Open Graph and Twitter ask for).

Pure Pillow on plain values, so tests draw cards without a database. Each entry's own `seed` picks
the palette, the part of the artwork shown and the layout: neighbouring cards in a list differ at a
glance even when their titles look alike.
"""

from __future__ import annotations

import functools
import hashlib
import random
from dataclasses import dataclass
from pathlib import Path

import manimgx_fonts_cjk
from PIL import Image, ImageDraw, ImageFont, ImageOps

from catalog.artwork import NIGHT, POSTER_SKY, STARLIGHT, SUNSET_PINK, VINYL_AMBER

WIDTH, HEIGHT = 1200, 630
MARGIN = 96  # wide enough that the card grid's 16:9 crop keeps every letter
FONT_FILE = Path(manimgx_fonts_cjk.__file__).with_name("NotoSansCJK-VF.otf.ttc")
FONT_INDEX_KOREAN = 1  # the collection's faces: JP, KR, SC, TC, HK; KR shapes Hangul as Korean readers expect
TITLE_SIZES = (68, 60, 52, 46)  # the largest that fits in TITLE_LINES wins
TITLE_LINES = 3

# The site's colours (static/css/site.css): the sky behind the text, and the accents.
PALETTES = (
    (NIGHT, (58, 28, 96), SUNSET_PINK),  # night, violet
    ((29, 20, 51), (150, 48, 120), VINYL_AMBER),  # ink, magenta
    ((13, 11, 34), (21, 82, 199), (255, 210, 122)),  # deep night, focus blue
    ((125, 17, 70), (161, 26, 91), VINYL_AMBER),  # accent strong, accent
    ((23, 18, 49), (52, 43, 94), (255, 179, 198)),  # dark surface, dark line
    ((58, 28, 96), (255, 111, 145), STARLIGHT),  # violet into sunset pink
)
LAYOUTS = ("left", "bottom", "right")


@dataclass(frozen=True)
class CardText:
    kicker: str  # "STARLIGHT · NEWS"
    title: str
    details: str  # "Netflix Tudum · 20 May 2026"


def draw(text: CardText, *, seed: str, artwork: Image.Image | None) -> Image.Image:
    """The card as an RGB image; the same arguments draw the same pixels."""
    digest = hashlib.sha256(seed.encode()).digest()
    deep, mid, accent = PALETTES[digest[0] % len(PALETTES)]
    layout = LAYOUTS[digest[1] % len(LAYOUTS)]
    card = _background(artwork, crop_at=digest[2] / 255, mirrored=bool(digest[3] % 2))
    card = _tint(card, deep, mid, layout)
    _sun_stripes(card, accent, layout, shift=digest[4] % 5)
    _stars(card, random.Random(digest))
    _text(card, text, accent, layout)
    return card


def _background(artwork: Image.Image | None, *, crop_at: float, mirrored: bool) -> Image.Image:
    """The artwork cut to the card's shape at a place chosen per entry; the site's sky without it."""
    if artwork is None:
        return _sky()
    picture = ImageOps.exif_transpose(artwork).convert("RGB")
    scale = WIDTH / picture.width if picture.width / picture.height < WIDTH / HEIGHT else HEIGHT / picture.height
    picture = picture.resize((max(WIDTH, round(picture.width * scale)), max(HEIGHT, round(picture.height * scale))))
    left = round((picture.width - WIDTH) * crop_at)
    top = round((picture.height - HEIGHT) * crop_at)
    picture = picture.crop((left, top, left + WIDTH, top + HEIGHT))
    return ImageOps.mirror(picture) if mirrored else picture


def _sky() -> Image.Image:
    """The demo poster's sky, top to bottom: night, violet, magenta, pink, amber."""
    strip = Image.new("RGB", (1, HEIGHT))
    for y in range(HEIGHT):
        position = y / (HEIGHT - 1)
        (start, low), (end, high) = next(
            (a, b) for a, b in zip(POSTER_SKY, POSTER_SKY[1:], strict=False) if a[0] <= position <= b[0]
        )
        share = (position - start) / (end - start)
        strip.putpixel((0, y), tuple(round(a + (b - a) * share) for a, b in zip(low, high, strict=True)))
    return strip.resize((WIDTH, HEIGHT))


def _tint(card: Image.Image, deep, mid, layout: str) -> Image.Image:
    """A veil in the palette's colours, darkest where the text goes, so it reads over any artwork."""
    veil = Image.new("RGB", (WIDTH, HEIGHT), deep)
    colour = Image.blend(veil, Image.new("RGB", (WIDTH, HEIGHT), mid), 0.35)
    mask = _mask(layout)
    return Image.composite(veil, Image.blend(card, colour, 0.55), mask)


def _mask(layout: str) -> Image.Image:
    """White (all veil) on the text's side, fading towards the artwork."""
    if layout == "bottom":
        ramp = [round(255 * max(0.0, min(1.0, (y / HEIGHT - 0.15) / 0.6)) ** 0.8) for y in range(HEIGHT)]
        return _ramp(ramp, vertical=True)
    ramp = [round(255 * max(0.0, min(1.0, (0.95 - x / WIDTH) / 0.55)) ** 0.8) for x in range(WIDTH)]
    if layout == "right":
        ramp.reverse()
    return _ramp(ramp, vertical=False)


def _ramp(values: list[int], *, vertical: bool) -> Image.Image:
    strip = Image.new("L", (1, len(values)) if vertical else (len(values), 1))
    strip.putdata(values)
    return strip.resize((WIDTH, HEIGHT))


def _sun_stripes(card: Image.Image, accent, layout: str, *, shift: int) -> None:
    """The sunset's stripes of the site's brand mark, on the artwork's side."""
    draw = ImageDraw.Draw(card)
    x = WIDTH - 330 if layout != "right" else 90
    top = 70 + shift * 24 if layout != "bottom" else 60
    for i, width in enumerate((240, 200, 150, 96)):
        y = top + i * 26
        left = x + (240 - width) // 2
        draw.rounded_rectangle((left, y, left + width, y + 12), radius=6, fill=accent)


def _stars(card: Image.Image, rng: random.Random) -> None:
    draw = ImageDraw.Draw(card)
    for _ in range(60):
        x, y = rng.randrange(WIDTH), rng.randrange(HEIGHT)
        size = rng.choice((1, 1, 2, 3))
        draw.ellipse((x, y, x + size, y + size), fill=STARLIGHT)


def _text(card: Image.Image, text: CardText, accent, layout: str) -> None:
    draw = ImageDraw.Draw(card)
    width = WIDTH - 2 * MARGIN if layout == "bottom" else 700
    left = MARGIN if layout != "right" else WIDTH - MARGIN - width
    size, lines = _fit_title(draw, text.title, width)
    title_font = _font(size, 700)
    line_height = round(size * 1.22)
    small = _font(30, 500)
    block = 44 + 30 + len(lines) * line_height + 30 + 24
    top = (HEIGHT - MARGIN - block) if layout == "bottom" else (HEIGHT - block) // 2
    draw.text((left, top), text.kicker.upper(), font=_font(26, 800), fill=accent)
    y = top + 56
    for line in lines:
        draw.text((left, y), line, font=title_font, fill=STARLIGHT)
        y += line_height
    draw.rounded_rectangle((left, y + 18, left + 72, y + 24), radius=3, fill=accent)
    draw.text((left, y + 42), _ellipsized(draw, text.details, small, width), font=small, fill=(217, 203, 230))


def _fit_title(draw: ImageDraw.ImageDraw, title: str, width: int) -> tuple[int, list[str]]:
    """The largest size whose lines fit; at the smallest, what does not fit ends in an ellipsis."""
    for size in TITLE_SIZES:
        lines = _wrap(draw, title, _font(size, 700), width)
        if len(lines) <= TITLE_LINES:
            return size, lines
    font = _font(TITLE_SIZES[-1], 700)
    lines = _wrap(draw, title, font, width)
    kept = lines[:TITLE_LINES]
    kept[-1] = _ellipsized(draw, kept[-1] + " " + " ".join(lines[TITLE_LINES:]), font, width)
    return TITLE_SIZES[-1], kept


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Lines broken between words (Korean too, as the site's keep-all does); a word wider than the
    line is broken between its letters."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = ""
        for letter in word:
            if draw.textlength(line + letter, font=font) > width and line:
                lines.append(line)
                line = ""
            line += letter
    if line:
        lines.append(line)
    return lines or [""]


def _ellipsized(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text.rstrip() + "…"


@functools.cache
def _font(size: int, weight: int) -> ImageFont.FreeTypeFont:
    font = ImageFont.truetype(str(FONT_FILE), size, index=FONT_INDEX_KOREAN)
    font.set_variation_by_axes([weight])
    return font
