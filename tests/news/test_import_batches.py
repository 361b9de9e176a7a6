"""Large imports: new articles are written in bulk with everything a single save gives them, in a fixed
number of queries per batch; duplicates, failures and worker processes keep the per-file rules."""

import json

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from editorial.publishing import Status
from news.importer import batches, saving
from news.importer.reports import ImportOptions, Outcome
from news.importer.runs import import_many
from news.importer.saving import import_data
from news.models import Article, Mention, Topic
from search.models import Kind, SearchEntry
from search.query import parse_query
from search.selectors import search
from tests import factories as f

pytestmark = pytest.mark.django_db


def item(name: str, data: str | bytes):
    payload = data.encode() if isinstance(data, str) else data
    return name, lambda: payload


def article_json(n: int, **extra) -> str:
    values = {
        "title": f"Dispatch number {n} from the orbit desk",
        "date": f"2025-05-{n % 28 + 1:02d}",
        "body": f"<p>Kim Tae-ri records line {n} of the quokka chronicle with Han Ji-won.</p>",
        "topics": ["Release", f"Week {n % 3}"],
    }
    return json.dumps(values | extra)


@pytest.fixture
def people():
    return {"kim": f.person(name="Kim Tae-ri"), "han": f.person(name="Han Ji-won")}


@pytest.fixture
def inline(settings):
    """Parse in this process: the workers are tested on their own below."""
    settings.IMPORT_WORKERS = 0


def run(items, **options):
    return import_many(items, options=ImportOptions(publish=True, **options))


def queries_to_import(count: int, start: int) -> tuple[int, int]:
    """(statements that read, statements in all) to import `count` new articles."""
    items = [item(f"{n}.json", article_json(n)) for n in range(start, start + count)]
    with CaptureQueriesContext(connection) as captured:
        summary = run(items)
    assert summary.count(Outcome.CREATED) == count
    reads = [query for query in captured if query["sql"].startswith("SELECT")]
    return len(reads), len(captured)


def test_new_articles_are_written_in_a_few_statements_per_batch(people, inline):
    """Reads are the same for 10 articles or 150 (one per topic name, not per article); inserts are
    split only by the database's parameter limit."""
    queries_to_import(5, start=1000)  # the first run creates the topics; compare runs that do not
    few_reads, few = queries_to_import(10, start=0)
    many_reads, many = queries_to_import(150, start=100)
    assert few_reads == many_reads
    assert few <= 25 and many <= 150 / 4


def test_a_bulk_created_article_has_everything_a_saved_one_has(people, inline):
    summary = run([item("a.json", article_json(7)), item("b.json", article_json(8))])
    assert [report.outcome for report in summary.files] == [Outcome.CREATED, Outcome.CREATED]
    article = Article.objects.get(title="Dispatch number 7 from the orbit desk")
    assert article.status == Status.PUBLISHED and article.publish_at == article.dated
    assert article.slug == "dispatch-number-7-from-the-orbit-desk"
    assert article.get_absolute_url() == f"/news/{article.slug}/"
    assert article.fingerprint and article.imported_values["topics"] == ["Release", "Week 1"]
    assert {t.name for t in article.topics.all()} == {"Release", "Week 1"}
    assert {m.person for m in article.mentions.all()} == {people["kim"], people["han"]}
    assert all(m.origin == Mention.Origin.AUTO for m in article.mentions.all())
    record = article.history.get()
    assert record.history_type == "+" and record.title == article.title
    assert {link.topic.name for link in record.topics.all()} == {"Release", "Week 1"}
    assert Topic.objects.get(name="Release").history.count() == 1
    assert SearchEntry.objects.filter(kind=Kind.ARTICLE, object_id=article.pk).exists()
    results = search(parse_query("quokka chronicle"))
    articles = next(group for group in results.groups if group.kind == Kind.ARTICLE)
    assert {hit.object.title for hit in articles.hits} == {article.title, "Dispatch number 8 from the orbit desk"}


