"""At 390 px and 1440 px, in both languages: the filter bars of /news/ and /people/ show their labels whole
and keep "Filter" and "Clear filters" on one line; the film's cast table keeps each face beside its name,
on one or two lines."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import layout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FILTER = {"": "Filter", "/ko": "필터 적용"}
CLEAR = {"": "Clear filters", "/ko": "필터 지우기"}
VOICE_CAST = {"": "Voice cast by character and language", "/ko": "등장인물과 언어별 목소리 출연"}

# Each select's chosen label against the room its box leaves for it (less padding and the arrow).
CLIPPED = """(form) => [...form.querySelectorAll("select")].flatMap((select) => {
  const style = getComputedStyle(select);
  const pen = document.createElement("canvas").getContext("2d");
  pen.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const text = select.options[select.selectedIndex].text;
  const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 16;
  return pen.measureText(text).width > room ? [text] : [];
})"""
TOP = "(element) => Math.round(element.getBoundingClientRect().top + element.getBoundingClientRect().height / 2)"
# How many lines each voice's name takes, and whether its face is shown.
VOICES = """(table) => [...table.querySelectorAll("tbody td a")].map((link) => ({
  name: link.textContent,
  lines: new Set([...link.getClientRects()].map((rect) => Math.round(rect.top))).size,
  face: !!link.parentElement.querySelector("img") && link.parentElement.querySelector("img").offsetWidth > 0,
}))"""


@pytest.mark.parametrize("width", [390, 1440])
@pytest.mark.parametrize("prefix", ["", "/ko"])
@pytest.mark.parametrize("path", ["/news/", "/people/"])
def test_filter_bars_fit_their_labels(world, new_page, prefix, width, path):
    page = new_page()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{prefix}{path}")
    form = page.get_by_role("search").filter(has=page.get_by_role("button", name=FILTER[prefix], exact=True))
    button = form.get_by_role("button", name=FILTER[prefix], exact=True)
    clear = form.get_by_role("link", name=CLEAR[prefix], exact=True)
    expect(button).to_be_visible()
    expect(clear).to_be_visible()
    assert layout(form, CLIPPED) == []
    assert layout(button, TOP) == layout(clear, TOP)


@pytest.mark.parametrize("width", [390, 1440])
@pytest.mark.parametrize("prefix", ["", "/ko"])
def test_the_cast_table_keeps_faces_and_names_on_one_or_two_lines(world, new_page, prefix, width):
    page = new_page()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{prefix}/films/lost-in-starlight/")
    table = page.get_by_role("table", name=VOICE_CAST[prefix])
    expect(table.get_by_role("link").first).to_be_visible()
    voices = layout(table, VOICES)
    assert voices and all(voice["lines"] <= 2 for voice in voices), voices
    faces = [voice for voice in voices if voice["name"].startswith(("Kim", "김"))]
    assert faces and all(voice["face"] for voice in faces), voices
