"""Search benchmark: a throwaway database with 100,000 articles and 10,000 people, then the 200
queries of bench/search_queries.txt timed in-process, through the same function the search page
calls (search.selectors.search: counts, ordering, the first page of every kind, objects, snippets).

    .venv/bin/python bench/search_bench.py --db sqlite
    .venv/bin/python bench/search_bench.py --db postgres [--database-url postgres://…/starlight_search_bench]

The SQLite database is a temporary file; the PostgreSQL one is created, and dropped at the end
(`--keep` keeps either). Your db.sqlite3 is never touched. Targets: p50 < 30 ms and p95 < 100 ms
on PostgreSQL, p50 < 100 ms on SQLite.
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES = Path(__file__).with_name("search_queries.txt")
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/starlight_search_bench"


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
    from django.db import connections
    from psycopg import sql

    connections.close_all()
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


def load(corpus) -> None:
    """The catalog and the articles, with bulk_create: no signals, no index yet."""
    from django.utils import timezone

    from bench.search_corpus import FILMS, TOPICS
    from catalog.models import Film, Person, Song
    from news.models import Article, Mention, Source, Topic

    now = timezone.now()
    films = Film.objects.bulk_create(
        Film(name=name, name_ko=name_ko, slug=f"bench-film-{i}", year=2025, synopsis=f"{name} is a film.")
        for i, (name, name_ko) in enumerate(FILMS)
    )
    specs = corpus.make_people()
    people = Person.objects.bulk_create(
        (
            Person(
                name=spec.name,
                name_ko=spec.name_ko,
                aliases="\n".join(spec.aliases),
                slug=f"bench-person-{i}",
                bio=" ".join(corpus.english_words(30)).capitalize() + ".",
                status="draft" if i % 50 == 49 else "published",
            )
            for i, spec in enumerate(specs)
        ),
        batch_size=2000,
    )
    person_ids = {spec.name: person.pk for spec, person in zip(specs, people, strict=True)}
    Song.objects.bulk_create(
        Song(film=films[i % len(films)], title=" ".join(corpus.english_words(2)).title(), slug=f"bench-song-{i}")
        for i in range(200)
    )
    sources = Source.objects.bulk_create(Source(name=f"Source {i}", slug=f"source-{i}") for i in range(40))
    topics = Topic.objects.bulk_create(
        Topic(name=name, name_ko=ko, slug=f"topic-{i}") for i, (name, ko) in enumerate(TOPICS)
    )
    through = Article.topics.through
    batch = 5000
    for start in range(0, corpus.article_count, batch):
        rows = [corpus.article(index, now) for index in range(start, min(start + batch, corpus.article_count))]
        mentioned = [row.pop("mentioned") for row in rows]
        articles = Article.objects.bulk_create(
            Article(source=corpus.random.choice(sources), fingerprint=f"bench-{row['slug']}", **row) for row in rows
        )
        through.objects.bulk_create(
            through(article_id=article.pk, topic_id=topic.pk)
            for article in articles
            for topic in corpus.random.sample(topics, corpus.random.randint(1, 3))
        )
        Mention.objects.bulk_create(
            Mention(article=article, person_id=person_ids[spec.name], origin=Mention.Origin.AUTO)
            for article, spec in zip(articles, mentioned, strict=True)
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], required=True)
    parser.add_argument("--database-url", help=f"PostgreSQL only; default {DEFAULT_PG}")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3, help="timed passes over the queries, after one warm-up")
    parser.add_argument("--keep", action="store_true", help="keep the database (its location is printed)")
    parser.add_argument("--reuse", metavar="DATABASE_URL", help="time the queries again on a database kept before")
    parser.add_argument("--write-queries", action="store_true", help="regenerate search_queries.txt and stop")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    if args.write_queries:
        from bench.search_corpus import Corpus, make_queries

        corpus = Corpus(people=args.people, articles=0)
        corpus.make_people()
        lines = ["# The benchmark's fixed queries: names, Hangul, words, misspellings (bench/search_corpus.py)."]
        for group, queries in make_queries(corpus).items():
            lines += [f"# {group}", *queries]
        QUERIES.write_text("\n".join(lines) + "\n", encoding="utf-8")
        say(f"wrote {QUERIES}")
        return 0

    workdir = None
    if args.reuse:  # a database an earlier run kept: time the queries again, nothing else
        url = args.reuse
        args.keep = True
    elif args.db == "sqlite":
        workdir = Path(tempfile.mkdtemp(prefix="starlight-search-bench-"))
        url = f"sqlite:///{workdir / 'bench.sqlite3'}"
    else:
        url = args.database_url or DEFAULT_PG
        prepare_postgres(url)
    os.environ["DATABASE_URL"] = url
    os.environ.pop("REDIS_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "starlight.settings"

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.search_corpus import Corpus
    from search import schema
    from search.indexing import rebuild
    from search.query import parse_query
    from search.selectors import search

    try:
        say(f"database: {connection.vendor} {url}")
        if not args.reuse:
            started = time.perf_counter()
            call_command("migrate", verbosity=0)
            say(f"migrate: {time.perf_counter() - started:.1f} s")
            started = time.perf_counter()
            load(Corpus(people=args.people, articles=args.articles))
            say(f"generate {args.articles:,} articles, {args.people:,} people: {time.perf_counter() - started:.1f} s")
            # Filled in bulk: the full-text structures come off, the entries go in, and the structures
            # are built once over all of them (search/schema.py fills new ones from the rows there).
            started = time.perf_counter()
            schema.drop(connection)
            counts = rebuild()
            schema.ensure(connection)
            kinds = ", ".join(f"{n:,} {kind}" for kind, n in counts.items())
            say(f"index ({kinds}): {time.perf_counter() - started:.1f} s")
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:  # what autovacuum does to a table after a bulk load
                    cursor.execute("VACUUM ANALYZE")

        groups = read_queries()
        queries = [(group, query) for group, items in groups.items() for query in items]
        say(f"queries: {len(queries)} ({', '.join(f'{len(items)} {group}' for group, items in groups.items())})")
        found = 0
        for _group, query in queries:  # warm-up
            found += bool(search(parse_query(query)).total)
        timings: dict[str, list[float]] = {group: [] for group in groups}
        for _round in range(args.rounds):
            for group, query in queries:
                started = time.perf_counter()
                search(parse_query(query))
                timings[group].append((time.perf_counter() - started) * 1000)
        every = [value for values in timings.values() for value in values]
        say(f"queries with results: {found} of {len(queries)}")
        say(f"{'':14} {'p50':>8} {'p95':>8} {'max':>8}   (ms, {args.rounds} rounds)")
        for group, values in [*timings.items(), ("all", every)]:
            say(f"{group:14} {statistics.median(values):8.1f} {percentile(values, 0.95):8.1f} {max(values):8.1f}")
    finally:
        if args.keep:
            say(f"kept: {url}")
        elif workdir is not None:
            from django.db import connections

            connections.close_all()
            shutil.rmtree(workdir, ignore_errors=True)
        elif args.db == "postgres":
            drop_postgres(url)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
