"""Sources' feeds read on their schedule: new items imported as drafts, full text fetched where the
feed has only a summary, an unchanged feed costing one 304, a failing feed never stopping the others."""

import datetime as dt
import json

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from intake import polling, schedule
from intake.models import FeedState
from news.models import Article
from tests import factories as f
from tests.intake.conftest import FULL_ITEM, SUMMARY_ITEM, rss, run_worker

pytestmark = pytest.mark.django_db


def composer_item(base, path="/articles/composer"):
    return SUMMARY_ITEM.format(base=base, path=path, title="Composer interview", summary="She wrote the score.")


@pytest.fixture
def wire(feed_site):
    """A source whose feed holds one full item and one that is only a summary of a page."""
    feed_site.feeds["/feed.xml"] = (
        '"v1"',
        rss(feed_site.base, FULL_ITEM.format(base=feed_site.base), composer_item(feed_site.base)),
    )
    return f.source(name="Loopback Wire", slug="loopback-wire", feed_url=feed_site.url("/feed.xml"))


def poll(*args):
    """The command's exit status and output."""
    from io import StringIO

    out = StringIO()
    try:
        call_command("poll_sources", *args, stdout=out, stderr=out)
        status = 0
    except SystemExit as exit:
        status = exit.code
    except Exception as error:  # CommandError: raised, not exited, under call_command
        status = getattr(error, "returncode", 1)
        out.write(str(error))
    return status, out.getvalue()


def test_a_feed_is_imported_as_drafts_with_the_full_text_of_items_that_had_only_a_summary(wire, feed_site):
    status, out = poll()
    assert status == 0, out
    assert "Loopback Wire: 2 items: 2 created" in out
    premiere = Article.objects.get(title="Premiere night in Seoul")
    composer = Article.objects.get(title="Composer interview")
    assert {premiere.status, composer.status} == {"draft"}
    assert premiere.source == composer.source == wire
    assert "record shop scenes were the hardest" in composer.body  # from the page, not the feed
    assert "Share this story" not in composer.body and "Sign in" not in composer.body
    assert composer.summary == "She wrote the score."
    assert composer.original_url == feed_site.url("/articles/composer") and not composer.needs_review
    state = FeedState.objects.get(source=wire)
    assert state.items_imported == 2 and state.etag == '"v1"' and state.last_status == "2 items: 2 created"
    assert state.due_at > timezone.now() + dt.timedelta(minutes=59)


def test_an_unchanged_feed_costs_one_304_and_a_new_item_is_the_only_one_fetched(wire, feed_site):
    poll()
    FeedState.objects.update(due_at=timezone.now())
    status, out = poll()
    assert status == 0 and "Loopback Wire: not modified (304)" in out
    assert feed_site.hits["/feed.xml"] == 2 and feed_site.hits["/articles/composer"] == 1

    base = feed_site.base
    later = SUMMARY_ITEM.format(base=base, path="/later-story", title="A later story", summary="More to come.")
    feed_site.feeds["/feed.xml"] = ('"v2"', rss(base, FULL_ITEM.format(base=base), composer_item(base), later))
    FeedState.objects.update(due_at=timezone.now())
    status, out = poll()
    assert "Loopback Wire: 3 items: 1 created, 2 unchanged" in out
    assert feed_site.hits["/articles/composer"] == 1  # imported already: its page is not read again
    assert Article.objects.count() == 3 and FeedState.objects.get().items_imported == 3


def test_when_the_page_cannot_be_read_the_summary_is_imported_for_review(feed_site):
    base = feed_site.base
    feed_site.feeds["/gone.xml"] = ('"g"', rss(base, composer_item(base, path="/no-such-story")))
    f.source(name="Gone Wire", slug="gone-wire", feed_url=feed_site.url("/gone.xml"))
    status, out = poll()
    assert status == 0, out
    article = Article.objects.get()
    assert article.needs_review and article.body == "<p>She wrote the score.</p>"
    assert article.review_reason.startswith("only the feed's summary: the article's page could not be read")
    assert "404" in article.review_reason


STORY = (
    "<p>The composer spent two years writing the score, recording strings in Seoul and synthesisers in a small "
    "studio by the river.</p><p>She says the record shop scenes were the hardest to score, because the music "
    "there had to sound like it came from the shelves.</p>"
)


def test_the_page_fetched_for_a_summary_is_cut_of_its_share_bar(feed_site):
    base = feed_site.base
    feed_site.pages["/articles/shared"] = (
        "<!doctype html><html><head><title>Shared</title></head><body><article><h1>Composer interview</h1>"
        f"{STORY}<p>Share this: <a href='https://facebook.com/x'>Facebook</a> "
        "<a href='https://twitter.com/x'>Twitter</a></p></article></body></html>"
    ).encode()
    feed_site.feeds["/shared.xml"] = ('"s"', rss(base, composer_item(base, path="/articles/shared")))
    f.source(name="Shared Wire", slug="shared-wire", feed_url=feed_site.url("/shared.xml"))
    assert poll()[0] == 0
    article = Article.objects.get()
    assert "record shop scenes" in article.body
    assert "Share this" not in article.body and "Facebook" not in article.body and not article.needs_review


