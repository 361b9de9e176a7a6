"""The importer's saving layer and the import_articles command: idempotent, atomic per file, honest output."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from editorial.publishing import Status
from news.importer.reports import ImportOptions, Outcome
from news.importer.saving import import_data
from news.models import Article, Source, Topic
from tests import factories as f

pytestmark = pytest.mark.django_db

UNDATED = """Starlight Studio's new animated romance lands on a streaming service at the end of May. It follows a \
young astronaut and a musician in a future Seoul.
Kim Tai-ri voices the astronaut, and the director is Han Ji-won.
Related Topics
Festival Season Opens in Busan
A Horror Film With a Twist
"""

DATED = """ date 2025-05-23 The film opens with a quiet scene in a repair shop where Jay fixes an old turntable.

The plot

Nan-young trains for Mars while Jay works on radios and records.
"""

MARKDOWN = """---
title: A front-matter article
date: 2025-05-30T09:00:00+09:00
source: Seoul Screen
url: https://example.com/front-matter
topics: [Release, Cast]
---
Hong Kyung and Kim Tae-ri talk about the songs.
"""


@pytest.fixture
def people():
    return {
        "kim": f.person(name="Kim Tae-ri", name_ko="김태리", aliases="Kim Tai-ri"),
        "han": f.person(name="Han Ji-won"),
        "hong": f.person(name="Hong Kyung", name_ko="홍경"),
    }


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "undated.txt").write_text(UNDATED)
    (tmp_path / "dated.txt").write_bytes(("\ufeff" + DATED).replace("\n", "\r\n").encode())
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "front.md").write_text(MARKDOWN)
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4 not ours")
    (tmp_path / ".hidden.txt").write_text("editor backup, never imported")
    return tmp_path


def run(*args):
    out = StringIO()
    try:
        call_command("import_articles", *map(str, args), stdout=out, stderr=StringIO())
    except CommandError as exc:
        return exc.returncode, out.getvalue()
    return 0, out.getvalue()


def test_a_folder_imports_every_article_with_titles_dates_topics_and_mentions(people, folder):
    code, out = run(folder)
    assert code == 0, out
    assert "4 files: 3 created, 0 updated, 0 unchanged, 0 failed, 1 skipped" in out
    assert "skipped   " in out and "unknown file kind (.pdf)" in out
    undated = Article.objects.get(fingerprint__isnull=False, title__startswith="Starlight Studio")
    assert undated.title_guessed if hasattr(undated, "title_guessed") else undated.needs_review
    assert (
        undated.dated is None and "date missing" in undated.review_reason and "title guessed" in undated.review_reason
    )
    assert not undated.topics.exists()  # headlines of other articles, kept for editors instead
    assert undated.related_headlines == "Festival Season Opens in Busan\nA Horror Film With a Twist"
    assert {m.person for m in undated.mentions.all()} == {people["kim"], people["han"]}
    assert undated.status == Status.DRAFT
    dated = Article.objects.get(body__contains="repair shop")
    assert dated.dated.isoformat() == "2025-05-23T00:00:00+00:00"
    assert "<h2>The plot</h2>" in dated.body
    front = Article.objects.get(original_url="https://example.com/front-matter")
    assert front.title == "A front-matter article" and front.source.name == "Seoul Screen"
    assert front.dated.isoformat() == "2025-05-30T00:00:00+00:00"
    assert not front.needs_review
    assert "hidden" not in out


def test_a_second_run_creates_nothing(people, folder):
    run(folder)
    before = Article.objects.count(), Topic.objects.count(), Source.objects.count()
    code, out = run(folder)
    assert code == 0
    assert "4 files: 0 created, 0 updated, 3 unchanged, 0 failed, 1 skipped" in out
    assert (Article.objects.count(), Topic.objects.count(), Source.objects.count()) == before


def test_the_same_text_from_another_file_is_the_same_article(people, tmp_path):
    (tmp_path / "a.txt").write_text(DATED)
    (tmp_path / "b.txt").write_bytes((DATED + "\n\n").replace("\n", "\r\n").replace("  ", " ").encode())
    code, out = run(tmp_path)
    assert code == 0
    assert Article.objects.count() == 1
    assert "1 created" in out and "1 unchanged" in out


def test_a_changed_file_updates_the_article_but_keeps_editors_changes(people, tmp_path):
    path = tmp_path / "front.md"
    path.write_text(MARKDOWN)
    run(path)
    article = Article.objects.get()
    article.title = "An editor's better title"
    article.status = Status.PUBLISHED
    article.save()
    article.topics.add(f.topic("Editors' pick"))
    path.write_text(MARKDOWN.replace("talk about the songs", "talk about the songs and the sea"))
    code, out = run(path)
    assert code == 0 and "updated" in out
    article.refresh_from_db()
    assert "the sea" in article.body
    assert article.title == "An editor's better title"
    assert article.status == Status.PUBLISHED
    assert "Editors' pick" in {t.name for t in article.topics.all()}
    path.write_text(MARKDOWN.replace("talk about the songs", "talk about the stars"))
    run(path, "--overwrite")
    article.refresh_from_db()
    assert article.title == "A front-matter article" and "the stars" in article.body
    assert {t.name for t in article.topics.all()} == {"Release", "Cast"}


def test_dry_run_reports_what_would_happen_and_writes_nothing(people, folder):
    code, out = run(folder, "--dry-run")
    assert code == 0
    assert "Dry run, nothing written: 4 files: 3 created" in out
    assert not Article.objects.exists() and not Topic.objects.exists() and not Source.objects.exists()
    run(folder)
    code, out = run(folder, "--dry-run")
    assert "3 unchanged" in out


def test_publish_draft_and_source_options(people, tmp_path):
    (tmp_path / "a.txt").write_text(DATED)
    run(tmp_path, "--publish", "--source", "Film Weekly")
    article = Article.objects.get()
    assert article.status == Status.PUBLISHED and article.source.name == "Film Weekly"
    assert article.publish_at == article.dated  # a dated article takes its place in the timeline
    code, out = run(tmp_path, "--draft", "--source", "Film Weekly")
    assert "updated" in out
    article.refresh_from_db()
    assert article.status == Status.DRAFT


def test_publish_and_draft_together_is_bad_usage(tmp_path):
    with pytest.raises(CommandError) as error:
        call_command("import_articles", str(tmp_path), "--publish", "--draft", stdout=StringIO(), stderr=StringIO())
    assert "not allowed with" in str(error.value)


def test_a_missing_path_is_bad_usage(tmp_path):
    code, _ = run(tmp_path / "nope")
    assert code == 2


def test_files_that_cannot_be_parsed_fail_with_a_reason_and_the_others_import(people, tmp_path):
    (tmp_path / "good.json").write_text(json.dumps({"title": "Good one", "body": "<p>Fine text.</p>"}))
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 100)
    (tmp_path / "broken.json").write_text('[{"title": "half')
    code, out = run(tmp_path)
    assert code == 1
    assert list(Article.objects.values_list("title", flat=True)) == ["Good one"]
    assert "empty file" in out and "not a text file" in out and "malformed JSON" in out
    assert "1 created, 0 updated, 0 unchanged, 3 failed" in out


def test_a_file_that_fails_while_saving_leaves_nothing_half_written(people, tmp_path, monkeypatch):
    """The second article of a file hits a database error: the first, its topic and source go too."""
    from django.db import IntegrityError

    from news.importer import saving

    real_save = saving._save_article
    calls = []

    def second_fails(parsed, existing, **kwargs):
        calls.append(parsed.title)
        if len(calls) == 2:
            raise IntegrityError("simulated: disk full")
        return real_save(parsed, existing, **kwargs)

    monkeypatch.setattr(saving, "_save_article", second_fails)
    batch = [
        {"title": "First of the batch", "body": "<p>One.</p>", "source": "New Source", "topics": ["New topic"]},
        {"title": "Second of the batch", "body": "<p>Two.</p>"},
    ]
    (tmp_path / "a-list.json").write_text(json.dumps(batch))
    (tmp_path / "b-good.json").write_text(json.dumps({"title": "Good one", "body": "<p>Fine text.</p>"}))
    code, out = run(tmp_path)
    assert code == 1
    assert "could not save (IntegrityError: simulated: disk full)" in out
    assert list(Article.objects.values_list("title", flat=True)) == ["Good one"]
    assert not Source.objects.exists() and not Topic.objects.exists()


def test_a_named_file_of_unknown_kind_fails(tmp_path):
    path = tmp_path / "notes.pdf"
    path.write_bytes(b"PK")
    code, out = run(path)
    assert code == 1 and "unknown file kind (.pdf)" in out


def test_too_large_files_fail_before_they_are_read(settings, tmp_path):
    settings.IMPORT_MAX_BYTES = 100
    path = tmp_path / "big.txt"
    path.write_text("word " * 100)
    code, out = run(path)
    assert code == 1 and "too large" in out


def test_json_report(people, folder):
    out = StringIO()
    call_command("import_articles", str(folder), "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert report["summary"] == {"created": 3, "updated": 0, "unchanged": 0, "failed": 0, "skipped": 1}
    assert {item["outcome"] for item in report["files"]} == {"created", "skipped"}


def test_import_data_is_the_shared_entry_point(people):
    report = import_data(name="a.txt", data=DATED.encode(), options=ImportOptions(publish=True))
    assert report.outcome == Outcome.CREATED
    assert Article.objects.published().count() == 1
    again = import_data(name="a.txt", data=DATED.encode(), options=ImportOptions(publish=True))
    assert again.outcome == Outcome.UNCHANGED
