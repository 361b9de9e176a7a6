"""A sign-in flood beside public traffic: the home page while attempters guess at the admin's sign-in.

    .venv/bin/python bench/signin_flood.py [--seconds 20] [--attempters 0,8,16] [--spread]

Each attempter signs in to /admin/login/ with a new username each time and a wrong password, as
fast as it is answered: no username is ever locked out, and each failure costs a worker a password
hash unless the address is locked out (common/auth.py). All attempters come from one loopback
address (127.0.1.1), or with --spread each from its own (127.0.1.N), which the address limit then
holds back one by one. Meanwhile wrk asks for the home page at 4 connections from 127.0.0.1.
Reported per number of attempters: the home page's p50 and p99 and requests per second, and the
sign-in attempts answered with the form again (a hash was paid), with the lock-out page or with the
page saying every sign-in slot is taken (both refused before any hash).

gunicorn runs as `make run` starts it (gunicorn.conf.py, its default workers), on a SQLite database
of its own in a temporary folder holding the demo content; nothing else is touched. Bounded: the
given seconds per row plus a few to start. `flood()` is the reusable part (bench/faults.py style).
"""

import argparse
import http.client
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path

from imported_site import PYTHON, ROOT
from serving import Server, ensure_wrk, wrk

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Attempter(threading.Thread):
    """Signs in with a new username each time from `address` until `until` (time.monotonic())."""

    def __init__(self, port: int, address: str, name: str, until: float):
        super().__init__(daemon=True)
        self.port, self.address, self.name, self.until = port, address, name, until
        self.statuses: Counter = Counter()

    def _connection(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=60, source_address=(self.address, 0))

    def run(self):
        connection = self._connection()
        connection.request("GET", "/admin/login/")
        response = connection.getresponse()
        page = response.read().decode()
        cookie = response.getheader("Set-Cookie", "").split(";")[0]
        token = TOKEN.search(page).group(1)
        tried = 0
        while time.monotonic() < self.until:
            body = urllib.parse.urlencode(
                {"username": f"{self.name}-{tried}", "password": "not-the-password", "csrfmiddlewaretoken": token}
            )
            headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}
            try:
                connection.request("POST", "/admin/login/", body, headers)
                response = connection.getresponse()
                response.read()
                self.statuses[response.status] += 1
            except (OSError, http.client.HTTPException):
                self.statuses["error"] += 1
                connection.close()
                connection = self._connection()
            tried += 1
        connection.close()


def flood(server: Server, attempters: int, seconds: int, *, spread: bool = False) -> dict:
    """The home page under wrk (4 connections) for `seconds`, with `attempters` signing in beside it."""
    wrk(ensure_wrk(), server.url("/"), 4, 1)  # warm: the first render of each worker is not the flood's
    until = time.monotonic() + seconds + 1
    threads = [
        Attempter(server.port, f"127.0.1.{n + 1 if spread else 1}", f"guess{n}", until) for n in range(attempters)
    ]
    for thread in threads:
        thread.start()
    home = wrk(ensure_wrk(), server.url("/"), 4, seconds)
    for thread in threads:
        thread.join(timeout=120)
    statuses = sum((thread.statuses for thread in threads), Counter())
    return {
        "attempters": attempters,
        "p50": home["p50"],
        "p99": home["p99"],
        "rps": home["rps"],
        "home_errors": home["errors"] + home["socket_errors"],
        "hashed": statuses[200],  # the form again: a password was checked
        "locked": statuses[429],  # the lock-out page: refused before any password was checked
        "busy": statuses[503],  # every sign-in slot taken: refused before any password was checked
        "other": sum(count for status, count in statuses.items() if status not in (200, 429, 503)),
    }


def flood_report(rows: list[dict], *, spread: bool = True) -> list[str]:
    """A Markdown table of `flood()` rows."""
    lines = [
        "## A sign-in flood beside public traffic",
        "",
        f"wrk at 4 connections on the home page; attempters sign in with a new username each time"
        f"{', each from its own loopback address' if spread else ', all from one loopback address'}.",
        "",
        "| attempters | home p50 ms | home p99 ms | home req/s | sign-ins hashed | locked out | slots taken | other |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        lines.append(
            f"| {row['attempters']} | {row['p50']:.1f} | {row['p99']:.1f} | {row['rps']:.0f} | {row['hashed']} |"
            f" {row['locked']} | {row['busy']} | {row['other'] + row['home_errors']} |"
        )
    return [*lines, ""]


def prepare(env: dict) -> None:
    manage = [PYTHON, str(ROOT / "manage.py")]
    for args in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"], ["load_demo"]):
        subprocess.run([*manage, *args], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--attempters", default="0,8,16", help="comma-separated numbers of attempters, one row each")
    parser.add_argument("--spread", action="store_true", help="each attempter from its own loopback address")
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="starlight-signin-"))
    try:
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))},
            "PYTHONPATH": str(ROOT),
            "DJANGO_SETTINGS_MODULE": "starlight.settings",
            "DJANGO_DEBUG": "0",
            "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
            "MEDIA_ROOT": str(folder / "media"),
            "DJANGO_STATIC_ROOT": str(folder / "static"),
            "STARLIGHT_TASK_WORKER": "0",
            "GUNICORN_LOG_LEVEL": "critical",
        }
        prepare(env)
        rows = []
        for attempters in [int(n) for n in options.attempters.split(",")]:
            # A fresh server and no past failures for each row: a row's lock-outs do not carry into the next.
            reset = [PYTHON, str(ROOT / "manage.py"), "axes_reset"]
            subprocess.run(reset, env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
            with Server(env, page_cache=True) as server:
                rows.append(flood(server, attempters, options.seconds, spread=options.spread))
            print(rows[-1], file=sys.stderr)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print("\n".join(flood_report(rows, spread=options.spread)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
