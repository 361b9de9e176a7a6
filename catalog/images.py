"""Image handling for the catalog and the news: upload checks, WebP renditions and demo artwork.

Everything here works on plain files and Django storages, so models, forms, admin actions and
management commands can share it without importing each other.
"""

from __future__ import annotations

import functools
import hashlib
import io
import math
import random
import textwrap
import unicodedata
from collections.abc import Iterable, Sequence
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from PIL import Image, ImageDraw, ImageFilter, ImageFont, ImageOps

ALLOWED_FORMATS = frozenset({"JPEG", "MPO", "PNG", "WEBP"})
"""Pillow's format names. MPO is a JPEG with extra frames, as many cameras and phones write them."""

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_PIXELS = 40_000_000
MIN_SIDE = 16

RENDITION_WIDTHS = (320, 640, 1280)
RENDITION_QUALITY = 80
EXIF_ORIENTATION = 0x0112
_MB = 1024 * 1024

# Upload validation -----------------------------------------------------------------------------


def validate_image_file(file: Any) -> None:
    """Refuse anything but a sound JPEG, PNG or WebP within the configured size limits.

    Usable as a model-field validator and from forms. Only ValidationError ever leaves it, and
    the file is rewound to the start whatever happens, so the caller can save or read it next.
    """
    try:
        _check_byte_size(file)
        _check_image(file)
    finally:
        _rewind(file)


def _check_byte_size(file: Any) -> None:
    limit = getattr(settings, "IMAGE_MAX_BYTES", DEFAULT_MAX_BYTES)
    try:
        size = _byte_size(file)
    except Exception as exc:
        raise _invalid_image() from exc
    if size > limit:
        shown, shown_limit = _human_size(size), _human_size(limit)
        if shown == shown_limit:  # 10.0 MB vs 10.0 MB says nothing; give the exact counts
            shown, shown_limit = f"{size:,} bytes", f"{limit:,} bytes"
        raise ValidationError(
            "This image is %(size)s; the limit is %(limit)s.",
            code="file_too_large",
            params={"size": shown, "limit": shown_limit},
        )


def _check_image(file: Any) -> None:
    """Identify, measure, verify, then decode: cheap checks first, the full decode last."""
    try:
        _rewind(file)
        with Image.open(file) as image:
            _check_format(image)
            _check_dimensions(image)
            image.verify()
        # verify() leaves the image unusable, and does not decode pixel data; load() catches
        # truncated or corrupt image data.
        _rewind(file)
        with Image.open(file) as image:
            image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationError(
            "This image has too many pixels; the limit is %(limit)s megapixels.",
            code="too_many_pixels",
            params={"limit": _megapixels(_max_pixels())},
        ) from exc
    except Exception as exc:  # Pillow raises many types on bad input: OSError, SyntaxError, ...
        raise _invalid_image() from exc


def _check_format(image: Image.Image) -> None:
    if image.format in ALLOWED_FORMATS:
        return
    kind = image.format or "unknown"
    article = "an" if kind[:1].upper() in "AEIOU" else "a"
    raise ValidationError(
        "Upload a JPEG, PNG or WebP image; this file is %(article)s %(kind)s.",
        code="invalid_image_format",
        params={"article": article, "kind": kind},
    )


def _check_dimensions(image: Image.Image) -> None:
    width, height = image.size
    params = {"width": width, "height": height, "min": MIN_SIDE}
    if width < MIN_SIDE or height < MIN_SIDE:
        raise ValidationError(
            "This image is %(width)d×%(height)d pixels; it must be at least %(min)d×%(min)d.",
            code="image_too_small",
            params=params,
        )
    limit = _max_pixels()
    if width * height > limit:
        raise ValidationError(
            "This image is %(width)d×%(height)d pixels; the limit is %(limit)s megapixels.",
            code="too_many_pixels",
            params={**params, "limit": _megapixels(limit)},
        )


def _invalid_image() -> ValidationError:
    return ValidationError("This file is not an image, or it is damaged.", code="invalid_image")


def _max_pixels() -> int:
    return getattr(settings, "IMAGE_MAX_PIXELS", DEFAULT_MAX_PIXELS)


def _byte_size(file: Any) -> int:
    size = getattr(file, "size", None)
    if isinstance(size, int):
        return size
    position = file.tell()
    file.seek(0, io.SEEK_END)
    size = file.tell()
    file.seek(position)
    return size


def _rewind(file: Any) -> None:
    try:
        file.seek(0)
    except Exception:  # a closed or unseekable file: nothing sensible left to do
        pass


