"""Articles put live with the admin's "Save and publish now", then their public pages as a visitor opens them:
no axe-core violation, and every `<time datetime>` in whole seconds (the button stamps the moment to the
microsecond, which the Nu checker refuses in a datetime). `make audit` does the same with Lighthouse and the
Nu checker; this keeps it in the suite."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from news.models import Article, Language
from tests import factories as f

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A date, or a date and a time to the minute or second with an offset: no fraction of a second.
WHOLE_SECONDS = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2}))?$")


def publish_from_the_admin(page, article):
    page.goto(f"/admin/news/article/{article.pk}/change/")
    with page.expect_navigation():
        page.get_by_role("button", name="Save and publish now", exact=True).click()
    # The admin's messages tell a success from an error by their class alone: they have no role or name.
    expect(page.locator(".messagelist .success")).to_be_visible()


def violations(page) -> list[str]:
    """Every violation axe-core finds, whatever its impact: one line per rule, naming where."""
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in Axe().run(page).response["violations"]
    ]


@pytest.mark.parametrize("prefix", ["", "/ko"])
def test_pages_of_articles_published_by_the_admins_button_pass_axe_and_carry_whole_seconds(
    new_page, world, editor, prefix
):
    drafts = [
        f.draft(f.article, title="Notes from the rooftop recording", slug="rooftop-recording", dated=None),
        f.draft(f.article, title="옥상 녹음 이야기", slug="rooftop-recording-ko", dated=None, language=Language.KOREAN),
    ]
    editor_page = new_page()
    sign_in(editor_page, editor)
    for draft in drafts:
        publish_from_the_admin(editor_page, draft)
    published = Article.objects.filter(pk__in=[draft.pk for draft in drafts])
    assert all(article.is_public and article.publish_at.microsecond for article in published)

    page = new_page()
    found = {}
    for address in [f"{prefix}/", f"{prefix}/news/", *(f"{prefix}{a.get_absolute_url()}" for a in published)]:
        assert page.goto(address).status == 200, address
        expect(page.locator("html")).to_have_attribute("lang", prefix.strip("/") or "en")
        stamps = page.locator("time[datetime]").evaluate_all("(times) => times.map((time) => time.dateTime)")
        assert stamps, f"{address} shows no <time datetime>"
        problems = violations(page) + [f"<time datetime={s!r}>" for s in stamps if not WHOLE_SECONDS.match(s)]
        if problems:
            found[address] = problems
    assert found == {}, "\n".join(
        f"{address}: {problem}" for address, problems in found.items() for problem in problems
    )
