"""Files made to hurt the importer: inputs that made the old readers take minutes, and links that lead
out of the folder being imported. Each is read or refused with a reason, for work in proportion to its
size, and never stops the other files of a run. What these tests check does not depend on how fast or
how busy the machine is: outcomes, counts, and ratios of CPU time."""

import gc
import json
import os
import time
import zipfile
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError

from common.sanitize import html_to_text, sanitize_html
from news.importer import article, formats_html, parsing
from news.importer.parsing import ImportFailure, parse_file
from news.importer.reports import Outcome
from news.importer.uploads import upload_items
from news.models import Article
from tests.zip_bombs import claiming

LIMIT = 5 * 1024 * 1024
# What took the old readers from 4 s to minutes (the markup counters and Python-Markdown quadratic,
# the HTML cleaner quadratic over runs of "&"): each as a function of a count, with the count that
# makes it the file that hurt them (`hostile(name)`).
HOSTILE = {
    "brackets.md": (lambda n: b"[" * n + b"x" + b"]" * n, 20_000),
    "open-links.md": (lambda n: b"[a](" * n, 10_000),
    "emphasis.md": (lambda n: b"*a" * n, 20_000),
    "unclosed-tags.html": (lambda n: b"<a " * n, 20_000),
    "ampersands.html": (lambda n: b"<p>" + b"&#" * n + b"</p>", 200_000),
    "named-entities.html": (lambda n: b"<p>" + b"&amp;" * n + b"</p>", 100_000),
    "less-than.html": (lambda n: b"<" * n, 500_000),
    "paragraphs.html": (lambda n: b"<p>x</p>" * n, 600_000),  # 4.8 MB: more elements than any page
}
# What becomes of each: read (nonsense, but readable: an editor sees it in review), or refused for its reason.
EXPECTED = {
    "brackets.md": "read",
    "open-links.md": "read",
    "emphasis.md": "read",
    "unclosed-tags.html": "no body text",
    "ampersands.html": "read",
    "named-entities.html": "read",
    "less-than.html": "no body text",
    "paragraphs.html": "too many HTML elements to be one article (more than 50,000)",
}
TOO_MANY_ELEMENTS = EXPECTED["paragraphs.html"]


def hostile(name: str, times: float = 1) -> bytes:
    build, count = HOSTILE[name]
    return build(int(count * times))


def outcome(name: str, data: bytes, seconds: float) -> str:
    try:
        parse_file(name=name, data=data, max_bytes=LIMIT, seconds=seconds)
    except ImportFailure as exc:
        return str(exc)
    return "read"


def cpu_seconds_to_read(name: str, data: bytes) -> float:
    """The CPU time one read of the file takes, on average over as many reads as make 50 ms (a
    short read alone is mostly noise). CPU time: other processes on a busy machine do not add to it."""
    gc.collect()
    reads = 0
    started = time.process_time()
    while not reads or time.process_time() - started < 0.05:
        outcome(name, data, seconds=0)
        reads += 1
    return (time.process_time() - started) / reads


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_input_is_read_or_refused_for_its_reason(name):
    """Without any time limit, so the answer is the readers' alone, the same on any machine."""
    assert outcome(name, hostile(name), seconds=0) == EXPECTED[name]


@pytest.mark.parametrize("name", [name for name in HOSTILE if EXPECTED[name] != TOO_MANY_ELEMENTS])
def test_reading_hostile_input_costs_work_in_proportion_to_its_size(name):
    """Sixteen times the input costs about sixteen times the CPU time (a reader quadratic in it: 256
    times); more than twice that fails. A ratio of two reads on the same machine, so neither its speed
    nor how busy it is counts; the better of three tries, so a moment's noise does not either. (A page
    refused for its elements is refused for the same work at any size: the test after this one.)"""
    small, full = hostile(name, 1 / 16), hostile(name)
    assert outcome(name, small, seconds=0) == EXPECTED[name]  # the same path as the full file
    least = {small: float("inf"), full: float("inf")}
    for _ in range(3):
        for data in least:
            least[data] = min(least[data], cpu_seconds_to_read(name, data))
        if least[full] <= 32 * least[small]:
            break
    ratio = least[full] / least[small]
    assert ratio <= 32, f"{name}: {ratio:.0f} times the CPU time for 16 times the input"


