"""Every story its own picture (issue 35): on /news/, cards of articles without a picture of their
own show each its drawn share card, so no two cards side by side or one above the other look alike,
on a phone and on a wide screen, in English and in Korean."""

import pytest
from playwright.sync_api import expect

from catalog.artwork import draw_poster
from tests import factories as f
from tests.sharing.test_cards import draw_all

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STORIES = 9  # three full rows of the wide grid

# Each card's picture and where it sits. The pictures only decorate (alt=""), so they have no role
# to find them by: the card's <img> is read from the list item Playwright found by role.
PICTURES = """
(items) => items.map((item) => {
  const img = item.querySelector("img");
  const box = item.getBoundingClientRect();
  return {src: img ? img.getAttribute("src") : "", top: Math.round(box.top), left: Math.round(box.left)};
})
"""


@pytest.mark.parametrize("width", [390, 1440])
@pytest.mark.parametrize("prefix", ["", "/ko"])
def test_no_two_adjacent_cards_on_the_news_share_a_picture(new_page, prefix, width):
    poster = f.image(draw_poster(title="Lost in Starlight", width=400, height=600), "poster.png", "The poster")
    f.film(name="Lost in Starlight", slug="lost-in-starlight", poster=poster)
    for i in range(STORIES):
        f.article(title=f"Starlight story {i}", slug=f"story-{i}", body="<p>News.</p>")
    draw_all()  # what the background worker does after the writes

    page = new_page()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{prefix}/news/")
    items = page.get_by_role("main").get_by_role("list").filter(has=page.get_by_role("article")).get_by_role("listitem")
    expect(items).to_have_count(STORIES)
    cards = items.evaluate_all(PICTURES)

    assert all(card["src"] for card in cards)
    rows = sorted({card["top"] for card in cards})
    columns = sorted({card["left"] for card in cards})
    assert len(columns) == (1 if width == 390 else 3)
    at = {(rows.index(card["top"]), columns.index(card["left"])): card["src"] for card in cards}
    for (row, column), src in at.items():
        for neighbour in ((row, column + 1), (row + 1, column)):
            assert at.get(neighbour) != src, f"cards at {(row, column)} and {neighbour} share {src}"
