"""Word documents (.docx), as press releases and freelancers' pieces arrive.

mammoth turns the document into plain HTML: headings, lists, links, bold and italic; the shared
finishing step's sanitiser drops the rest. A .docx is a zip, so the archive is checked before mammoth
opens it: its entry count (common/zips.py), the size its parts unpack to (as declared: zipfile never
unpacks more than that), no document type declarations in any part (entity expansion), and its number
of XML tags. The file's own style map is ignored and linked files are never read. Pictures are left out and
counted for the editor.
"""

import io
import zipfile
from datetime import datetime
from xml.parsers.expat import ExpatError

import mammoth
from bs4 import BeautifulSoup
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from common.text import clean_inline
from common.zips import TooManyEntries, open_zip

from .article import MAX_ELEMENTS, Draft, ImportFailure
from .dates import parse_date
from .documents import pictures_reason, take_dateline

MAX_ENTRIES = 1000
# What all its parts may unpack to, pictures included (they are packed already, so barely grow).
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
# Word writes several XML elements for each one that reaches the HTML (runs, their properties).
MAX_XML_TAGS = 20 * MAX_ELEMENTS
_MEDIA = "word/media/"
# The document's Title and Subtitle paragraph styles, marked so they can be taken out of the body.
_STYLE_MAP = """
p.Title => h1.document-title:fresh
p[style-name='Title'] => h1.document-title:fresh
p.Subtitle => p.document-subtitle:fresh
p[style-name='Subtitle'] => p.document-subtitle:fresh
"""
_CORE = "docProps/core.xml"


def _checked(data: bytes) -> zipfile.ZipFile:
    try:
        archive = open_zip(io.BytesIO(data), max_entries=MAX_ENTRIES)
    except TooManyEntries as exc:
        raise ImportFailure(f"not a Word document: {exc}") from exc
    except (zipfile.BadZipFile, ValueError) as exc:
        raise ImportFailure("not a Word document (not a zip archive)") from exc
    entries = [info for info in archive.infolist() if not info.is_dir()]
    if sum(info.file_size for info in entries) > MAX_UNPACKED_BYTES:
        raise ImportFailure(f"the Word document unpacks to more than {MAX_UNPACKED_BYTES // (1024 * 1024)} MB")
    tags = 0
    # Every part, whatever its name: the document's relationships may name any of them as its text.
    for info in entries:
        try:
            with archive.open(info) as part:
                content = part.read(info.file_size + 1)
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as exc:
            raise ImportFailure(f"cannot read the Word document's {info.filename} ({exc})") from exc
        if b"<!DOCTYPE" in content or b"<!ENTITY" in content:
            raise ImportFailure("malformed Word document: document type declarations are not allowed")
        if not info.filename.startswith(_MEDIA):
            tags += content.count(b"<") // 2
        if tags > MAX_XML_TAGS:
            raise ImportFailure(f"too many elements to be one article (more than {MAX_XML_TAGS:,} XML elements)")
    if "word/document.xml" not in archive.namelist():
        raise ImportFailure("not a Word document (no word/document.xml inside)")
    return archive


def _properties(archive: zipfile.ZipFile) -> dict[str, str]:
    """The title, creation date and language the document's properties state (docProps/core.xml)."""
    if _CORE not in archive.namelist():
        return {}
    try:
        root = fromstring(archive.read(_CORE))
    except (DefusedXmlException, SyntaxError):
        return {}  # properties are a help, not the article: a broken set is ignored
    found = {}
    for element in root:
        name = element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""
        if name in ("title", "created", "language") and element.text and element.text.strip():
            found[name] = clean_inline(element.text)
    return found


def parse_docx(data: bytes) -> Draft:
    with _checked(data) as archive:
        properties = _properties(archive)
    pictures = 0

    def leave_out(image) -> list:
        nonlocal pictures
        pictures += 1
        return []

    try:
        result = mammoth.convert_to_html(
            io.BytesIO(data), style_map=_STYLE_MAP, include_embedded_style_map=False, convert_image=leave_out
        )
    except ExpatError as exc:
        raise ImportFailure(f"not a readable Word document (malformed XML: {exc})") from exc
    except (KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise ImportFailure(f"not a readable Word document ({exc})") from exc
    soup = BeautifulSoup(result.value, "html.parser")
    title = subtitle = ""
    if heading := soup.find("h1", class_="document-title"):
        title = clean_inline(heading.get_text(" "))
        heading.decompose()
    if paragraph := soup.find("p", class_="document-subtitle"):
        subtitle = clean_inline(paragraph.get_text(" "))
        paragraph.decompose()
    date_text, author = take_dateline(soup)
    date_text = date_text or properties.get("created", "")
    published_at: datetime | None = parse_date(date_text) if date_text else None
    return Draft(
        body_html=str(soup),
        title=title or properties.get("title", ""),
        subtitle=subtitle,
        published_at=published_at,
        date_text=date_text,
        author=author,
        language=properties.get("language", ""),
        review_reasons=[pictures_reason(pictures)] if pictures else [],
    )