def _human_size(size: int) -> str:
    if size >= _MB:
        return f"{size / _MB:.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size} bytes"


def _megapixels(pixels: int) -> str:
    return f"{pixels / 1_000_000:.3g}"


# Renditions ------------------------------------------------------------------------------------


def make_renditions(
    *,
    source: str | IO[bytes] | Any,
    storage: Storage,
    base_name: str,
    widths: Sequence[int] = RENDITION_WIDTHS,
) -> list[dict[str, Any]]:
    """Write WebP copies of `source` at each width below its own, and return what was written.

    An original narrower than the largest width also gets a copy at its own width, so there is
    always at least one. Returns [{"width", "height", "name"}, ...] sorted by width, ready for a
    JSONField. Existing files of the same names are replaced. EXIF data (GPS included) is not
    copied; the colour profile is, when the pixels stay in the same colour model.

    Browsers and CDNs cache these names, so a replaced image wants a new `base_name` (put a
    content hash or version in it) rather than new bytes under the old one.
    """
    if not widths:
        raise ValueError("make_renditions() needs at least one width.")
    _rewind(source)
    try:
        with Image.open(source) as original:
            image, size, icc_profile = _prepare(original, largest=max(widths))
    finally:
        _rewind(source)
    full_width, full_height = size
    renditions = []
    # Widest first, each from the one before: far less work than every size from the original.
    for width in reversed(_rendition_widths(full_width, widths)):
        height = max(1, round(full_height * width / full_width))
        if image.size != (width, height):
            image = _resize(image, width, height)
        name = _store_webp(
            image, storage=storage, name=f"renditions/{base_name}-{width}w.webp", icc_profile=icc_profile
        )
        renditions.append({"width": width, "height": height, "name": name})
    return renditions[::-1]


def delete_renditions(*, storage: Storage, renditions: Iterable[dict[str, Any]]) -> None:
    """Remove the files a make_renditions() result names, e.g. before replacing an image."""
    for rendition in renditions:
        storage.delete(rendition["name"])


def _rendition_widths(original_width: int, widths: Sequence[int]) -> list[int]:
    """Every requested width below the original, plus the original's own width when that is not
    above the largest requested one (a 1280-wide original gets a 1280 rendition too)."""
    chosen = {width for width in widths if 0 < width < original_width}
    if original_width <= max(widths):
        chosen.add(original_width)
    return sorted(chosen)


def _prepare(original: Image.Image, *, largest: int) -> tuple[Image.Image, tuple[int, int], bytes | None]:
    """Decode once, upright and in RGB or RGBA, at no more resolution than the renditions need.

    Returns the pixels, the original's upright size (the pixels may be a reduced decode) and the
    colour profile worth keeping.
    """
    size = original.size
    if original.getexif().get(EXIF_ORIENTATION) in {5, 6, 7, 8}:  # turned a quarter: sides swap
        size = (size[1], size[0])
    if original.format in {"JPEG", "MPO"}:
        # JPEG can decode at 1/2, 1/4 or 1/8 scale for much less work; draft() picks the
        # smallest of those that still leaves `largest` pixels across the upright picture.
        scale = min(1.0, largest / size[0])
        original.draft(None, (math.ceil(original.width * scale), math.ceil(original.height * scale)))
    icc_profile = original.info.get("icc_profile") if original.mode in {"RGB", "RGBA"} else None
    upright = ImageOps.exif_transpose(original)
    if upright.mode.startswith("I;16"):  # 16-bit greyscale: scale to 8 bits; convert() would clip
        upright = upright.convert("I").point(lambda value: value * (1 / 257)).convert("L")
    target_mode = "RGBA" if upright.has_transparency_data else "RGB"
    if upright.mode != target_mode:
        upright = upright.convert(target_mode)
    return upright, size, icc_profile


def _resize(image: Image.Image, width: int, height: int) -> Image.Image:
    # reducing_gap shrinks by whole factors first; indistinguishable here and several times faster.
    return image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)


def _store_webp(image: Image.Image, *, storage: Storage, name: str, icc_profile: bytes | None) -> str:
    buffer = io.BytesIO()
    options: dict[str, Any] = {"quality": RENDITION_QUALITY, "method": 4}
    if icc_profile:
        options["icc_profile"] = icc_profile
    image.save(buffer, "WEBP", **options)
    if storage.exists(name):
        storage.delete(name)
    return storage.save(name, ContentFile(buffer.getvalue()))


# Demo artwork ----------------------------------------------------------------------------------

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
