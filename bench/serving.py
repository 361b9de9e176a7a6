"""The benchmarks' site served as `make run` serves it: its environment and data set, gunicorn, and
wrk driving it from loopback.

Shared by `make bench` (bench/site_bench.py), its traffic under edits (bench/traffic.py) and the
fault and load scripts beside them. The data set is built once per database and size, the way a
user builds a site (bench/imported_site.py), and reused by later runs.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import imported_site
from imported_site import PYTHON, ROOT, manage
from procs import children_cpu_seconds

DATA = ROOT / "bench" / ".data"
PG = "postgres://postgres@127.0.0.1:5432"
REDIS = "redis://127.0.0.1:6379/15"  # a database of its own, flushed before each run


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    print("wrk is missing; installing it from Debian", file=sys.stderr)
    sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
    subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", "wrk"], check=False, stdout=subprocess.DEVNULL)
    if not shutil.which("wrk"):
        subprocess.run([*sudo, "apt-get", "update", "-qq"], check=False, stdout=subprocess.DEVNULL)
        subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", "wrk"], check=True, stdout=subprocess.DEVNULL)
    return shutil.which("wrk")


def environment(db: str, size: int) -> dict[str, str]:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "starlight.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "MEDIA_ROOT": str(DATA / "media"),
        "DJANGO_STATIC_ROOT": str(DATA / "static"),
        "STARLIGHT_IMPORT_WORKERS": "0",
        "GUNICORN_LOG_LEVEL": "warning",
        "STARLIGHT_TASK_WORKER": "0",  # its polling would count as the web workers' CPU
    }
    if db == "postgres":
        env["DATABASE_URL"] = f"{PG}/starlight_bench_{size or 'demo'}"
        env["REDIS_URL"] = REDIS
    else:
        label = size or "demo"
        env["DATABASE_URL"] = f"sqlite:///{DATA / f'site-{label}.sqlite3'}"
        env.pop("REDIS_URL", None)
    return env


VERSIONS_SCRIPT = """
import django, json, platform; django.setup()
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute('SELECT sqlite_version()' if connection.vendor == 'sqlite' else 'SHOW server_version')
    version = cursor.fetchone()[0]
    if connection.vendor == 'postgresql':
        cursor.execute('SHOW autovacuum')
        version += '' if cursor.fetchone()[0] == 'on' else ', autovacuum off'
    print(json.dumps({'python': platform.python_version(), 'database': version}))
"""


def machine(env: dict, db: str) -> str:
    """What the figures were measured on, in one line: cores, CPU model, Python and database versions."""
    import json

    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.MULTILINE)
    out = subprocess.run([PYTHON, "-c", VERSIONS_SCRIPT], env=env, cwd=ROOT, check=True, capture_output=True, text=True)
    versions = json.loads(out.stdout.strip().splitlines()[-1])
    # On a server with autovacuum off, nothing gathers PostgreSQL's planner statistics: the figures are without.
    database = f"{'SQLite' if db == 'sqlite' else 'PostgreSQL'} {versions['database']}"
    if "REDIS_URL" in env:
        info = subprocess.run(
            ["redis-cli", "-u", env["REDIS_URL"], "info", "server"], capture_output=True, text=True, check=False
        ).stdout
        redis = re.search(r"^redis_version:(\S+)", info, re.MULTILINE)
        database += f", Redis {redis.group(1) if redis else '(version not found)'}"
    cpu = model.group(1).strip() if model else "CPU model not found"
    return f"{os.cpu_count()} cores, {cpu}; Python {versions['python']}; {database}"


def data_set(size: int) -> str:
    return f"{size:,} articles imported" if size else "the demo content"


def marker(db: str, size: int) -> Path:
    """The file that says a data set is built, and how long it took (not the bulk-generated sets' ".done")."""
    return DATA / f"site-{db}-{size or 'demo'}.built"


def prepare(db: str, size: int, env: dict) -> None:
    """Build the benchmark database unless a finished one is there (size 0: the demo content alone)."""
    DATA.mkdir(parents=True, exist_ok=True)
    label = size or "demo"
    if not marker(db, size).exists():
        if db == "postgres":
            name = f"starlight_bench_{label}"
            subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name], check=True)
            subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
        else:
            (DATA / f"site-{label}.sqlite3").unlink(missing_ok=True)
        print(f"Building the data set ({data_set(size)}); once, reused by later runs", file=sys.stderr)
        started = time.monotonic()
        # The importer's parsing workers as a user's import has them (the server's runs set none).
        build_env = {k: v for k, v in env.items() if k != "STARLIGHT_IMPORT_WORKERS"}
        imported_site.build(build_env, articles=size, people=size // 10)
        marker(db, size).write_text(f"built in {time.monotonic() - started:.0f} s\n")
    manage(env, "migrate", "--noinput", "-v0")
    if size:  # the demo's database is rendered in process only, with the files the benchmark size collected
        manage(env, "collectstatic", "--noinput", "-v0")


class Server:
    def __init__(self, env: dict, *, page_cache: bool):
        self.port = free_port()
        # Started with an empty page cache: Redis is flushed, and the pages the workers share without it
        # go to a folder of this server's own, beside the database.
        self.cache_dir = tempfile.TemporaryDirectory(prefix="page-cache-", dir=DATA)
        self.env = {
            **env,
            "PORT": str(self.port),
            "STARLIGHT_PAGE_CACHE": "1" if page_cache else "0",
            "STARLIGHT_CACHE_DIR": self.cache_dir.name,
        }
        self.process = None

    def __enter__(self):
        if "REDIS_URL" in self.env:
            subprocess.run(
                ["redis-cli", "-u", self.env["REDIS_URL"], "flushdb"], check=False, stdout=subprocess.DEVNULL
            )
        gunicorn = str(Path(PYTHON).with_name("gunicorn"))
        self.process = subprocess.Popen(
            # Worker recycling off: a run serves more than max_requests, and a worker replaced mid-run
            # takes its CPU time with it (the figures went negative) and costs a restart.
            [gunicorn, "--config", str(ROOT / "gunicorn.conf.py"), "--max-requests", "0"],
            env=self.env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2).read()
                return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("gunicorn did not answer /healthz within 60 s")

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.cache_dir.cleanup()

    def cpu_seconds(self) -> float:
        """User and system CPU of gunicorn's workers so far (the master, which serves nothing, left out)."""
        return children_cpu_seconds(self.process.pid)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


def wrk(binary: str, url: str, connections: int, seconds: float, script: Path | None = None) -> dict:
    """wrk's figures for a run; "output" is what it printed (with what a Lua `script` wrote)."""
    lua = ["-s", str(script)] if script else []
    out = subprocess.run(
        [binary, "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s", *lua, url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout

    def latency(label):
        match = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.MULTILINE)
        if not match:
            return float("nan")
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    requests = int(re.search(r"(\d+) requests in", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": latency("50"),
        "p99": latency("99"),
        "requests": requests,
        "errors": int(errors.group(1)) if errors else 0,
        "socket_errors": sum(int(n) for n in socket_errors.groups()) if socket_errors else 0,
        "output": out,
    }


def static_path(env: dict) -> str:
    manifest = DATA / "static" / "staticfiles.json"
    import json

    paths = json.loads(manifest.read_text())["paths"]
    return "/static/" + paths["css/site.css"]
