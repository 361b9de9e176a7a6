"""News cards: the article's own picture, else the poster of the film (issue 17), decorative there."""

import pytest
from django.test import Client

from catalog.artwork import draw_poster
from tests import factories as f
from tests.catalog.test_images import image_bytes
from tests.pages import soup

pytestmark = pytest.mark.django_db


def card_images(url: str) -> dict[str, dict]:
    """Each card's title → its picture's attributes (empty when it has none)."""
    doc = soup(Client().get(url))
    cards = {}
    for card in doc.select(".article-card"):
        image = card.select_one("img.card__image")
        cards[card.select_one(".card__title a").get_text()] = dict(image.attrs) if image else {}
    return cards


def film_with_poster(slug="lost-in-starlight", name="Lost in Starlight", **values):
    poster = f.image(draw_poster(title=name, width=400, height=600), f"{slug}.png", f"The poster of {name}")
    return f.film(name=name, slug=slug, poster=poster, **values)


def test_a_card_without_a_picture_shows_the_films_poster_as_decoration():
    film = film_with_poster()
    hero = f.image(image_bytes("PNG", (1200, 675)), "hero.png", "The two leads under a sky full of stars")
    f.article(title="With a picture", slug="with", hero_image=hero)
    f.article(title="Without a picture", slug="without")

    cards = card_images("/news/")

    assert cards["With a picture"]["alt"] == "The two leads under a sky full of stars"
    assert "card__image--poster" not in cards["With a picture"]["class"]
    poster = cards["Without a picture"]
    assert poster["alt"] == ""  # the poster only decorates a card about something else
    assert "card__image--poster" in poster["class"]
    assert film.poster.renditions[0]["name"] in poster["srcset"]


def test_on_a_films_page_the_fallback_is_that_films_poster():
    main = film_with_poster(year=2025)
    other = film_with_poster(slug="another-film", name="Another Film", year=2020)
    f.article(title="About the older film", slug="older", body="<p>Another Film returns.</p>")

    on_its_page = card_images(other.get_absolute_url())["About the older film"]
    on_the_news = card_images("/news/")["About the older film"]

    assert other.poster.renditions[0]["name"] in on_its_page["srcset"]
    assert main.poster.renditions[0]["name"] in on_the_news["srcset"]


def test_on_a_songs_page_the_fallback_is_its_films_poster():
    film_with_poster(year=2025)
    other = film_with_poster(slug="another-film", name="Another Film", year=2020)
    song = f.song(other, title="Orbit Lullaby", slug="orbit-lullaby")
    f.article(title="About the lullaby", slug="lullaby", body="<p>Orbit Lullaby plays twice.</p>")
    assert other.poster.renditions[0]["name"] in card_images(song.get_absolute_url())["About the lullaby"]["srcset"]


def test_no_published_film_means_no_fallback_picture():
    f.draft(film_with_poster)
    f.article(title="Alone", slug="alone")
    assert card_images("/news/") == {"Alone": {}}


@pytest.mark.django_db(transaction=True)  # the change is counted when its transaction commits
def test_a_new_poster_shows_on_the_next_request():
    film = film_with_poster()
    f.article(title="Alone", slug="alone")
    before = card_images("/news/")["Alone"]["srcset"]
    film.poster = f.image(draw_poster(title="New", width=400, height=600), "new.png", "The new poster")
    film.save()
    after = card_images("/news/")["Alone"]["srcset"]
    assert after != before and film.poster.renditions[0]["name"] in after


def test_a_card_heading_is_one_of_the_heading_tags():
    """The heading is written into the card as a tag name: only h2, h3 or h4 are accepted."""
    from news.templatetags.news_tags import article_cards

    articles = [f.article(title="Headed")]
    assert "<h2 class" in article_cards(articles, heading="h2")
    with pytest.raises(ValueError):
        article_cards(articles, heading='h3 onclick="x"')


def test_a_card_is_kept_under_what_it_shows_so_unrelated_edits_reuse_it(monkeypatch):
    """Cards are kept under their inputs: after an edit to another article the card is not drawn
    again, and a change to anything it shows (even one that skipped save(), like a bulk update)
    gives a new card at once."""
    from caching.changes import mark_changed
    from news.models import Article, Source
    from news.templatetags import news_tags

    source = f.source(name="Daily Star", slug="daily-star")
    article = f.article(title="Kept card", source=source)
    other = f.article(title="Another article")
    drawn = []
    real_card = news_tags._card

    def card(article, *args):
        drawn.append(article.pk)
        return real_card(article, *args)

    monkeypatch.setattr(news_tags, "_card", card)

    def cards():
        return news_tags.article_cards(list(Article.objects.published().for_list()))

    assert "Daily Star" in cards() and sorted(drawn) == sorted([article.pk, other.pk])
    drawn.clear()
    other.title = "Another article, retitled"
    other.save()
    mark_changed()
    html = cards()
    assert drawn == [other.pk] and "Another article, retitled" in html
    drawn.clear()
    Source.objects.filter(pk=source.pk).update(name="Nightly Star")  # no save(), no signal
    Article.objects.filter(pk=article.pk).update(summary="Rewritten in bulk.")
    html = cards()
    assert drawn == [article.pk] and "Nightly Star" in html and "Rewritten in bulk." in html
