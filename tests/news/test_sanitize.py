"""The article HTML allow-list: what survives, what is removed, and the plain text of a body."""

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from common.sanitize import ALLOWED_TAGS, html_to_text, sanitize_html

# Sanitised output that is only a URL makes Beautiful Soup warn that it "looks like a URL".
pytestmark = pytest.mark.filterwarnings("ignore::bs4.MarkupResemblesLocatorWarning")

HOSTILE = [
    '<script>alert("x")</script><p>text</p>',
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT><p>text</p>",
    '<img src="x" onerror="alert(1)"><p>text</p>',
    '<p onclick="alert(1)" onmouseover="alert(2)">text</p>',
    '<a href="javascript:alert(1)">text</a>',
    '<a href="JaVaScRiPt:alert(1)">text</a>',
    '<a href="jav&#x09;ascript:alert(1)">text</a>',
    '<a href="jav&#x0A;ascript:alert(1)">text</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">text</a>',
    '<a href="  javascript:alert(1)">text</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">text</a>',
    '<a href="vbscript:msgbox(1)">text</a>',
    '<svg onload="alert(1)"><circle r="1"/></svg><p>text</p>',
    "<svg><script>alert(1)</script></svg><p>text</p>",
    '<p style="background:url(javascript:alert(1))">text</p>',
    '<iframe src="https://evil.example/"></iframe><p>text</p>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe><p>text</p>',
    '<object data="evil.swf"></object><embed src="evil.swf"><p>text</p>',
    "<style>p { color: red }</style><p>text</p>",
    "<math><mtext><script>alert(1)</script></mtext></math><p>text</p>",
    '<form action="https://evil.example"><input name="q"><button>go</button></form><p>text</p>',
    '<body onload="alert(1)"><p>text</p></body>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example"><p>text</p>',
    "<p>text<!-- <script>alert(1)</script> --></p>",
    '<a href="https://ok.example/" onfocus="alert(1)" style="x" target="_blank">text</a>',
    '<details open ontoggle="alert(1)"><summary>s</summary></details><p>text</p>',
    '<p>text</p><base href="https://evil.example/"><link rel="stylesheet" href="x.css">',
]
FORBIDDEN = ("<script", "javascript", "vbscript", "data:", "onerror", "onload", "onclick", "style=", "<iframe")
FORBIDDEN += ("<svg", "<object", "<embed", "<form", "<input", "srcdoc", "<img", "target=", "<meta", "<base")


def _tags_and_attributes(html: str) -> set[tuple[str, str]]:
    soup = BeautifulSoup(html, "html.parser")
    return {(tag.name, attribute) for tag in soup.find_all(True) for attribute in [*tag.attrs, ""]}


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_markup_is_removed(hostile):
    cleaned = sanitize_html(hostile)
    lowered = cleaned.lower()
    assert not [word for word in FORBIDDEN if word in lowered], cleaned
    assert "alert(" not in cleaned
    assert "text" in cleaned


def test_allowed_markup_is_kept():
    html = (
        "<h2>Heading</h2><h3>Sub</h3><h4>Minor</h4><p>A <em>b</em> <strong>c</strong> <b>d</b> <i>e</i> "
        "<code>f</code><br>g</p><ul><li>one</li></ul><ol><li>two</li></ol><blockquote><p>q</p></blockquote>"
        "<pre>pre</pre><figure><figcaption>cap</figcaption></figure><hr>"
    )
    cleaned = sanitize_html(html)
    for tag in ALLOWED_TAGS - {"a"}:
        assert f"<{tag}>" in cleaned, tag


def test_links_keep_http_https_mailto_and_get_rel():
    cleaned = sanitize_html(
        '<a href="https://a.example/x" title="T" class="c" id="i">a</a> '
        '<a href="http://b.example/">b</a> <a href="mailto:press@c.example">c</a>'
    )
    assert '<a href="https://a.example/x" title="T" rel="nofollow noopener">a</a>' in cleaned
    assert '<a href="http://b.example/" rel="nofollow noopener">b</a>' in cleaned
    assert '<a href="mailto:press@c.example" rel="nofollow noopener">c</a>' in cleaned
    assert "class=" not in cleaned and "id=" not in cleaned


def test_refused_and_relative_links_keep_their_text_only():
    assert sanitize_html('<p><a href="javascript:x()">click</a> me</p>') == "<p>click me</p>"
    assert sanitize_html('<p><a href="/about">about</a></p>') == "<p>about</p>"
    assert sanitize_html('<p><a href="/about">about</a></p>', base_url="https://site.example/news/") == (
        '<p><a href="https://site.example/about" rel="nofollow noopener">about</a></p>'
    )


def test_rel_from_the_input_is_replaced():
    cleaned = sanitize_html('<a href="https://x.example/" rel="opener">x</a>')
    assert 'rel="nofollow noopener"' in cleaned and 'opener"' not in cleaned.replace("noopener", "")


