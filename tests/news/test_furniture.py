"""The last cut of site furniture on every imported body, and refusing a page that is nothing else."""

import pytest

from news.importer.article import ONLY_FURNITURE, Draft, ImportFailure, finish
from news.importer.parsing import parse_file

STORY = (
    "<p>The film follows a young astronaut and a musician in Seoul, and the letters they send across the "
    "distance while she trains for a mission to Mars.</p>"
    "<p>The director spent five years drawing the city by hand, and the score was recorded with strings.</p>"
)


def body(html: str) -> str:
    return finish(Draft(body_html=html, title="A title")).body_html


def test_closing_sign_offs_and_widget_lines_are_removed():
    html = body(STORY + "<p>Share this article</p><p>Stay tuned for more updates on the film!</p><p>Follow us</p>")
    assert html == STORY


def test_a_where_to_watch_box_is_removed_with_its_lines():
    box = "<h2>Where to watch</h2><ul><li>Netflix</li><li>Select theaters</li></ul><p>Streaming from May 30.</p>"
    after = "<h2>Reviews</h2><p>Critics praised the colours of the night scenes, and the way the leads talk.</p>"
    assert body(STORY + box + after) == STORY + after


def test_player_captions_and_the_lead_ins_they_leave_dangling_are_removed():
    html = body(STORY + "<p>Here is what the studio showed at the festival:</p><p>Watch the trailer below:</p>")
    assert html == STORY
    assert body(STORY + "<p>Video: Netflix Korea</p><h2>Cast</h2><p>The voices are two well known actors.</p>") == (
        STORY + "<h2>Cast</h2><p>The voices are two well known actors.</p>"
    )


@pytest.mark.parametrize(
    "bar",
    [
        '<p>Share this: <a href="https://facebook.com/s">Facebook</a> <a href="https://x.com/s">Twitter</a></p>',
        "<h3>Share this:</h3><ul><li>Facebook</li><li>X</li><li>LinkedIn</li><li>Email</li></ul>",
        "<p>Share this:</p><p>Facebook</p><p>Twitter</p><p>Like this:</p><p>Like Loading...</p>",
    ],
)
def test_share_bars_are_removed(bar):
    assert body(STORY + bar) == STORY


def test_a_sentence_about_social_networks_stays():
    html = STORY + "<p>The studio posted the trailer on Facebook and Twitter first.</p>"
    assert body(html) == html


def test_a_lead_in_that_introduces_a_list_stays():
    html = STORY + "<p>The cast includes:</p><ul><li>Kim Tae-ri</li><li>Hong Kyung</li></ul>"
    assert body(html) == html


def test_a_page_of_nothing_but_furniture_and_a_headline_is_refused_with_the_reason():
    furniture = "<h1>Netflix film news</h1><p>Share this story</p><p>Leave a comment</p><p>Subscribe</p>"
    with pytest.raises(ImportFailure, match="nothing but site furniture"):
        finish(Draft(body_html=furniture, title="News"))
    page = b"Lost in Starlight premiere\n\nShare\n\nLeave a Reply\n\nYour email address will not be published.\n"
    with pytest.raises(ImportFailure) as refused:
        parse_file(name="page.txt", data=page, max_bytes=100_000)
    assert str(refused.value) in (ONLY_FURNITURE, "no body text")


def test_a_short_real_article_is_kept():
    note = "<p>The film opens in select theaters on Friday.</p><p>Share</p>"
    assert body(note) == "<p>The film opens in select theaters on Friday.</p>"
