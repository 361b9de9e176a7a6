"""`make faults`: feeds that would hold the task worker: answers dripped a byte at a time, and a feed of
40,000 items, each read by `manage.py poll_sources` (the poll the task worker runs) beside the site.

A server of this script's own on loopback (allowed by STARLIGHT_FETCH_ALLOWED_HOSTS for its port
alone) serves:

- a feed whose headers come one byte a second, for ever;
- a feed whose body comes one byte a second, for ever;
- an RSS feed of 40,000 small items, each linking to a page of its own on the same server.

Reported for each: how long the poll took, its exit status and what it said, and the articles it
created; for the big feed also the home page's answers (p50, slowest, statuses) asked every 0.1 s
meanwhile.
"""

import json
import statistics
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from imported_site import PYTHON, ROOT
from serving import free_port

BIG_FEED_ITEMS = 40_000


def _big_feed(port: int) -> bytes:
    items = "".join(
        # Small enough that 40,000 stay under the fetcher's 5 MB cap, as a real wire's short items would.
        f"<item><title>Wire {n}</title><link>http://127.0.0.1:{port}/a/{n}</link>"
        f"<description>Item {n}.</description></item>"
        for n in range(BIG_FEED_ITEMS)
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
        f"<link>http://127.0.0.1:{port}/</link><description>Wire</description>{items}</channel></rss>"
    ).encode()


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def _drip(self, data: bytes) -> None:
        try:
            while not self.server.stopping.is_set():
                for byte in data:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    if self.server.stopping.wait(1):
                        return
        except OSError:  # the poll gave up and closed the connection
            return

    def do_GET(self):
        if self.path == "/drip-headers.xml":
            self.wfile.write(b"HTTP/1.1 200 OK\r\n")
            self._drip(b"X-Slow: " + b"a" * 4000 + b"\r\n")
        elif self.path == "/drip-body.xml":
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", "1000000")
            self.end_headers()
            self._drip(b'<?xml version="1.0"?><rss version="2.0"><channel><title>Slow</title>' * 100)
        elif self.path == "/big.xml":
            self._answer(self.server.big_feed, "application/rss+xml")
        elif self.path.startswith("/a/"):
            n = self.path.rsplit("/", 1)[-1]
            words = " ".join(f"Paragraph about wire item {n}, line {line}." for line in range(12))
            self._answer(
                f"<html><head><title>Wire {n}</title></head><body><article><h1>Wire {n}</h1>"
                f"<p>{words}</p></article></body></html>".encode(),
                "text/html; charset=utf-8",
            )
        else:
            self.send_error(404)

    def _answer(self, body: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # a poll that gave up closes its connection mid-answer: expected here


class FeedServer:
    def __init__(self):
        self.port = free_port()
        self.httpd = _Server(("127.0.0.1", self.port), _Handler)
        self.httpd.stopping = threading.Event()
        self.httpd.big_feed = _big_feed(self.port)

    def __enter__(self):
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.httpd.stopping.set()
        self.httpd.shutdown()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


SOURCES_SCRIPT = """
import django, sys; django.setup()
from news.models import Source
for name, url in zip(sys.argv[1::2], sys.argv[2::2]):
    Source.objects.update_or_create(name=name, defaults={"slug": name.lower().replace(" ", "-"), "feed_url": url})
"""

COUNT_SCRIPT = """
import django; django.setup()
from news.models import Article
print(Article.objects.count())
"""


def _run(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([PYTHON, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=900)


def _articles(env: dict) -> int:
    return int(_run(env, "-c", COUNT_SCRIPT).stdout)


def _poll(env: dict, name: str) -> dict:
    before = _articles(env)
    started = time.monotonic()
    done = _run(env, str(ROOT / "manage.py"), "poll_sources", "--source", name, "--json")
    seconds = time.monotonic() - started
    try:
        feeds = json.loads(done.stdout)["feeds"]
        said = "; ".join(feed["error"] or feed["status"] for feed in feeds)
    except (ValueError, KeyError):
        said = (done.stderr.strip().splitlines() or ["(nothing)"])[-1]
    return {"feed": name, "seconds": seconds, "exit": done.returncode, "said": said, "created": _articles(env) - before}


def feed_faults(server, env: dict, prober_class) -> list[dict]:
    """The three polls against `server` (gunicorn); `prober_class(server, paths)` as bench/faults.py's Prober."""
    with FeedServer() as feeds:
        env = {**env, "STARLIGHT_FETCH_ALLOWED_HOSTS": f"127.0.0.1:{feeds.port}"}
        names = {"Dripped headers": "/drip-headers.xml", "Dripped body": "/drip-body.xml", "Big wire": "/big.xml"}
        _run(env, "-c", SOURCES_SCRIPT, *[part for name, path in names.items() for part in (name, feeds.url(path))])
        rows = [_poll(env, "Dripped headers"), _poll(env, "Dripped body")]
        prober = prober_class(server, ["/"])
        prober.start()
        rows.append(_poll(env, "Big wire"))
        prober.stop()
    times = [answer[3] for answer in prober.answers]
    rows[-1]["home"] = {
        "answers": len(times),
        "p50": statistics.median(times) if times else float("nan"),
        "slowest": max(times, default=0.0),
        "statuses": sorted({answer[2] for answer in prober.answers}),
    }
    return rows


def feed_report(rows: list[dict]) -> list[str]:
    lines = [
        "## Feeds that would hold the task worker",
        "",
        "Each read by `manage.py poll_sources --source NAME` beside the running site, from a server on loopback.",
        "",
        "| feed | poll took | exit | what the poll said | articles created |",
        "|---|---|---|---|---|",
    ]
    for row in rows:
        lines.append(f"| {row['feed']} | {row['seconds']:.1f} s | {row['exit']} | {row['said']} | {row['created']:,} |")
    home = rows[-1]["home"]
    lines += [
        "",
        f"While the {BIG_FEED_ITEMS:,}-item feed was read, the home page asked every 0.1 s: {home['answers']} answers,"
        f" statuses {', '.join(map(str, home['statuses']))}, p50 {home['p50'] * 1000:.0f} ms,"
        f" slowest {home['slowest'] * 1000:.0f} ms.",
        "",
    ]
    return lines
