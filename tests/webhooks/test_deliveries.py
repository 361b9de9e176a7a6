"""Webhook deliveries: signed, in order, once each; tried again after a failure; never towards a private
address unless it is allowed."""

import datetime as dt
import json
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from editorial.publishing import Status
from tests import factories as f
from webhooks.models import Delivery, Endpoint, Event, Kind
from webhooks.signing import HEADER, verify

from .conftest import run_worker

pytestmark = pytest.mark.django_db


def received(feed_site, endpoint):
    """Each delivery the loopback site got at /hook, its signature checked, as (event, kind, title)."""
    found = []
    for headers, body in feed_site.received("/hook"):
        assert verify(endpoint.secret, body, headers[HEADER], now=int(timezone.now().timestamp()))
        data = json.loads(body)
        found.append((data["event"], data["kind"], data["title"]))
    return found


def test_publish_update_unpublish_and_delete_arrive_signed_in_order_once_each(endpoint, feed_site, committed, settings):
    with committed():
        article = f.draft(f.article, title="Premiere night")
    with committed():
        article.title = "Premiere night in Seoul"
        article.save()  # a draft's edit: nothing
    with committed():
        article.status = Status.PUBLISHED
        article.save()
    with committed():
        article.subtitle = "The crew was there"
        article.save()
    with committed():
        article.status = Status.DRAFT
        article.save()
    with committed():
        article.status = Status.PUBLISHED
        article.save()
    with committed():
        article.delete()
    run_worker()
    title = "Premiere night in Seoul"
    assert received(feed_site, endpoint) == [
        ("published", "article", title),
        ("updated", "article", title),
        ("unpublished", "article", title),
        ("published", "article", title),
        ("deleted", "article", title),
    ]
    headers, body = feed_site.received("/hook")[0]
    data = json.loads(body)
    assert data["url"] == f"{settings.SITE_URL}/news/{article.slug}/"
    assert data["slug"] == article.slug and headers["Starlight-Event"] == "published"
    assert Delivery.objects.filter(state=Delivery.State.DELIVERED).count() == 5
    run_worker()
    assert len(feed_site.received("/hook")) == 5


def test_a_save_of_the_newsrooms_bookkeeping_alone_sends_nothing(endpoint, feed_site, committed):
    with committed():
        article = f.article(title="Premiere night")
    with committed():
        article.needs_review, article.review_reason = False, ""
        article.save(update_fields=["needs_review", "review_reason", "updated"])  # "Mark reviewed"
    with committed():
        article.imported_values = {"title": "Premiere night"}
        article.save(update_fields=["imported_values"])  # an import recording what it wrote
    with committed():
        article.subtitle = "The crew was there"
        article.save(update_fields=["subtitle", "updated"])
    run_worker()
    title = "Premiere night"
    assert received(feed_site, endpoint) == [("published", "article", title), ("updated", "article", title)]


def test_the_signature_covers_the_time_and_the_body(endpoint, feed_site, committed):
    with committed():
        f.film(name="Lost in Starlight", slug="lost-in-starlight")
    run_worker()
    ((headers, body),) = feed_site.received("/hook")
    now = int(timezone.now().timestamp())
    assert verify(endpoint.secret, body, headers[HEADER], now=now)
    assert not verify(endpoint.secret, body.replace(b"Lost", b"Found"), headers[HEADER], now=now)
    assert not verify("whsec_another", body, headers[HEADER], now=now)
    assert not verify(endpoint.secret, body, headers[HEADER], now=now + 3600)  # replayed an hour later


def test_only_the_events_and_kinds_an_endpoint_asked_for_are_sent(endpoint, feed_site, committed):
    endpoint.events, endpoint.kinds = [Event.DELETED], [Kind.SONG]
    endpoint.save()
    with committed():
        film = f.film()
        song = f.song(film, title="Golden Hour")
        f.article()
    with committed():
        song.delete()
    run_worker()
    assert received(feed_site, endpoint) == [("deleted", "song", "Golden Hour")]


def test_a_song_of_a_draft_film_is_not_published_until_the_film_is(endpoint, feed_site, committed):
    with committed():
        film = f.draft(f.film)
        f.song(film, title="Golden Hour")
    run_worker()
    assert feed_site.received("/hook") == []


