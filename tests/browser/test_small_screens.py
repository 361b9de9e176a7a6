"""On a 390 px phone screen (issue 17): Korean names never break inside a word ("(김태 / 리)"), the
header and the breadcrumbs keep to one row, and no page is wider than the screen."""

import pytest

from tests import factories as f
from tests.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.django_db(transaction=True)

# The Hangul part of each card's name, as the lines the browser laid it out on.
HANGUL_LINES = """
() => [...document.querySelectorAll('.person-card a')].map((link) => {
  const text = link.firstChild;
  const hangul = /[\\uac00-\\ud7a3]+/.exec(text.data);
  if (!hangul) return [link.textContent, 0];
  const range = document.createRange();
  range.setStart(text, hangul.index);
  range.setEnd(text, hangul.index + hangul[0].length);
  const tops = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
  return [link.textContent, tops.size];
})
"""


@pytest.mark.parametrize("prefix", ["", "/ko"])
def test_korean_names_wrap_only_between_words_at_390_px(new_page, prefix):
    names = [("Bong Joon-ho", "봉준호"), ("Han Ji-won", "한지원"), ("Hong Kyung", "홍경"), ("Kang Hyun-joo", "강현주")]
    for name, name_ko in names:
        f.person(name=name, name_ko=name_ko, slug=name.lower().replace(" ", "-"))
    page = new_page()
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"{prefix}/people/")
    laid_out = page.evaluate(HANGUL_LINES)
    assert len(laid_out) == len(names)
    assert all(lines == 1 for _text, lines in laid_out), laid_out


@pytest.mark.parametrize("prefix", ["", "/ko"])
def test_the_header_nav_keeps_to_one_row_at_390_px(new_page, prefix):
    page = new_page()
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"{prefix}/people/")
    boxes = page.eval_on_selector_all(
        ".site-nav a", "(links) => links.map((a) => { const r = a.getBoundingClientRect(); return [r.top, r.right]; })"
    )
    assert len(boxes) == 5
    assert len({round(top) for top, _right in boxes}) == 1  # one row
    assert max(right for _top, right in boxes) <= 390  # every link in sight, none scrolled away


@pytest.mark.parametrize("prefix", ["", "/ko"])
def test_a_long_breadcrumb_trail_keeps_to_one_row_at_390_px(new_page, prefix):
    title = "Netflix's first Korean animated feature reaches screens in one hundred and ninety countries at once"
    article = f.article(title=title, slug="a-very-long-headline")
    page = new_page()
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"{prefix}{article.get_absolute_url()}")
    trail = page.eval_on_selector(
        ".breadcrumbs ol",
        """(ol) => ({
          tops: [...ol.children].map((li) => Math.round(li.getBoundingClientRect().top)),
          right: Math.max(...[...ol.children].map((li) => li.getBoundingClientRect().right)),
          home: ol.firstElementChild.scrollWidth <= ol.firstElementChild.clientWidth,
          current: ol.lastElementChild.firstElementChild.textContent,
          cut: ol.lastElementChild.firstElementChild.scrollWidth > ol.lastElementChild.firstElementChild.clientWidth,
        })""",
    )
    assert len(set(trail["tops"])) == 1  # one row
    assert trail["right"] <= 390
    assert trail["home"]  # "Home" is never cut
    assert trail["current"] == title and trail["cut"]  # the whole title is there for screen readers, cut on screen


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
            name = (url.strip("/").replace("/", "_").replace("?", "_") or "home") + ".png"
            page.screenshot(path=str(SCREENSHOTS / name), full_page=True)
            width = page.evaluate("() => document.documentElement.scrollWidth")
            if width > 390:
                too_wide[url] = width
    assert too_wide == {}
