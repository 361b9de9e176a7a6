"""The page cache: anonymous pages served from the cache, and never one stale page after any edit.

These tests commit for real (`transactional_db`): the content version moves when an edit commits,
as it does in production, and every worker and host reads it from the database.
"""

import datetime as dt
import json
import os
import subprocess
import sys
import time

import pytest
from django.conf import settings as settings_module
from django.core.cache import cache, caches
from django.core.management import call_command
from django.db import connection, transaction
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from caching.changes import mark_changed
from catalog.models import Film
from editorial.publishing import Status
from news import duplicates
from news.importer.reports import ImportOptions
from news.importer.saving import import_data
from starlight import page_cache as page_cache_module
from starlight.page_cache import Entry, PageCacheMiddleware, _LocalCopies
from tests import factories as f
from tests.clock import travel
from tests.editorial.forms import change_form_data
from tests.visitors import Visitor

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_ENABLED = True


@pytest.fixture
def visitor():
    return Visitor()


@pytest.fixture
def film():
    return f.film(name="Lost in Starlight", slug="lost-in-starlight", tagline="First tagline")


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_a_second_visit_is_served_from_the_cache(visitor, film, django_assert_num_queries):
    url = film.get_absolute_url()
    first = visitor.get(url)
    # The content version, from the database where every writer commits: the one query of a hit.
    with django_assert_num_queries(1):
        second = visitor.get(url)
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    # Stored as it left Django: every header the middleware added (security, CSP, Vary) comes back.
    assert {k: v for k, v in second.items() if k != "X-Page-Cache"} == {
        k: v for k, v in first.items() if k != "X-Page-Cache"
    }
    assert "Content-Security-Policy" in second and second["X-Content-Type-Options"] == "nosniff"
    assert "public" in second["Cache-Control"] and "max-age=60" in second["Cache-Control"]
    assert "stale-while-revalidate=600" in second["Cache-Control"]
    assert "Last-Modified" in second


def test_a_conditional_request_gets_304(visitor, film):
    url = film.get_absolute_url()
    first = visitor.get(url)
    etag = first["ETag"]
    not_modified = visitor.get(url, HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304 and not_modified.content == b""
    assert not_modified["ETag"] == etag and "Content-Security-Policy" not in not_modified
    assert visitor.get(url, HTTP_IF_NONE_MATCH=f'"other", W/{etag}').status_code == 304
    assert visitor.get(url, HTTP_IF_NONE_MATCH='"other"').status_code == 200
    since = first["Last-Modified"]
    assert visitor.get(url, HTTP_IF_MODIFIED_SINCE=since).status_code == 304
    assert visitor.get(url, HTTP_IF_MODIFIED_SINCE="Thu, 01 Jan 2015 00:00:00 GMT").status_code == 200
    assert visitor.get(url, HTTP_IF_MODIFIED_SINCE="not a date").status_code == 200
    film.tagline = "Second tagline"
    film.save()
    assert visitor.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_hosts_and_schemes_are_kept_apart(visitor, film, settings):
    """A page may carry its own address (feeds, the sitemap): each host and scheme has its own entry."""
    settings.ALLOWED_HOSTS = ["starlight.example", "www.starlight.example"]
    feed = reverse("news:feed-rss")
    f.article(title="Addressed")
    first = visitor.get(feed, HTTP_HOST="starlight.example")
    assert first["X-Page-Cache"] == "miss" and b"http://starlight.example/" in first.content
    other = visitor.get(feed, HTTP_HOST="www.starlight.example")
    assert other["X-Page-Cache"] == "miss" and b"http://www.starlight.example/" in other.content
    assert visitor.get(feed, HTTP_HOST="starlight.example", secure=True)["X-Page-Cache"] == "miss"
    assert visitor.get(feed, HTTP_HOST="starlight.example")["X-Page-Cache"] == "hit"
    assert visitor.get(feed, HTTP_HOST="evil.example").status_code == 400  # never an entry to serve


def test_query_strings_and_languages_are_kept_apart(visitor, film):
    f.person(name="Kim Tae-ri", slug="kim-tae-ri")
    f.person(name="Hong Kyung", slug="hong-kyung")
    people = reverse("catalog:person-list")
    assert "Hong Kyung" in page(visitor, people)
    assert "Hong Kyung" not in page(visitor, people + "?q=kim")
    english = page(visitor, "/films/lost-in-starlight/")
    korean = page(visitor, "/ko/films/lost-in-starlight/")
    assert 'lang="en"' in english and 'lang="ko"' in korean


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(lambda film: Film.objects.filter(pk=film.pk).get().save(), id="save"),
        pytest.param(lambda film: f.character(film, name="Second Tagline Keeper"), id="add a related row"),
    ],
)
def test_a_save_anywhere_makes_the_page_fresh(visitor, film, edit):
    url = film.get_absolute_url()
    before = page(visitor, url)
    Film.objects.filter(pk=film.pk).update(tagline="Second tagline")  # no signal: the cache cannot know yet
    assert page(visitor, url) == before
    edit(film)
    assert "Second tagline" in page(visitor, url)


