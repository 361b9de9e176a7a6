"""The site's language switch in a browser with JavaScript off: reached and pressed from the keyboard,
it opens the same page in Korean, and the admin an editor opens next is in Korean too."""

import re

import pytest
from playwright.sync_api import expect

from tests import factories as f
from tests.browser.conftest import TIMEOUT_MS
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_keyboard_switches_to_korean_and_the_admin_follows(browser, live_server, editor):
    f.film(name="Lost in Starlight", slug="lost-in-starlight")
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        page.goto("/films/lost-in-starlight/")
        switch = page.get_by_role("button", name="한국어")
        switch.focus()
        expect(switch).to_be_focused()
        page.keyboard.press("Enter")
        expect(page).to_have_url(re.compile(r"/ko/films/lost-in-starlight/$"))
        expect(page.locator("html")).to_have_attribute("lang", "ko")
        page.goto("/admin/login/?next=/admin/")
        page.get_by_label("사용자 이름:", exact=True).fill(editor.username)
        page.get_by_label("비밀번호:", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="로그인").click()
        expect(page).to_have_url(re.compile(r"/admin/$"))
        expect(page.locator("html")).to_have_attribute("lang", "ko")
    finally:
        context.close()
