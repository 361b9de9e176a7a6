"""The pictures an imported article shows, found while its file is read (no network, no database).

Each `<img>` of the body, in a `<figure>` or not, becomes a placeholder `<figure data-picture="N">`,
N being its place in `ParsedArticle.pictures` (1, 2, …), and keeps a figure's caption. The list holds
each picture's address, alt text and credit. Saving brings each picture into the library and puts
its library number in place of N, or leaves the figure out and says why (`saving.with_library_pictures`).
A `data-picture` the file carried itself is dropped: those numbers are the library's.
"""

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, Tag

MAX_PICTURES = 40
"""More than any article shows; past it, a page's gallery or tracking pixels, left out."""
PICTURE_LEFT_OUT = "picture left out ({why})"

_LOOKS_LIKE_PICTURES = re.compile(r"<img[\s/>]|data-picture", re.IGNORECASE)
_CREDIT = re.compile(r"credit|byline|copyright|photographer|attribution", re.IGNORECASE)
PLACEHOLDER = re.compile(r'<figure data-picture="(\d+)">(.*?)</figure>', re.DOTALL)


@dataclass(frozen=True)
class PictureRef:
    src: str  # a web address, or a path beside the file (in its zip)
    alt: str = ""
    caption: str = ""  # as text: the alt text when the picture has none
    credit: str = ""

    @property
    def is_web_address(self) -> bool:
        return urlsplit(self.src).scheme in ("http", "https")


def take_pictures(html: str, *, base_url: str = "") -> tuple[str, tuple[PictureRef, ...], tuple[str, ...]]:
    """The body with placeholders for its pictures, the pictures, and why any were left out already."""
    if not html or not _LOOKS_LIKE_PICTURES.search(html):
        return html, (), ()
    soup = BeautifulSoup(html, "html.parser")
    for carried in soup.find_all(attrs={"data-picture": True}):
        del carried["data-picture"]
    pictures: list[PictureRef] = []
    reasons: list[str] = []
    for img in soup.find_all("img"):
        if not any(parent is soup for parent in img.parents):  # in a figure already replaced
            continue
        src = _address(img, base_url)
        figure = img.find_parent("figure")
        shown = figure or _linked(img)
        if not src or len(pictures) >= MAX_PICTURES:
            why = f"more than {MAX_PICTURES} pictures in one article" if src else "no address a site can fetch"
            reasons.append(PICTURE_LEFT_OUT.format(why=why))
            shown.decompose()
            continue
        credit = _credit(figure) if figure else ""
        caption = figure.find("figcaption") if figure else None
        pictures.append(
            PictureRef(
                src=src,
                alt=" ".join(img.get("alt", "").split()),
                caption=caption.get_text(" ", strip=True) if caption else "",
                credit=credit,
            )
        )
        placeholder = soup.new_tag("figure", attrs={"data-picture": str(len(pictures))})
        if caption is not None and caption.get_text(strip=True):
            placeholder.append(caption.extract())
        shown.replace_with(placeholder)
    return str(soup), tuple(pictures), tuple(dict.fromkeys(reasons))


def _address(img: Tag, base_url: str) -> str:
    """Where the picture is: its src (or a lazy loader's data-src), made whole against the page's address."""
    src = (img.get("src") or img.get("data-src") or img.get("data-lazy-src") or "").strip()
    if not src or src.startswith("data:") or len(src) > 500:
        return ""
    if base_url.startswith(("http://", "https://")):
        src = urljoin(base_url, src)
    scheme = urlsplit(src).scheme
    return src.split("#", 1)[0] if scheme in ("http", "https", "") else ""


def _linked(img: Tag) -> Tag:
    """The picture as shown: the link around it when the link holds nothing else (a click-to-enlarge)."""
    link = img.parent
    if isinstance(link, Tag) and link.name == "a" and not link.get_text(strip=True) and len(link.find_all()) == 1:
        return link
    return img


def _credit(figure: Tag) -> str:
    """A credit line in the figure (an element whose class says so), taken out of its caption."""
    found = figure.find(class_=_CREDIT)
    if found is None:
        return ""
    credit = found.get_text(" ", strip=True)
    found.decompose()
    return credit
