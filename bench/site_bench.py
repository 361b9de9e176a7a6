"""`make bench`: every public page type under load, cold and warm, against gunicorn as `make run` starts it.

    .venv/bin/python bench/site_bench.py [--db sqlite|postgres] [--quick] [--first-renders]

A data set (100,000 articles, 10,000 people and the demo film; --quick: 10,000 articles) is built
once as a user builds a site (bench/imported_site.py: migrate, `load_demo`, people saved one at a
time, articles imported by `import_articles`) into a database of its own (a SQLite file under
bench/.data, or the PostgreSQL database starlight_bench_N) and reused by later runs; nothing the site
does not run itself is run on it (no ANALYZE: the site keeps its own planner statistics), and the
development database is never touched. gunicorn is started with gunicorn.conf.py twice: with the
page cache off (cold: every request renders) and on (warm). wrk, from Debian (installed when
missing), drives each page from loopback at 16 and 64 connections. Reported per page: requests per
second, p50 and p99 latency, the workers' CPU time per request (from /proc), the SQL queries one
render runs with every cache empty (transaction control and planner settings not counted), and the
ratio to a static file served by the same server in the same run.

Then, in one process, at the demo size (a database holding `load_demo`'s content) and at the
benchmark size. First renders: per public page type, the CPU time and queries of a render with
every cache and per-process memo emptied (templates compiled by another address of the type), the
median of several addresses. And per page: the queries, and the CPU time of a render with the page
cache off, cold (kept reads reused), right after an article's edit (the catalog's kept reads
reused) and right after any edit (nothing reused); and of a search at a new address each time, so
that what it found is never reused.

Then the traffic users bring (bench/traffic.py), on the same database and server: many addresses,
Zipf-distributed, with an edit committed every 10, 2 and 0.5 s by another process and with none, at
16 and 64 connections, each condition after a minute of warm-up, against the static file in the same
run (--quick: 16 connections, no edits and an edit every 2 s, a short warm-up).

The tables are printed and written to bench/results/ (not committed), with the machine (cores, CPU
model, Python and database versions) and how long the run took; a full run (not --quick) also
rewrites its database's section of docs/performance.md, the one file that holds the project's
figures (`--publish REPORT` writes an earlier run's report there without running). Bounded once the
data exists: 3 s per page and load (a 1 s warm-up before each), under 10 minutes, then the traffic's
eight conditions of 60 s warm-up, 20 s measured and 5 s of the static file on a fresh server, about
12 more; --quick: 1 s runs, each warm page against one static run, 5 renders per in-process measure,
3 first renders per page type and two traffic conditions of 10 s warm-up and 5 s measured, under 3.
--first-renders: the first-render table alone (at the demo size and the run's size, 5 addresses per
page type), printed and written nowhere.
"""

import argparse
import datetime as dt
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import traffic
from imported_site import PYTHON, ROOT, json_from_script
from serving import Server, data_set, ensure_wrk, environment, machine, marker, prepare, static_path, wrk

RESULTS = ROOT / "bench" / "results"
PERFORMANCE = ROOT / "docs" / "performance.md"
DATABASES = {"sqlite": "SQLite", "postgres": "PostgreSQL + Redis"}  # docs/performance.md's sections, in order


def page_paths(env: dict) -> dict[str, str]:
    """One URL of every public page type, read from the benchmark database."""
    script = (
        "import django; django.setup()\n"
        "from news.models import Article, Topic\n"
        "from catalog.models import Person, Song\n"
        "a = Article.objects.published().order_by('-publish_at').first()\n"
        "t = Topic.objects.published().order_by('pk').first()\n"
        "print(a.get_absolute_url(), a.slug, t.get_absolute_url(), t.slug)\n"
    )
    out = subprocess.run([PYTHON, "-c", script], env=env, cwd=ROOT, check=True, capture_output=True, text=True)
    article, article_slug, topic, topic_slug = out.stdout.split()
    return {
        "home": "/",
        "film list": "/films/",
        "film": "/films/lost-in-starlight/",
        "people list": "/people/",
        "person": "/people/kim-tae-ri/",
        "song list": "/songs/",
        "song": "/songs/bon-voyage/",
        "news list": "/news/",
        "news filtered": f"/news/?topic={topic_slug}",
        "article": article,
        "topic": topic,
        "feed": "/news/feed/rss/",
        "search": "/search/?q=kim",
        "sitemap": "/sitemap.xml",
        "home (Korean)": "/ko/",
        "API article list": f"/api/v1/articles/?topic={topic_slug}&include=topics,source,mentions",
        "API article": f"/api/v1/articles/{article_slug}/?include=topics,source,mentions",
    }


