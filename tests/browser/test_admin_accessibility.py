"""axe-core on the main admin screens, in English and Korean: no serious or critical violation, contrast included.

axe-core comes from the pinned axe-playwright-python package (its bundled axe.min.js): nothing is fetched
at test time. Each screen is opened signed in as an editor, with one of everything it lists.
"""

import io

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.urls import reverse
from PIL import Image as PILImage
from playwright.sync_api import expect

from editorial.models import ReviewRequest
from intake.models import ImportJob
from news.models import PossibleDuplicate
from tests import factories as f

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SERIOUS = {"serious", "critical"}


def png() -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (320, 180), "midnightblue").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def screens(editor):
    """The address of each screen checked, over a small newsroom: a flagged pair, a picture, a finished import."""
    picture = f.image(png(), "still.png", "Nan-young on the rooftop")
    source = f.source(name="Film Daily")
    kept = f.article(title="Lost in Starlight opens in Seoul", source=source, hero_image=picture)
    copy = f.draft(f.article, title="Lost in Starlight opens in Seoul theatres", source=source, needs_review=True)
    PossibleDuplicate.objects.create(article=copy, of=kept, similarity=0.92)
    ReviewRequest.submit(copy, user=editor)  # so its form has the send-back comment box
    job = ImportJob.objects.create(
        started_by=editor,
        state=ImportJob.State.FINISHED,
        files_total=1,
        files_done=1,
        counts={"created": 1},
        report=[{"file": "opening.md", "outcome": "created", "articles": []}],
    )
    return {
        "dashboard": reverse("admin:index"),
        "article list": reverse("admin:news_article_changelist"),
        "article form": reverse("admin:news_article_change", args=[copy.pk]),
        "new article form": reverse("admin:news_article_add"),
        "compare page": reverse("admin:news_article_same_story", args=[copy.pk, kept.pk]),
        "import form": reverse("admin:intake_importjob_add"),
        "import job": reverse("admin:intake_importjob_change", args=[job.pk]),
        "picture library": reverse("admin:catalog_image_changelist"),
        "history": reverse("admin:news_article_history", args=[kept.pk]),
    }


def serious_violations(page) -> list[str]:
    """What axe-core finds serious or critical on the page: one line per rule, naming where."""
    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in results.response["violations"]
        if violation["impact"] in SERIOUS
    ]


@pytest.mark.parametrize("language", ["en", "ko"])
def test_the_main_admin_screens_have_no_serious_accessibility_violation(
    new_page, editor, screens, live_server, language
):
    page = new_page()
    sign_in(page, editor)
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
    found = {}
    for name, url in screens.items():
        page.goto(url)
        expect(page.locator("html")).to_have_attribute("lang", language)
        if problems := serious_violations(page):
            found[name] = problems
    assert found == {}, "\n".join(f"{name}: {problem}" for name, problems in found.items() for problem in problems)
