"""Library pictures and videos in an article's body, as the public page draws them."""

import pytest

from tests import factories as f
from tests.pages import render_queries, soup

pytestmark = pytest.mark.django_db


def test_a_library_picture_is_drawn_from_its_renditions_with_alt_caption_and_credit(client):
    image = f.picture(credit="Netflix")
    body = f'<p>Before.</p><figure data-picture="{image.pk}"><figcaption>The <em>first</em> night</figcaption></figure>'
    article = f.article(body=body)
    page = soup(client.get(article.get_absolute_url()))
    figure = page.select_one(".article__body figure.figure")
    img = figure.img
    assert img["alt"] == "Vega at the observatory" and img["loading"] == "lazy"
    assert img["src"].endswith("-640w.webp") and (img["width"], img["height"]) == ("640", "480")
    assert [entry.split()[1] for entry in img["srcset"].split(", ")] == ["96w", "192w", "320w", "640w", "800w"]
    assert img["sizes"] == "(min-width: 48rem) 704px, 100vw"
    assert figure.figcaption.em.string == "first"
    assert figure.select_one(".figure__credit").string == "Netflix"
    assert "data-picture" not in str(page.select_one(".article__body"))


def test_korean_pages_show_the_korean_alt_text(client):
    image = f.picture(alt_text_ko="천문대의 베가")
    article = f.article(body=f'<figure data-picture="{image.pk}"></figure><p>Text.</p>')
    img = soup(client.get("/ko" + article.get_absolute_url())).select_one(".article__body img")
    assert img["alt"] == "천문대의 베가" and not img.has_attr("lang")


def test_a_picture_deleted_from_the_library_leaves_its_figure_out(client):
    image = f.picture()
    article = f.article(body=f'<figure data-picture="{image.pk}"><figcaption>Gone</figcaption></figure><p>Text.</p>')
    image.delete()
    body = soup(client.get(article.get_absolute_url())).select_one(".article__body")
    assert body.find("figure") is None and "Gone" not in body.text and body.p.string == "Text."


def test_a_video_loads_only_on_a_click(client):
    article = f.article(
        body='<figure data-video="https://vimeo.com/76979871"><figcaption>Teaser</figcaption></figure><p>Text.</p>'
    )
    response = client.get(article.get_absolute_url())
    page = soup(response)
    box = page.select_one(".article__body figure.video .trailer")
    assert box["data-embed"] == "https://player.vimeo.com/video/76979871?autoplay=1&dnt=1"
    assert box.select_one("a.trailer__play")["href"] == "https://vimeo.com/76979871"
    assert "Vimeo" in box.select_one(".trailer__note").string
    assert page.select_one(".article__body figure.video figcaption").string == "Teaser"
    assert page.find("iframe") is None
    assert page.select_one('script[src$="js/trailer.js"]')
    assert "https://player.vimeo.com" in response["Content-Security-Policy"]


def test_a_page_without_videos_loads_no_player_script(client):
    article = f.article(body='<blockquote class="pull-quote"><p>Stars fall.</p></blockquote>')
    page = soup(client.get(article.get_absolute_url()))
    assert page.select_one(".article__body blockquote.pull-quote p").string == "Stars fall."
    assert page.select_one('script[src$="js/trailer.js"]') is None


def test_all_of_a_bodys_pictures_cost_one_query(client):
    pictures = [f.picture(alt=f"Still {n}") for n in range(5)]
    one = f.article(slug="one", body=f'<figure data-picture="{pictures[0].pk}"></figure><p>Text.</p>')
    body = "".join(f'<figure data-picture="{image.pk}"></figure><p>Text {n}.</p>' for n, image in enumerate(pictures))
    many = f.article(slug="many", body=body)
    plain = f.article(slug="plain")
    assert render_queries(client, one.get_absolute_url()) == render_queries(client, many.get_absolute_url())
    assert render_queries(client, many.get_absolute_url()) == render_queries(client, plain.get_absolute_url()) + 1
    assert len(soup(client.get(many.get_absolute_url())).select(".article__body img")) == 5
