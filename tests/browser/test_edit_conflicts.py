"""Two editors on one article in two browsers: the second save shows what the first changed, and saving
again keeps both."""

import pytest
from playwright.sync_api import expect

from news.models import Article
from tests import factories as f

from .conftest import sign_in
from .test_editorial_flow import field, save

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_second_save_shows_the_first_and_saving_again_keeps_both(new_page):
    article = f.article(title="Lost in Starlight opens the festival", summary="The first summary.")
    ana, ben = new_page(), new_page()
    sign_in(ana, f.staff_user("ana", group="Editors"))
    sign_in(ben, f.staff_user("ben", group="Editors"))
    for page in (ana, ben):
        page.goto(f"/admin/news/article/{article.pk}/change/")
        expect(field(page, "Title")).to_have_value("Lost in Starlight opens the festival")

    field(ben, "Title").fill("Lost in Starlight closes the festival")
    save(ben, "Save and continue editing")
    field(ana, "Summary").fill("Ana's summary of the night.")
    ana.get_by_role("button", name="Save and continue editing", exact=True).click()

    conflict = ana.get_by_role("region", name="was saved by someone else since you opened it")
    expect(conflict).to_be_visible()
    changes = conflict.get_by_role("table", name="since you opened this page")
    title_row = changes.get_by_role("row", name="Title")
    expect(title_row).to_contain_text("Lost in Starlight closes the festival")
    expect(title_row.get_by_role("checkbox", name="Take the saved Title")).to_be_checked()
    expect(changes.get_by_role("row")).to_have_count(2)  # the header and the title: the summary was Ana's alone
    expect(field(ana, "Summary")).to_have_value("Ana's summary of the night.")  # nothing of hers lost

    save(ana, "Save and continue editing")
    expect(field(ana, "Title")).to_have_value("Lost in Starlight closes the festival")
    article = Article.objects.get(pk=article.pk)
    assert (article.title, article.summary) == ("Lost in Starlight closes the festival", "Ana's summary of the night.")