def test_slugs_stay_unique_within_a_batch_and_against_the_database(inline):
    f.article(title="Same title", slug="same-title")
    items = [item(f"{n}.json", json.dumps({"title": "Same title", "body": f"<p>Text {n}.</p>"})) for n in range(3)]
    run(items)
    slugs = set(Article.objects.values_list("slug", flat=True))
    assert slugs == {"same-title", "same-title-2", "same-title-3", "same-title-4"}


def test_existing_topics_are_reused_whatever_their_case(inline):
    topic = f.topic("Release")
    run([item("a.json", article_json(1, topics=["release", "RELEASE", "New one"]))])
    article = Article.objects.get()
    assert set(article.topics.all()) == {topic, Topic.objects.get(name="New one")}
    assert Topic.objects.count() == 2


def test_the_same_article_twice_in_one_batch_is_created_once(inline):
    url = "https://example.com/twice"
    first = article_json(1, url=url)
    corrected = article_json(1, url=url, body="<p>A corrected text.</p>")
    other = article_json(2)
    again = article_json(2, title="Another title for the same text")
    summary = run([item("a.json", first), item("b.json", corrected), item("c.json", other), item("d.json", again)])
    outcomes = [report.outcome for report in summary.files]
    assert outcomes == [Outcome.CREATED, Outcome.UPDATED, Outcome.CREATED, Outcome.UPDATED]
    assert Article.objects.get(original_url=url).body == "<p>A corrected text.</p>"
    assert Article.objects.filter(title="Another title for the same text").count() == 1
    assert Article.objects.count() == 2


def test_unchanged_articles_are_recognised_without_writing(people, inline):
    items = [item(f"{n}.json", article_json(n)) for n in range(20)]
    run(items)
    with CaptureQueriesContext(connection) as captured:
        summary = run(items)
    assert summary.count(Outcome.UNCHANGED) == 20
    assert not [query for query in captured if query["sql"].startswith(("INSERT", "UPDATE", "DELETE"))]


def test_an_invalid_article_fails_its_file_alone(inline):
    bad = article_json(2, url="http://intranet")  # a URL the parser takes and the model refuses
    summary = run([item("good.json", article_json(1)), item("bad.json", bad), item("ok.json", article_json(3))])
    assert [report.outcome for report in summary.files] == [Outcome.CREATED, Outcome.FAILED, Outcome.CREATED]
    assert "original_url: Enter a valid URL." in summary.files[1].reason
    assert Article.objects.count() == 2


def test_when_a_bulk_write_fails_each_file_is_saved_on_its_own(people, inline, monkeypatch):
    """The failure comes after the articles, topics, mentions and history were inserted: all of it goes."""
    real_write = saving.write_new

    def refuse_many(articles, lookups):
        real_write(articles, lookups)
        if len(articles) > 1:
            raise IntegrityError("simulated: the search index refused the batch")

    monkeypatch.setattr(batches, "write_new", refuse_many)
    real_save = saving._save_article

    def fail_one(parsed, existing, **kwargs):
        if "number 2 " in parsed.title:
            raise IntegrityError("simulated: disk full")
        return real_save(parsed, existing, **kwargs)

    monkeypatch.setattr(saving, "_save_article", fail_one)
    summary = run([item(f"{n}.json", article_json(n)) for n in range(4)])
    assert [report.outcome for report in summary.files] == [Outcome.CREATED] * 2 + [Outcome.FAILED, Outcome.CREATED]
    assert "simulated: disk full" in summary.files[2].reason
    assert Article.objects.count() == 3
    assert SearchEntry.objects.filter(kind=Kind.ARTICLE).count() == 3
    assert Mention.objects.count() == 6
    assert Article.history.model.objects.values("id").distinct().count() == 3
    assert Article.history.model.objects.count() == 3  # one record per article, not one per write step
    assert Article.topics.through.objects.count() == 6


def test_a_dry_run_over_several_batches_writes_nothing_and_says_what_a_run_does(people, inline):
    items = [item(f"{n}.json", article_json(n)) for n in range(7)]
    items += [item("again.json", article_json(3)), item("bad.json", article_json(9, url="http://intranet"))]
    dry = import_many(items, options=ImportOptions(dry_run=True), batch_size=3)
    assert not Article.objects.exists() and not Topic.objects.exists()
    assert not SearchEntry.objects.filter(kind=Kind.ARTICLE).exists()
    real = import_many(items, options=ImportOptions(), batch_size=3)
    assert dry.as_dict() == real.as_dict()
    assert real.count(Outcome.CREATED) == 7 and real.count(Outcome.UNCHANGED) == 1 and real.failed == 1


