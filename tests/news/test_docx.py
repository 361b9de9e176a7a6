"""Word documents: what mammoth keeps, where the title and date come from, and the bounds on the archive."""

import io
import zipfile
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import translation

from news.importer import formats_docx
from news.importer.article import ImportFailure
from news.importer.parsing import parse_file
from news.importer.reports import ImportOptions, Outcome
from news.importer.runs import import_many
from news.importer.uploads import upload_items
from news.models import Article
from news.review_reasons import shown
from tests.word_documents import docx, link, paragraph, picture, run

BODY = paragraph(
    "Nan-young trains for ",
    run("Mars", bold=True),
    " while Jay ",
    run("fixes", italic=True),
    " old radios in Seoul. More on ",
    link("the studio's site", 1),
    ".",
)
PRESS_RELEASE = docx(
    paragraph("Starlight Opens in Seoul", style="Title"),
    paragraph("A quiet film about radios and Mars", style="Subtitle"),
    paragraph("May 29, 2025"),
    paragraph("By Jane Doe"),
    paragraph("The plot", style="Heading2"),
    BODY,
    paragraph("A repair shop", bullet=True),
    paragraph("A launch pad", bullet=True),
    paragraph("First act", numbered=True),
    paragraph("Second act", numbered=True),
    paragraph("The poster: ", picture(1, "a poster"), picture(2), " and the rest."),
    title="Draft 3 (final)",
    created="2024-01-02T03:04:05Z",
    links=("https://example.com/starlight",),
    pictures=2,
)


def parse(data: bytes, name: str = "release.docx"):
    [article] = parse_file(name=name, data=data, max_bytes=5 * 1024 * 1024)
    return article


def failure(data: bytes) -> str:
    with pytest.raises(ImportFailure) as caught:
        parse(data)
    return str(caught.value)


def test_headings_lists_links_bold_and_italic_are_kept_and_the_title_style_is_the_title():
    article = parse(PRESS_RELEASE)
    assert article.title == "Starlight Opens in Seoul" and not article.title_guessed
    assert article.subtitle == "A quiet film about radios and Mars"
    assert article.published_at.isoformat() == "2025-05-29T00:00:00+00:00"
    assert article.author == "Jane Doe"
    assert article.body_html.startswith("<h2>The plot</h2><p>Nan-young trains for <strong>Mars</strong>")
    assert "<em>fixes</em>" in article.body_html
    assert '<a href="https://example.com/starlight" rel="nofollow noopener">the studio\'s site</a>' in article.body_html
    assert "<ul><li>A repair shop</li><li>A launch pad</li></ul>" in article.body_html
    assert "<ol><li>First act</li><li>Second act</li></ol>" in article.body_html
    assert "Draft 3" not in article.body_html and "May 29" not in article.body_html


def test_pictures_are_left_out_and_counted_for_the_editor():
    article = parse(PRESS_RELEASE)
    assert "<img" not in article.body_html and "The poster: and the rest." in article.text
    assert article.needs_review_reasons == ("2 pictures in the document left out",)
    with translation.override("ko"):
        assert shown("2 pictures in the document left out") == "문서 속 사진 2장 제외됨"


def test_without_a_title_style_or_a_dateline_the_properties_give_title_and_date():
    article = parse(
        docx(BODY, title="Starlight in Seoul", created="2025-06-01T09:30:00Z", links=("https://a.example/",))
    )
    assert article.title == "Starlight in Seoul" and not article.title_guessed
    assert article.published_at.isoformat() == "2025-06-01T09:30:00+00:00"
    assert article.needs_review_reasons == ()


def test_a_document_saying_nothing_of_its_title_or_date_is_flagged():
    article = parse(docx(BODY, links=("https://a.example/",)))
    assert article.title_guessed and article.published_at is None
    assert article.needs_review_reasons == ("title guessed", "date missing")


def test_a_file_the_document_embeds_cannot_choose_how_it_is_read():
    style_map = b"p => script:fresh"
    article = parse(docx(BODY, links=("https://a.example/",), extra={"mammoth/style-map": style_map}))
    assert article.body_html.startswith("<p>Nan-young")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"PK\x03\x04 cut short", "not a Word document (not a zip archive)"),
        (
            docx(BODY, extra={"word/document.xml": "<nope"}),
            "not a readable Word document (malformed XML: unclosed token: line 1, column 0)",
        ),
    ],
)
def test_a_broken_document_fails_with_a_reason(data, reason):
    assert failure(data) == reason


def test_a_zip_without_a_document_part_is_not_a_word_document():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("story.txt", "A story.")
    assert failure(buffer.getvalue()) == "not a Word document (no word/document.xml inside)"


def test_entity_declarations_are_refused_before_the_xml_is_parsed():
    laughs = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><w:document/>'
    assert failure(docx(BODY, extra={"word/document.xml": laughs})) == (
        "malformed Word document: document type declarations are not allowed"
    )


def test_too_many_entries_is_refused_before_mammoth_opens_it():
    extra = {f"customXml/item{number}.xml": b"<a/>" for number in range(formats_docx.MAX_ENTRIES)}
    assert (
        failure(docx(BODY, extra=extra))
        == "not a Word document: the zip archive holds 1,006 entries; at most 1,000 are read"
    )


def test_what_the_parts_unpack_to_is_bounded(monkeypatch):
    monkeypatch.setattr(formats_docx, "MAX_UNPACKED_BYTES", 2 * 1024 * 1024)
    padding = {"word/padding.bin": b"\0" * (2 * 1024 * 1024)}  # packs to a few kilobytes
    assert failure(docx(BODY, extra=padding)) == "the Word document unpacks to more than 2 MB"


def test_the_number_of_xml_elements_is_bounded(monkeypatch):
    monkeypatch.setattr(formats_docx, "MAX_XML_TAGS", 1000)
    many = docx(*[paragraph("word") for _ in range(300)])
    assert failure(many) == "too many elements to be one article (more than 1,000 XML elements)"


def test_converting_is_bounded_by_the_reading_time_limit(monkeypatch):
    def never_ends(*args, **kwargs):
        while True:
            pass

    monkeypatch.setattr(formats_docx.mammoth, "convert_to_html", never_ends)
    with pytest.raises(ImportFailure) as caught:
        parse_file(name="release.docx", data=PRESS_RELEASE, max_bytes=5 * 1024 * 1024, seconds=0.2)
    assert str(caught.value) == "took more than 0.2 s to read: too complex to be one article"


@pytest.mark.django_db
def test_the_command_imports_a_word_document_once(tmp_path):
    path = tmp_path / "release.docx"
    path.write_bytes(PRESS_RELEASE)
    for expected in ("created", "unchanged"):
        out = StringIO()
        call_command("import_articles", str(path), stdout=out, stderr=StringIO())
        assert f"{expected:<9} {path}: “Starlight Opens in Seoul”" in out.getvalue()
    article = Article.objects.get()
    assert article.author == "Jane Doe" and "<strong>Mars</strong>" in article.body
    assert article.review_reason == "2 pictures in the document left out"


@pytest.mark.django_db
def test_a_word_document_in_an_uploaded_zip_is_imported():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("desk/release.docx", PRESS_RELEASE)
    summary = import_many(upload_items([ContentFile(buffer.getvalue(), name="desk.zip")]), options=ImportOptions())
    [report] = summary.files
    assert (report.name, report.outcome) == ("desk.zip/desk/release.docx", Outcome.CREATED)
    assert Article.objects.get().title == "Starlight Opens in Seoul"
