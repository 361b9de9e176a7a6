"""News pages and feeds: visibility everywhere, filters with bad input, related lists, query counts."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone, translation

from common.text import cut_at_word
from news.models import Article
from news.related import related_articles, related_topics
from tests import factories as f
from tests.pages import render_queries

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def newsroom():
    cast, music = f.topic("Cast"), f.topic("Music")
    source = f.source(name="Seoul Screen", slug="seoul-screen")
    kim = f.person(name="Kim Tae-ri", name_ko="김태리", slug="kim-tae-ri")
    live = f.article(
        title="Kim Tae-ri voices Nan-young",
        slug="kim-voices",
        source=source,
        topics=[cast],
        dated=dt.datetime(2025, 5, 20, tzinfo=dt.UTC),
        publish_at=dt.datetime(2025, 5, 20, tzinfo=dt.UTC),
        body="<p>Kim Tae-ri leads the cast.</p>",
    )
    draft = f.draft(f.article, title="Secret draft about Kim Tae-ri", slug="secret-draft", topics=[cast])
    future = f.scheduled(f.article, title="Scheduled piece on Kim Tae-ri", slug="future-piece", topics=[cast])
    other = f.article(title="The soundtrack", slug="soundtrack", topics=[music], language="ko")
    return {"live": live, "draft": draft, "future": future, "other": other, "kim": kim, "cast": cast}


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


HIDDEN = ("Secret draft", "Scheduled piece")


@pytest.mark.parametrize(
    "url",
    [
        "/news/",
        "/news/topics/cast/",
        "/news/feed/rss/",
        "/news/feed/atom/",
        "/news/feed/people/kim-tae-ri/",
        "/news/topics/cast/feed/",
        "/people/kim-tae-ri/",
        "/sitemap.xml",
        "/news/kim-voices/",
    ],
)
def test_drafts_and_scheduled_articles_are_hidden_everywhere(client, newsroom, url):
    html = get(client, url)
    for title in HIDDEN:
        assert title not in html
    assert "secret-draft" not in html and "future-piece" not in html


def test_draft_and_scheduled_article_pages_answer_404_but_preview_for_staff(client, admin_client, newsroom):
    for key in ("draft", "future"):
        url = newsroom[key].get_absolute_url()
        get(client, url, 404)
        assert "Preview — not published." in get(admin_client, url)


def test_scheduled_article_appears_by_itself_when_its_time_comes(client, newsroom):
    future = newsroom["future"]
    Article.objects.filter(pk=future.pk).update(publish_at=timezone.now() - dt.timedelta(seconds=1))
    assert "Scheduled piece" in get(client, "/news/")


def test_article_page_shows_source_date_mentions_related(client, newsroom):
    related = f.article(title="More about the cast", topics=[newsroom["cast"]])
    html = get(client, "/news/kim-voices/")
    assert "Seoul Screen" in html
    assert 'datetime="2025-05-20T00:00:00+00:00"' in html
    assert 'href="/people/kim-tae-ri/"' in html
    assert related.title in html
    assert 'href="/news/topics/cast/"' in html


def test_article_without_a_source_date_shows_when_it_went_live(client):
    article = f.article(dated=None)
    html = get(client, article.get_absolute_url())
    assert "date unknown" not in html and f'datetime="{article.publish_at.isoformat(timespec="seconds")}"' in html


@pytest.mark.parametrize(
    ("query", "present", "absent"),
    [
        ("topic=cast", ["Kim Tae-ri voices"], ["The soundtrack"]),
        ("source=seoul-screen", ["Kim Tae-ri voices"], ["The soundtrack"]),
        ("year=2025&month=5", ["Kim Tae-ri voices"], ["The soundtrack"]),
        ("language=ko", ["The soundtrack"], ["Kim Tae-ri voices"]),
        ("q=leads+cast", ["Kim Tae-ri voices"], ["The soundtrack"]),
    ],
)
def test_news_filters(client, newsroom, query, present, absent):
    html = get(client, f"/news/?{query}")
    for title in present:
        assert title in html
    for title in absent:
        assert title not in html


def test_a_month_is_the_sites_month_of_the_year_asked_or_of_any_year(client, settings):
    settings.TIME_ZONE = "Asia/Seoul"  # UTC+9
    f.article(title="Just past midnight on April 1", dated=dt.datetime(2025, 3, 31, 16, tzinfo=dt.UTC))
    f.article(title="March a year before", dated=dt.datetime(2024, 3, 10, tzinfo=dt.UTC))
    f.article(title="New Year in Seoul", dated=dt.datetime(2025, 12, 31, 20, tzinfo=dt.UTC))
    f.article(title="Undated", dated=None, publish_at=dt.datetime(2025, 3, 5, tzinfo=dt.UTC))
    shown = {
        query: [title for title in ("midnight", "a year before", "New Year", "Undated") if title in get(client, query)]
        for query in ("/news/?month=3", "/news/?month=4", "/news/?year=2025&month=3", "/news/?year=2026&month=1")
    }
    assert shown == {
        "/news/?month=3": ["a year before", "Undated"],
        "/news/?month=4": ["midnight"],
        "/news/?year=2025&month=3": ["Undated"],
        "/news/?year=2026&month=1": ["New Year"],
    }
    assert "No articles match" in get(client, "/news/?year=1999&month=3")


@pytest.mark.parametrize(
    "query",
    ["topic=nope", "source=%00", "year=abc", "year=2025.5", "year=99999", "month=13", "language=xx", "page=zz"]
    + ["q=" + "é" * 1000],
)
def test_bad_news_filters_answer_a_friendly_page(client, newsroom, query):
    html = get(client, f"/news/?{query}")
    assert "Kim Tae-ri voices" in html


def test_a_year_must_be_a_whole_number(client, newsroom):
    assert "Enter a whole number." in get(client, "/news/?year=2025.5")


def test_filters_are_kept_across_pages(client, newsroom):
    for _n in range(25):
        f.article(topics=[newsroom["cast"]])
    html = get(client, "/news/?topic=cast")
    assert "topic=cast&amp;page=2" in html


def test_feeds_parse_with_absolute_links_and_dates(client, newsroom):
    rss = ET.fromstring(client.get("/news/feed/rss/").content)
    items = rss.findall("./channel/item")
    assert {item.findtext("title") for item in items} == {"Kim Tae-ri voices Nan-young", "The soundtrack"}
    link = next(i.findtext("link") for i in items if i.findtext("title").startswith("Kim"))
    assert link == "http://testserver/news/kim-voices/"
    assert "20 May 2025" in next(i.findtext("pubDate") for i in items if i.findtext("title").startswith("Kim"))
    atom = ET.fromstring(client.get("/news/feed/atom/").content)
    assert len(atom.findall(f"{ATOM}entry")) == 2
    person = ET.fromstring(client.get("/news/feed/people/kim-tae-ri/").content)
    assert [i.findtext("title") for i in person.findall("./channel/item")] == ["Kim Tae-ri voices Nan-young"]
    assert client.get("/news/feed/people/nobody/").status_code == 404


def test_hostile_bodies_are_rendered_harmless(client):
    article = f.article(
        body='<p onclick="steal()">Hi<script>alert(1)</script><a href="javascript:alert(1)">x</a>'
        '<img src=x onerror="alert(1)"><iframe src="https://evil.example"></iframe></p>'
    )
    html = get(client, article.get_absolute_url())
    body = html[html.index('class="article__body"') :]
    for bad in ("<script>alert", "onclick", "javascript:", "onerror", "<iframe"):
        assert bad not in body


def test_related_articles_rank_shared_topics_and_mentions_and_respect_pins():
    music, cast = f.topic("Music"), f.topic("Cast")
    kim = f.person(name="Kim Tae-ri")
    article = f.article(topics=[cast, music], body="<p>Kim Tae-ri.</p>")
    both = f.article(title="both", topics=[cast, music])
    one_topic = f.article(title="one topic", topics=[cast])
    mention_only = f.article(title="mention", body="<p>Kim Tae-ri again.</p>")
    unrelated = f.article(title="unrelated")
    hidden = f.draft(f.article, title="hidden", topics=[cast, music])
    pinned = f.article(title="pinned")
    assert related_articles(article) == [both, one_topic, mention_only]
    article.pinned_related.add(pinned, hidden)
    result = related_articles(article)
    assert result[0] == pinned and hidden not in result and unrelated not in result and article not in result
    assert len(related_articles(article, limit=2)) == 2
    assert kim.mentions.count() == 2


def test_related_articles_sum_what_they_share_then_take_the_newest():
    music, cast = f.topic("Music"), f.topic("Cast")
    kim = f.person(name="Kim Tae-ri")
    article = f.article(topics=[cast, music], body="<p>Kim Tae-ri.</p>")
    # f.article dates each one an hour before the last: created first is newest.
    newer_topic, older_topic = f.article(title="newer", topics=[music]), f.article(title="older", topics=[cast])
    topic_and_name = f.article(title="topic and name", topics=[cast], body="<p>Kim Tae-ri sings.</p>")
    pinned_too = f.article(title="pinned, and shares both topics", topics=[cast, music])
    article.pinned_related.add(pinned_too)
    assert kim.mentions.count() == 2
    # A shared topic weighs 2 and a name 1; a pin leads and is not ranked a second time.
    assert related_articles(article) == [pinned_too, topic_and_name, newer_topic, older_topic]
    assert related_articles(article, limit=2) == [pinned_too, topic_and_name]


def test_a_draft_name_links_articles_but_is_never_shown(client):
    f.draft(f.person, name="Secret Star")
    article = f.article(title="First", body="<p>Secret Star.</p>")
    other = f.article(title="Second", body="<p>Secret Star again.</p>")
    nameless = f.article(title="Third", body="<p>Nobody at all.</p>")
    assert article.mentions.count() == 1  # found in the text, though nobody may see the person yet
    assert related_articles(article) == [other]
    assert related_articles(nameless) == []
    html = get(client, article.get_absolute_url())
    assert "Second" in html and "In this article" not in html


def test_the_film_the_site_is_about_relates_nothing(world):
    """Nearly every article names it: two articles that share only the film are not related."""
    first = f.article(title="First", body="<p>Lost in Starlight opens.</p>")
    second = f.article(title="Second", body="<p>Lost in Starlight again.</p>")
    assert first.mentions.filter(film=world.film).exists() and second.mentions.filter(film=world.film).exists()
    assert second not in related_articles(first)


def test_related_topics_are_own_topics_then_neighbours():
    cast, music, release = f.topic("Cast"), f.topic("Music"), f.topic("Release")
    article = f.article(topics=[cast])
    f.article(topics=[cast, music])
    f.article(topics=[cast, music, release])
    assert related_topics(article) == [cast, music, release]


def test_news_pages_run_the_same_queries_with_5_and_500_articles(client, newsroom):
    cast = newsroom["cast"]
    kim = newsroom["kim"]
    urls = [
        "/news/",
        "/news/?topic=cast",
        "/news/kim-voices/",
        "/news/topics/cast/",
        "/news/feed/rss/",
        kim.get_absolute_url(),
    ]
    small = {url: render_queries(client, url) for url in urls}
    Article.objects.bulk_create(
        Article(title=f"Bulk {n}", slug=f"bulk-{n}", body="<p>Kim Tae-ri</p>", fingerprint=str(n)) for n in range(500)
    )
    for bulk in Article.objects.filter(slug__startswith="bulk-")[:50]:
        bulk.topics.add(cast)
    assert {url: render_queries(client, url) for url in urls} == small
    assert max(small.values()) <= 10


@pytest.mark.parametrize("feed", ["/news/feed/rss/", "/news/feed/atom/"])
def test_feed_summaries_are_text_never_live_markup(client, feed):
    f.article(title="Tricky", summary='<img src=x onerror="alert(1)"> & more')
    xml = client.get(feed).content.decode()
    assert "&amp;lt;img src=x" in xml  # escaped twice: a reader shows the characters
    assert "&lt;img src=x" not in xml.replace("&amp;lt;img", "")


@pytest.mark.parametrize(("feed", "tag"), [("/news/feed/rss/", "guid"), ("/news/feed/atom/", "id")])
def test_feed_entry_ids_are_absolute_addresses(client, feed, tag):
    article = f.article(title="Addressed")
    xml = client.get(feed).content.decode()
    assert f"<{tag}>http://testserver{article.get_absolute_url()}</{tag}>" in xml or (
        f'<{tag} isPermaLink="true">http://testserver{article.get_absolute_url()}</{tag}>' in xml
    )


@pytest.mark.django_db(transaction=True)
def test_the_article_count_is_kept_until_the_content_changes(client):
    f.article(title="One")
    f.article(title="Two")
    assert "2 articles" in client.get("/news/").content.decode()
    assert "1 article" in client.get("/news/?q=One").content.decode()
    f.article(title="Three")  # commits: the kept counts are stale from here
    assert "3 articles" in client.get("/news/").content.decode()
    assert "1 article" in client.get("/news/?q=One").content.decode()


@pytest.mark.django_db(transaction=True)
def test_article_cards_are_kept_per_language_and_fresh_after_an_edit(client):
    article = f.article(title="A card title")
    assert "A card title" in client.get("/news/").content.decode()
    korean = client.get("/ko/news/").content.decode()
    assert "A card title" in korean and 'lang="en"' in korean  # the Korean page's own card
    article.title = "A new card title"
    article.save()
    assert "A new card title" in client.get("/news/").content.decode()
    assert "A new card title" in client.get("/ko/news/").content.decode()


@pytest.mark.parametrize("prefix", ["", "/ko"])
def test_a_card_links_where_its_article_says_whatever_its_slug(client, prefix):
    odd = f.article(title="Odd slug", slug="김태리-ok_1")
    html = client.get(f"{prefix}/news/").content.decode()
    with translation.override(prefix.strip("/") or "en"):
        assert f'href="{odd.get_absolute_url()}"' in html


def test_the_archive_count_leaves_out_drafts_and_scheduled_articles(client, newsroom):
    assert Article.objects.count_published() == Article.objects.published().count() == 2
    assert "2 articles" in client.get("/news/").content.decode()


def test_a_card_escapes_what_its_article_says(client):
    source = f.source(name="<i>Source</i>", slug="odd-source")
    f.article(title="<b>Bold</b> & co", summary="<img src=x onerror=alert(1)>", source=source)
    html = client.get("/news/").content.decode()
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; co" in html and "&lt;i&gt;Source&lt;/i&gt; · " in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "<img src=x" not in html


def test_an_article_page_leads_with_its_summary_and_labels_its_picture_credit(client):
    from catalog.artwork import draw_poster
    from tests.pages import soup

    picture = f.image(draw_poster(title="Still", width=400, height=300), "still.png", "A still")
    picture.credit = "Netflix"
    picture.save()
    article = f.article(summary="The short of it.", body="<p>The long of it.</p>", hero_image=picture)
    doc = soup(client.get(article.get_absolute_url()))
    assert doc.find(class_="article__standfirst").get_text() == "The short of it."
    assert doc.find("figcaption").get_text() == "Picture: Netflix"
    bare = f.article(body="<p>Only a body.</p>")
    assert soup(client.get(bare.get_absolute_url())).find(class_="article__standfirst") is None


def test_a_summary_that_only_repeats_the_bodys_opening_is_no_standfirst(client):
    """An import's summary, when its file gave none, is the first paragraph cut short: shown above that same
    paragraph, it would be read twice."""
    from tests.pages import soup

    opening = "The film is set in 2050 and follows an astronaut who dreams of Mars and a musician who has given up."
    article = f.article(summary=cut_at_word(opening, 60), body=f"<p>{opening}</p><p>More.</p>")
    assert article.summary.endswith("…")
    assert soup(client.get(article.get_absolute_url())).find(class_="article__standfirst") is None
