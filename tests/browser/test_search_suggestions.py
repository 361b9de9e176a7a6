"""The header's search box as a combobox (search/static/search/suggest.js), driven with the keyboard."""

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BOX = "#site-search"
LIST = "#site-search-suggestions"
OPTIONS = f"{LIST} [role=option]"


def type_in_box(page, text):
    page.focus(BOX)
    page.keyboard.type(text, delay=20)


def wait_for_options(page, count):
    page.wait_for_function(
        "([list, count]) => { const box = document.querySelector(list); "
        "return box && !box.hidden && box.querySelectorAll('[role=option]').length === count; }",
        arg=[LIST, count],
    )


def option_texts(page):
    return page.eval_on_selector_all(OPTIONS, "(options) => options.map((o) => o.textContent)")


def test_arrow_keys_choose_a_suggestion_and_enter_opens_it(new_page, world):
    page = new_page()
    requests = []
    page.on("request", lambda request: "/search/suggest/" in request.url and requests.append(request.url))
    page.goto("/")
    box = page.locator(BOX)
    assert box.get_attribute("role") == "combobox"
    assert box.get_attribute("aria-autocomplete") == "list"
    assert box.get_attribute("aria-expanded") == "false"
    assert box.get_attribute("aria-controls") == LIST[1:]
    type_in_box(page, "bon")
    wait_for_options(page, 2)
    assert requests == [f"{page.url}search/suggest/?q=bon"]  # one request for the three keys typed
    assert option_texts(page) == ["Bong Joon-ho Person", "Bon Voyage (봉 보야주) Song"]
    assert box.get_attribute("aria-expanded") == "true"
    assert page.get_attribute(LIST, "role") == "listbox"
    assert page.text_content("#site-search-suggestions + [role=status]") == (
        "2 suggestions. Use the up and down arrow keys to choose."
    )
    assert box.get_attribute("aria-activedescendant") is None

    box.press("ArrowDown")
    first, second = page.locator(OPTIONS).all()
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    assert first.get_attribute("aria-selected") == "true"
    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == second.get_attribute("id")
    assert (first.get_attribute("aria-selected"), second.get_attribute("aria-selected")) == ("false", "true")
    box.press("ArrowDown")  # past the last: back to the text
    assert box.get_attribute("aria-activedescendant") is None
    box.press("ArrowUp")  # and up from the text: the last
    assert box.get_attribute("aria-activedescendant") == second.get_attribute("id")
    box.press("Enter")
    page.wait_for_url("**/songs/bon-voyage/")
    assert page.locator("h1").first.text_content().startswith("Bon Voyage")


def test_escape_closes_the_list_then_clears_the_box(new_page, world):
    page = new_page()
    page.goto("/news/")
    type_in_box(page, "kim t")
    wait_for_options(page, 1)
    box = page.locator(BOX)
    box.press("ArrowDown")
    box.press("Escape")
    assert page.locator(LIST).is_hidden()
    assert box.get_attribute("aria-expanded") == "false"
    assert box.get_attribute("aria-activedescendant") is None
    assert box.input_value() == "kim t"
    box.press("ArrowDown")  # opens the list again and chooses the first option
    assert page.locator(LIST).is_visible()
    assert box.get_attribute("aria-activedescendant") == "site-search-suggestions-0"
    box.press("Escape")
    box.press("Escape")
    assert box.input_value() == ""
    assert page.locator(LIST).is_hidden()


def test_enter_with_nothing_chosen_searches_as_before(new_page, world):
    page = new_page()
    page.goto("/people/")
    type_in_box(page, "kim tae")
    wait_for_options(page, 1)
    page.locator(BOX).press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=kim\+tae$"))
    assert "Kim Tae-ri" in page.text_content(".search-hits")


def test_typing_again_forgets_the_chosen_option(new_page, world):
    page = new_page()
    page.goto("/")
    type_in_box(page, "bon")
    wait_for_options(page, 2)
    page.locator(BOX).press("ArrowDown")
    page.keyboard.type("g")
    assert page.locator(BOX).get_attribute("aria-activedescendant") is None
    wait_for_options(page, 1)
    page.locator(BOX).press("Enter")  # the words typed, not the option chosen before
    page.wait_for_url(re.compile(r"/search/\?q=bong$"))


def test_a_late_answer_for_older_text_is_never_shown(new_page, world):
    page = new_page()
    held = []

    def hold_the_first(route):
        if route.request.url.endswith("?q=bon"):
            held.append(route)  # answered only after the newer question
        else:
            route.continue_()

    page.route("**/search/suggest/?*", hold_the_first)
    page.goto("/")
    type_in_box(page, "bon")
    page.wait_for_function("() => document.querySelector('#site-search').getAttribute('aria-expanded') === 'false'")
    page.wait_for_timeout(400)  # past the pause that sends the question
    assert len(held) == 1
    page.keyboard.type("g")
    wait_for_options(page, 1)
    late = {"query": "bon", "suggestions": [{"kind": "person", "kind_label": "Person", "label": "Late", "url": "/"}]}
    try:
        held[0].fulfill(json=late)
    except Exception:  # noqa: BLE001 - the script may have aborted it already, which is as good
        pass
    page.wait_for_timeout(300)
    assert option_texts(page) == ["Bong Joon-ho Person"]


def test_korean_pages_suggest_in_korean_and_a_click_opens_one(new_page, world):
    page = new_page()
    page.goto("/ko/")
    type_in_box(page, "김태")
    wait_for_options(page, 2)
    assert option_texts(page) == ["김태리 (Kim Tae-ri) 인물", "김태리, 난영의 목소리로 뉴스"]
    assert page.get_attribute(LIST, "aria-label") == "추천 항목"
    assert page.text_content("#site-search-suggestions + [role=status]").startswith("추천 항목 2개.")
    page.click(f"{OPTIONS}:first-child")
    page.wait_for_url("**/ko/people/kim-tae-ri/")


def test_nothing_found_says_so_and_shows_no_list(new_page, world):
    page = new_page()
    page.goto("/")
    type_in_box(page, "qwxz")
    page.wait_for_function(
        "() => document.querySelector('#site-search-suggestions + [role=status]')?.textContent === 'No suggestions'"
    )
    assert page.locator(LIST).is_hidden()
    assert page.locator(BOX).get_attribute("aria-expanded") == "false"


def test_the_list_opens_over_the_page_on_a_phone(new_page, world):
    page = new_page()
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto("/")
    top = "() => document.querySelector('main').getBoundingClientRect().top"
    before = page.evaluate(top)
    type_in_box(page, "bon")
    wait_for_options(page, 2)
    assert page.evaluate(top) == before  # nothing moved
    box = page.locator(LIST).bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390


def test_without_javascript_the_box_is_the_plain_form(browser, live_server, world):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/")
        box = page.locator(BOX)
        assert box.get_attribute("role") is None and page.locator(LIST).count() == 0
        box.fill("kim tae")
        box.press("Enter")
        page.wait_for_url(re.compile(r"/search/\?q=kim\+tae$"))
        assert "Kim Tae-ri" in page.text_content(".search-hits")
    finally:
        context.close()
