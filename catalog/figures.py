"""Pictures and videos inside rich text, drawn for the page.

A body stores a library picture as `<figure data-picture="ID">` and a video as
`<figure data-video="URL">` (the plain forms `common.sanitize` keeps). The page shows the picture
from the library's renditions, with the library's alt text and credit and the body's caption; and a
video as a play button that loads the player only when a visitor clicks it (`static/js/trailer.js`,
as the film's trailer), so a page with videos asks nothing of another site until then.

All the pictures of a body are read in one query, however many it has. A picture deleted from the
library since the body was written leaves its figure out.
"""

import re
from html import unescape

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from common.videos import player_url, video_site

from .models import Image
from .templatetags.pictures import picture

BODY_SIZES = "(min-width: 48rem) 704px, 100vw"
"""The body's column: as wide as the article's hero picture."""

_PICTURE = re.compile(r'<figure data-picture="(\d+)">(.*?)</figure>', re.DOTALL)
_VIDEO = re.compile(r'<figure data-video="([^"]+)">(.*?)</figure>', re.DOTALL)
_CAPTION = re.compile(r"<figcaption>(.*?)</figcaption>", re.DOTALL)


def picture_ids(html: str) -> list[int]:
    """The library pictures a sanitised body shows, in order, each once."""
    return list(dict.fromkeys(int(match[1]) for match in _PICTURE.finditer(html or "")))


def with_figures(html: str) -> SafeString:
    """A sanitised body with its pictures and videos drawn for the page."""
    if "<figure data-" not in (html or ""):
        return mark_safe(html or "")
    pictures = Image.objects.in_bulk(picture_ids(html))
    html = _PICTURE.sub(lambda match: _picture_figure(pictures.get(int(match[1])), match[2]), html)
    return mark_safe(_VIDEO.sub(lambda match: _video_figure(unescape(match[1]), match[2]), html))


def _caption(inside: str, credit: str = "") -> str:
    found = _CAPTION.search(inside)
    caption = mark_safe(found[1]) if found else ""  # part of the sanitised body
    if credit:
        caption = format_html('{} <span class="figure__credit">{}</span>', caption, credit)
    return format_html("<figcaption>{}</figcaption>", caption) if caption else ""


def _picture_figure(image: Image | None, inside: str) -> str:
    if image is None:
        return ""
    return format_html(
        '<figure class="figure">{}{}</figure>', picture(image, sizes=BODY_SIZES), _caption(inside, image.credit)
    )


def _video_figure(url: str, inside: str) -> str:
    player = player_url(url)
    if not player:
        return ""
    note = gettext("The video comes from %(site)s and loads only when you click.") % {"site": video_site(url)}
    return format_html(
        '<figure class="video"><div class="trailer" data-embed="{}"><div>'
        '<a class="trailer__play button" href="{}" rel="noopener">{}</a><p class="trailer__note">{}</p>'
        "</div></div>{}</figure>",
        player,
        url,
        gettext("Play the video"),
        note,
        _caption(inside),
    )