def test_an_item_whose_description_is_the_article_is_not_taken_for_a_summary(feed_site):
    base = feed_site.base
    whole = SUMMARY_ITEM.format(
        base=base, path="/articles/whole", title="Composer interview", summary=f"<![CDATA[{STORY * 2}]]>"
    )
    feed_site.feeds["/whole.xml"] = ('"w"', rss(base, whole))
    f.source(name="Whole Wire", slug="whole-wire", feed_url=feed_site.url("/whole.xml"))
    assert poll()[0] == 0
    article = Article.objects.get()
    assert "record shop scenes" in article.body and not article.needs_review
    assert feed_site.hits["/articles/whole"] == 0  # nothing more to fetch


def test_a_page_that_says_no_more_than_the_description_leaves_no_review(feed_site):
    base = feed_site.base
    feed_site.pages["/articles/same"] = (
        b"<!doctype html><html><body><article><h1>Composer interview</h1><p>She wrote the score.</p></article>"
        b"</body></html>"
    )
    feed_site.feeds["/same.xml"] = ('"m"', rss(base, composer_item(base, path="/articles/same")))
    f.source(name="Same Wire", slug="same-wire", feed_url=feed_site.url("/same.xml"))
    assert poll()[0] == 0
    article = Article.objects.get()
    assert feed_site.hits["/articles/same"] == 1  # the page was read
    assert article.body == "<p>She wrote the score.</p>" and not article.needs_review


def test_a_link_that_gives_something_other_than_a_page_leaves_the_summary_for_review(feed_site):
    base = feed_site.base
    feed_site.feeds["/data.xml"] = ('"d"', b"<rss/>")
    feed_site.feeds["/feed.xml"] = ('"f"', rss(base, composer_item(base, path="/data.xml")))
    f.source(name="Data Wire", slug="data-wire", feed_url=feed_site.url("/feed.xml"))
    assert poll()[0] == 0
    article = Article.objects.get()
    assert article.needs_review and "the link gives application/rss+xml, not a page" in article.review_reason


def test_a_feed_that_drips_is_cut_off_at_the_deadline_and_the_others_are_read(wire, feed_site, settings):
    settings.FETCH_TIMEOUT = 5
    settings.FETCH_DEADLINE = 0.5
    f.source(name="Dripping Wire", slug="dripping-wire", feed_url=feed_site.url("/drip-body"))
    status, out = poll()
    assert status == 1
    assert "Dripping Wire: failed: took too long: the answer was not complete within 0.5 s" in out
    assert "Loopback Wire: 2 items: 2 created" in out


def test_a_failing_feed_is_reported_and_never_stops_the_others(wire, feed_site):
    f.source(name="Broken Wire", slug="broken-wire", feed_url=feed_site.url("/broken"))
    f.source(name="Private Wire", slug="private-wire", feed_url=feed_site.url("/to-private"))
    status, out = poll()
    assert status == 1
    assert "Broken Wire: failed: the server answered 500 Internal Server Error" in out
    assert "Private Wire: failed: refused: 10.255.255.1 is a private address" in out
    assert "Loopback Wire: 2 items: 2 created" in out and Article.objects.count() == 2
    broken = FeedState.objects.get(source__name="Broken Wire")
    assert broken.last_error == "the server answered 500 Internal Server Error" and broken.last_error_at


def test_a_dry_run_writes_nothing_and_json_reports_each_feed_and_item(wire):
    status, out = poll("--dry-run", "--json")
    assert status == 0
    report = json.loads(out)
    assert report["dry_run"] is True and report["summary"]["created"] == 2
    assert report["feeds"] == [
        {
            "source": "Loopback Wire",
            "status": "2 items: 2 created",
            "error": "",
            "items_left_out": 0,
            "items_left_for_next_poll": 0,
        }
    ]
    assert {item["articles"][0]["title"] for item in report["files"]} == {
        "Premiere night in Seoul",
        "Composer interview",
    }
    assert not Article.objects.exists() and not FeedState.objects.exists()


def test_one_source_by_name_is_read_now_and_bad_names_are_bad_usage(wire):
    FeedState.objects.create(source=wire, due_at=timezone.now() + dt.timedelta(hours=1))
    assert poll()[1].startswith("No feed was due")
    status, out = poll("--source", "loopback wire")
    assert status == 0 and Article.objects.count() == 2
    assert poll("--source", "Nobody")[0] == 2
    f.source(name="Quiet", slug="quiet")
    status, out = poll("--source", "Quiet")
    assert status == 2 and "has no feed URL" in out


