"""The worker as real processes: `make run`'s gunicorn keeps one beside it, and a worker killed in
the middle of an import leaves whole articles only, the job being finished by the next worker."""

import io
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

from bench.procs import children_of, command_line

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
FILES = 2000  # ten batches: long enough to be stopped in the middle

START_JOB = """
import os
from django.core.files.base import ContentFile
from intake.jobs import start
from news.importer.reports import ImportOptions
data = open(os.environ["STORIES"], "rb").read()
print(start([ContentFile(data, name="stories.zip")], options=ImportOptions(publish=True)).pk)
"""


def stories_zip(path: Path) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for number in range(FILES):
            story = {"title": f"Story number {number}", "date": "2025-06-01", "body": f"The text of story {number}."}
            archive.writestr(f"stories/{number:05}.json", json.dumps(story))
    path.write_bytes(buffer.getvalue())
    return path


@pytest.fixture
def site(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))},
        "DJANGO_SETTINGS_MODULE": "starlight.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "STARLIGHT_IMPORT_WORKERS": "0",
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env, check=True, capture_output=True
    )
    return env, tmp_path


def manage(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True, **kwargs
    )


def start_job(env, tmp_path) -> int:
    stories = stories_zip(tmp_path / "stories.zip")
    return int(manage({**env, "STORIES": str(stories)}, "shell", "-c", START_JOB).stdout.split()[-1])


def read(tmp_path, sql, *params):
    with sqlite3.connect(tmp_path / "db.sqlite3", timeout=10) as db:
        return db.execute(sql, params).fetchone()


def wait_for(condition, seconds=60, every=0.05, log: Path | None = None):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if found := condition():
                return found
        except sqlite3.OperationalError:  # the worker is committing a batch: look again
            pass
        time.sleep(every)
    pytest.fail("timed out" + (f"; the server said:\n{log.read_text()[-3000:]}" if log else ""))


def test_a_worker_killed_mid_import_leaves_whole_batches_and_the_next_worker_finishes_the_job(site):
    env, tmp_path = site
    job = start_job(env, tmp_path)
    worker = subprocess.Popen([sys.executable, "manage.py", "task_worker"], cwd=ROOT, env=env)
    try:
        # Killed as soon as the first batch of 200 files is committed: the whole job takes about a
        # second, and its progress is written about once a second, so that is no signal to wait for.
        wait_for(lambda: read(tmp_path, "SELECT COUNT(*) FROM news_article")[0] > 0)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait()
    state, done = read(tmp_path, "SELECT state, files_done FROM intake_importjob WHERE id = ?", job)
    (articles,) = read(tmp_path, "SELECT COUNT(*) FROM news_article")
    assert state == "running" and done < FILES, "killed in the middle"
    assert 0 < articles < FILES and articles % 200 == 0, "only whole batches were committed"

    manage(env, "task_worker", "--batch")  # a worker starting on this host finds the job's worker gone

    state, done, counts = read(tmp_path, "SELECT state, files_done, counts FROM intake_importjob WHERE id = ?", job)
    assert state == "finished" and done == FILES
    assert json.loads(counts) == {"created": FILES - articles, "unchanged": articles}
    assert read(tmp_path, "SELECT COUNT(*), COUNT(DISTINCT title) FROM news_article") == (FILES, FILES)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def answers(url) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def test_gunicorn_runs_the_worker_beside_it_replaces_it_if_it_dies_and_stops_it_with_itself(site):
    env, tmp_path = site
    port = free_port()
    env = {**env, "PORT": str(port), "WEB_CONCURRENCY": "1"}
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    log = tmp_path / "gunicorn.log"
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "--config", "gunicorn.conf.py"], cwd=ROOT, env=env, stderr=log.open("w")
    )
    try:
        wait_for(lambda: answers(f"http://127.0.0.1:{port}/healthz"), every=0.2)

        def task_workers(queue="default"):
            return [pid for pid in children_of(server.pid) if f"task_worker --queue {queue}" in command_line(pid)]

        assert wait_for(lambda: task_workers("cards")), "the share cards' worker runs beside it"
        first = wait_for(task_workers)[0]
        job = start_job(env, tmp_path)  # queued from another process, as the admin would
        wait_for(lambda: read(tmp_path, "SELECT state FROM intake_importjob WHERE id = ?", job)[0] == "finished")
        assert read(tmp_path, "SELECT COUNT(*) FROM news_article") == (FILES,)

        os.kill(first, signal.SIGKILL)
        second = wait_for(lambda: [pid for pid in task_workers() if pid != first], seconds=30, every=0.2, log=log)[0]
    finally:
        server.terminate()
        server.wait(timeout=60)
    assert not Path(f"/proc/{second}").exists() or "zombie" in Path(f"/proc/{second}/status").read_text()