IN_PROCESS_SCRIPT = """
import django, json, statistics, sys, time; django.setup()
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from caching.changes import mark_changed
from news.models import Article
CONTROL = ('BEGIN', 'COMMIT', 'ROLLBACK', 'SAVEPOINT', 'RELEASE SAVEPOINT', 'SET LOCAL')
client, found, runs = Client(), {}, int(sys.argv[2])
cache.clear()  # nothing kept by an earlier run or size: every render below starts from the same state

def reference_ms():
    # A fixed piece of pure Python, timed like the pages: how fast this machine ran at the time.
    times = []
    for _ in range(runs):
        started = time.process_time()
        sum(i * i for i in range(100_000))
        times.append((time.process_time() - started) * 1000)
    return statistics.median(times)

before = reference_ms()

newest = Article.objects.published().order_by('-publish_at').first()

asked = iter(range(10**9))

def address(path):
    # "{n}": a new address at every render, as a search nobody has made since the last change.
    return path.replace("{n}", str(next(asked)))

def cpu_ms(path, edit=None):
    times = []
    for _ in range(runs):
        if edit == 'any':
            mark_changed()  # a change of no known kind: every page and every kept read is stale
        elif edit == 'article':
            newest.save()  # an editor saves the newest article: the catalog's kept reads stay
        target = address(path)
        started = time.process_time()
        client.get(target)
        times.append((time.process_time() - started) * 1000)
    return statistics.median(times)

for name, path in json.loads(sys.argv[1]).items():
    client.get(address(path))
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        status = client.get(address(path)).status_code
    reads = [q for q in queries.captured_queries if not q['sql'].lstrip().upper().startswith(CONTROL)]
    found[name] = {
        "queries": len(reads) if status == 200 else -status,
        "cold_ms": cpu_ms(path),
        "after_article_ms": cpu_ms(path, edit='article'),
        "after_edit_ms": cpu_ms(path, edit='any'),
    }
found["reference"] = {"before_ms": before, "after_ms": reference_ms()}
print(json.dumps(found))
"""
RUNS = 15  # renders per page and measure; the median is reported (--quick: QUICK_RUNS)
QUICK_RUNS = 5
MEASURES = ("cold_ms", "after_article_ms", "after_edit_ms")
# Measured in process only: each render asks a new address ("{n}" becomes a number), so what the
# search found is never kept from one render to the next.
NEW_SEARCH = ("search, a new address", "/search/?q=kim&asked={n}")


def in_process(env: dict, paths: dict[str, str], runs: int) -> dict[str, dict]:
    """Per page, in one process through Django's test client with the page cache off: the queries of
    a render with every cache empty; the CPU time of a render whose page is not cached but whose
    kept reads are (cold: a page nobody asked for since the last change); of the first render after
    the newest article is saved (the catalog's kept reads stay); and of the first after a change of
    no known kind, when every kept read is stale (medians of `runs`); and the search at a new address."""
    import json

    asked = json.dumps({**paths, NEW_SEARCH[0]: NEW_SEARCH[1]})
    return json_from_script({**env, "STARLIGHT_PAGE_CACHE": "0"}, IN_PROCESS_SCRIPT, asked, str(runs))


