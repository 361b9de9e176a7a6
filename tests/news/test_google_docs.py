"""Google Docs saved as a web page: styles put back as emphasis, the Title paragraph as the title,
links freed of Google's redirect, reviewers' comments dropped."""

import io
import zipfile

import pytest
from django.core.files.base import ContentFile

from news.importer.parsing import parse_file
from news.importer.reports import ImportOptions, Outcome
from news.importer.runs import import_many
from news.importer.uploads import upload_items
from news.models import Article

# The shape of a "Download → Web page (.html, zipped)" export, cut down.
EXPORT = """<html><head><meta content="text/html; charset=UTF-8" http-equiv="content-type">\
<style type="text/css">ul.lst-kix_a1-0{list-style-type:none}.c1{font-weight:700;font-style:normal}\
.c2{font-weight:400;font-style:italic}.c3{font-weight:400}.c4{color:#000000;font-weight:700}\
.title{font-size:26pt}.subtitle{font-size:15pt}</style><title>Starlight release v3</title></head>\
<body class="c6 doc-content">\
<p class="c5 title" id="h.t"><span class="c4">Starlight Opens in Seoul</span></p>\
<p class="c5 subtitle" id="h.s"><span class="c3">A quiet film about radios and Mars</span></p>\
<p class="c5"><span class="c3">May 29, 2025</span></p>\
<h2 class="c5" id="h.p"><span class="c4">The plot</span></h2>\
<p class="c5"><span class="c3">Nan-young trains for </span><span class="c1">Mars</span>\
<span class="c3"> while Jay </span><span class="c2">fixes</span><span class="c3"> old radios in Seoul.</span>\
<sup><a href="#cmnt1" id="cmnt_ref1">[a]</a></sup><span class="c3"> More on </span>\
<span><a href="https://www.google.com/url?q=https://example.com/starlight&amp;sa=D&amp;source=editors&amp;ust=1">\
the studio's site</a></span><span class="c3">.</span></p>\
<ul class="c7 lst-kix_a1-0 start"><li class="c5 li-bullet-0"><span class="c3">A repair shop</span></li>\
<li class="c5 li-bullet-0"><span class="c3">A launch pad</span></li></ul>\
<p class="c5"><span><img alt="" src="images/image1.png" title=""></span></p>\
<div class="c8"><p class="c5"><a href="#cmnt_ref1" id="cmnt1">[a]</a>\
<span class="c3">check the spelling</span></p></div>\
</body></html>"""


def parse(data: bytes):
    [article] = parse_file(name="release.html", data=data, max_bytes=5 * 1024 * 1024)
    return article


def test_an_export_reads_like_the_document():
    article = parse(EXPORT.encode())
    assert article.title == "Starlight Opens in Seoul" and not article.title_guessed
    assert article.subtitle == "A quiet film about radios and Mars"
    assert article.published_at.isoformat() == "2025-05-29T00:00:00+00:00"
    assert article.body_html.startswith(
        "<h2>The plot</h2><p>Nan-young trains for <strong>Mars</strong> while Jay <em>fixes</em> old radios"
    )
    assert '<a href="https://example.com/starlight" rel="nofollow noopener">the studio\'s site</a>' in article.body_html
    assert "<ul><li>A repair shop</li><li>A launch pad</li></ul>" in article.body_html
    assert "[a]" not in article.text and "check the spelling" not in article.text
    assert article.needs_review_reasons == ("1 picture in the document left out",)


def test_a_page_that_is_no_export_keeps_its_classes_unread():
    page = EXPORT.replace(' class="c6 doc-content"', "").replace("ul.lst-kix_a1-0{list-style-type:none}", "")
    article = parse(page.encode())
    assert "<strong>" not in article.body_html and "picture" not in " ".join(article.needs_review_reasons)


@pytest.mark.django_db
def test_the_zipped_export_imports_the_page_and_skips_its_picture_files():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("Starlightreleasev3.html", EXPORT)
        archive.writestr("images/image1.png", b"\x89PNG not really")
    summary = import_many(upload_items([ContentFile(buffer.getvalue(), name="release.zip")]), options=ImportOptions())
    outcomes = {report.name: report.outcome for report in summary.files}
    assert outcomes == {
        "release.zip/Starlightreleasev3.html": Outcome.CREATED,
        "release.zip/images/image1.png": Outcome.SKIPPED,
    }
    assert Article.objects.get().title == "Starlight Opens in Seoul"
