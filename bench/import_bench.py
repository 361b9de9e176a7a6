"""Import N generated article files into a fresh SQLite (or the given) database; report time and memory.

    .venv/bin/python bench/import_bench.py --files 10000

The files mix the shapes the importer reads (dated plain text, undated text with Related Topics,
Markdown with front matter, JSON, an HTML page). The database is a throwaway file unless
--database-url is given. Memory is sampled during the run as the resident set size of this process
and, separately, of the parsing workers it starts (STARLIGHT_IMPORT_WORKERS).
"""

import argparse
import json
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from imported_site import NAMES, ROOT, WORDS


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 18))]
    if rng.random() < 0.5:
        words.insert(rng.randrange(len(words)), rng.choice(NAMES))
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(3, 6)))


def make_file(folder: Path, n: int, rng: random.Random) -> None:
    body = [paragraph(rng) for _ in range(rng.randint(4, 16))]  # 1.4-7.5 KB; the sample articles are 2-18 KB
    date = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    kind = n % 5
    if kind == 0:
        text = f" date {date} {body[0]}\n\nSection heading {n}\n\n" + "\n\n".join(body[1:])
        (folder / f"{n:06d}.txt").write_text(text)
    elif kind == 1:
        topics = "\n".join(f"Headline {rng.randint(1, 50)} about {rng.choice(WORDS)}" for _ in range(3))
        (folder / f"{n:06d}.txt").write_text("\n".join(body) + "\nRelated Topics\n" + topics)
    elif kind == 2:
        meta = f"---\ntitle: Article {n} on {rng.choice(WORDS)}\ndate: {date}\nsource: Bench Wire\n"
        meta += f"url: https://bench.example/{n}\ntopics: [{rng.choice(WORDS)}, {rng.choice(WORDS)}]\n---\n"
        (folder / f"{n:06d}.md").write_text(meta + "\n\n".join(body))
    elif kind == 3:
        item = {"title": f"JSON article {n}", "date": date, "body": "".join(f"<p>{p}</p>" for p in body)}
        (folder / f"{n:06d}.json").write_text(json.dumps(item))
    else:
        html = (
            f'<html lang="en"><head><title>Page {n}</title><meta property="og:title" content="Page {n}">'
            f'<meta property="article:published_time" content="{date}T09:00:00Z"></head><body><nav>menu</nav>'
            "<article>" + "".join(f"<p>{p}</p>" for p in body) + "</article><footer>foot</footer></body></html>"
        )
        (folder / f"{n:06d}.html").write_text(html)


def rss_mb(pid: int | str = "self") -> float:
    with open(f"/proc/{pid}/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024


def worker_rss_mb() -> float:
    """The resident memory of this process's children: the importer's parsing workers."""
    pid = os.getpid()
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as children:
            pids = children.read().split()
    except OSError:
        return 0.0
    total = 0.0
    for child in pids:
        try:
            total += rss_mb(child)
        except OSError:  # it has just exited
            pass
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="import-bench-"))
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{work / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "starlight.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from catalog.demo import load_demo_catalog
    from news.importer.reports import ImportOptions
    from news.importer.runs import import_paths
    from news.models import Article

    call_command("migrate", verbosity=0)
    load_demo_catalog()  # real names for the mention matcher to find
    folder = work / "articles"
    folder.mkdir()
    rng = random.Random(2050)
    for n in range(args.files):
        make_file(folder, n, rng)

    samples = []
    workers = []

    class Progress:
        done = 0

        def reset(self, total):
            self.total = total

        def update(self, count):
            self.done += count
            if self.done % max(1, self.total // 10) == 0:
                samples.append(round(rss_mb(), 1))
                workers.append(round(worker_rss_mb(), 1))

    start = time.perf_counter()
    summary = import_paths([folder], options=ImportOptions(publish=True), progress=Progress(), keep_files=False)
    first = time.perf_counter() - start
    start = time.perf_counter()
    again = import_paths([folder], options=ImportOptions(publish=True), keep_files=False)
    second = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"database: {django.db.connection.vendor}")
    print(f"files: {args.files}  articles in db: {Article.objects.count()}")
    print(f"first run: {first:.1f} s ({args.files / first:.0f} files/s)  {summary.as_dict()['summary']}")
    print(f"second run: {second:.1f} s  {again.as_dict()['summary']}")
    print(f"parsing workers: {settings.IMPORT_WORKERS}")
    print(f"resident memory every 10% of the first run (MB): {samples}")
    print(f"  and of the parsing workers together (MB): {workers}")
    print(f"peak resident memory (MB): {peak:.0f}")


if __name__ == "__main__":
    main()