FIRST_RENDER_SCRIPT = """
import django, functools, gc, json, statistics, sys, time; django.setup()
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from catalog.models import Film, Person, Song
from news.models import Article, Topic
from starlight.page_cache import forget_pages
CONTROL = ('BEGIN', 'COMMIT', 'ROLLBACK', 'SAVEPOINT', 'RELEASE SAVEPOINT', 'SET LOCAL')
PROJECT = ('backups', 'caching', 'catalog', 'common', 'editorial', 'intake', 'news', 'pages', 'search', 'starlight')
n = int(sys.argv[1]) + 1  # addresses per type: a warm-up, then the measured ones
client, found = Client(), {}
client.get('/')  # a worker's first request: the URLconf, the views and the template libraries imported

# Every per-process memo of the project (URL patterns reversed once, name variants), except the digest of
# the source files: like compiled templates, it is worked out once per process, not per change.
memos = [
    f for f in gc.get_objects()
    if isinstance(f, functools._lru_cache_wrapper)
    and getattr(f, '__module__', '').split('.')[0] in PROJECT and f.__module__ != 'caching.code_version'
]

def forget_everything():
    cache.clear()
    forget_pages()
    for memo in memos:
        memo.cache_clear()

def urls(queryset):
    rows = list(queryset.order_by('pk'))
    step = max(len(rows) // n, 1)
    return [row.get_absolute_url() for row in rows[::step][:n]]

article_slugs = list(Article.objects.published().order_by('pk').values_list('slug', flat=True))
people = list(Person.objects.published().filter(credits__isnull=False).distinct().order_by('pk')[:n])
words = ['radio', 'kim', 'hong kyung', 'starlight', 'star seoul', 'netflix', 'music shop', 'bon voyage', 'mars']
addresses = {
    'home': ['/'],
    'film': urls(Film.objects.published()),
    'person': [p.get_absolute_url() for p in people] or urls(Person.objects.published()),
    'song': urls(Song.objects.published()),
    'article': urls(Article.objects.published()),
    'news list': ['/news/'] + [f'/news/?page={page}' for page in range(2, n + 1)],
    'topic': urls(Topic.objects.published()),
    'people list': ['/people/'] + [f'/people/?page={page}' for page in range(2, n + 1)],
    'search, a new query': ['/search/?q=' + w.replace(' ', '+') for w in words[:n]],
    'home (Korean)': ['/ko/'],
    'API article list': ['/api/v1/articles/?include=topics,source,mentions'] + [
        f'/api/v1/articles/?topic={t.slug}&include=topics,source,mentions'
        for t in Topic.objects.published().order_by('pk')[:n]
    ],
    'API article': [
        f'/api/v1/articles/{slug}/?include=topics,source,mentions'
        for slug in article_slugs[:: max(len(article_slugs) // n, 1)][:n]
    ],
}
for name, paths in addresses.items():
    # Templates compiled by a page of this type at another address (a type with one address: itself).
    warm_up, measured = paths[0], paths[1:] or paths * (n - 1)
    forget_everything()
    client.get(warm_up)
    times, counts, statuses = [], [], set()
    for path in measured:
        forget_everything()
        with CaptureQueriesContext(connection) as queries:
            started = time.process_time()
            statuses.add(client.get(path).status_code)
            times.append((time.process_time() - started) * 1000)
        counts.append(sum(1 for q in queries.captured_queries if not q['sql'].lstrip().upper().startswith(CONTROL)))
    found[name] = {
        'ms': statistics.median(times), 'low': min(times), 'high': max(times),
        'queries': (min(counts), max(counts)), 'statuses': sorted(statuses),
    }
print(json.dumps(found))
"""
FIRST_RENDERS = 5  # measured addresses per page type (a warm-up address besides); --quick: QUICK_FIRST_RENDERS
QUICK_FIRST_RENDERS = 3


def first_renders(env: dict, addresses: int) -> dict[str, dict]:
    """Per public page type, in one process through Django's test client (every middleware) with the
    page cache off: the CPU time and queries of a first render, every cache and per-process memo emptied
    before each address, templates compiled by a warm-up at another address of the type."""
    return json_from_script({**env, "STARLIGHT_PAGE_CACHE": "0"}, FIRST_RENDER_SCRIPT, str(addresses))


