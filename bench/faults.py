"""Load and faults: every public page under 64 connections, then the failures a site meets in production.

    .venv/bin/python bench/faults.py [--quick]

Everything runs against a PostgreSQL and a Redis that this script starts for itself on spare
loopback ports (initdb and pg_ctl into a temporary folder, redis-server without persistence), with
the demo content and 300 imported articles; the machine's own services are never stopped or
touched. gunicorn runs as `make run` starts it. Bounded: about 9 minutes (--quick: about 3).

1. Load: each public page type at 64 connections for 30 s (--quick: 5 s): errors, timeouts, req/s,
   p50 and p99.
2. The database stopped mid-load (pg_ctl stop -m fast), then started again.
3. The database hanging: every PostgreSQL process stopped with SIGSTOP (connections are accepted by
   the kernel and never answered), then continued.
4. No stale page after an unpublish: with Redis stopped at that moment, from a writer without
   Redis, after Redis was flushed (bench/fault_stale.py).
5. Feeds that would hold the task worker: headers or a body dripped a byte a second, and a feed of
   40,000 items (bench/fault_feeds.py).
6. A sign-in flood beside public traffic: 16 attempters, each from its own loopback address, with a
   new username each time (bench/signin_flood.py).
7. Redis killed mid-load: pages keep being served and a save goes through.
8. The importer killed with SIGKILL half-way through 1,000 files: only whole articles, no worker
   left behind, and a re-run completes with nothing doubled.

For 2, 3 and 7 a prober requests a page and /healthz every 0.1 s and records each answer's status and
time. The Markdown report is printed and written to bench/results/.
"""

import argparse
import datetime as dt
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from fault_feeds import feed_faults, feed_report
from fault_stale import stale_faults, stale_report
from import_bench import make_file
from imported_site import PYTHON, ROOT
from procs import alive, children_of
from serving import DATA, Server, ensure_wrk, free_port, wrk
from signin_flood import flood, flood_report
from site_bench import page_paths

RESULTS = ROOT / "bench" / "results"


