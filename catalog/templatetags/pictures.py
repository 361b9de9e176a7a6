"""`{% picture image %}`: a responsive <img> built from the WebP renditions of catalog.images."""

from __future__ import annotations

import html
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from common.languages import localized, page_language

register = template.Library()

DEFAULT_SIZES = "(min-width: 60rem) 640px, 100vw"
SRC_MAX_WIDTH = 640
"""src is for browsers that ignore srcset; a middling width is the safe guess for them."""


@register.simple_tag
def picture(
    image: Any,
    sizes: str = DEFAULT_SIZES,
    css_class: str = "",
    loading: str = "lazy",
    alt: str | None = None,
) -> SafeString | str:
    """Render `image` (with .file, .alt_text, .width, .height, .renditions) as an <img>.

    The alt text is in the page's language when the image has it (alt_text_ko), else the English
    one marked lang="en"; `alt` replaces it, e.g. with "" where the picture only decorates. Nothing
    at all for a missing image. loading="eager" also asks for high fetch priority, for the one hero
    image above the fold; any other value means lazy.
    """
    if not image or not getattr(image, "file", None):
        return ""
    renditions = sorted(image.renditions or [], key=lambda rendition: rendition["width"])
    storage = image.file.storage
    attributes: list[tuple[str, Any]] = []
    if renditions:
        chosen = _src_rendition(renditions)
        urls = {r["name"]: storage.url(r["name"]) for r in renditions}
        srcset = ", ".join(f"{urls[r['name']]} {r['width']}w" for r in renditions)
        attributes += [("src", urls[chosen["name"]]), ("srcset", srcset), ("sizes", sizes)]
        width, height = chosen["width"], chosen["height"]
    else:
        attributes.append(("src", image.file.url))
        width, height = image.width, image.height
    if width and height:
        attributes += [("width", width), ("height", height)]
    alt_language = page_language()
    if alt is None:
        alt, alt_language = localized(image, "alt_text")
    attributes.append(("alt", alt or ""))
    if alt and alt_language != page_language():
        attributes.append(("lang", alt_language))
    attributes += _loading_attributes(loading)
    if css_class:
        attributes.append(("class", css_class))
    # format_html_join's escaping (conditional_escape), without its per-call wrappers: a page draws
    # dozens of these (avatars, cards).
    return mark_safe("<img " + " ".join(f'{name}="{_escaped(value)}"' for name, value in attributes) + ">")


def _escaped(value: Any) -> str:
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


def _src_rendition(renditions: list[dict[str, Any]]) -> dict[str, Any]:
    """The widest rendition no wider than SRC_MAX_WIDTH, else the narrowest there is."""
    fitting = [rendition for rendition in renditions if rendition["width"] <= SRC_MAX_WIDTH]
    return fitting[-1] if fitting else renditions[0]


def _loading_attributes(loading: str) -> list[tuple[str, str]]:
    if loading == "eager":
        return [("loading", "eager"), ("fetchpriority", "high"), ("decoding", "async")]
    return [("loading", "lazy"), ("decoding", "async")]