def test_news_edits_refresh_the_film_page_without_reading_its_catalog_rows_again(visitor, film, monkeypatch):
    from catalog import selectors

    reads = []
    read = selectors.film_page
    monkeypatch.setattr(selectors, "film_page", lambda film: reads.append(film.pk) or read(film))
    url = film.get_absolute_url()
    person = f.person(name="Kim Tae-ri", slug="kim-tae-ri")
    f.voice(person, f.character(film, name="Nan-young"))
    assert "Kim Tae-ri" in page(visitor, url) and len(reads) == 1
    f.article(title="Lost in Starlight opens", body="<p>Lost in Starlight opens in May.</p>")
    assert "Lost in Starlight opens" in page(visitor, url)  # its "In the news", read afresh
    assert len(reads) == 1
    person.name = "Kim Tae-ri (voice)"
    person.save()
    assert "Kim Tae-ri (voice)" in page(visitor, url) and len(reads) == 2


def test_a_persons_credits_outlive_news_edits_but_not_a_catalog_edit(visitor, film, monkeypatch):
    from catalog import selectors

    reads = []
    prefetch = selectors.prefetch_related_objects
    monkeypatch.setattr(selectors, "prefetch_related_objects", lambda *args: reads.append(1) or prefetch(*args))
    person = f.person(name="Kim Tae-ri", slug="kim-tae-ri")
    f.voice(person, f.character(film, name="Nan-young"))
    url = person.get_absolute_url()
    assert "Nan-young" in page(visitor, url) and len(reads) == 1
    f.article(title="Kim Tae-ri on Nan-young", body="<p>Kim Tae-ri talks about the role.</p>")
    assert "Kim Tae-ri on Nan-young" in page(visitor, url) and len(reads) == 1
    f.voice(person, f.character(film, name="Jay"))
    assert "Jay" in page(visitor, url) and len(reads) == 2


def test_deleting_an_article_takes_it_off_the_news_list(visitor):
    article = f.article(title="Soon gone")
    assert "Soon gone" in page(visitor, reverse("news:article-list"))
    article.delete()
    assert "Soon gone" not in page(visitor, reverse("news:article-list"))


def test_topics_changed_on_an_article_show_at_once(visitor):
    article = f.article(title="Tagged later")
    topic = f.topic(name="Soundtrack")
    f.article(topics=[topic])
    assert "Tagged later" not in page(visitor, topic.get_absolute_url())
    article.topics.add(topic)
    assert "Tagged later" in page(visitor, topic.get_absolute_url())


def test_an_import_shows_at_once(visitor):
    assert "Fresh from a file" not in page(visitor, reverse("news:article-list"))
    data = json.dumps({"title": "Fresh from a file", "body": "<p>Text.</p>", "date": "2025-06-01"}).encode()
    import_data(name="one.json", data=data, options=ImportOptions(publish=True))
    assert "Fresh from a file" in page(visitor, reverse("news:article-list"))


def test_publishing_from_the_admin_list_and_unpublishing_show_at_once(visitor, admin_client):
    article = f.draft(f.article, title="Held back")
    news = reverse("news:article-list")
    assert "Held back" not in page(visitor, news)
    changelist = reverse("admin:news_article_changelist")
    admin_client.post(changelist, {"action": "publish_now", "_selected_action": [article.pk]})
    assert "Held back" in page(visitor, news)
    admin_client.post(changelist, {"action": "unpublish", "_selected_action": [article.pk]})
    assert "Held back" not in page(visitor, news)


