"""Word documents (.docx) built by the tests: the few parts Word itself writes, with the paragraphs given."""

import io
import zipfile
from xml.sax.saxutils import escape, quoteattr

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Default Extension="png" ContentType="image/png"/>
<Override PartName="/word/document.xml"
 ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>"""
_PACKAGE_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{_RELS}">
<Relationship Id="rId1" Target="word/document.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>
</Relationships>"""
_NUMBERING = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="{_W}">
<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
</w:numbering>"""


def run(text: str, *, bold: bool = False, italic: bool = False) -> str:
    properties = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    return f'<w:r><w:rPr>{properties}</w:rPr><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def link(text: str, number: int) -> str:
    """A hyperlink to the document's ``number``th link (see `docx(links=…)`)."""
    return f'<w:hyperlink r:id="rIdLink{number}">{run(text)}</w:hyperlink>'


def picture(number: int, alt: str = "") -> str:
    """The document's ``number``th picture (see `docx(pictures=…)`), inline."""
    return (
        f'<w:r><w:drawing><wp:inline><wp:docPr id="{number}" name="Picture {number}" descr={quoteattr(alt)}/>'
        "<a:graphic><a:graphicData><pic:pic><pic:blipFill>"
        f'<a:blip r:embed="rIdPicture{number}"/></pic:blipFill></pic:pic></a:graphicData></a:graphic>'
        "</wp:inline></w:drawing></w:r>"
    )


def paragraph(*runs: str, style: str = "", bullet: bool = False, numbered: bool = False) -> str:
    properties = f'<w:pStyle w:val="{style}"/>' if style else ""
    if bullet or numbered:
        properties += f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{1 if bullet else 2}"/></w:numPr>'
    body = "".join(item if item.startswith("<") else run(item) for item in runs)
    return f"<w:p><w:pPr>{properties}</w:pPr>{body}</w:p>"


def core_properties(*, title: str = "", created: str = "") -> str:
    fields = ""
    if title:
        fields += f"<dc:title>{escape(title)}</dc:title>"
    if created:
        fields += f'<dcterms:created xsi:type="dcterms:W3CDTF">{created}</dcterms:created>'
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
        f' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">{fields}</cp:coreProperties>'
    )


def docx(
    *paragraphs: str,
    title: str = "",
    created: str = "",
    links: tuple[str, ...] = (),
    pictures: int = 0,
    extra: dict[str, bytes] | None = None,
) -> bytes:
    """A .docx of ``paragraphs`` (from `paragraph`), with core properties, link targets and pictures."""
    relationships = [
        f'<Relationship Id="rIdLink{number}" Target={quoteattr(url)} TargetMode="External" Type="{_R}/hyperlink"/>'
        for number, url in enumerate(links, start=1)
    ] + [
        f'<Relationship Id="rIdPicture{number}" Target="media/image{number}.png" Type="{_R}/image"/>'
        for number in range(1, pictures + 1)
    ]
    relationships.append(f'<Relationship Id="rIdNumbering" Target="numbering.xml" Type="{_R}/numbering"/>')
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{_W}" xmlns:r="{_R}"'
        ' xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'
        ' xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
        ' xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        f"<w:body>{''.join(paragraphs)}</w:body></w:document>"
    )
    parts = {
        "[Content_Types].xml": _CONTENT_TYPES,
        "_rels/.rels": _PACKAGE_RELS,
        "word/document.xml": document,
        "word/_rels/document.xml.rels": f'<Relationships xmlns="{_RELS}">{"".join(relationships)}</Relationships>',
        "word/numbering.xml": _NUMBERING,
        "docProps/core.xml": core_properties(title=title, created=created),
        **{f"word/media/image{number}.png": b"\x89PNG not really" for number in range(1, pictures + 1)},
        **(extra or {}),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()
