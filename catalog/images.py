"""Uploaded pictures for the catalog and the news: upload checks and WebP renditions.

Everything here works on plain files and Django storages, so models, forms, admin actions and
management commands can share it without importing each other.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Sequence
from pathlib import PurePath
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from PIL import Image, ImageOps

from common.files import sizes_compared

ALLOWED_FORMATS = frozenset({"JPEG", "MPO", "PNG", "WEBP"})
"""Pillow's format names. MPO is a JPEG with extra frames, as many cameras and phones write them."""
_SAME_KIND = {"MPO": "JPEG"}  # served alike: both are image/jpeg

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_PIXELS = 40_000_000
MIN_SIDE = 16

RENDITION_WIDTHS = (96, 192, 320, 640, 1280)
"""96 and 192: a 40–96 px avatar on ordinary and on double-density screens; the rest for cards,
heroes and posters."""
RENDITION_QUALITY = 80
EXIF_ORIENTATION = 0x0112

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


def image_format(file: Any) -> str:
    """Pillow's name for the format of a file that validate_image_file accepted ("PNG"); reads the header only."""
    _rewind(file)
    try:
        with Image.open(file) as image:
            return image.format or ""
    finally:
        _rewind(file)


def format_of_name(name: str) -> str | None:
    """The allowed format a file name's ending stands for ("x.JPG" → "JPEG"), or None for any other name."""
    Image.init()
    kind = Image.registered_extensions().get(PurePath(name).suffix.lower())
    return kind if kind in ALLOWED_FORMATS else None


def same_kind(format_a: str | None, format_b: str | None) -> bool:
    """Whether two allowed formats are served as the same kind of picture (a JPEG and an MPO are)."""
    return format_a is not None and _SAME_KIND.get(format_a, format_a) == _SAME_KIND.get(format_b, format_b)


def _check_byte_size(file: Any) -> None:
    limit = getattr(settings, "IMAGE_MAX_BYTES", DEFAULT_MAX_BYTES)
    try:
        size = _byte_size(file)
    except Exception as exc:
        raise _invalid_image() from exc
    if size > limit:
        shown, shown_limit = sizes_compared(size, limit)
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
    for width in reversed(rendition_widths(full_width, widths)):
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


def rendition_widths(original_width: int, widths: Sequence[int] = RENDITION_WIDTHS) -> list[int]:
    """Every requested width below the original, plus the original's own width when that is not
    above the largest requested one (a 1280-wide original gets a 1280 rendition too)."""
    chosen = {width for width in widths if 0 < width < original_width}
    if original_width <= max(widths):
        chosen.add(original_width)
    return sorted(chosen)


def upright_size(source: str | IO[bytes] | Any) -> tuple[int, int]:
    """The picture's width and height as shown (a quarter-turned photo's sides swapped); reads the header only."""
    _rewind(source)
    try:
        with Image.open(source) as original:
            return _upright(original)
    finally:
        _rewind(source)


def _upright(original: Image.Image) -> tuple[int, int]:
    size = original.size
    if original.getexif().get(EXIF_ORIENTATION) in {5, 6, 7, 8}:  # turned a quarter: sides swap
        size = (size[1], size[0])
    return size


def _prepare(original: Image.Image, *, largest: int) -> tuple[Image.Image, tuple[int, int], bytes | None]:
    """Decode once, upright and in RGB or RGBA, at no more resolution than the renditions need.

    Returns the pixels, the original's upright size (the pixels may be a reduced decode) and the
    colour profile worth keeping.
    """
    size = _upright(original)
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
    # reducing_gap shrinks by whole factors first, so Lanczos filters a smaller image; indistinguishable here.
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
