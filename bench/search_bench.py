"""Search benchmark: a search page at a new address, every cache empty, on a site built the way a user
builds one (bench/imported_site.py: migrate, `load_demo`, people saved one at a time, articles imported
by `import_articles`, each naming the film and Netflix), with nothing else run on it.

    .venv/bin/python bench/search_bench.py --db sqlite [--articles 10000]
    .venv/bin/python bench/search_bench.py --db postgres [--database-url postgres://…/starlight_search_bench]

Printed: the CPU time and queries of a first search for words in every article ("starlight",
"netflix"), a name in many ("hong kyung"), a name, misspellings; then the median and 95th percentile
of the fixed queries of bench/search_queries.txt, each at a new address. The SQLite database is a
temporary file; the PostgreSQL one is created, and dropped at the end (`--keep` keeps either).
Your db.sqlite3 is never touched.
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES = Path(__file__).with_name("search_queries.txt")
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/starlight_search_bench"
FIRST = ["starlight", "netflix", "hong kyung", "kim tae-ri", "bon voyage", "kim tea ri", "starlght", "radio"]

FIRST_SEARCH_SCRIPT = """
import django, functools, gc, json, statistics, sys, time; django.setup()
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from starlight.page_cache import forget_pages
CONTROL = ('BEGIN', 'COMMIT', 'ROLLBACK', 'SAVEPOINT', 'RELEASE SAVEPOINT', 'SET LOCAL')
client = Client()
client.get('/search/?q=warm+up')  # templates compiled, as in a worker that has served a search before
memos = [f for f in gc.get_objects() if isinstance(f, functools._lru_cache_wrapper)
         and getattr(f, '__module__', '').split('.')[0] == 'search']

def first(query):
    cache.clear()
    forget_pages()
    for memo in memos:
        memo.cache_clear()
    with CaptureQueriesContext(connection) as queries:
        started = time.process_time()
        status = client.get('/search/', {'q': query}).status_code
        ms = (time.process_time() - started) * 1000
    count = sum(1 for q in queries.captured_queries if not q['sql'].lstrip().upper().startswith(CONTROL))
    return {'query': query, 'ms': ms, 'queries': count, 'status': status}

named = [first(query) for query in json.loads(sys.argv[1])]
others = [first(query)['ms'] for query in json.loads(sys.argv[2])]
print(json.dumps({'named': named, 'others': others}))
"""


def say(text: str = "") -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def prepare_postgres(url: str) -> None:
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1].split("?", 1)[0]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_postgres(url: str) -> None:
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1].split("?", 1)[0]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))


def read_queries() -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    current = "queries"
    for line in QUERIES.read_text(encoding="utf-8").splitlines():
        if line.startswith("# ") and line[2:].strip():
            current = line[2:].strip()
        elif line.strip() and not line.startswith("#"):
            groups.setdefault(current, []).append(line.strip())
    return groups


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], required=True)
    parser.add_argument("--database-url", help=f"PostgreSQL only; default {DEFAULT_PG}")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--keep", action="store_true", help="keep the database (its location is printed)")
    parser.add_argument("--reuse", metavar="DATABASE_URL", help="time the searches again on a database kept before")
    parser.add_argument("--write-queries", action="store_true", help="regenerate search_queries.txt and stop")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    if args.write_queries:
        from bench.search_corpus import Corpus, make_queries

        corpus = Corpus(people=10_000, articles=0)
        corpus.make_people()
        lines = ["# The benchmark's fixed queries: names, Hangul, words, misspellings (bench/search_corpus.py)."]
        for group, queries in make_queries(corpus).items():
            lines += [f"# {group}", *queries]
        QUERIES.write_text("\n".join(lines) + "\n", encoding="utf-8")
        say(f"wrote {QUERIES}")
        return 0

    import json

    import imported_site

    workdir = None
    if args.reuse:  # a database an earlier run kept: time the searches again, nothing else
        url = args.reuse
        args.keep = True
    elif args.db == "sqlite":
        workdir = Path(tempfile.mkdtemp(prefix="starlight-search-bench-"))
        url = f"sqlite:///{workdir / 'bench.sqlite3'}"
    else:
        url = args.database_url or DEFAULT_PG
        prepare_postgres(url)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "starlight.settings",
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "STARLIGHT_PAGE_CACHE": "0",
        "DJANGO_DEBUG": "0",
        "STARLIGHT_IMPORT_WORKERS": "0",
    }
    files = Path(tempfile.mkdtemp(prefix="starlight-search-bench-files-"))  # media and static files, as make run has
    env.update(MEDIA_ROOT=str(files / "media"), DJANGO_STATIC_ROOT=str(files / "static"))
    env.pop("REDIS_URL", None)
    try:
        say(f"database: {url}")
        if not args.reuse:
            imported_site.build(env, articles=args.articles, people=args.articles // 10)
            say(f"built: {args.articles:,} articles imported, {args.articles // 10:,} people")
        imported_site.manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        others = [query for items in read_queries().values() for query in items]
        found = imported_site.json_from_script(env, FIRST_SEARCH_SCRIPT, json.dumps(FIRST), json.dumps(others))
        say(f"{'a first search for':24} {'CPU ms':>8} {'queries':>8}")
        for row in found["named"]:
            if row["status"] != 200:
                raise SystemExit(f"the search page for {row['query']!r} answered {row['status']}")
            say(f"{row['query']:24} {row['ms']:8.1f} {row['queries']:8}")
        values = found["others"]
        say(
            f"{len(values)} other queries: p50 {statistics.median(values):.1f} ms, p95 {percentile(values, 0.95):.1f}, "
            f"max {max(values):.1f} (CPU)"
        )
    finally:
        shutil.rmtree(files, ignore_errors=True)
        if args.keep:
            say(f"kept: {url}")
        elif workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)
        elif args.db == "postgres":
            drop_postgres(url)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
