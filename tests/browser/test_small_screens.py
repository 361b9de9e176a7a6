"""On a 390 px phone screen (issue 17): Korean names never break inside a word ("(김태 / 리)"), the
header and the breadcrumbs keep to one row, and no page is wider than the screen."""

import pytest
from playwright.sync_api import expect

from tests import factories as f
from tests.browser.conftest import ARTIFACTS, layout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The landmarks' names, in each language.
MAIN_NAV = {"": "Main", "/ko": "주 메뉴"}
BREADCRUMBS = {"": "Breadcrumbs", "/ko": "현재 위치"}

# How many lines the browser laid the Hangul part of a card's name out on (none: 0).
HANGUL_LINES = """
(link) => {
  const texts = document.createTreeWalker(link, NodeFilter.SHOW_TEXT);
  let text, hangul;
  while ((text = texts.nextNode()) && !(hangul = /[\\uac00-\\ud7a3]+/.exec(text.data)));
  if (!hangul) return 0;
  const range = document.createRange();
  range.setStart(text, hangul.index);
  range.setEnd(text, hangul.index + hangul[0].length);
  return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
}
"""


@pytest.mark.parametrize("prefix", ["", "/ko"])
def test_korean_names_wrap_only_between_words_at_390_px(new_page, prefix):
    names = [("Bong Joon-ho", "봉준호"), ("Han Ji-won", "한지원"), ("Hong Kyung", "홍경"), ("Kang Hyun-joo", "강현주")]
    for name, name_ko in names:
        f.person(name=name, name_ko=name_ko, slug=name.lower().replace(" ", "-"))
    page = new_page()
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"{prefix}/people/")
    cards = page.get_by_role("main").get_by_role("list").get_by_role("link")
    expect(cards).to_have_count(len(names))
    laid_out = [(card.text_content(), layout(card, HANGUL_LINES)) for card in cards.all()]
    assert all(lines == 1 for _text, lines in laid_out), laid_out


@pytest.mark.parametrize("prefix", ["", "/ko"])
def test_the_header_nav_keeps_to_one_row_at_390_px(new_page, prefix):
    page = new_page()
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"{prefix}/people/")
    links = page.get_by_role("navigation", name=MAIN_NAV[prefix], exact=True).get_by_role("link")
    expect(links).to_have_count(5)
    edges = "(a) => [a.getBoundingClientRect().top, a.getBoundingClientRect().right]"
    boxes = [layout(link, edges) for link in links.all()]
    assert len({round(top) for top, _right in boxes}) == 1  # one row
    assert max(right for _top, right in boxes) <= 390  # every link in sight, none scrolled away


@pytest.mark.parametrize("prefix", ["", "/ko"])
def test_a_long_breadcrumb_trail_keeps_to_one_row_at_390_px(new_page, prefix):
    title = "Netflix's first Korean animated feature reaches screens in one hundred and ninety countries at once"
    article = f.article(title=title, slug="a-very-long-headline")
    page = new_page()
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"{prefix}{article.get_absolute_url()}")
    crumbs = page.get_by_role("navigation", name=BREADCRUMBS[prefix], exact=True).get_by_role("list")
    expect(crumbs.get_by_role("listitem").last).to_have_text(title)  # the whole title is there for screen readers…
    trail = layout(
        crumbs,
        """(ol) => ({
          tops: [...ol.children].map((li) => Math.round(li.getBoundingClientRect().top)),
          right: Math.max(...[...ol.children].map((li) => li.getBoundingClientRect().right)),
          home: ol.firstElementChild.scrollWidth <= ol.firstElementChild.clientWidth,
          cut: ol.lastElementChild.firstElementChild.scrollWidth > ol.lastElementChild.firstElementChild.clientWidth,
        })""",
    )
    assert len(set(trail["tops"])) == 1  # one row
    assert trail["right"] <= 390
    assert trail["home"]  # "Home" is never cut
    assert trail["cut"]  # …cut on screen


PAGES_390 = [
    "/",
    "/films/lost-in-starlight/",
    "/people/",
    "/people/kim-tae-ri/",
    "/songs/",
    "/songs/bon-voyage/",
    "/news/",
    "/news/review/",
    "/news/topics/reviews/",
    "/search/?q=kim",
]
SCREENSHOTS = ARTIFACTS / "390px"


def test_no_page_scrolls_sideways_at_390_px(world, new_page):
    """Every public page, in both languages, fits a 390 px phone: nothing wider than the screen.

    Each page's full-length screenshot is left in test-artifacts/390px/ for a person to look over.
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    too_wide = {}
    for prefix in ("", "/ko"):
        for path in PAGES_390:
            url = f"{prefix}{path}"
            assert page.goto(url).status == 200, url
            expect(page.get_by_role("main")).to_be_visible()
            width = layout(page, "() => document.documentElement.scrollWidth")
            name = (url.strip("/").replace("/", "_").replace("?", "_") or "home") + ".png"
            page.screenshot(path=str(SCREENSHOTS / name), full_page=True)
            if width > 390:
                too_wide[url] = width
    assert too_wide == {}
