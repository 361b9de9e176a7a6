"""The header's search box as a combobox (search/static/search/suggest.js), driven with the keyboard.

The box asks for suggestions after a pause in typing. The page's clock stands still here (Playwright's
fake clock), so that pause comes only when a test says, however fast or slow the machine types.
"""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from .conftest import layout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOADED_AT = dt.datetime(2025, 6, 1, 12, 0, tzinfo=dt.UTC)
LIST_ID = "site-search-suggestions"


def open_page(new_page, path):
    """A page at `path` whose clock stands still once it has loaded: time passes only when the test says."""
    page = new_page()
    page.clock.install(time=LOADED_AT)
    page.goto(path)
    page.clock.pause_at(LOADED_AT + dt.timedelta(hours=1))
    return page


def search_box(page, name="Search the site"):
    return page.get_by_role("combobox", name=name, exact=True)


def suggestions(page, name="Suggestions"):
    """The list of suggestions, hidden or not."""
    return page.get_by_role("listbox", name=name, exact=True, include_hidden=True)


def announcement(page):
    """What the box tells screen readers about the suggestions (the header's only status)."""
    return page.get_by_role("banner").get_by_role("status")


def type_in_box(page, box, text):
    """Type `text`, then stop typing for a second: the box asks for suggestions once."""
    box.press_sequentially(text)
    page.clock.run_for(1000)


def test_arrow_keys_choose_a_suggestion_and_enter_opens_it(new_page, world):
    requests = []
    page = open_page(new_page, "/")
    page.on("request", lambda request: "/search/suggest/" in request.url and requests.append(request.url))
    box, listbox = search_box(page), suggestions(page)  # a combobox, found by that role
    expect(box).to_have_attribute("aria-autocomplete", "list")
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(box).to_have_attribute("aria-controls", LIST_ID)
    expect(listbox).to_have_id(LIST_ID)
    type_in_box(page, box, "bon")
    options = listbox.get_by_role("option")
    # A whole first word typed ("bon") ranks the song before the longer name that starts with it.
    expect(options).to_have_text(["Bon Voyage (봉 보야주) Song", "Bong Joon-ho Person"])
    expect(listbox).to_be_visible()
    assert requests == [f"{page.url}search/suggest/?q=bon"]  # one request for the three keys typed
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(announcement(page)).to_have_text("2 suggestions. Use the up and down arrow keys to choose.")
    expect(box).not_to_have_attribute("aria-activedescendant")

    box.press("ArrowDown")
    first, second = options.nth(0), options.nth(1)
    expect(first).to_have_id(f"{LIST_ID}-0")
    expect(second).to_have_id(f"{LIST_ID}-1")
    expect(box).to_have_attribute("aria-activedescendant", f"{LIST_ID}-0")
    expect(first).to_have_attribute("aria-selected", "true")
    box.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", f"{LIST_ID}-1")
    expect(first).to_have_attribute("aria-selected", "false")
    expect(second).to_have_attribute("aria-selected", "true")
    box.press("ArrowDown")  # past the last: back to the text
    expect(box).not_to_have_attribute("aria-activedescendant")
    box.press("ArrowUp")  # and up from the text: the last
    expect(box).to_have_attribute("aria-activedescendant", f"{LIST_ID}-1")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/people/bong-joon-ho/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Bong Joon-ho"))


def test_escape_closes_the_list_then_clears_the_box(new_page, world):
    page = open_page(new_page, "/news/")
    box, listbox = search_box(page), suggestions(page)
    type_in_box(page, box, "kim t")
    expect(listbox.get_by_role("option")).to_have_count(1)
    box.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", f"{LIST_ID}-0")
    box.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(box).not_to_have_attribute("aria-activedescendant")
    expect(box).to_have_value("kim t")
    box.press("ArrowDown")  # opens the list again and chooses the first option
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-activedescendant", f"{LIST_ID}-0")
    box.press("Escape")
    expect(listbox).to_be_hidden()
    box.press("Escape")
    expect(box).to_have_value("")
    expect(listbox).to_be_hidden()


def found_people(page):
    """The people the search page found."""
    return page.get_by_role("main").get_by_role("region", name=re.compile(r"^People \("))


def test_enter_with_nothing_chosen_searches_as_before(new_page, world):
    page = open_page(new_page, "/people/")
    box = search_box(page)
    type_in_box(page, box, "kim tae")
    expect(suggestions(page).get_by_role("option")).to_have_count(1)
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=kim\+tae$"))
    expect(found_people(page).get_by_role("link", name="Kim Tae-ri")).to_be_visible()


