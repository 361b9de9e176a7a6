"""Traffic as visitors bring it: many addresses, Zipf-distributed, against gunicorn as `make run` starts it,
on a site built the way a user builds one, with an editor saving meanwhile. `make bench` runs it after
its page table, on the same database, and writes its table into that database's section of
docs/performance.md; alone it prints the table:

    .venv/bin/python bench/traffic.py [--db sqlite|postgres] [--articles 10000] [--connections 16 64]
                                      [--edit-every 0 10 2 0.5] [--warmup 60] [--seconds 20]

The site: `make bench`'s database of that size (bench/.data's SQLite file, or starlight_bench_N on
PostgreSQL with Redis), built once as a user builds a site (bench/imported_site.py) and kept for
later runs; nothing else is run on it. The addresses: the home page, the lists and their pages and
filters, every article, person, song and topic, searches, in English and Korean; each is visited with
a probability of 1/rank (Zipf, s = 1) in an order shuffled once. wrk drives them from loopback; a
static file is driven the same way right after, for scale. With an edit every S seconds, a process
beside the server commits one on that beat, in turn an article's save and a person's save through the
ORM, as an editor saves them, and a one-item import through `import_articles`, as a feed brings one.
The addresses are driven for the warm-up first, edits landing, and only what follows is measured.

Reported per condition (connections, edit interval), each on a freshly started server: requests per
second, p50 and p99, answers that were not 2xx or 3xx, and the share answered from the page cache
(X-Page-Cache: hit).
"""

import argparse
import datetime
import os
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from imported_site import PYTHON, ROOT, WORDS, json_from_script
from serving import Server, ensure_wrk, environment, machine, prepare, static_path, wrk

# What `make bench` runs: every condition the issue names; --quick keeps the whole of its run under 3 minutes.
FULL = {"connections": (16, 64), "edit_every": (0, 10, 2, 0.5), "warmup": 60, "seconds": 20}
QUICK = {"connections": (16,), "edit_every": (0, 2), "warmup": 10, "seconds": 5}

ADDRESSES_SCRIPT = """
import django, json, sys; django.setup()
from catalog.models import Person, Song
from news.models import Article, Topic
paths = ["/", "/news/", "/people/", "/songs/", "/films/", "/films/lost-in-starlight/"]
paths += [f"/news/?page={n}" for n in range(2, 40)]
paths += [a.get_absolute_url() for a in Article.objects.published().only("slug")]
paths += [p.get_absolute_url() for p in Person.objects.published().only("slug")]
paths += [s.get_absolute_url() for s in Song.objects.published().only("slug", "film")]
topics = list(Topic.objects.only("slug"))
paths += [t.get_absolute_url() for t in topics] + [f"/news/?topic={t.slug}" for t in topics[:50]]
words = sys.argv[1].split()
paths += [f"/search/?q={first}+{second}" for first in words for second in words] + [f"/search/?q={w}" for w in words]
paths += ["/ko" + path for path in paths[: len(paths) // 4]]
print(json.dumps(paths))
"""

EDITOR_SCRIPT = """
import django, itertools, pathlib, random, sys, tempfile, time; django.setup()
from django.core.management import call_command
from catalog.models import Person
from news.models import Article
every, rng = float(sys.argv[1]), random.Random(3)
beat = time.monotonic()
articles = list(Article.objects.values_list("pk", flat=True))
people = list(Person.objects.values_list("pk", flat=True))
folder = pathlib.Path(tempfile.mkdtemp())
for turn in itertools.count():
    kind = turn % 3
    if kind == 0:  # an editor's save of an article's words
        article = Article.objects.get(pk=rng.choice(articles))
        article.title = article.title.rstrip(" *") + " *"
        article.save()
    elif kind == 1:  # an editor's save of a person
        person = Person.objects.get(pk=rng.choice(people))
        person.bio = (person.bio or "").rstrip(" *") + " *"
        person.save()
    else:  # one item a feed brings
        item = folder / f"bench-item-{turn}.md"
        head = f"---\\ntitle: Night market notes {turn}\\ndate: 2025-06-01\\n---\\n\\n"
        item.write_text(head + f"Night market number {turn} opens by the plaza.\\n")
        call_command("import_articles", str(item), "--source", "Bench Wire", "--publish", verbosity=0)
    beat += every  # on the beat: an edit that took longer than the interval is followed at once
    time.sleep(max(beat - time.monotonic(), 0))
"""

# wrk's Lua: each request picks an address by its Zipf weight; answers are tallied per thread.
LUA = """
local paths, cumulative = {}, {}
for line in io.lines("PATHS") do
  local weight, path = line:match("^(%S+) (.+)$")
  paths[#paths + 1] = path
  cumulative[#cumulative + 1] = tonumber(weight)
end
local total = cumulative[#cumulative]
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) hits, s404, s500, s503, other = 0, 0, 0, 0, 0 end
function request()
  local r, lo, hi = math.random() * total, 1, #cumulative
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    if cumulative[mid] < r then lo = mid + 1 else hi = mid end
  end
  return wrk.format("GET", paths[lo])
end
function response(status, headers, body)
  if headers["X-Page-Cache"] == "hit" then hits = hits + 1 end
  if status == 404 then s404 = s404 + 1 elseif status == 503 then s503 = s503 + 1
  elseif status >= 500 then s500 = s500 + 1 elseif status >= 400 then other = other + 1 end
end
function done(summary, latency, requests)
  local t = {hits = 0, s404 = 0, s500 = 0, s503 = 0, other = 0}
  for _, thread in ipairs(threads) do
    for name, _ in pairs(t) do t[name] = t[name] + thread:get(name) end
  end
  io.write(string.format("TALLY hits=%d 404=%d 500=%d 503=%d other=%d\\n", t.hits, t.s404, t.s500, t.s503, t.other))
end
"""