def test_worker_processes_parse_what_this_process_would(people, settings, transactional_db):
    settings.IMPORT_WORKERS = 2
    items = [item(f"{n}.json", article_json(n)) for n in range(9)]
    items.insert(4, item("broken.json", "[{"))
    summary = import_many(items, options=ImportOptions(), batch_size=4)
    assert [report.name for report in summary.files] == [name for name, _load in items]
    assert summary.count(Outcome.CREATED) == 9 and summary.count(Outcome.FAILED) == 1
    assert "malformed JSON" in summary.files[4].reason
    assert Article.objects.count() == 9


def test_a_summary_without_files_still_counts(people, inline):
    items = [item(f"{n}.json", article_json(n)) for n in range(3)] + [item("empty.txt", "")]
    heard = []
    summary = import_many(items, options=ImportOptions(), on_report=heard.append, keep_files=False)
    assert summary.files == [] and len(heard) == 4
    assert (summary.total, summary.count(Outcome.CREATED), summary.failed) == (4, 3, 1)


def test_a_worker_that_dies_leaves_its_files_to_this_process(people, settings, monkeypatch, tmp_path, transactional_db):
    from news.importer import runs

    from .worker_faults import dies_in_a_worker

    died = tmp_path / "died"
    monkeypatch.setenv("STARLIGHT_TEST_WORKER_DIED", str(died))
    settings.IMPORT_WORKERS = 1
    monkeypatch.setattr(runs, "parse_files", dies_in_a_worker)
    items = [item(f"{n}.json", article_json(n)) for n in range(7)]
    summary = import_many(items, options=ImportOptions(), batch_size=2)
    assert died.exists()
    assert summary.count(Outcome.CREATED) == 7
    assert Article.objects.count() == 7


def test_without_process_support_files_are_parsed_here(people, settings, monkeypatch):
    from news.importer import runs

    def no_processes(*args, **kwargs):
        raise OSError(38, "Function not implemented")

    settings.IMPORT_WORKERS = 2
    monkeypatch.setattr(runs, "ProcessPoolExecutor", no_processes)
    items = [item(f"{n}.json", article_json(n)) for n in range(5)]
    summary = import_many(items, options=ImportOptions(), batch_size=2)
    assert summary.count(Outcome.CREATED) == 5


def snapshot(article: Article) -> dict:
    """What an import wrote for one article, without what differs by nature (ids, clock times)."""
    fields = ("title", "slug", "subtitle", "author", "original_url", "language", "dated", "body", "summary")
    fields += ("status", "publish_at", "needs_review", "review_reason", "fingerprint", "imported_values")
    entry = SearchEntry.objects.get(kind=Kind.ARTICLE, object_id=article.pk)
    last = article.history.order_by("history_id").last()
    return {
        **{name: getattr(article, name) for name in fields},
        "source": article.source.name if article.source else None,
        "topics": sorted(topic.name for topic in article.topics.all()),
        "mentions": sorted(str(mention.target) for mention in article.mentions.all()),
        "search": (entry.names, entry.body, entry.status, entry.publish_at, entry.recency),
        "search names": sorted(entry.name_rows.values_list("name", flat=True)),
        "history": (last.title, last.body, sorted(link.topic.name for link in last.topics.all())),
    }


def test_bulk_and_one_file_at_a_time_write_the_same_article(people, inline):
    f.topic("release")  # an existing topic in another case, and one in the same case
    f.topic("Release", slug="release-2")
    f.source(name="Seoul Screen")
    data = article_json(
        5, url="https://example.com/same", source="seoul screen", author="A. Writer", topics=["RELEASE", "Cast  Notes"]
    ).encode()
    with transaction.atomic():
        assert import_data(name="a.json", data=data, options=ImportOptions(publish=True)).outcome == Outcome.CREATED
        one_by_one = snapshot(Article.objects.get())
        transaction.set_rollback(True)
    assert not Article.objects.exists()
    assert run([item("a.json", data)]).files[0].outcome == Outcome.CREATED
    assert snapshot(Article.objects.get()) == one_by_one
    assert one_by_one["topics"] == ["Cast Notes", "Release"] and one_by_one["source"] == "Seoul Screen"
    assert one_by_one["mentions"] == ["Han Ji-won", "Kim Tae-ri"]


