"""Share cards: queued by the writer and drawn by the worker, once per change of what they show,
stored as renditions, shown on the news cards and as the pages' Open Graph and Twitter image."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from catalog.artwork import draw_poster
from news.models import Article
from news.share_cards import article_card
from sharing import cards
from sharing.models import ShareCard
from sharing.tasks import draw_cards, queue_stale_cards
from tests import factories as f
from tests.pages import render_queries, soup

pytestmark = pytest.mark.django_db


@pytest.fixture
def film():
    poster = f.image(draw_poster(title="Lost in Starlight", width=400, height=600), "poster.png", "The poster")
    return f.film(name="Lost in Starlight", slug="lost-in-starlight", poster=poster)


def draw_all() -> int:
    """What `refresh_renditions` and then the background worker do: queue the stale cards, draw them."""
    cards.queue_stale()
    return run_worker()


def run_worker() -> int:
    drawn = 0
    for queued in DBTaskResult.objects.filter(task_path=draw_cards.module_path).order_by("pk"):
        drawn += draw_cards.call(*queued.args_kwargs["args"])
        queued.delete()
    return drawn


def card_of(entry) -> ShareCard:
    return ShareCard.objects.get(kind=entry._meta.label_lower, object_id=entry.pk)


def test_saving_an_article_queues_its_card_for_the_worker_and_draws_nothing_itself(
    film, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        article = f.article(title="The trailer is out", slug="trailer")
    queued = DBTaskResult.objects.get(task_path=draw_cards.module_path)
    assert queued.args_kwargs["args"] == ["news.article", [article.pk]]
    assert not ShareCard.objects.exists()

    assert run_worker() == 1
    card = card_of(article)
    assert (card.width, card.height) == (1200, 630)
    assert [r["width"] for r in card.renditions] == list(cards.CARD_WIDTHS)
    assert all(default_storage.exists(r["name"]) for r in card.renditions)


def test_a_card_is_drawn_once_per_change_of_what_it_shows(film):
    article = f.article(title="The trailer is out", slug="trailer")
    assert draw_all() >= 1
    first = card_of(article)
    assert draw_all() == 0  # nothing it shows changed
    assert card_of(article).file.name == first.file.name

    Article.objects.filter(pk=article.pk).update(title="The second trailer is out")
    assert draw_all() == 1
    second = card_of(article)
    assert second.file.name != first.file.name  # a new address: no cache keeps the old picture
    assert second.alt_text == "The second trailer is out"
    assert not default_storage.exists(first.file.name)
    assert not any(default_storage.exists(r["name"]) for r in first.renditions)


def test_a_deleted_entry_takes_its_card_and_files_with_it(film):
    article = f.article(title="Gone soon", slug="gone")
    draw_all()
    card = card_of(article)
    article.delete()
    assert not ShareCard.objects.filter(pk=card.pk).exists()
    assert not default_storage.exists(card.file.name)


def test_people_songs_and_topics_get_cards_too(film):
    person = f.person(name="Kim Tae-ri", name_ko="김태리", slug="kim-tae-ri")
    song = f.song(film, title="Bon Voyage", slug="bon-voyage")
    topic = f.topic("Music", name_ko="음악")
    draw_all()
    assert card_of(person).alt_text == "Kim Tae-ri"
    assert card_of(song).alt_text == "Bon Voyage"
    assert card_of(topic).alt_text == "Music"


def test_a_damaged_poster_still_draws_cards_over_the_sky(film):
    with default_storage.open(film.poster.renditions[-1]["name"], "wb") as file:
        file.write(b"not a picture")
    article = f.article(title="Over the sky", slug="sky")
    draw_all()
    assert card_of(article).width == 1200


def test_the_news_card_shows_the_drawn_card_and_the_poster_until_then(client, film):
    article = f.article(title="The trailer is out", slug="trailer")
    before = soup(client.get("/news/")).select_one(".article-card img")
    assert "card__image--poster" in before["class"]

    draw_all()
    client.get("/news/")  # the drawing moved the content version: the page is drawn again
    after = soup(client.get("/news/")).select_one(".article-card img")
    assert card_of(article).renditions[0]["name"] in after["srcset"]
    assert after["alt"] == ""  # it repeats the title beside it
    assert "card__image--poster" not in after["class"]


def test_an_articles_own_picture_is_never_replaced_by_a_card(client, film):
    hero = f.image(draw_poster(title="Hero", width=640, height=360), "hero.png", "The two leads")
    article = f.article(title="With a picture", slug="with", hero_image=hero)
    draw_all()
    doc = soup(client.get(article.get_absolute_url()))
    assert hero.renditions[-1]["name"] in doc.select_one('meta[property="og:image"]')["content"]
    assert soup(client.get("/news/")).select_one(".article-card img")["alt"] == "The two leads"


@pytest.mark.parametrize("kind", ["article", "person", "song", "topic"])
def test_the_pages_share_their_card_as_open_graph_and_twitter_image(client, film, kind):
    entries = {
        "article": lambda: f.article(title="The trailer is out", slug="trailer", topics=[f.topic("Music")]),
        "person": lambda: f.person(name="Kim Tae-ri", slug="kim-tae-ri"),
        "song": lambda: f.song(film, title="Bon Voyage", slug="bon-voyage"),
        "topic": lambda: f.article(title="On music", slug="music", topics=[f.topic("Music")]).topics.get(),
    }
    entry = entries[kind]()
    url = entry.get_absolute_url()
    poster = soup(client.get(url)).select_one('meta[property="og:image"]')["content"]
    assert film.poster.renditions[-1]["name"] in poster  # the poster until the card is drawn

    draw_all()
    doc = soup(client.get(url))
    card = card_of(entry)
    assert card.renditions[-1]["name"] in doc.select_one('meta[property="og:image"]')["content"]
    assert doc.select_one('meta[property="og:image:width"]')["content"] == "1200"
    assert card.renditions[-1]["name"] in doc.select_one('meta[name="twitter:image"]')["content"]
    assert doc.select_one('meta[name="twitter:card"]')["content"] == "summary_large_image"


def test_refresh_renditions_queues_the_missing_cards_for_the_worker(film):
    article = f.article(title="The trailer is out", slug="trailer")
    out = io.StringIO()
    call_command("refresh_renditions", stdout=out)
    assert "Share cards: 1 queued for the background worker." in out.getvalue()
    assert not ShareCard.objects.exists()
    run_worker()
    assert card_of(article).width == 1200
    call_command("refresh_renditions", stdout=out)
    assert "Share cards: 0 queued" in out.getvalue()


def test_a_korean_articles_card_is_set_in_korean(film):
    source = f.source(name="연합뉴스")
    article = f.article(title="이 별에 필요한 공개", slug="공개", language="ko", source=source)
    text = article_card(article)
    assert text.kicker == "Starlight · 뉴스"
    assert text.details.startswith("연합뉴스 · ") and "년" in text.details


def test_an_undated_imports_card_shows_no_date(film):
    """The page shows such an article no date (the moment an editor published it is not the story's date),
    so neither does its card."""
    source = f.source(name="Seoul Screen Notes")
    article = f.article(title="Undated story", slug="undated", source=source, dated=None, imported_values={"x": 1})
    assert article.date_shown is None
    assert article_card(article).details == "Seoul Screen Notes"


@pytest.mark.parametrize("url", ["/news/", "/news/topics/music/", "/"])
def test_drawn_cards_cost_no_query_of_their_own_at_any_size(client, film, url):
    music = f.topic("Music")
    for i in range(2):
        f.article(title=f"Story {i}", slug=f"story-{i}", topics=[music], body="<p>Lost in Starlight</p>")
    draw_all()
    small = render_queries(client, url)
    for i in range(2, 12):
        f.article(title=f"Story {i}", slug=f"story-{i}", topics=[music], body="<p>Lost in Starlight</p>")
    draw_all()
    assert render_queries(client, url) == small


def test_a_sources_new_name_and_a_new_poster_are_drawn_on_the_cards(film, django_capture_on_commit_callbacks):
    source = f.source(name="Tudum")
    article = f.article(title="The trailer is out", slug="trailer", source=source)
    draw_all()
    first = card_of(article).inputs

    with django_capture_on_commit_callbacks(execute=True):
        source.name = "Netflix Tudum"
        source.save()
    assert run_worker() == 1
    renamed = card_of(article).inputs
    assert renamed != first

    with django_capture_on_commit_callbacks(execute=True):
        film.poster = f.image(draw_poster(title="New", width=400, height=600), "new.png", "The new poster")
        film.save()
    queue_stale_cards.call()  # the worker looks for the cards the new poster made stale
    assert run_worker() >= 1
    assert card_of(article).inputs != renamed


def test_a_card_that_cannot_be_stored_is_said_and_the_others_are_still_drawn(film, monkeypatch, caplog):
    first = f.article(title="First", slug="first")
    second = f.article(title="Second", slug="second")
    store = cards._store

    def full_disk(kind, pk, *args):
        if pk == first.pk:
            raise OSError("No space left on device")
        return store(kind, pk, *args)

    monkeypatch.setattr(cards, "_store", full_disk)
    assert draw_all() == 1
    assert card_of(second).width == 1200
    assert not ShareCard.objects.filter(object_id=first.pk, kind="news.article").exists()
    assert f"The share card of news.article {first.pk} could not be drawn" in caplog.text