def test_headings_are_renamed():
    assert sanitize_html("<h1>Big</h1><h5>Small</h5><h6>Tiny</h6>") == "<h2>Big</h2><h4>Small</h4><h4>Tiny</h4>"


def test_h1_in_text_is_not_renamed():
    assert sanitize_html("<p>&lt;h1&gt; is a tag</p>") == "<p>&lt;h1&gt; is a tag</p>"


def test_empty_blocks_are_dropped():
    assert sanitize_html('<p></p><p> <br> </p><figure><img src="x.png"></figure><p>kept</p>') == "<p>kept</p>"


def test_unknown_tags_keep_their_text():
    assert sanitize_html("<div><span>inside</span></div>") == "inside"


def test_empty_input():
    assert sanitize_html("") == "" and sanitize_html("   ") == ""


def test_sanitising_is_idempotent():
    once = sanitize_html('<h1>T</h1><p>a <a href="https://x.example/">b</a></p><script>x</script><ul><li>c</li></ul>')
    assert sanitize_html(once) == once


def test_html_to_text_separates_blocks():
    html = "<h2>Title</h2><p>One <em>two</em><br>three &amp; four</p><ul><li>a</li><li>b</li></ul>"
    assert html_to_text(html) == "Title\n\nOne two three & four\n\na\n\nb"


def test_html_to_text_drops_script_and_style():
    assert html_to_text("<p>shown</p><script>hidden()</script><style>p{}</style>") == "shown"


def test_html_to_text_empty():
    assert html_to_text("") == "" and html_to_text("<p> </p>") == ""


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "<p>",
                "</p>",
                "<a href='",
                "javascript:",
                "https://x.example/",
                "'>",
                "</a>",
                "<script>",
                "</script>",
                "<img src=x onerror=",
                "alert(1)",
                "<svg onload=",
                "<style>",
                "<figure data-picture=",
                "<figure data-video=",
                "https://youtu.be/t4hiu_kohhs",
                "<blockquote class=",
                "pull-quote",
                "&#x09;",
                "<h1>",
                "</h1>",
                "<!--",
                "-->",
                '"',
                "<",
                ">",
                "text",
            ]
        )
        | st.text(max_size=10),
        max_size=30,
    ).map("".join)
)
def test_only_allowed_tags_and_attributes_survive(html):
    cleaned = sanitize_html(html)
    allowed = {(tag, "") for tag in ALLOWED_TAGS} | {("a", "href"), ("a", "title"), ("a", "rel")}
    allowed |= {("figure", "data-picture"), ("figure", "data-video"), ("blockquote", "class")}
    assert _tags_and_attributes(cleaned) <= allowed
    for tag in BeautifulSoup(cleaned, "html.parser").find_all("a", href=True):
        assert tag["href"].split(":", 1)[0].lower() in {"http", "https", "mailto"}


def test_a_library_picture_keeps_its_number_and_caption_only():
    html = (
        '<figure data-picture="12" class="wide" onclick="x()"><img src="x.jpg"><figcaption>Seoul</figcaption></figure>'
    )
    assert sanitize_html(html) == '<figure data-picture="12"><figcaption>Seoul</figcaption></figure>'
    assert sanitize_html('<figure data-picture="12"></figure>') == '<figure data-picture="12"></figure>'


@pytest.mark.parametrize("number", ["", "0", "abc", "1 OR 1", "12.5", "-3", "1" * 19])
def test_a_picture_that_is_not_a_library_number_is_dropped(number):
    assert sanitize_html(f'<figure data-picture="{number}"></figure><p>text</p>') == "<p>text</p>"


def test_a_video_is_kept_as_the_plain_link_of_youtube_or_vimeo_only():
    cleaned = sanitize_html(
        '<figure data-video="https://youtu.be/t4hiu_kohhs?t=3"></figure>'
        '<figure data-video="https://player.vimeo.com/video/76979871"><figcaption>Teaser</figcaption></figure>'
        '<figure data-video="https://evil.example/watch?v=t4hiu_kohhs"></figure>'
        '<figure data-video="javascript:alert(1)"></figure>'
    )
    assert cleaned == (
        '<figure data-video="https://www.youtube.com/watch?v=t4hiu_kohhs"></figure>'
        '<figure data-video="https://vimeo.com/76979871"><figcaption>Teaser</figcaption></figure>'
    )


def test_a_pull_quote_keeps_its_class_and_no_other():
    html = '<blockquote class="pull-quote huge"><p>Stars</p></blockquote><blockquote class="red"><p>q</p></blockquote>'
    assert (
        sanitize_html(html)
        == '<blockquote class="pull-quote"><p>Stars</p></blockquote><blockquote><p>q</p></blockquote>'
    )


def test_figures_and_pull_quotes_survive_a_second_sanitising():
    html = (
        '<figure data-picture="3"><figcaption>A &amp; B</figcaption></figure>'
        '<figure data-video="https://vimeo.com/76979871"></figure><blockquote class="pull-quote"><p>q</p></blockquote>'
    )
    assert sanitize_html(sanitize_html(html)) == sanitize_html(html) == html
