"""The home page's latest news, as a visitor sees it at 390 px and 1440 px in both languages: the
first articles of the news list, the page's language first, and no card orphaned on a row of its own."""

import pytest
from playwright.sync_api import expect

from news.models import Language
from tests import factories as f
from tests.browser.conftest import layout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LATEST_NEWS = {"": "Latest news", "/ko": "최신 뉴스"}
ARTICLES = {"": "Articles", "/ko": "기사 목록"}
LANGUAGE = {"": "en", "/ko": "ko"}

# Each card's title and language (its own lang, else the page's), in order.
CARDS = """(list) => [...list.querySelectorAll(":scope > li")].map((item) => {
  const title = item.querySelector("h2 a, h3 a");
  return [title.textContent, title.closest("[lang]").lang];
})"""

# The rows the cards are laid out on: each row's cards' widths, and the list's width.
ROWS = """(list) => {
  const rows = new Map();
  for (const item of list.children) {
    const box = item.getBoundingClientRect();
    const top = Math.round(box.top);
    rows.set(top, [...(rows.get(top) || []), Math.round(box.width)]);
  }
  return { width: Math.round(list.getBoundingClientRect().width), rows: [...rows.values()] };
}"""


@pytest.mark.parametrize("width", [390, 1440])
@pytest.mark.parametrize("prefix", ["", "/ko"])
def test_the_latest_news_is_the_news_lists_first_in_the_pages_language_order(new_page, prefix, width):
    f.article(title="첫 번째 한국어 기사", language=Language.KOREAN, dated=f.days_ago(5))
    for day in range(7):
        f.article(title=f"English story {day}", dated=f.days_ago(day))
    page = new_page()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{prefix}/news/")
    listed = page.get_by_role("main").get_by_role("list").filter(has=page.get_by_role("article")).first
    expect(listed.get_by_role("listitem")).to_have_count(8)
    in_order = sorted(layout(listed, CARDS), key=lambda card: card[1] != LANGUAGE[prefix])
    page.goto(f"{prefix}/")
    latest = page.get_by_role("region", name=LATEST_NEWS[prefix]).get_by_role("list")
    expect(latest.get_by_role("listitem")).to_have_count(6)
    assert layout(latest, CARDS) == in_order[:6]


@pytest.mark.parametrize("width", [390, 800, 1440])
@pytest.mark.parametrize("prefix", ["", "/ko"])
def test_no_card_stands_alone_on_a_row_it_does_not_fill(new_page, prefix, width):
    for day in range(4):  # four cards: one left over on three columns and none on two
        f.article(title=f"Story {day}", dated=f.days_ago(day))
    page = new_page()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{prefix}/")
    latest = page.get_by_role("region", name=LATEST_NEWS[prefix]).get_by_role("list")
    expect(latest.get_by_role("listitem")).to_have_count(4)
    laid_out = layout(latest, ROWS)
    lone = [row[0] for row in laid_out["rows"] if len(row) == 1]
    assert all(abs(card - laid_out["width"]) <= 1 for card in lone), laid_out
