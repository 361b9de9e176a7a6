"""Files made to hurt the importer: inputs that made the old readers take minutes, and links that lead
out of the folder being imported. Each is read or refused quickly, with a reason, and never stops the
other files of a run."""

import json
import os
import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from editorial.sanitize import html_to_text, sanitize_html
from news.importer import parsing
from news.importer.parsing import ImportFailure, parse_file
from news.models import Article

LIMIT = 5 * 1024 * 1024
# What took the old readers from 4 s to minutes (the markup counters and Python-Markdown quadratic,
# the HTML cleaner quadratic over runs of "&"). Each must now end well inside a tight budget.
HOSTILE = {
    "brackets.md": b"[" * 20_000 + b"x" + b"]" * 20_000,
    "open-links.md": b"[a](" * 10_000,
    "emphasis.md": b"*a" * 20_000,
    "unclosed-tags.html": b"<a " * 20_000,
    "ampersands.html": b"<p>" + b"&#" * 200_000 + b"</p>",
    "named-entities.html": b"<p>" + b"&amp;" * 100_000 + b"</p>",
    "less-than.html": b"<" * 500_000,
    "paragraphs.html": b"<p>x</p>" * 600_000,  # 4.8 MB: more elements than any page
}


def outcome(name: str, data: bytes, seconds: float) -> str:
    try:
        parse_file(name=name, data=data, max_bytes=LIMIT, seconds=seconds)
    except ImportFailure as exc:
        return str(exc)
    return "read"


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_input_is_read_or_refused_within_a_tight_budget(name):
    """With a 2 s budget (the real one is 4 s), running out is a failure: the readers must be linear."""
    result = outcome(name, HOSTILE[name], seconds=2)
    assert "took more than" not in result, f"{name}: {result}"


def test_a_page_with_more_elements_than_any_article_is_refused_with_a_reason():
    assert outcome("paragraphs.html", HOSTILE["paragraphs.html"], seconds=0) == (
        "too many HTML elements to be one article (more than 50,000)"
    )


def test_a_reader_that_runs_out_of_time_is_stopped_with_a_reason(monkeypatch):
    def endless(kind, text):
        while True:
            time.sleep(0.01)

    monkeypatch.setattr(parsing, "_drafts", endless)
    started = time.monotonic()
    assert outcome("slow.md", b"# Slow\n\ntext", seconds=0.3) == (
        "took more than 0.3 s to read: too complex to be one article"
    )
    assert time.monotonic() - started < 3


def test_a_reader_that_catches_every_exception_still_runs_out_of_time(monkeypatch):
    """The budget's exception is not an Exception, so a reader's broad `except Exception` cannot keep it."""

    def stubborn(kind, text):
        while True:
            try:
                time.sleep(0.01)
            except Exception:
                pass

    monkeypatch.setattr(parsing, "_drafts", stubborn)
    assert outcome("slow.md", b"# Slow\n\ntext", seconds=0.3).startswith("took more than 0.3 s")


def test_ampersands_keep_their_meaning_through_the_cleaner():
    html = (
        "<p>AT&T &amp; Q&amp;A &copy; &nbsp; &unknown; &#x41;&#66; \ue000 "
        '<a href="https://x.test/?a=1&b=2" title="a&amp;b">l</a></p>'
    )
    assert sanitize_html(html) == (
        "<p>AT&amp;T &amp; Q&amp;A © &nbsp; &amp;unknown; AB \ufffd "
        '<a href="https://x.test/?a=1&amp;b=2" title="a&amp;b" rel="nofollow noopener">l</a></p>'
    )
    assert html_to_text("<p>AT&T &amp; Q&amp;A &lt;b&gt; &copy;</p>") == "AT&T & Q&A <b> ©"


def test_a_tag_too_long_for_any_article_keeps_its_name_and_loses_its_attributes():
    assert sanitize_html('<p title="' + "x" * 10_000 + '">kept</p>') == "<p>kept</p>"


def run(*args) -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("import_articles", *map(str, args), "--json", stdout=out, stderr=StringIO())
    except CommandError as exc:
        return exc.returncode, out.getvalue()
    return 0, out.getvalue()


def reports(out: str) -> dict[str, dict]:
    return {os.path.basename(entry["file"]): entry for entry in json.loads(out)["files"]}


@pytest.mark.django_db
def test_a_hostile_file_next_to_a_good_one_fails_alone(tmp_path):
    (tmp_path / "good.md").write_text("# A good article\n\nThe film opened in May.\n")
    (tmp_path / "paragraphs.html").write_bytes(HOSTILE["paragraphs.html"])
    (tmp_path / "brackets.md").write_bytes(HOSTILE["brackets.md"])
    code, out = run(tmp_path)
    files = reports(out)
    assert code == 1
    assert files["good.md"]["outcome"] == "created"
    assert files["brackets.md"]["outcome"] == "created"  # nonsense, but readable: an editor sees it in review
    assert files["paragraphs.html"]["outcome"] == "failed"
    assert "too many HTML elements" in files["paragraphs.html"]["reason"]
    assert Article.objects.filter(title="A good article").exists()


@pytest.mark.django_db
def test_links_in_a_folder_are_skipped_never_followed(tmp_path, settings):
    secret = tmp_path / "outside" / "secret_key.txt"
    secret.parent.mkdir()
    secret.write_text("s3cr3t-k3y-that-must-never-be-a-title\n\nsecond line")
    folder = tmp_path / "articles"
    (folder / "sub").mkdir(parents=True)
    (folder / "real.txt").write_text("A real article\n\nIt talks about the film at length.")
    (folder / "secret.txt").symlink_to(secret)
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "linked-folder").symlink_to(secret.parent, target_is_directory=True)
    (folder / "sub" / "inside.txt").symlink_to(folder / "real.txt")
    os.mkfifo(folder / "pipe.txt")

    code, out = run(folder, "--dry-run")
    files = reports(out)
    assert files["real.txt"]["outcome"] == "created"
    for name in ("secret.txt", "passwd.txt", "linked-folder", "inside.txt"):
        assert files[name]["outcome"] == "skipped", name
        assert "symbolic link" in files[name]["reason"]
    assert files["pipe.txt"] == {**files["pipe.txt"], "outcome": "skipped", "reason": "not a regular file"}
    assert "s3cr3t" not in out and "root:" not in out
    assert len(files) == 6


@pytest.mark.django_db
def test_a_link_named_on_the_command_line_is_read(tmp_path):
    """Naming a file is the operator's choice: only links met while walking a folder are refused."""
    (tmp_path / "real.txt").write_text("A real article\n\nIt talks about the film at length.")
    (tmp_path / "named.txt").symlink_to(tmp_path / "real.txt")
    code, out = run(tmp_path / "named.txt", "--dry-run")
    assert code == 0 and reports(out)["named.txt"]["outcome"] == "created"