@pytest.mark.django_db(transaction=True)  # the worker commits as it goes (see test_jobs.py)
def test_the_worker_reads_due_feeds_on_their_schedule_through_one_pending_task(wire):
    schedule.schedule()
    schedule.schedule()  # a second worker starting: still one pending poll
    pending = DBTaskResult.objects.filter(task_path=schedule.poll_feeds.module_path, status=TaskResultStatus.READY)
    assert pending.count() == 1
    run_worker()  # the source was never read: due at once
    assert Article.objects.count() == 2
    following = pending.get()  # queued again, for the feed's next turn (at most five minutes ahead)
    assert timezone.now() < following.run_after <= timezone.now() + schedule.LONGEST_WAIT
    assert not polling.due().exists()


def test_the_source_page_shows_how_its_feed_fares_and_feeds_can_be_read_now(admin_client, wire):
    poll()
    html = admin_client.get(reverse("admin:news_source_change", args=[wire.pk])).content.decode()
    assert "2 items: 2 created" in html and "Articles imported" in html
    html = admin_client.get(reverse("admin:news_source_changelist")).content.decode()
    assert "2 items: 2 created" in html
    response = admin_client.post(
        reverse("admin:news_source_changelist"),
        {"action": "read_feeds_now", "_selected_action": [wire.pk]},
        follow=True,
    )
    assert "1 feed will be read in a moment." in response.content.decode()
    assert polling.due().get() == wire


def test_contributors_cannot_have_feeds_read(contributor_client):
    """Reading a feed imports articles, which contributors may not do: no action, and a forged one is refused."""
    source = f.source(feed_url="https://feeds.example.com/wire.xml")
    url = reverse("admin:news_source_changelist")
    assert 'value="read_feeds_now"' not in contributor_client.get(url).content.decode()
    for _ in range(2):
        contributor_client.post(url, {"action": "read_feeds_now", "_selected_action": [source.pk]})
    assert not FeedState.objects.exists()
    assert not DBTaskResult.objects.exists()


def numbered_items(base: str, count: int) -> list[str]:
    """Full items "Story 0" … dated a day apart, the newest (the highest number) listed in the middle."""
    items = [
        f"<item><title>Story {n}</title><link>{base}/story/{n}</link>"
        f"<pubDate>{(dt.datetime(2025, 5, 1, 9, tzinfo=dt.UTC) + dt.timedelta(days=n)):%a, %d %b %Y %H:%M:%S} GMT"
        f"</pubDate><content:encoded><![CDATA[<p>Story number {n} of the long feed, about the film's premiere."
        "</p>]]></content:encoded></item>"
        for n in range(count)
    ]
    return items[count // 2 :] + items[: count // 2]


@pytest.fixture
def long_feed(feed_site):
    feed_site.feeds["/long.xml"] = ('"long"', rss(feed_site.base, *numbered_items(feed_site.base, 7)))
    return f.source(name="Long Wire", slug="long-wire", feed_url=feed_site.url("/long.xml"))


def test_a_poll_reads_at_most_the_newest_items_of_the_cap_and_says_what_it_left_out(long_feed, settings):
    settings.FEED_MAX_ITEMS = 3
    status, out = poll("--json")
    assert status == 0, out
    said = "3 items: 3 created; 4 older items left out (at most 3 items are read a poll)"
    report = json.loads(out)
    assert report["feeds"][0]["status"] == said and report["feeds"][0]["items_left_out"] == 4
    assert sorted(Article.objects.values_list("title", flat=True)) == ["Story 4", "Story 5", "Story 6"]
    assert FeedState.objects.get().last_status == said


def test_a_poll_past_its_time_stops_between_items_keeping_what_it_imported(long_feed, settings, monkeypatch):
    settings.FEED_POLL_SECONDS = 60
    prepared = []
    item = polling._item

    def slow_item(*args, **kwargs):
        prepared.append(args)
        if len(prepared) == 2:  # the second item takes the poll past its time
            traveller.shift(dt.timedelta(seconds=61))
        return item(*args, **kwargs)

    monkeypatch.setattr(polling, "_item", slow_item)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        status, out = poll()
    assert status == 0, out
    line = "Long Wire: 2 items: 2 created; stopped at the poll's time limit (60 s), 5 items left for the next poll"
    assert line in out
    assert sorted(Article.objects.values_list("title", flat=True)) == ["Story 5", "Story 6"]
    state = FeedState.objects.get()
    assert state.etag == ""  # so the next poll reads the whole feed again, not a 304
    monkeypatch.setattr(polling, "_item", item)
    FeedState.objects.update(due_at=timezone.now())
    assert "7 items: 5 created, 2 unchanged" in poll()[1]


@pytest.mark.django_db(transaction=True)  # no test transaction around the poll: it must open none
def test_a_dry_run_poll_issues_no_write_and_holds_no_transaction(long_feed):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    held = []
    with CaptureQueriesContext(connection) as captured:
        result = polling.poll(long_feed, dry_run=True, on_report=lambda report: held.append(connection.in_atomic_block))
    assert result.status == "7 items: 7 created" and held == [False] * 7
    writes = ("INSERT", "UPDATE", "DELETE", "SAVEPOINT", "BEGIN")
    assert [query["sql"] for query in captured if query["sql"].lstrip().upper().startswith(writes)] == []
    assert not Article.objects.exists() and not FeedState.objects.exists()
