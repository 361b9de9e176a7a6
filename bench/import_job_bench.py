"""The admin import as an editor meets it: a zip of N generated files posted to gunicorn as `make run`
starts it (with its background worker), then the job page followed until its report.

    .venv/bin/python bench/import_job_bench.py --files 10000 [--database-url postgres://…]

Reports the upload request's time, the time to the finished report, the outcomes, and the peak
resident memory of the task worker (its VmHWM) and of its parsing processes. The database is a
throwaway SQLite file unless --database-url names another (which it migrates and fills).
"""

import argparse
import http.cookiejar
import io
import os
import random
import re
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from import_bench import make_file, rss_mb  # noqa: E402 (the same generated files as the command's bench)
from procs import children_of, command_line  # noqa: E402
from serving import Server  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable


def zipped(count: int, work: Path) -> bytes:
    folder = work / "articles"
    folder.mkdir()
    rng = random.Random(2050)
    for n in range(count):
        make_file(folder, n, rng)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, f"articles/{path.name}")
    return buffer.getvalue()


def multipart(fields: dict[str, str], name: str, filename: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
        "Content-Type: application/zip\r\n\r\n".encode()
        + data
        + b"\r\n"
    )
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


class Editor:
    """A signed-in editor's browser, as far as this needs one: cookies, CSRF tokens, no redirects followed."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)

    def open(self, path: str, data: bytes | None = None, headers: dict | None = None):
        headers = {"Referer": self.base + path, **(headers or {})}
        request = urllib.request.Request(self.base + path, data=data, headers=headers)
        try:
            response = self.opener.open(request, timeout=120)
        except urllib.error.HTTPError as answer:  # a redirect (not followed) or an error
            response = answer
        return response.status, response.headers, response.read().decode(errors="replace")

    def token(self, path: str) -> str:
        _status, _headers, html = self.open(path)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    def sign_in(self, username: str, password: str) -> None:
        fields = {"csrfmiddlewaretoken": self.token("/admin/login/"), "username": username, "password": password}
        status, _headers, _html = self.open("/admin/login/?next=/admin/", urllib.parse.urlencode(fields).encode())
        if status != 302:
            raise SystemExit("could not sign in to the admin")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="import-job-bench-"))
    password = secrets.token_urlsafe(16)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REDIS_URL"))},
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "starlight.settings",
        "DATABASE_URL": args.database_url or f"sqlite:///{work / 'bench.sqlite3'}",
        "DJANGO_STATIC_ROOT": str(work / "static"),
        "MEDIA_ROOT": str(work / "media"),
        "DJANGO_SUPERUSER_PASSWORD": password,
        "GUNICORN_LOG_LEVEL": "warning",
    }
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["collectstatic", "--noinput", "-v0"],
        ["load_demo"],
        ["createsuperuser", "--noinput", "--username", "bench", "--email", "bench@example.com"],
    ):
        subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True)
    archive = zipped(args.files, work)
    print(f"zip: {args.files} files, {len(archive) / 1024 / 1024:.1f} MB", flush=True)

    with Server({**env, "STARLIGHT_TASK_WORKER": "1"}, page_cache=True) as server:
        editor = Editor(server.url(""))
        editor.sign_in("bench", password)
        fields = {"csrfmiddlewaretoken": editor.token("/admin/intake/importjob/add/"), "status": "publish"}
        body, content_type = multipart(fields, "files", "articles.zip", archive)
        started = time.perf_counter()
        status, headers, _html = editor.open("/admin/intake/importjob/add/", body, {"Content-Type": content_type})
        uploaded = time.perf_counter() - started
        if status != 302:
            raise SystemExit(f"the upload was answered {status}")
        job_page = urllib.parse.urlsplit(headers["Location"]).path
        worker = next(pid for pid in children_of(server.process.pid) if "task_worker" in command_line(pid))
        parsing_peak = 0.0
        while True:
            _status, _headers, html = editor.open(job_page)
            if "<strong>Finished</strong>" in html or "<strong>Failed</strong>" in html:
                break
            parsing_peak = max(parsing_peak, sum(rss_mb(pid) for pid in children_of(worker)))
            time.sleep(0.5)
        finished = time.perf_counter() - started
        with open(f"/proc/{worker}/status") as status_file:
            peak = int(re.search(r"VmHWM:\s+(\d+) kB", status_file.read()).group(1)) / 1024
        summary = re.search(r'<p class="import-summary">(.*?)</p>', html, re.S).group(1)
        outcomes = re.sub(r"<[^>]+>", "", summary).split("·")
    print(f"database: {env['DATABASE_URL'].split(':', 1)[0]}")
    print(f"upload request (POST to the 302 with the job page): {uploaded:.2f} s")
    print(f"from the upload to the finished report: {finished:.1f} s ({args.files / finished:.0f} files/s)")
    print(f"outcomes: {', '.join(outcome.strip() for outcome in outcomes)}")
    print(f"report page: {len(html) / 1024:.0f} KB")
    print(f"task worker peak resident memory (VmHWM): {peak:.0f} MB")
    print(f"its parsing processes together, peak sampled every 0.5 s: {parsing_peak:.0f} MB")


if __name__ == "__main__":
    main()