def test_an_admin_edit_and_a_history_restore_show_at_once(visitor, admin_client):
    article = f.article(title="The right title")
    url = article.get_absolute_url()
    change = reverse("admin:news_article_change", args=[article.pk])
    admin_client.post(change, change_form_data(admin_client.get(change), title="A wrong title"))
    assert "A wrong title" in page(visitor, url)
    first = article.history.order_by("history_date").first()
    restore = reverse("admin:news_article_simple_history", args=[article.pk, first.history_id])
    admin_client.post(restore, change_form_data(admin_client.get(restore)))
    assert "The right title" in page(visitor, url)


def test_separating_a_merged_copy_shows_at_once(visitor, admin_client):
    original = f.article(title="The story")
    copy = f.article(title="The same story", source=f.source(name="Paper"), original_url="https://paper.example/b")
    duplicates.merge(copy, into=original)
    url = original.get_absolute_url()
    assert "Also published by" in page(visitor, url)
    admin_client.post(reverse("admin:news_article_same_story", args=[copy.pk, original.pk]), {"separate": "1"})
    assert "Also published by" not in page(visitor, url)


def test_a_scheduled_article_appears_when_its_time_comes(visitor, settings):
    settings.PAGE_CACHE_TIMEOUT = 24 * 3600  # so nothing but the go-live can end what is kept
    go_live = timezone.now() + dt.timedelta(hours=1)  # no machine reaches it during the test: the clock is moved
    f.article(title="Right on time", publish_at=go_live)
    news = reverse("news:article-list")
    assert "Right on time" not in page(visitor, news)
    with travel(go_live - dt.timedelta(minutes=1)):
        response = visitor.get(news)
        assert response["X-Page-Cache"] == "hit" and "Right on time" not in response.content.decode()
    with travel(go_live + dt.timedelta(minutes=1)):
        assert "Right on time" in page(visitor, news)


def test_a_rebuilt_search_index_shows_at_once(visitor):
    f.person(name="Kim Tae-ri", slug="kim-tae-ri")
    search = reverse("search:search") + "?q=kim"
    assert "Kim Tae-ri" in page(visitor, search)
    from search.models import SearchEntry

    SearchEntry.objects.all().delete()
    call_command("rebuild_search_index", stdout=None)
    assert "Kim Tae-ri" in page(visitor, search)


def test_staff_and_cookies_are_never_cached(admin_client, visitor, film):
    url = film.get_absolute_url()
    staff = admin_client.get(url)
    assert "private" in staff["Cache-Control"] and "no-store" in staff["Cache-Control"]
    assert "ETag" not in staff
    f.draft(f.article, title="A draft only staff see", body="<p>Lost in Starlight.</p>")
    assert visitor.get(url).status_code == 200
    assert "A draft only staff see" not in page(visitor, reverse("news:article-list"))


def test_a_page_that_sets_a_cookie_is_not_stored(visitor, film):
    response = visitor.get(reverse("admin:login"))
    assert response.cookies and "ETag" not in response


def test_drafts_status_change_is_fresh(visitor, film):
    url = film.get_absolute_url()
    assert page(visitor, url)
    film.status = Status.DRAFT
    film.save()
    assert visitor.get(url).status_code == 404


@pytest.mark.skipif(
    settings_module.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="another process needs a database it can reach (SQLite's test database is in memory)",
)
@pytest.mark.parametrize("shared_cache", [True, False], ids=["with REDIS_URL", "without REDIS_URL"])
def test_an_edit_in_another_process_makes_the_page_fresh(visitor, film, shared_cache):
    """A shell or an import on another host, with the site's cache or without it."""
    url = film.get_absolute_url()
    assert "First tagline" in page(visitor, url)
    database = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "starlight.settings_test",
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        # This process named its keys after the database in its settings, not the test database.
        "STARLIGHT_CACHE_PREFIX": settings_module.CACHE_KEY_PREFIX,
    }
    if not shared_cache:
        env.pop("REDIS_URL", None)
    script = (
        "import django; django.setup(); from catalog.models import Film; "
        "film = Film.objects.get(slug='lost-in-starlight'); film.tagline = 'Edited elsewhere'; film.save()"
    )
    subprocess.run([sys.executable, "-c", script], env=env, check=True, timeout=60)
    assert "Edited elsewhere" in page(visitor, url)


