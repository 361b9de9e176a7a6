"""What the WordPress editor stores, read as plain HTML: block comments and shortcodes gone, captions as figures."""

from news.importer.wordpress_body import wordpress_html


def test_block_comments_are_removed_and_their_content_kept():
    html = wordpress_html(
        "<!-- wp:paragraph -->\n<p>The premiere is in Busan.</p>\n<!-- /wp:paragraph -->\n\n"
        '<!-- wp:image {"id":12,"sizeSlug":"large"} -->\n<figure class="wp-block-image"><img src="a.jpg" alt="Poster"/>'
        "</figure>\n<!-- /wp:image -->"
    )
    assert "wp:" not in html and "<!--" not in html
    assert "<p>The premiere is in Busan.</p>" in html and '<img src="a.jpg" alt="Poster"/>' in html


def test_a_caption_becomes_a_figure_with_its_caption():
    html = wordpress_html(
        'Before.\n\n[caption id="attachment_12" align="aligncenter" width="640"]'
        '<a href="https://old.example.com/poster.jpg"><img src="https://old.example.com/poster.jpg" alt="The poster" />'
        "</a> The <em>poster</em> for the film[/caption]\n\nAfter."
    )
    assert (
        '<figure><a href="https://old.example.com/poster.jpg"><img src="https://old.example.com/poster.jpg" '
        'alt="The poster" /></a><figcaption>The <em>poster</em> for the film</figcaption></figure>'
    ) in html
    assert "[caption" not in html and "[/caption]" not in html
    assert html.startswith("<p>Before.</p>") and html.endswith("<p>After.</p>")


def test_an_old_caption_attribute_is_the_caption():
    html = wordpress_html('[caption id="a" caption="Jay &amp; Nan-young"]<img src="b.jpg" />[/caption]')
    assert html == '<figure><img src="b.jpg" /><figcaption>Jay &amp; Nan-young</figcaption></figure>'


def test_other_shortcodes_go_and_the_text_they_wrap_stays():
    html = wordpress_html(
        'Watch it: [embed]https://video.example.com/trailer[/embed]\n\n[gallery ids="1,2,3"]\n\n'
        "[gallery]\n\n[pullquote align=left]A quiet film about distance.[/pullquote]"
    )
    assert "[" not in html
    assert "https://video.example.com/trailer" in html and "A quiet film about distance." in html


def test_bracketed_words_that_are_not_shortcodes_stay():
    html = wordpress_html("He said it was [sic] the best score, see note [1].")
    assert html == "<p>He said it was [sic] the best score, see note [1].</p>"


def test_classic_editor_paragraphs_are_wrapped_and_blocks_left_alone():
    html = wordpress_html("First line\nstill first.\r\n\r\n<h2>Cast</h2>\n\nSecond <strong>para</strong>.")
    assert html == "<p>First line\nstill first.</p>\n<h2>Cast</h2>\n<p>Second <strong>para</strong>.</p>"
