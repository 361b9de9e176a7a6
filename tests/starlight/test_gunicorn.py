"""The real server: gunicorn with our config serves a page and a hashed, compressed static file, and
trusts forwarded headers only behind the TLS proxy it is told of."""

import os
import re
import runpy
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, dict(response.headers), response.read()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("gunicorn")
    port = free_port()
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "FORWARDED_ALLOW_IPS"))
        },
        "DJANGO_SETTINGS_MODULE": "starlight.settings",
        "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
        "DJANGO_STATIC_ROOT": str(tmp / "static"),
        "MEDIA_ROOT": str(tmp / "media"),
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
        "STARLIGHT_TASK_WORKER": "0",  # the web alone here (tests/intake runs the worker)
    }
    manage = [sys.executable, "manage.py"]
    for args in (["migrate", "--noinput"], ["collectstatic", "--noinput", "--verbosity", "0"]):
        subprocess.run(manage + args, cwd=ROOT, env=env, check=True, capture_output=True, timeout=300)
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "--config", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            fetch(base + "/healthz")
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                output = process.stdout.read().decode(errors="replace")
                pytest.fail(f"gunicorn did not start:\n{output}")
            time.sleep(0.2)
    yield base
    process.terminate()
    process.wait(timeout=30)


def test_gunicorn_serves_the_home_page(server):
    status, headers, body = fetch(server + "/")
    assert status == 200
    assert b"Starlight" in body
    assert headers["X-Frame-Options"] == "DENY"


def test_gunicorn_serves_hashed_static_files_with_long_cache_and_compression(server):
    _, _, body = fetch(server + "/")
    match = re.search(rb'href="(/static/css/site\.[0-9a-f]{12}\.css)"', body)
    assert match, "the page links the hashed stylesheet"
    status, headers, css = fetch(server + match.group(1).decode(), {"Accept-Encoding": "gzip"})
    assert status == 200
    assert "immutable" in headers["Cache-Control"]
    assert "max-age=315360000" in headers["Cache-Control"]
    assert headers.get("Content-Encoding") == "gzip"
    assert headers["Vary"] == "Accept-Encoding"
    assert len(css) > 0
    assert "default-src 'none'" in headers["Content-Security-Policy"]  # an SVG opened alone runs nothing
    assert "camera=()" in headers["Permissions-Policy"]


def test_gunicorn_answers_healthz(server):
    status, _, body = fetch(server + "/healthz")
    assert status == 200
    assert body == b"ok\n"


def test_gunicorn_takes_no_forwarded_scheme_from_loopback_without_the_tls_proxy(server):
    """gunicorn's own default trusts X-Forwarded-Proto from 127.0.0.1 and would make every link https."""
    _, _, body = fetch(server + "/", {"X-Forwarded-Proto": "https", "X-Forwarded-Ssl": "on"})
    assert f'<link rel="canonical" href="{server}/"'.encode() in body


def gunicorn_config(monkeypatch, **env):
    for name in ("DJANGO_BEHIND_TLS_PROXY", "FORWARDED_ALLOW_IPS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


def test_gunicorn_trusts_forwarded_headers_only_behind_the_tls_proxy(monkeypatch):
    plain = gunicorn_config(monkeypatch)
    assert plain["forwarded_allow_ips"] == ""
    assert plain["secure_scheme_headers"] == {}

    proxied = gunicorn_config(monkeypatch, DJANGO_BEHIND_TLS_PROXY="1", FORWARDED_ALLOW_IPS="10.0.0.5")
    assert proxied["forwarded_allow_ips"] == "10.0.0.5"
    assert proxied["secure_scheme_headers"] == {"X-FORWARDED-PROTO": "https"}