def test_a_receiver_that_fails_three_times_then_answers_gets_the_delivery(endpoint, feed_site, committed, settings):
    settings.WEBHOOK_RETRY_WAITS = [60, 300, 1800, 7200]
    feed_site.post_answers = [500, 503, 404]
    with committed():
        f.person(name="Kim Tae-ri")
    run_worker()
    delivery = Delivery.objects.get()
    assert delivery.state == Delivery.State.PENDING and delivery.attempts_made == 1
    waited = dt.timedelta()
    for wait in (60, 300, 1800):
        run_worker()  # not due yet: nothing sent
        assert len(feed_site.received("/hook")) == delivery.attempts_made
        waited += dt.timedelta(seconds=wait)
        with time_machine.travel(timezone.now() + waited, tick=False):
            run_worker()
        delivery.refresh_from_db()
    assert delivery.state == Delivery.State.DELIVERED and delivery.attempts_made == 4
    attempts = list(delivery.attempts.values_list("number", "status", "answer"))
    assert attempts == [(1, 500, "answered 500"), (2, 503, "answered 503"), (3, 404, "answered 404"), (4, 204, "")]
    bodies = {body for _headers, body in feed_site.received("/hook")}
    assert len(bodies) == 1  # the same delivery each time


def test_a_receiver_that_never_answers_well_is_given_up_after_the_last_wait(endpoint, feed_site, committed, settings):
    settings.WEBHOOK_RETRY_WAITS = [60]
    feed_site.post_answers = [500, 500, 500]
    with committed():
        f.person()
    run_worker()
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=60), tick=False):
        run_worker()
    delivery = Delivery.objects.get()
    assert delivery.state == Delivery.State.FAILED and delivery.attempts_made == 2 and delivery.next_attempt_at is None


def test_a_private_address_is_refused_and_logged_unless_it_is_allowed(endpoint, feed_site, committed, settings):
    settings.FETCH_ALLOWED_HOSTS = []
    with committed():
        f.person()
    run_worker()
    delivery = Delivery.objects.get()
    assert delivery.state == Delivery.State.FAILED and feed_site.received("/hook") == []
    attempt = delivery.attempts.get()
    assert attempt.status is None and "refused: 127.0.0.1 is a loopback address" in attempt.error


def test_a_scheduled_article_sends_published_when_its_moment_comes(endpoint, feed_site, committed):
    from caching import changes

    with committed():
        f.scheduled(f.article, title="Tomorrow's story")
    run_worker()
    assert feed_site.received("/hook") == []
    with time_machine.travel(timezone.now() + dt.timedelta(days=4), tick=False), committed():
        changes.current()  # the first request after the moment counts it
    run_worker()
    assert received(feed_site, endpoint) == [("published", "article", "Tomorrow's story")]


def test_purge_endpoints_get_the_cache_tags_of_each_change(feed_site, committed, db):
    purge = Endpoint.objects.create(name="CDN", url=feed_site.url("/purge"), purpose=Endpoint.Purpose.PURGE)
    with committed():
        article = f.article()
    run_worker()
    ((headers, body),) = feed_site.received("/purge")
    data = json.loads(body)
    assert data["event"] == "purge" and f"news.article:{article.pk}" in data["tags"]
    assert verify(purge.secret, body, headers[HEADER], now=int(timezone.now().timestamp()))


def test_an_import_of_published_articles_sends_published_for_each_in_one_task(endpoint, feed_site, committed, tmp_path):
    from django_tasks_db.models import DBTaskResult

    for name in ("first", "second"):
        (tmp_path / f"{name}.md").write_text(f"# The {name} story\n\nWritten for the {name} time.\n")
    with committed():
        call_command("import_articles", str(tmp_path), "--publish", stdout=StringIO(), stderr=StringIO())
    assert DBTaskResult.objects.filter(task_path="webhooks.tasks.deliver").count() == 1
    run_worker()
    assert sorted(received(feed_site, endpoint)) == [
        ("published", "article", "The first story"),
        ("published", "article", "The second story"),
    ]