def test_a_page_rendered_while_an_edit_commits_is_not_served_after_it(visitor, film, monkeypatch):
    """The render read the old tagline; the edit commits before the page is stored: never served."""
    url = film.get_absolute_url()
    render = PageCacheMiddleware.__call__

    def edit_after_rendering(middleware, request):
        inner = middleware.get_response

        def rendered_then_edited(request):
            response = inner(request)
            Film.objects.filter(pk=film.pk).update(tagline="Committed meanwhile")
            mark_changed()  # outside a transaction: counted at once, as a commit would be
            return response

        middleware.get_response = rendered_then_edited
        try:
            return render(middleware, request)
        finally:
            middleware.get_response = inner

    monkeypatch.setattr(PageCacheMiddleware, "__call__", edit_after_rendering)
    assert "First tagline" in page(visitor, url)
    monkeypatch.setattr(PageCacheMiddleware, "__call__", render)
    assert "Committed meanwhile" in page(visitor, url)


def unpublished_meanwhile(article, during=None):
    """Unpublish `article` as an editor's save does, running `during` around the commit."""
    with transaction.atomic():
        article.status = Status.DRAFT
        article.save()
        if during:
            transaction.on_commit(during)


def assert_gone(visitor, article, times=30):
    """Every one of the next requests shows the unpublished article nowhere."""
    for _ in range(times):
        assert visitor.get(article.get_absolute_url()).status_code == 404
        assert article.title not in page(visitor, reverse("news:article-list"))


def seen_twice(visitor, article):
    """The article's page and the news list, each rendered once and then served from the cache."""
    for url in (article.get_absolute_url(), reverse("news:article-list")):
        assert article.title in page(visitor, url)
        response = visitor.get(url)
        assert response["X-Page-Cache"] == "hit" and article.title in response.content.decode()


class Unreachable:
    """A cache that stopped answering: every call raises, as Redis's client does when it is down."""

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("cache unreachable")

        return fail


def test_an_unpublish_while_the_cache_is_unreachable_leaves_nothing_stale(visitor, monkeypatch):
    article = f.article(title="Soon withdrawn")
    seen_twice(visitor, article)
    with monkeypatch.context() as down:
        # Stopped at the moment of the commit: nothing the writer does reaches the cache.
        caches["default"]  # connected, so that the stand-in below is what every caller reaches
        down.setattr(caches._connections, "default", Unreachable())
        unpublished_meanwhile(article)
    assert_gone(visitor, article)


def test_a_flushed_cache_brings_back_no_old_page(visitor):
    article = f.article(title="Soon withdrawn")
    seen_twice(visitor, article)
    cache.clear()  # Redis flushed (or restarted empty) while the workers kept their copies
    unpublished_meanwhile(article)
    assert_gone(visitor, article)


def test_local_copies_stay_within_their_budget():
    def entry(content):
        return Entry(1, "epoch", "code", frozenset(), 0, '"e"', 0, "200 OK", [], content)

    copies = _LocalCopies(max_bytes=10)
    copies.put("a", entry(b"12345"))
    copies.put("b", entry(b"12345"))
    assert copies.get("a") is not None  # now the most recently used
    copies.put("c", entry(b"123"))
    assert copies.get("b") is None and copies.get("a") and copies.get("c")
    assert copies.size == 8
    copies.put("huge", entry(b"x" * 11))
    assert copies.get("huge") is None and copies.size == 8