def test_typing_again_forgets_the_chosen_option(new_page, world):
    page = open_page(new_page, "/")
    box, options = search_box(page), suggestions(page).get_by_role("option")
    type_in_box(page, box, "bon")
    expect(options).to_have_count(2)
    box.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", f"{LIST_ID}-0")
    box.press_sequentially("g")
    # The clock stands still, so no new answer can have come: the key itself forgot the option.
    expect(box).not_to_have_attribute("aria-activedescendant")
    page.clock.run_for(1000)
    expect(options).to_have_count(1)
    box.press("Enter")  # the words typed, not the option chosen before
    expect(page).to_have_url(re.compile(r"/search/\?q=bong$"))


def test_a_late_answer_for_older_text_is_never_shown(new_page, world):
    page = open_page(new_page, "/")
    held = []
    # The answer for "bon" is held, and given only after the newer question's.
    page.route(lambda url: url.endswith("/search/suggest/?q=bon"), lambda route: held.append(route))
    box, options = search_box(page), suggestions(page).get_by_role("option")
    with page.expect_request(lambda request: request.url.endswith("/search/suggest/?q=bon")):
        type_in_box(page, box, "bon")
    expect(box).to_have_attribute("aria-expanded", "false")  # no answer yet
    type_in_box(page, box, "g")
    expect(options).to_have_text(["Bong Joon-ho Person"])
    assert len(held) == 1
    late = {"query": "bon", "suggestions": [{"kind": "person", "kind_label": "Person", "label": "Late", "url": "/"}]}
    try:
        held[0].fulfill(json=late)
    except Exception:  # noqa: BLE001 - the script may have aborted it already, which is as good
        pass
    # Then a question of our own through the page's network: its answer comes after the late one, and the
    # page handles answers in the order they come, so the late one has had its chance by then.
    assert page.evaluate("async () => (await fetch('/search/suggest/?q=bong')).ok")
    expect(options).to_have_text(["Bong Joon-ho Person"])


def test_korean_pages_suggest_in_korean_and_a_click_opens_one(new_page, world):
    page = open_page(new_page, "/ko/")
    listbox = suggestions(page, "추천 항목")  # the list's name, in Korean
    type_in_box(page, search_box(page, "사이트 검색"), "김태")
    expect(listbox.get_by_role("option")).to_have_text(["김태리 (Kim Tae-ri) 인물", "김태리, 난영의 목소리로 뉴스"])
    expect(listbox).to_have_attribute("aria-label", "추천 항목")
    expect(announcement(page)).to_have_text(re.compile(r"^추천 항목 2개\."))
    listbox.get_by_role("option").first.click()
    expect(page).to_have_url(re.compile(r"/ko/people/kim-tae-ri/$"))


def test_a_name_in_the_other_script_is_marked_with_its_language(new_page, world):
    page = open_page(new_page, "/")
    type_in_box(page, search_box(page), "난")
    nan_young = suggestions(page).get_by_role("option", name="Nan-young (난영) Character", exact=True)
    expect(nan_young).to_be_visible()
    # lang is not part of an element's role or name: read where the Korean words sit.
    expect(nan_young.locator('[lang="ko"]')).to_have_text("난영")


def test_nothing_found_says_so_and_shows_no_list(new_page, world):
    page = open_page(new_page, "/")
    box = search_box(page)
    type_in_box(page, box, "qwxz")
    expect(announcement(page)).to_have_text("No suggestions")
    expect(suggestions(page)).to_be_attached()
    expect(suggestions(page)).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")


def test_the_list_opens_over_the_page_on_a_phone(new_page, world):
    page = open_page(new_page, "/")
    page.set_viewport_size({"width": 390, "height": 800})
    main, listbox = page.get_by_role("main"), suggestions(page)
    top = "(main) => main.getBoundingClientRect().top"
    expect(main).to_be_visible()
    before = layout(main, top)
    type_in_box(page, search_box(page), "bon")
    expect(listbox.get_by_role("option")).to_have_count(2)
    assert layout(main, top) == before  # nothing moved
    left, right = layout(listbox, "(list) => [list.getBoundingClientRect().left, list.getBoundingClientRect().right]")
    assert left >= 0 and right <= 390


def test_without_javascript_the_box_is_the_plain_form(browser, live_server, world):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/")
        box = page.get_by_role("searchbox", name="Search the site", exact=True)  # the plain search box
        expect(box).to_be_visible()
        expect(box).not_to_have_attribute("role")
        expect(page.get_by_role("listbox", include_hidden=True)).to_have_count(0)
        box.fill("kim tae")
        box.press("Enter")
        expect(page).to_have_url(re.compile(r"/search/\?q=kim\+tae$"))
        expect(found_people(page).get_by_role("link", name="Kim Tae-ri")).to_be_visible()
    finally:
        context.close()
