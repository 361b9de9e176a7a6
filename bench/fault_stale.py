"""`make faults`: no stale page after an unpublish, whatever became of Redis or whichever process wrote.

Each scenario warms the page cache on an article's page and the news list (both answered from it),
then unpublishes the article from a separate process (`manage.py shell`, as an operator or an import
on another host would) in one of three conditions, then asks for both pages 30 times each and counts
the answers that still show the article:

- Redis stopped at the moment of the unpublish (SIGSTOP: it holds every page it had, and answers
  again after the commit);
- a writer without `REDIS_URL`;
- Redis flushed before the unpublish.
"""

import html
import json
import subprocess
import urllib.error
import urllib.request

from imported_site import PYTHON, ROOT

NEWEST_SCRIPT = """
import django, json; django.setup()
from news.models import Article
rows = Article.objects.published().order_by("-publish_at")[:3]
print(json.dumps([[a.slug, a.title, a.get_absolute_url()] for a in rows]))
"""

UNPUBLISH_SCRIPT = """
import django, sys; django.setup()
from editorial.publishing import Status
from news.models import Article
article = Article.objects.get(slug=sys.argv[1])
article.status = Status.DRAFT
article.save()
print("unpublished")
"""

ASKS = 30


def get(url: str) -> tuple[int, str, dict]:
    try:
        with urllib.request.urlopen(url, timeout=15) as response:
            return response.status, response.read().decode(errors="replace"), dict(response.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(errors="replace"), dict(exc.headers)


def _shell(env: dict, script: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([PYTHON, "-c", script, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)


def _scenario(server, env: dict, article: list[str], name: str, before=None, writer_env=None, after=None) -> dict:
    slug, title, url = article
    shown = html.escape(title)
    hits_before = 0
    for path in (url, "/news/"):
        for _ in range(3):
            status, body, headers = get(server.url(path))
        hits_before += headers.get("X-Page-Cache") == "hit" and shown in body
    if before:
        before()
    write = _shell(writer_env or env, UNPUBLISH_SCRIPT, slug)
    if after:
        after()
    stale = statuses = 0
    seen = set()
    for _ in range(ASKS):
        for path in (url, "/news/"):
            status, body, _headers = get(server.url(path))
            seen.add(status)
            statuses += 1
            stale += (path == url and status == 200) or (path != url and shown in body)
    return {
        "scenario": name,
        "warm": hits_before == 2,
        "write": "unpublished" in write.stdout,
        "write_error": write.stderr.strip().splitlines()[-1] if write.returncode else "",
        "answers": statuses,
        "statuses": sorted(seen),
        "stale": stale,
    }


def stale_faults(server, redis, env: dict) -> list[dict]:
    """The three scenarios, each on one of the three newest articles."""
    articles = json.loads(_shell(env, NEWEST_SCRIPT).stdout)
    return [
        _scenario(
            server,
            env,
            articles[0],
            "Redis stopped at the moment of the unpublish",
            before=redis.freeze,
            after=redis.thaw,
        ),
        _scenario(server, env, articles[1], "a writer without REDIS_URL", writer_env={**env, "REDIS_URL": ""}),
        _scenario(server, env, articles[2], "Redis flushed before the unpublish", before=redis.flush),
    ]


def stale_report(rows: list[dict]) -> list[str]:
    lines = [
        "## No stale page after an unpublish",
        "",
        f"Each article's page and the news list were answered from the page cache, then the article was"
        f" unpublished from another process; then each page was asked for {ASKS} times.",
        "",
        "| condition at the unpublish | pages cached before | unpublish saved | answers after | statuses |"
        " answers still showing the article |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        saved = "yes" if row["write"] else f"NO ({row['write_error']})"
        lines.append(
            f"| {row['scenario']} | {'yes' if row['warm'] else 'NO'} | {saved} | {row['answers']} |"
            f" {', '.join(map(str, row['statuses']))} | {row['stale']} |"
        )
    return [*lines, ""]