def addresses(env: dict) -> list[str]:
    return json_from_script(env, ADDRESSES_SCRIPT, " ".join(["kim", "starlight", "netflix", *WORDS]))


def drive(binary: str, url: str, lua: Path | None, connections: int, seconds: int) -> dict:
    result = wrk(binary, url, connections, seconds, script=lua)
    tally = re.search(r"TALLY hits=(\d+) 404=(\d+) 500=(\d+) 503=(\d+) other=(\d+)", result["output"])
    result["hit_ratio"] = int(tally.group(1)) / max(result["requests"], 1) if tally else float("nan")
    result["statuses"] = (
        dict(zip(("404", "500", "503", "other 4xx"), map(int, tally.groups()[1:]), strict=True)) if tally else {}
    )
    return result


def statuses(row: dict) -> str:
    return ", ".join(f"{count} × {status}" for status, count in row.get("statuses", {}).items() if count) or "—"


SHARING = {True: "the workers sharing their pages through files", False: "each worker keeping its own pages"}


def run_one(binary: str, env: dict, lua: Path, connections: int, edit_every: float, warmup: int, seconds: int):
    """One condition on a freshly started server (an empty page cache): warm-up, pages, the static file."""
    editor = None
    with Server(env, page_cache=True) as server:
        if edit_every:
            editor = subprocess.Popen([PYTHON, "-c", EDITOR_SCRIPT, str(edit_every)], env=env, cwd=ROOT)
        try:
            if warmup:
                drive(binary, server.url("/"), lua, connections, warmup)
            pages = drive(binary, server.url("/"), lua, connections, seconds)
            static = drive(binary, server.url(static_path(env)), None, connections, min(seconds, 5))
        finally:
            if editor is not None:
                editor.terminate()
                editor.wait()
    return {"connections": connections, "edit_every": edit_every, "pages": pages, "static": static}


def table(rows: list[dict]) -> list[str]:
    lines = [
        "| connections | an edit every | req/s | of the static file's | p50 ms | p99 ms | not 2xx/3xx "
        "| page-cache hits | static file req/s |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        pages, static = row["pages"], row["static"]
        hits = "—" if pages["hit_ratio"] != pages["hit_ratio"] else f"{pages['hit_ratio']:.0%}"
        every = f"{row['edit_every']:g} s" if row["edit_every"] else "never"
        errors = f"{pages['errors']} ({statuses(pages)})" if pages["errors"] else "0"
        lines.append(
            f"| {row['connections']} | {every} | {pages['rps']:.0f} | {pages['rps'] / max(static['rps'], 1):.0%} "
            f"| {pages['p50']:.1f} | {pages['p99']:.1f} | {errors} | {hits} | {static['rps']:.0f} |"
        )
    return lines


def measure(env: dict, *, connections, edit_every, warmup: int, seconds: int) -> list[str]:
    """Every condition (each number of connections with each edit interval, 0: none) against the site
    that `env` names: what was run, in a paragraph, then the table, as Markdown lines."""
    binary = ensure_wrk()
    paths = addresses(env)
    random.Random(5).shuffle(paths)
    with tempfile.TemporaryDirectory() as folder:
        listing, lua = Path(folder, "paths.txt"), Path(folder, "zipf.lua")
        total = 0.0
        with listing.open("w") as out:
            for rank, path in enumerate(paths, start=1):
                total += 1 / rank
                out.write(f"{total:.9f} {path}\n")
        lua.write_text(LUA.replace("PATHS", str(listing)))
        rows = []
        for count in connections:
            for every in edit_every:
                rows.append(run_one(binary, env, lua, count, every, warmup, seconds))
                print(
                    f"  traffic c={count} edit every {every:g} s: {rows[-1]['pages']['rps']:.0f} req/s", file=sys.stderr
                )
    shared = env.get("STARLIGHT_SHARED_CACHE", "1").strip() != "0"
    cache = "with Redis" if "REDIS_URL" in env else f"without Redis (the embedded default), {SHARING[shared]}"
    return [
        f"Many addresses under edits (bench/traffic.py): {len(paths):,} addresses visited Zipf-distributed (s = 1) "
        f"by wrk against gunicorn as `make run` starts it, {cache}; each condition on a freshly started server, "
        f"{warmup} s of warm-up with the edits landing, then {seconds} s measured. An edit is, in turn, an "
        "article's save, a person's save and a one-item import, committed by another process on that beat. "
        f"The static file is driven the same way right after, for {min(seconds, 5)} s, for scale.",
        "",
        *table(rows),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--connections", type=int, nargs="+", default=[16])
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--edit-every", type=float, nargs="+", default=[0], metavar="S", help="0: no edits")
    parser.add_argument("--warmup", type=int, default=0, metavar="S")
    args = parser.parse_args()
    env = environment(args.db, args.articles)
    prepare(args.db, args.articles, env)  # the same database as `make bench` at this size
    lines = measure(
        env, connections=args.connections, edit_every=args.edit_every, warmup=args.warmup, seconds=args.seconds
    )
    when = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    backend = "PostgreSQL + Redis" if args.db == "postgres" else "SQLite"
    print(f"# Traffic: {backend}, {args.articles:,} articles ({when}, {os.cpu_count()} cores)\n")
    print(f"Machine: {machine(env, args.db)}.\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(main())