def drain(server: Server) -> None:
    """Wait until the requests wrk left queued are served, so they do not count against the next page."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            started = time.monotonic()
            urllib.request.urlopen(server.url("/healthz"), timeout=60).read()
            if time.monotonic() - started < 0.05:
                return
        except OSError:
            pass


def measure(server: Server, binary: str, path: str, connections: int, seconds: float) -> dict:
    wrk(binary, server.url(path), connections, 1)  # warm the workers (and, when on, the page cache)
    drain(server)
    before = server.cpu_seconds()
    result = wrk(binary, server.url(path), connections, seconds)
    result["cpu_ms"] = (server.cpu_seconds() - before) * 1000 / max(result["requests"], 1)
    drain(server)
    return result


def run(db: str, quick: bool) -> str:
    size = 10_000 if quick else 100_000
    seconds = 1 if quick else 3
    connection_counts = (16,) if quick else (16, 64)
    runs = QUICK_RUNS if quick else RUNS
    started = time.monotonic()
    binary = ensure_wrk()
    env = environment(db, size)
    building = [n for n in (size, 0) if not marker(db, n).exists()]
    prepare(db, size, env)
    paths = page_paths(env)
    demo_env = environment(db, 0)  # the demo content alone (`manage.py load_demo`)
    prepare(db, 0, demo_env)
    renders = {"demo": in_process(demo_env, page_paths(demo_env), runs), size: in_process(env, paths, runs)}
    addresses = QUICK_FIRST_RENDERS if quick else FIRST_RENDERS
    firsts = {"demo": first_renders(demo_env, addresses), size: first_renders(env, addresses)}
    queries = {name: found["queries"] for name, found in renders[size].items() if name != "reference"}
    static = static_path(env)
    rows, worst = [], []
    for mode, cached in (("cold", False), ("warm", True)):
        for connections in connection_counts:
            # A fresh server for each run, so no worker reaches gunicorn's max_requests mid-run.
            with Server(env, page_cache=cached) as server:
                base = measure(server, binary, static, connections, seconds)
                rows.append(("static file", mode, connections, base, None, 1.0))
                for name, path in paths.items():
                    if mode == "warm" and not quick:
                        # The machine's speed drifts over minutes (other tenants, clocks): each warm page
                        # is compared with a static run just before it, not with the first one.
                        base = measure(server, binary, static, connections, seconds)
                    result = measure(server, binary, path, connections, seconds)
                    ratio = result["rps"] / base["rps"]
                    rows.append((name, mode, connections, result, queries.get(name), ratio))
                    if mode == "warm":
                        worst.append((ratio, name, connections))
                    print(f"  {mode} {name} c={connections}: {result['rps']:.0f} req/s", file=sys.stderr)
    many = traffic.measure(env, **(traffic.QUICK if quick else traffic.FULL))
    elapsed = time.monotonic() - started
    built = [f"{data_set(n)} {marker(db, n).read_text().strip()}" for n in building]
    took = f"{elapsed // 60:.0f} min {elapsed % 60:.0f} s, " + (
        f"building the data sets in it ({', '.join(built)})" if built else "the data sets already built"
    )
    about = machine(env, db)
    return report(db, size, rows, worst, renders, firsts, many, runs=runs, took=took, quick=quick, about=about)


def first_renders_only(db: str, quick: bool) -> str:
    """The first-render table alone, at the demo size and the run's size: what a change to a page's
    first render is measured by, without the minutes of load runs around it."""
    size = 10_000 if quick else 100_000
    env, demo_env = environment(db, size), environment(db, 0)
    prepare(db, size, env)
    prepare(db, 0, demo_env)
    firsts = {"demo": first_renders(demo_env, FIRST_RENDERS), size: first_renders(env, FIRST_RENDERS)}
    heading = f"# First renders: {DATABASES[db]}, {size:,} articles ({machine(env, db)})"
    return "\n".join([heading, *first_render_lines(size, firsts, addresses=FIRST_RENDERS)]) + "\n"


def first_render_lines(size: int, firsts: dict, *, addresses: int) -> list[str]:
    """The first-render table: per page type, the median CPU ms (lowest–highest) and the queries."""

    def cells(found: dict) -> str:
        low, high = found["queries"]
        queries = f"{low}" if low == high else f"{low}–{high}"
        failed = [status for status in found["statuses"] if status != 200]
        note = f" (answered {', '.join(map(str, failed))})" if failed else ""
        return f"{found['ms']:.1f} ({found['low']:.1f}–{found['high']:.1f}){note} | {queries}"

    demo, full = firsts["demo"], firsts[size]
    lines = [
        "",
        "First renders: in one process through Django's test client (every middleware), the page cache off.",
        "Before each address, every cache is emptied (the cache, the page cache's local copies and every",
        "per-process memo); templates stay compiled from a warm-up render of another address of the same",
        f"type. CPU ms: the median of {addresses} addresses (lowest–highest); home, Korean home and the",
        "film have one address each, rendered that many times. Queries: transaction control not counted.",
        "The CPU is this process's: on PostgreSQL the server's work on the queries is not in it.",
        "",
        f"| page | CPU ms, demo | queries, demo | CPU ms, {size:,} | queries, {size:,} |",
        "|---|---|---|---|---|",
    ]
    for name, found in full.items():
        small = demo.get(name)
        lines.append(f"| {name} | {cells(small) if small else '— | —'} | {cells(found)} |")
    ms, name = max((found["ms"], name) for name, found in full.items())
    return [*lines, "", f"Slowest first render at {size:,} articles: {name} ({ms:.1f} ms, median)."]


def report(
    db: str, size: int, rows, worst, renders, firsts, many, *, runs: int, took: str, quick: bool, about: str
) -> str:
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    backend = "PostgreSQL + Redis" if db == "postgres" else "SQLite, local-memory cache"
    lines = [
        f"# make bench: {backend}, {size:,} articles ({when}, {os.cpu_count()} cores)",
        "",
        f"Machine: {about}.",
        "",
        "cold: the page cache off, so every request renders (reads kept under the content cache version, such as",
        "the news menus and the film's page data, are reused); warm: the page cache on. × static: against",
        "the static file served by the same server, "
        + ("in the server's first run." if quick else "in a run just before each warm page (the first for cold)."),
        "",
        "| page | cache | conns | req/s | p50 ms | p99 ms | worker CPU ms/req | queries | × static | errors |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, mode, connections, r, queries, ratio in rows:
        errors = r["errors"] + r["socket_errors"]
        lines.append(
            f"| {name} | {mode} | {connections} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p99']:.1f} | "
            f"{r['cpu_ms']:.2f} | {'' if queries is None else queries} | {ratio:.2f} | {errors} |"
        )
    lines += ["", *many]
    lines += first_render_lines(size, firsts, addresses=QUICK_FIRST_RENDERS if quick else FIRST_RENDERS)
    lines += [
        "",
        "In one process through Django's test client, the page cache off: SQL queries with every cache empty;",
        f"CPU ms per render (median of {runs}), cold (the page not cached, kept reads reused), after an",
        "article's edit (the newest article saved: the catalog's kept reads stay) and after any edit (every",
        'kept read stale too), at the demo size and at this size. "search, a new address" asks a new address',
        "at every render (the same search, with `asked=N` added), so what the search found is never reused:",
        "",
        f"| page | queries, demo | queries, {size:,} | cold, demo | after an article's edit, demo "
        f"| after any edit, demo | cold, {size:,} | after an article's edit, {size:,} | after any edit, {size:,} |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    demo, full = dict(renders["demo"]), dict(renders[size])
    references = [demo.pop("reference"), full.pop("reference")]
    for name, found in full.items():
        small = demo.get(name, {})
        times = [small.get(measure, float("nan")) for measure in MEASURES] + [found[measure] for measure in MEASURES]
        cells = " | ".join(f"{ms:.1f}" for ms in times)
        lines.append(f"| {name} | {small.get('queries', '')} | {found['queries']} | {cells} |")
    low = min(ms for reference in references for ms in reference.values())
    high = max(ms for reference in references for ms in reference.values())
    lines += [
        "",
        f"This machine's speed meanwhile: a fixed loop of pure Python took {low:.1f}–{high:.1f} ms of CPU "
        "(median of as many runs), timed before and after each size's pages.",
    ]
    for label, measure_name in zip(("cold", "after an article's edit", "after any edit"), MEASURES, strict=True):
        ms, name = max((found[measure_name], name) for name, found in full.items())
        lines += ["", f"Slowest render {label} at {size:,} articles: {name} ({ms:.1f} ms)."]
    if worst:
        ratio, name, connections = min(worst)
        lines += ["", f"Slowest warm page against the static file: {name} at {connections} connections ({ratio:.2f}×)."]
    lines += ["", f"The run took {took}."]
    text = "\n".join(lines) + "\n"
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{dt.datetime.now(dt.UTC):%Y%m%d-%H%M}-{db}{'-quick' if size < 100_000 else ''}.md"
    path.write_text(text)
    print(f"Written to {path.relative_to(ROOT)}", file=sys.stderr)
    if not quick:
        write_performance(db, text, source=path.relative_to(ROOT).as_posix())
    return text


PERFORMANCE_HEAD = """# Performance