def test_a_topic_is_the_one_spelt_exactly_so_else_any_case(inline):
    lower, upper = f.topic("release"), f.topic("Release", slug="release-2")
    run([item("a.json", article_json(1, topics=["release"])), item("b.json", article_json(2, topics=["RELEASE"]))])
    assert list(Article.objects.get(title__contains="number 1 ").topics.all()) == [lower]
    assert list(Article.objects.get(title__contains="number 2 ").topics.all()) == [upper]  # the first by name


def test_workers_give_exactly_what_parsing_here_gives(settings):
    from news.importer.parsing import parse_files
    from news.importer.runs import _Parser

    items = [item(f"{n}.json", article_json(n)) for n in range(30)]
    items.insert(7, item("broken.json", "[{"))
    with _Parser(2, max_bytes=settings.IMPORT_MAX_BYTES, batch_size=8) as parser:
        assert parser.pool is not None
        batches_seen = list(parser.batches(items))
    assert [len(batch) for batch in batches_seen] == [8, 8, 8, 7]
    here = parse_files([(name, load()) for name, load in items], settings.IMPORT_MAX_BYTES)
    assert [parsed for batch in batches_seen for _name, parsed in batch] == here


def test_large_files_make_smaller_batches(settings, monkeypatch):
    from news.importer import runs

    monkeypatch.setattr(runs, "BATCH_BYTES", 1000)
    items = [item(f"{n}.json", article_json(n, body="<p>" + "word " * 100 + "</p>")) for n in range(5)]
    with runs._Parser(0, max_bytes=settings.IMPORT_MAX_BYTES, batch_size=200) as parser:
        assert [len(batch) for batch in parser.batches(items)] == [2, 2, 1]


def test_when_workers_cannot_be_started_files_are_parsed_here(people, inline, settings, monkeypatch):
    from concurrent.futures import ProcessPoolExecutor

    def no_more_processes(self, *args, **kwargs):
        raise OSError(11, "Resource temporarily unavailable")

    settings.IMPORT_WORKERS = 2
    monkeypatch.setattr(ProcessPoolExecutor, "submit", no_more_processes)
    summary = import_many([item(f"{n}.json", article_json(n)) for n in range(5)], options=ImportOptions(), batch_size=2)
    assert summary.count(Outcome.CREATED) == 5


def test_a_topic_deleted_during_the_import_is_made_again(people, inline, transactional_db):
    """Foreign keys are checked at commit: the cached topic is gone, so the batch is saved once more."""
    items = [item(f"{n}.json", article_json(n, topics=["Festival"])) for n in range(4)]

    def delete_the_topic(report):
        if report.name == "0.json":
            Topic.objects.filter(name="Festival").delete()

    summary = import_many(items, options=ImportOptions(), batch_size=2, on_report=delete_the_topic)
    assert summary.count(Outcome.CREATED) == 4
    assert Topic.objects.get(name="Festival").articles.count() == 2  # the second batch's two


def test_an_unreachable_database_fails_each_file_on_one_line(inline, monkeypatch):
    from django.db import OperationalError

    def unreachable(*args, **kwargs):
        raise OperationalError("connection failed: port 5999 refused\n\tIs the server running on that host?")

    monkeypatch.setattr(batches.Existing, "__init__", unreachable)
    summary = run([item("a.json", article_json(1)), item("b.json", "")])
    assert [report.outcome for report in summary.files] == [Outcome.FAILED, Outcome.FAILED]
    assert summary.files[0].reason == (
        "could not save (OperationalError: connection failed: port 5999 refused Is the server running on that host?)"
    )
    assert summary.files[1].reason == "empty file"
