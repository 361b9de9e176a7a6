"""Two app servers on one PostgreSQL database and one Redis: a page one caches is served by the
other, and an edit saved through one is fresh on the next request to the other.

Runs where the suite runs against PostgreSQL and Redis (the second leg of .ci/run); it makes a
database of its own and two gunicorn instances on free loopback ports.
"""

import http.cookiejar
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest

from tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
DATABASE_URL = os.environ.get("DATABASE_URL", "")
REDIS_URL = os.environ.get("REDIS_URL", "")

pytestmark = pytest.mark.skipif(
    not (DATABASE_URL.startswith("postgres") and REDIS_URL),
    reason="needs the shared PostgreSQL and Redis of the production-like leg",
)


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


PUBLIC_HOST = "starlight.test"  # the name visitors use, which a load balancer passes to every server


class Browser:
    """A visitor or an editor: cookies kept, redirects not followed, errors returned as answers.

    Every request carries the site's public name, as it would through a load balancer.
    """

    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect)

    def request(self, url, data=None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(url, data=body, headers={"Referer": url, "Host": PUBLIC_HOST})
        try:
            with self.opener.open(request, timeout=20) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()

    def csrf(self, url) -> str:
        _status, _headers, page = self.request(url)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    def sign_in(self, base):
        token = self.csrf(f"{base}/admin/login/")
        status, _headers, _page = self.request(
            f"{base}/admin/login/?next=/admin/",
            {"csrfmiddlewaretoken": token, "username": "chief", "password": PASSWORD, "next": "/admin/"},
        )
        assert status == 302, "sign-in failed"

    def bulk_action(self, base, action, film_id):
        changelist = f"{base}/admin/catalog/film/"
        token = self.csrf(changelist)
        status, _headers, _page = self.request(
            changelist, {"csrfmiddlewaretoken": token, "action": action, "_selected_action": [film_id], "index": 0}
        )
        assert status == 302, f"{action} was refused"


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("scale-out")
    name = f"starlight_scaleout_{uuid.uuid4().hex[:8]}"
    server_url = DATABASE_URL.rsplit("/", 1)[0]
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))},
        "DJANGO_SETTINGS_MODULE": "starlight.settings",
        "DJANGO_ALLOWED_HOSTS": f"{PUBLIC_HOST},127.0.0.1",
        "DATABASE_URL": f"{server_url}/{name}",
        "REDIS_URL": REDIS_URL,
        "DJANGO_STATIC_ROOT": str(tmp / "static"),
        "MEDIA_ROOT": str(tmp / "media"),
        "WEB_CONCURRENCY": "2",
        "STARLIGHT_TASK_WORKER": "0",  # the web alone here (tests/intake runs the worker)
        "DJANGO_SUPERUSER_PASSWORD": PASSWORD,
    }
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    manage = [sys.executable, "manage.py"]
    steps = (
        ["migrate", "--noinput"],
        ["collectstatic", "--noinput", "--verbosity", "0"],
        ["load_demo"],
        ["createsuperuser", "--noinput", "--username", "chief", "--email", "chief@example.com"],
    )
    processes = []
    try:
        for args in steps:
            subprocess.run(manage + args, cwd=ROOT, env=env, check=True, capture_output=True, timeout=300)
        bases = []
        for _ in range(2):
            port = free_port()
            processes.append(
                subprocess.Popen(
                    [str(BIN / "gunicorn"), "--config", "gunicorn.conf.py"],
                    cwd=ROOT,
                    env={**env, "PORT": str(port)},
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
            bases.append(f"http://127.0.0.1:{port}")
        for base in bases:
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"{base}/healthz", timeout=2).read()
                    break
                except OSError:
                    time.sleep(0.2)
        yield bases
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name], check=False)


FILM = "/films/lost-in-starlight/"


def film_id(browser, base) -> str:
    _status, _headers, page = browser.request(f"{base}/admin/catalog/film/")
    return re.search(r"/admin/catalog/film/(\d+)/change/", page).group(1)


def test_a_page_cached_by_one_server_is_served_by_the_other(two_servers):
    first, second = two_servers
    visitor = Browser()
    status, headers, page = visitor.request(first + FILM)
    assert status == 200 and headers["X-Page-Cache"] == "miss"
    status, headers, again = visitor.request(second + FILM)
    assert status == 200 and headers["X-Page-Cache"] == "hit" and again == page


def test_an_edit_through_one_server_is_fresh_on_the_other(two_servers):
    first, second = two_servers
    visitor, editor = Browser(), Browser()
    assert visitor.request(second + FILM)[0] == 200
    editor.sign_in(first)
    film = film_id(editor, first)
    editor.bulk_action(first, "unpublish", film)
    assert visitor.request(second + FILM)[0] == 404
    editor.bulk_action(second, "publish_now", film)  # the session is shared too: signed in on both
    status, headers, _page = visitor.request(first + FILM)
    assert status == 200 and headers["X-Page-Cache"] == "miss"
