"""A real web server on 127.0.0.1 serving feeds, article pages and pictures, with the ways sites misbehave,
and taking webhook deliveries (POSTs, answered as a test says).

The fetcher (common/fetching.py) reaches it as the one allowed loopback host and port; the importer's
picture fetching, the feeds' polling and the webhooks are tested against it too.
"""

import socket
import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

PAGE = b"""<!doctype html><html lang="en"><head><title>Composer interview | Loopback Wire</title>
<meta property="og:title" content="Composer interview"></head><body><nav>Home News Sign in</nav>
<article><h1>Composer interview</h1><p>The composer spent two years writing the score, recording strings in
Seoul and synthesisers in a small studio by the river.</p><p>She says the record shop scenes were the hardest
to score, because the music there had to sound like it came from the shelves.</p></article>
<footer>Share this story</footer></body></html>"""


class FeedSite:
    """What the server serves; tests change `feeds` and read `hits` and `headers`."""

    def __init__(self):
        self.base = ""
        self.hits: Counter[str] = Counter()
        self.headers: dict[str, dict] = {}
        self.feeds: dict[str, tuple[str, bytes]] = {}  # path -> (etag, body)
        self.files: dict[str, tuple[str, bytes]] = {}  # path -> (content type, body): pictures, say
        self.pages: dict[str, bytes] = {}  # path -> an HTML page
        self.posts: list[tuple[str, dict, bytes]] = []  # (path, headers, body) of each POST, in order
        self.post_answers: list[int] = []  # the statuses the next POSTs get, first first; then 204

    def received(self, path: str) -> list[tuple[dict, bytes]]:
        """The headers and body of each POST to `path`, in order."""
        return [(headers, body) for posted, headers, body in self.posts if posted == path]

    def url(self, path: str) -> str:
        return self.base + path


def _handler(site: FeedSite):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def send(self, status, body=b"", content_type="text/html; charset=utf-8", **headers):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name.replace("_", "-"), value)
            self.end_headers()
            self.wfile.write(body)

        def drip(self) -> int | None:
            """A byte every 50 ms for 5 s (long past any deadline a test sets); None if the client hung up."""
            dripped, stop = 0, time.monotonic() + 5
            try:
                while time.monotonic() < stop:
                    self.wfile.write(b"a")
                    dripped += 1
                    time.sleep(0.05)
            except OSError:
                return None
            return dripped

        def do_GET(self):  # noqa: N802 (the name http.server calls)
            path = self.path
            site.hits[path] += 1
            site.headers[path] = dict(self.headers)
            if path in site.feeds:
                etag, body = site.feeds[path]
                if self.headers.get("If-None-Match") == etag:
                    return self.send(304)
                return self.send(200, body, "application/rss+xml", ETag=etag)
            if path in site.files:
                content_type, body = site.files[path]
                return self.send(200, body, content_type)
            if path == "/articles/composer":
                return self.send(200, PAGE)
            if path in site.pages:
                return self.send(200, site.pages[path])
            if path == "/slow":
                time.sleep(3)
                return self.send(200, b"late")
            if path == "/big":
                return self.send(200, b"x" * 2_000_000, "application/rss+xml")
            if path == "/big-unsized":
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.end_headers()
                for _ in range(40):
                    self.wfile.write(b"x" * 50_000)
                return None
            if path == "/drip-headers":
                self.wfile.write(b"HTTP/1.1 200 OK\r\nX-Drip: ")
                if self.drip() is not None:
                    self.wfile.write(b"\r\nContent-Type: application/rss+xml\r\nContent-Length: 6\r\n\r\n<rss/>")
                return None
            if path == "/drip-body":
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("Content-Length", "100000")
                self.end_headers()
                if (dripped := self.drip()) is not None:
                    self.wfile.write(b"a" * (100000 - dripped))
                return None
            if path == "/to-private":
                return self.send(302, Location="http://10.255.255.1/secret")
            if path == "/to-metadata":
                return self.send(302, Location="http://169.254.169.254/latest/meta-data/")
            if path == "/to-localhost":  # the same server under another allowed name
                return self.send(302, Location=site.url("/articles/composer").replace("127.0.0.1", "localhost"))
            if path == "/loop":
                return self.send(302, Location="/loop")
            if path == "/moved":
                return self.send(301, Location="/articles/composer")
            if path == "/broken":
                return self.send(500, b"oops")
            return self.send(404, b"not here")

        def do_POST(self):  # noqa: N802 (the name http.server calls)
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            site.posts.append((self.path, dict(self.headers), body))
            status = site.post_answers.pop(0) if site.post_answers else 204
            answer = b"" if status == 204 else f"answered {status}".encode()
            return self.send(status, answer, "text/plain")

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a fetch that stopped reading hung up: expected
            super().handle_error(request, client_address)


@pytest.fixture
def feed_site(settings):
    """The server, reachable as the one allowed loopback host and port; fetches time out after 1 s and stop
    at 1 MB."""
    site = FeedSite()
    server = _Server(("127.0.0.1", 0), _handler(site))
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    settings.FETCH_ALLOWED_HOSTS = [site.base.removeprefix("http://")]
    settings.FETCH_TIMEOUT = 1
    settings.FETCH_MAX_BYTES = 1_000_000
    yield site
    server.shutdown()
    server.server_close()


@pytest.fixture
def silent_site(settings):
    """An allowed loopback port that takes connections and never answers (nothing accepts them)."""
    listener = socket.create_server(("127.0.0.1", 0))
    address = f"127.0.0.1:{listener.getsockname()[1]}"
    settings.FETCH_ALLOWED_HOSTS = [address]
    yield address
    listener.close()