<!-- Written by bench/site_bench.py (`make bench`). Do not edit by hand: the next run rewrites it. -->

The project's performance figures live here and nowhere else. `make bench` writes this file: each
section is the last full run on one database (`make bench` for SQLite, `make bench BENCH="--db postgres"`
for PostgreSQL + Redis): its pages under load, first renders, and the traffic of many addresses under
edits. A run replaces its own database's section and keeps the other one as it was.
Each section names its run's date and the machine it ran on. `--quick` runs, and the full report of
every run, go to `bench/results/` on the machine that ran them (not committed).

What is measured and how: the docstring of `bench/site_bench.py`. Why pages are fast (what is cached,
which indexes), without figures: [architecture.md](architecture.md) and [operations.md](operations.md).
A machine's speed drifts: each run times a fixed loop of pure Python beside the pages, so compare two
runs only with that loop's time beside them.
"""
SECTION = re.compile(r"<!-- section: (\w+) -->\n.*?<!-- end: \1 -->\n", re.DOTALL)


def performance_section(db: str, text: str, source: str) -> str:
    """A run's report as the section of docs/performance.md for `db`: its heading a level down, its source named."""
    heading, _, body = text.partition("\n")
    title = heading.removeprefix("# make bench: ").removeprefix("# ")
    return (
        f"<!-- section: {db} -->\n## {title}\n\nGenerated from the run report `{source}`.\n"
        f"{body.rstrip()}\n<!-- end: {db} -->\n"
    )