def test_the_server_answers_a_stored_page_before_django_runs(film):
    """Through the WSGI application gunicorn runs: a hit sends no request signal and runs no middleware."""
    from django.core.signals import request_started

    from starlight.wsgi import application

    started = []

    def count(**_kwargs):
        started.append(1)

    def call(method="GET", **extra):
        answer = {}

        def start_response(status, headers, exc_info=None):
            answer.update(status=status, headers=dict(headers))

        request = RequestFactory().generic(method, film.get_absolute_url(), **extra)
        answer["body"] = b"".join(application(request.environ, start_response))
        return answer

    request_started.connect(count, dispatch_uid="test-page-cache-started")
    try:
        first, second = call(), call()
        head = call("HEAD")
        not_modified = call(HTTP_IF_NONE_MATCH=first["headers"]["ETag"])
    finally:
        request_started.disconnect(dispatch_uid="test-page-cache-started")
    assert first["status"] == second["status"] == head["status"] == "200 OK"
    assert (first["headers"]["X-Page-Cache"], second["headers"]["X-Page-Cache"]) == ("miss", "hit")
    assert second["body"] == first["body"] and b"First tagline" in second["body"]
    assert head["headers"]["X-Page-Cache"] == "hit"
    assert not_modified["status"] == "304 Not Modified" and not_modified["body"] == b""
    assert len(started) == 1  # only the first request reached Django


def test_a_new_release_renders_every_page_afresh(visitor, film, monkeypatch):
    """A deploy changes templates and code, not content: what the last release kept is not served."""
    url = film.get_absolute_url()
    assert visitor.get(url)["X-Page-Cache"] == "miss"
    assert visitor.get(url)["X-Page-Cache"] == "hit"
    monkeypatch.setattr(page_cache_module, "code_version", lambda: "next-release")
    assert visitor.get(url)["X-Page-Cache"] == "miss"
    assert visitor.get(url)["X-Page-Cache"] == "hit"


def test_a_hit_that_waits_on_the_database_is_cut_off_by_the_deadline(visitor, film, settings, monkeypatch):
    """The hit runs before Django's deadline middleware, so it carries the query deadline itself."""
    from starlight import deadline
    from tests.starlight.test_deadline import hang_on

    url = film.get_absolute_url()
    assert visitor.get(url)["X-Page-Cache"] == "miss"
    settings.QUERY_DEADLINE_MS = 200
    monkeypatch.setattr(deadline, "_database_down_until", 0.0)
    monkeypatch.setattr(deadline, "PROBE_SECONDS", 0.2)
    with monkeypatch.context() as hanging:
        hang_on("", hanging)  # the server stops answering: the version a hit checks first
        started = time.monotonic()
        response = visitor.get(url)
        assert time.monotonic() - started < 3
    assert response.status_code == 503
    # Once the deadline has caught a worker waiting on the database, a hit does not ask it either.
    assert deadline.database_down()
    assert visitor.get(url).status_code == 503


PURGED: list[list[str]] = []


def record_purge(tags):
    PURGED.append(tags)


def failing_purge(tags):
    raise ConnectionError("CDN unreachable")


def test_a_stored_page_names_its_tags_and_an_edit_purges_what_it_touched(visitor, film, settings):
    settings.PURGE_HOOK = "tests.starlight.test_page_cache.record_purge"
    response = visitor.get(film.get_absolute_url())
    own = f"catalog.film:{film.pk}"
    assert {own, "*"} <= set(response["Surrogate-Key"].split(" ")) and own in response["Cache-Tag"].split(",")
    PURGED.clear()
    film.tagline = "A new tagline"
    film.save()
    assert len(PURGED) == 1 and own in PURGED[0] and "news.article:list" not in PURGED[0]


def test_a_purge_hook_that_fails_loses_no_edit(visitor, film, settings, caplog):
    settings.PURGE_HOOK = "tests.starlight.test_page_cache.failing_purge"
    visitor.get(film.get_absolute_url())
    film.tagline = "Saved anyway"
    film.save()
    assert "purge hook" in caplog.text
    assert "Saved anyway" in page(visitor, film.get_absolute_url())


def test_a_page_showing_many_rows_names_their_kinds_instead():
    from starlight.page_cache import MAX_TAG_HEADER, header_tags

    tags = frozenset({"news.article:list", *(f"news.article:{pk}" for pk in range(MAX_TAG_HEADER // 10))})
    assert header_tags(tags) == ["*", "news.article:any", "news.article:list"]
    assert header_tags(frozenset({"news.article:1"})) == ["*", "news.article:1"]
