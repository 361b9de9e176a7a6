"""The admin at 1440 px: the article list shows every column with room for titles; the body editor is a page tall."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from news.models import PossibleDuplicate
from tests import factories as f

from .conftest import layout, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDE = {"width": 1440, "height": 900}


def test_the_article_list_fits_1440_px_with_titles_in_a_few_lines(new_page, editor):
    source = f.source(name="Seoul Screen Notes")
    for n in range(3):
        f.article(title=f"Who voices who: the Korean cast and the English dub, part {n}", source=source)
    kept = f.article(title="A first for Korean animation on Netflix", source=source)
    copy = f.draft(f.article, title="A first for Korean animation (wire copy)", needs_review=True)
    PossibleDuplicate.objects.get_or_create(article=copy, of=kept, defaults={"similarity": 0.92})
    page = new_page()
    page.set_viewport_size(WIDE)
    sign_in(page, editor)
    page.goto(reverse("admin:news_article_changelist"))
    table = page.get_by_role("table")
    expect(table.get_by_role("columnheader", name="Review")).to_be_visible()
    expect(table.get_by_text("Possible duplicate", exact=True).first).to_be_visible()  # the widest badges are there
    # The results box scrolls sideways only when a column does not fit: it must not.
    results = page.locator("#changelist .results")  # the table's scrolling box has no role of its own
    overflow = layout(results, "(box) => box.scrollWidth - box.clientWidth")
    assert overflow <= 0
    title = table.get_by_role("link", name="Who voices who: the Korean cast and the English dub, part 0")
    lines = layout(title, "(link) => link.getClientRects().length")
    assert lines <= 3


def test_the_body_editor_is_about_twenty_lines_tall_and_grows(new_page, editor):
    article = f.article(body="<p>One short paragraph.</p>")
    page = new_page()
    page.set_viewport_size(WIDE)
    sign_in(page, editor)
    page.goto(reverse("admin:news_article_change", args=[article.pk]))
    body = page.get_by_role("textbox", name="Body:", exact=True)
    expect(body).to_be_visible()
    height = layout(body, "(box) => box.getBoundingClientRect().height / parseFloat(getComputedStyle(box).lineHeight)")
    assert height >= 19
    body.click()
    for _ in range(40):
        page.keyboard.press("Enter")
    grown = layout(body, "(box) => box.getBoundingClientRect().height / parseFloat(getComputedStyle(box).lineHeight)")
    assert grown > height