def write_performance(db: str, text: str, *, source: str, page: Path | None = None) -> None:
    """(Re)write docs/performance.md with this run's report as the section for `db`, keeping the other
    database's section from the file as it stands (its last run). A section of no database (the traffic
    section that bench/traffic.py wrote before each database's run held its own) is left out."""
    page = page or PERFORMANCE
    sections = {match.group(1): match.group(0) for match in SECTION.finditer(page.read_text())} if page.exists() else {}
    sections[db] = performance_section(db, text, source)
    parts = [PERFORMANCE_HEAD]
    for name, label in DATABASES.items():
        flag = "" if name == "sqlite" else f' BENCH="--db {name}"'
        parts.append(sections.get(name) or f"## {label}\n\nNo full run yet: `make bench{flag}`.\n")
    page.parent.mkdir(parents=True, exist_ok=True)
    draft = page.with_suffix(".tmp")
    draft.write_text("\n".join(parts))
    draft.replace(page)
    print(f"Written to {page.relative_to(ROOT) if page.is_relative_to(ROOT) else page} ({db})", file=sys.stderr)


def publish(report_path: Path, page: Path | None = None) -> None:
    """Write an earlier full run's report (bench/results/*.md) into docs/performance.md without running
    anything. Reports written before they named the machine say only its cores: the section says so."""
    text = report_path.read_text()
    heading, _, rest = text.partition("\n")
    if not heading.startswith("# make bench: ") or report_path.stem.endswith("-quick"):
        raise SystemExit(f"{report_path}: not the report of a full `make bench` run")
    db = "postgres" if "PostgreSQL" in heading else "sqlite"
    if "\nMachine: " not in text:
        cores = re.search(r", (\d+) cores\)$", heading)
        named = f"{cores.group(1)} cores" if cores else "not named"
        text = (
            f"{heading}\n\nMachine: {named}, as the run's report names it; that report did not record the CPU"
            f" model or the Python and database versions.\n{rest}"
        )
    path = report_path.resolve()
    source = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)
    write_performance(db, text, source=source, page=page)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--quick", action="store_true", help="10,000 articles, 1 s runs at 16 connections")
    parser.add_argument(
        "--publish",
        nargs="+",
        type=Path,
        metavar="REPORT",
        help="write these full runs' reports (bench/results/*.md) into docs/performance.md; runs nothing",
    )
    parser.add_argument(
        "--first-renders", action="store_true", help="only the first renders, printed and written nowhere"
    )
    args = parser.parse_args()
    if args.publish:
        for report_path in args.publish:
            publish(report_path)
        return 0
    print(first_renders_only(args.db, args.quick) if args.first_renders else run(args.db, args.quick))
    return 0


if __name__ == "__main__":
    sys.exit(main())