def as_postgres(command: list[str]) -> list[str]:
    """initdb and pg_ctl refuse to run as root: run them as the postgres account when we are root."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class PrivatePostgres:
    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="starlight-faults-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")

    def __enter__(self):
        subprocess.run(
            as_postgres(["initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        self.start()
        subprocess.run(["createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "starlight"], check=True)
        return self

    def start(self):
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        subprocess.run(
            as_postgres(["pg_ctl", "-D", str(self.data), "-l", str(self.folder / "log"), "-w", "-o", options, "start"]),
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def stop(self, mode: str = "fast"):
        subprocess.run(
            as_postgres(["pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop"]),
            check=False,
            stdout=subprocess.DEVNULL,
        )

    def processes(self) -> list[int]:
        postmaster = int((self.data / "postmaster.pid").read_text().split()[0])
        return [postmaster, *children_of(postmaster)]

    def freeze(self):
        for pid in self.processes():
            os.kill(pid, signal.SIGSTOP)

    def thaw(self):
        for pid in self.processes():
            os.kill(pid, signal.SIGCONT)

    def __exit__(self, *exc):
        try:
            self.thaw()
        except (OSError, ValueError):
            pass
        self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/starlight"

    def count(self, sql: str) -> int:
        out = subprocess.run(
            ["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", "starlight", "-tAc", sql],
            check=True,
            capture_output=True,
            text=True,
        )
        return int(out.stdout.strip())


class PrivateRedis:
    def __init__(self):
        self.port = free_port()

    def __enter__(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        time.sleep(0.5)
        return self

    def kill(self):
        self.process.kill()
        self.process.wait()

    def freeze(self):
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self):
        self.process.send_signal(signal.SIGCONT)

    def flush(self):
        subprocess.run(["redis-cli", "-p", str(self.port), "flushall"], check=True, stdout=subprocess.DEVNULL)

    def __exit__(self, *exc):
        if self.process.poll() is None:
            self.kill()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"


def get(url: str, timeout: float = 15) -> tuple[int, float, str]:
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            status, body = response.status, response.read()
    except urllib.error.HTTPError as exc:
        status, body = exc.code, exc.read()
    except OSError as exc:
        return 0, time.monotonic() - started, type(exc).__name__
    return status, time.monotonic() - started, body.decode(errors="replace")


class Prober(threading.Thread):
    """Requests the given paths in turn, every `interval`, recording (time, path, status, seconds, body)."""

    def __init__(self, server: Server, paths: list[str], interval: float = 0.1):
        super().__init__(daemon=True)
        self.server, self.paths, self.interval = server, paths, interval
        self.answers: list[tuple[float, str, int, float, str]] = []
        self.running = True

    def run(self):
        turn = 0
        while self.running:
            path = self.paths[turn % len(self.paths)]
            started = time.monotonic()
            status, seconds, body = get(self.server.url(path))
            self.answers.append((started, path, status, seconds, body[:2000]))
            turn += 1
            time.sleep(self.interval)

    def stop(self):
        self.running = False
        self.join(timeout=30)


def outage_figures(prober: Prober, fault_at: float, fixed_at: float) -> dict:
    during = [a for a in prober.answers if fault_at <= a[0] < fixed_at]
    after = [a for a in prober.answers if a[0] >= fixed_at]
    first_503 = next((a[0] + a[3] - fault_at for a in during if a[2] == 503), None)
    recovered = None
    for answer in after:
        if answer[2] == 200 and all(a[2] == 200 for a in after if a[0] >= answer[0]):
            recovered = answer[0] + answer[3] - fixed_at
            break
    return {
        "answers": len(during),
        "statuses": sorted({a[2] for a in during}),
        "slowest": max((a[3] for a in during), default=0.0),
        "first_503": first_503,
        "friendly": all("Back in a moment" in a[4] for a in during if a[2] == 503 and a[1] != "/healthz"),
        "recovered": recovered,
    }


def prepare(env: dict, folder: Path) -> None:
    manage = [PYTHON, str(ROOT / "manage.py")]
    for args in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"], ["load_demo"]):
        subprocess.run([*manage, *args], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    rng = random.Random(7)
    articles = folder / "articles"
    articles.mkdir()
    for n in range(300):
        make_file(articles, n, rng)
    subprocess.run(
        [*manage, "import_articles", str(articles), "--publish"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL
    )


def load(server: Server, paths: dict[str, str], seconds: float) -> list[dict]:
    binary = ensure_wrk()
    rows = []
    for name, path in paths.items():
        wrk(binary, server.url(path), 16, 1)
        result = wrk(binary, server.url(path), 64, seconds)
        rows.append({"page": name, **result})
        print(
            f"  {name}: {result['rps']:.0f} req/s, errors {result['errors'] + result['socket_errors']}", file=sys.stderr
        )
    return rows


class Load(threading.Thread):
    """wrk at 16 connections on one page for the whole of a fault, so it happens under load."""

    def __init__(self, server: Server, path: str, seconds: float):
        super().__init__(daemon=True)
        self.url, self.seconds, self.result = server.url(path), seconds, {}

    def run(self):
        self.result = wrk(ensure_wrk(), self.url, 16, self.seconds)


def database_fault(server: Server, database: PrivatePostgres, page: str, kind: str, hold: float) -> dict:
    load = Load(server, page, 2 + hold + 8)
    load.start()
    prober = Prober(server, [page, "/healthz"])
    prober.start()
    time.sleep(2)
    fault_at = time.monotonic()
    if kind == "stopped":
        database.stop("fast")
    else:
        database.freeze()
    time.sleep(hold)
    fixed_at = time.monotonic()
    if kind == "stopped":
        database.start()
    else:
        database.thaw()
    time.sleep(8)
    prober.stop()
    load.join()
    return {**outage_figures(prober, fault_at, fixed_at), "load": load.result}


def redis_fault(server: Server, redis: PrivateRedis, env: dict, paths: dict[str, str]) -> dict:
    prober = Prober(server, [*paths.values(), "/healthz"], interval=0.05)
    prober.start()
    time.sleep(2)
    killed_at = time.monotonic()
    redis.kill()
    time.sleep(3)
    save = subprocess.run(
        [
            PYTHON,
            str(ROOT / "manage.py"),
            "shell",
            "-c",
            "from catalog.models import Person; Person.objects.get(slug='kim-tae-ri').save(); print('saved')",
        ],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    time.sleep(2)
    prober.stop()
    after = [a for a in prober.answers if a[0] >= killed_at]
    health = [a[4].strip() for a in after if a[1] == "/healthz"]
    return {
        "answers": len(after),
        "statuses": sorted({a[2] for a in after}),
        "slowest": max((a[3] for a in after), default=0.0),
        "save": "saved" in save.stdout,
        "save_error": save.stderr.strip().splitlines()[-1] if save.returncode else "",
        "healthz": health[-1].replace("\n", " / ") if health else "",
    }


def importer_fault(env: dict, database: PrivatePostgres, folder: Path) -> dict:
    files = folder / "import-1000"
    files.mkdir()
    rng = random.Random(11)
    for n in range(1000):
        make_file(files, 10_000 + n, rng)
    before = database.count("select count(*) from news_article")
    run_env = {**env, "STARLIGHT_IMPORT_WORKERS": "2"}
    command = [PYTHON, str(ROOT / "manage.py"), "import_articles", str(files), "--json"]
    process = subprocess.Popen(command, env=run_env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and database.count("select count(*) from news_article") < before + 300:
        time.sleep(0.2)
    workers = children_of(process.pid)
    process.send_signal(signal.SIGKILL)
    process.wait()
    time.sleep(2)
    left = [pid for pid in workers if alive(pid)]
    at_kill = database.count("select count(*) from news_article") - before
    broken = database.count(
        "select count(*) from news_article a where a.body = '' "
        "or not exists (select 1 from news_historicalarticle h where h.id = a.id) "
        "or not exists (select 1 from search_searchentry s where s.kind = 'article' and s.object_id = a.id)"
    )
    rerun = subprocess.run(command, env=run_env, cwd=ROOT, capture_output=True, text=True)
    summary = json.loads(rerun.stdout)["summary"]
    return {
        "workers": len(workers),
        "workers_left": len(left),
        "committed_at_kill": at_kill,
        "broken": broken,
        "rerun": summary,
        "total": database.count("select count(*) from news_article") - before,
    }


def report(quick: bool, rows: list[dict], stopped: dict, hung: dict, redis: dict, importer: dict) -> str:
    seconds = 5 if quick else 30
    lines = [
        f"# Load and faults, {dt.datetime.now():%Y-%m-%d %H:%M}",
        "",
        f"{os.cpu_count()} cores; gunicorn as `make run` starts it; a private PostgreSQL and Redis; demo content"
        " plus 300 imported articles; page cache on.",
        "",
        f"## Load: 64 connections, {seconds} s per page",
        "",
        "| page | req/s | p50 ms | p99 ms | requests | errors | socket errors and timeouts |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        lines.append(
            f"| {row['page']} | {row['rps']:.0f} | {row['p50']:.1f} | {row['p99']:.1f} | {row['requests']:,} |"
            f" {row['errors']} | {row['socket_errors']} |"
        )

    def outage(name: str, figures: dict) -> str:
        first = f"{figures['first_503']:.2f} s" if figures["first_503"] is not None else "never"
        back = f"{figures['recovered']:.2f} s" if figures["recovered"] is not None else "not within 8 s"
        load = figures["load"]
        return (
            f"| {name} | {figures['answers']} | {', '.join(map(str, figures['statuses']))} | {first} |"
            f" {figures['slowest']:.2f} s | {'yes' if figures['friendly'] else 'NO'} | {back} |"
            f" {load['requests']:,} / {load['errors']:,} / {load['socket_errors']} |"
        )

    lines += [
        "",
        "## Faults",
        "",
        "Each database fault lasts 8 s while wrk keeps 16 connections on the page; a prober asks for the page and"
        ' /healthz in turn (its figures are the columns up to "back to 200"; wrk\'s are the last).',
        "",
        "| database fault | prober answers during it | statuses | first 503 after | slowest answer | friendly page |"
        " back to 200 after the fix | wrk requests / non-2xx / socket errors and timeouts |",
        "|---|---|---|---|---|---|---|---|",
        outage("stopped (pg_ctl stop -m fast), 8 s", stopped),
        outage("hanging (SIGSTOP on every PostgreSQL process), 8 s", hung),
        "",
        f"Redis killed while a prober walked every page: {redis['answers']} answers after the kill, statuses"
        f" {', '.join(map(str, redis['statuses']))}, slowest {redis['slowest']:.2f} s; a person saved from a shell:"
        f' {"saved" if redis["save"] else "FAILED " + redis["save_error"]}; /healthz said "{redis["healthz"]}".',
        "",
        f"Importer killed with SIGKILL during a 1,000-file import ({importer['workers']} parsing workers):"
        f" {importer['committed_at_kill']} articles committed, {importer['broken']} of them incomplete (no body,"
        f" history or search entry); workers still running 2 s later: {importer['workers_left']}. Re-run:"
        f" {importer['rerun']}; articles from these files afterwards: {importer['total']}.",
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="5 s per page instead of 30")
    options = parser.parse_args()
    DATA.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="starlight-faults-"))
    try:
        with PrivatePostgres() as database, PrivateRedis() as redis:
            env = {
                **os.environ,
                "PYTHONPATH": str(ROOT),
                "DJANGO_SETTINGS_MODULE": "starlight.settings",
                "DJANGO_DEBUG": "0",
                "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
                "DATABASE_URL": database.url,
                "REDIS_URL": redis.url,
                "MEDIA_ROOT": str(folder / "media"),
                "DJANGO_STATIC_ROOT": str(DATA / "static-faults"),
                "STARLIGHT_IMPORT_WORKERS": "0",
                "STARLIGHT_TASK_WORKER": "0",  # the faults are the web's; the importer is killed on its own
                "GUNICORN_LOG_LEVEL": "critical",
            }
            print("Preparing a private database with the demo content and 300 articles", file=sys.stderr)
            prepare(env, folder)
            paths = page_paths(env)
            with Server(env, page_cache=True) as server:
                print("Load", file=sys.stderr)
                rows = load(server, paths, 5 if options.quick else 30)
                print("Database stopped", file=sys.stderr)
                stopped = database_fault(server, database, paths["news list"], "stopped", 8)
                print("Database hanging", file=sys.stderr)
                hung = database_fault(server, database, paths["article"], "hanging", 8)
                print("Unpublished while Redis was stopped, without Redis, after a flush", file=sys.stderr)
                stale = stale_faults(server, redis, env)
                print("Feeds that drip, and one of 40,000 items", file=sys.stderr)
                feeds = feed_faults(server, env, Prober)
                print("A sign-in flood beside public traffic", file=sys.stderr)
                signins = [flood(server, n, 5 if options.quick else 15, spread=True) for n in (0, 16)]
                print("Redis killed", file=sys.stderr)
                redis_figures = redis_fault(server, redis, env, paths)
            print("Importer killed", file=sys.stderr)
            importer = importer_fault({**env, "REDIS_URL": ""}, database, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    text = report(options.quick, rows, stopped, hung, redis_figures, importer)
    text += "\n".join([*stale_report(stale), *feed_report(feeds), *flood_report(signins)])
    RESULTS.mkdir(exist_ok=True)
    name = RESULTS / f"{dt.datetime.now():%Y%m%d-%H%M}-faults{'-quick' if options.quick else ''}.md"
    name.write_text(text)
    print(text)
    print(f"written to {name.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