def test_a_page_with_more_elements_than_any_article_is_refused_before_it_is_parsed(monkeypatch):
    """Counting the tags stops at the cap, and no parser or cleaner runs: refusing such a page is the
    same small work at any size, done before a time limit could come into it."""
    read_tags = []
    tags = article._ELEMENT_TAG

    class CountingTags:
        def finditer(self, html):
            for tag in tags.finditer(html):
                read_tags.append(tag)
                yield tag

    def not_parsed(*args, **kwargs):
        raise AssertionError("a page over the element cap was parsed")

    monkeypatch.setattr(article, "_ELEMENT_TAG", CountingTags())
    monkeypatch.setattr(formats_html, "BeautifulSoup", not_parsed)
    for times in (0.25, 1):
        read_tags.clear()
        assert outcome("paragraphs.html", hostile("paragraphs.html", times), seconds=0) == TOO_MANY_ELEMENTS
        assert len(read_tags) == 2 * article.MAX_ELEMENTS + 1  # opening and closing tags, and the one too many


def busy_forever(kind, text):
    while True:
        pass


def test_a_reader_that_runs_out_of_time_is_stopped_with_a_reason(monkeypatch):
    monkeypatch.setattr(parsing, "_drafts", busy_forever)
    started = time.process_time()
    assert outcome("slow.md", b"# Slow\n\ntext", seconds=0.3) == (
        "took more than 0.3 s to read: too complex to be one article"
    )
    assert time.process_time() - started < 3


def test_a_reader_that_catches_every_exception_still_runs_out_of_time(monkeypatch):
    """The budget's exception is not an Exception, so a reader's broad `except Exception` cannot keep it."""

    def stubborn(kind, text):
        while True:
            try:
                busy_forever(kind, text)
            except Exception:
                pass

    monkeypatch.setattr(parsing, "_drafts", stubborn)
    assert outcome("slow.md", b"# Slow\n\ntext", seconds=0.3).startswith("took more than 0.3 s")


def test_a_reader_kept_waiting_is_not_out_of_time(monkeypatch):
    """The budget counts the CPU time reading uses, not the time it takes: on a busy machine, where
    other processes have the cores, a file is read as it is on an idle one. (Sleeping uses no CPU time.)"""
    real_drafts = parsing._drafts
    data = b"# Slow\n\nThe film opened in May."
    assert outcome("slow.md", data, seconds=0) == "read"  # once before, so nothing is loaded for the first time below

    def kept_waiting(kind, text):
        time.sleep(0.5)
        return real_drafts(kind, text)

    monkeypatch.setattr(parsing, "_drafts", kept_waiting)
    assert outcome("slow.md", data, seconds=0.3) == "read"


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
    (tmp_path / "paragraphs.html").write_bytes(hostile("paragraphs.html"))
    (tmp_path / "brackets.md").write_bytes(hostile("brackets.md"))
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


def test_an_uploaded_zip_claiming_too_many_entries_is_one_failed_item(monkeypatch):
    def read(self):
        raise AssertionError("the central directory was read")

    monkeypatch.setattr(zipfile.ZipFile, "_RealGetContents", read)
    items = upload_items([ContentFile(claiming(1_500_000, zip64=True), name="bomb.zip")])
    assert len(items) == 1
    name, load = items[0]
    report = load()
    assert (name, report.outcome) == ("bomb.zip", Outcome.FAILED)
    assert report.reason == "the zip archive holds 1,500,000 entries; at most 20,000 are read"
