"""`make screenshots`: each main admin screen at 1440 px and 390 px, in English, into docs/screenshots/.

It builds a throwaway site in a temporary folder (SQLite, media), migrated and loaded with the demo
content, adds what the screens show (an editor, an imported copy of a story flagged as the same as
another and submitted for review, a finished import job), serves it with `runserver`, and photographs
the screens in the system Chromium (/usr/bin/chromium) through Playwright. Only the visible window is
kept, as a 256-colour PNG, so the files stay small. Nothing outside the temporary folder is touched but
docs/screenshots/.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time

from PIL import Image

from bench.imported_site import ROOT, json_from_script, manage

CHROMIUM = "/usr/bin/chromium"
OUT = ROOT / "docs" / "screenshots"
PASSWORD = "screenshots-only-password"
WIDTHS = {"wide": (1440, 900), "phone": (390, 844)}

SETUP_SCRIPT = """
import django, json, sys; django.setup()
from django.contrib.auth.models import Group, User
from django.utils import timezone
from editorial.models import ReviewRequest
from editorial.roles import EDITORS
from intake.models import ImportJob
from editorial.publishing import Status
from news.models import Article, PossibleDuplicate
editor = User.objects.create_user("edna", password=sys.argv[1], is_staff=True)
editor.groups.add(Group.objects.get(name=EDITORS))
kept = Article.objects.published().order_by("-publish_at").first()
copy = Article.objects.create(title=kept.title + " (wire copy)", slug=kept.slug + "-wire", body=kept.body,
    summary=kept.summary, source=kept.source, status=Status.DRAFT, needs_review=True,
    review_reason="Possible duplicate")
# The duplicate finder may have flagged the pair already.
PossibleDuplicate.objects.get_or_create(article=copy, of=kept, defaults={"similarity": 0.92})
ReviewRequest.submit(copy, user=editor)
job = ImportJob.objects.create(started_by=editor, state=ImportJob.State.FINISHED, files_total=2, files_done=2,
    started_at=timezone.now(), finished_at=timezone.now(),
    counts={"created": 1, "unchanged": 1},
    report=[{"file": "premiere.md", "outcome": "created", "articles": []},
            {"file": "interview.md", "outcome": "unchanged", "articles": []}])
print(json.dumps({"kept": kept.pk, "copy": copy.pk, "job": job.pk}))
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def screens(ids: dict) -> dict[str, str]:
    kept, copy = ids["kept"], ids["copy"]
    return {
        "dashboard": "/admin/",
        "article-list": "/admin/news/article/",
        "article-form": f"/admin/news/article/{copy}/change/",
        "article-add": "/admin/news/article/add/",
        "compare": f"/admin/news/article/{copy}/same-story/{kept}/",
        "import-form": "/admin/intake/importjob/add/",
        "import-job": f"/admin/intake/importjob/{ids['job']}/change/",
        "pictures": "/admin/catalog/image/",
        "history": f"/admin/news/article/{kept}/history/",
    }


def wait_for(url: str, server: subprocess.Popen) -> None:
    from urllib.request import urlopen

    for _ in range(600):  # a slow machine may take a while to start Django; the server's exit ends the wait
        if server.poll() is not None:
            sys.exit("the server stopped before it answered")
        try:
            urlopen(url, timeout=5)  # noqa: S310 (a local address this script chose)
            return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"{url} never answered")


def photograph(base: str, pages: dict[str, str]) -> None:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        for kind, (width, height) in WIDTHS.items():
            context = browser.new_context(base_url=base, viewport={"width": width, "height": height})
            page = context.new_page()
            page.goto("/admin/login/?next=/admin/")
            page.get_by_label("Username:").fill("edna")
            page.get_by_label("Password:").fill(PASSWORD)
            page.get_by_role("button", name="Log in").click()
            page.wait_for_url("**/admin/")
            for name, url in pages.items():
                page.goto(url)
                path = OUT / f"{name}-{kind}.png"
                page.screenshot(path=str(path))
                Image.open(path).convert("RGB").quantize(256).save(path, optimize=True)
                print(f"{path.relative_to(ROOT)}")
            context.close()
        browser.close()


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="starlight-shots-") as folder:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{folder}/site.sqlite3",
            "MEDIA_ROOT": f"{folder}/media",
            "DJANGO_DEBUG": "1",  # runserver serves the static files
            "DJANGO_SETTINGS_MODULE": "starlight.settings",
        }
        manage(env, "migrate", "--noinput", "--verbosity", "0")
        manage(env, "load_demo", stdout=subprocess.DEVNULL)
        manage(env, "refresh_renditions", stdout=subprocess.DEVNULL)
        try:
            ids = json_from_script(env, SETUP_SCRIPT, PASSWORD)
        except subprocess.CalledProcessError as error:
            sys.exit(f"setting up the screens' content failed:\n{error.stderr}")
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), "runserver", "--noreload", f"127.0.0.1:{port}"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for(f"{base}/healthz", server)
            photograph(base, screens(ids))
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
