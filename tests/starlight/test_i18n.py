"""English and Korean: Hangul names first on Korean pages, the interface in Korean, a language
switch that keeps the page, and compiled translations that match their source."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

pytestmark = pytest.mark.django_db
LOCALE = Path(settings.BASE_DIR) / "locale" / "ko" / "LC_MESSAGES"


def test_korean_pages_show_hangul_names_first(world, page):
    text = page("/ko/films/lost-in-starlight/").get_text()
    assert "김태리 (Kim Tae-ri)" in text and "난영 (Nan-young)" in text and "한지원 (Han Ji-won)" in text
    assert page("/ko/films/lost-in-starlight/").h1.get_text(strip=True) == "이 별에 필요한"
    english = page("/films/lost-in-starlight/").get_text()
    assert "Kim Tae-ri (김태리)" in english and "김태리 (Kim Tae-ri)" not in english


def test_korean_topic_names_on_korean_pages(world, page):
    assert page("/ko/news/topics/release/").h1.get_text(strip=True) == "개봉"
    assert page("/news/topics/release/").h1.get_text(strip=True) == "Release"


@pytest.mark.parametrize(
    ("url", "english", "korean"),
    [
        ("/films/lost-in-starlight/", "Voice cast", "목소리 출연"),
        ("/", "Latest news", "최신 뉴스"),
        ("/news/", "Words", "검색어"),
        ("/people/", "Voice language", "목소리 언어"),
        ("/songs/bon-voyage/", "Credits", "크레딧"),
    ],
)
def test_the_interface_is_in_korean_under_ko(world, page, url, english, korean):
    assert english in page(url).get_text(" ")
    korean_text = page("/ko" + url).get_text(" ")
    assert korean in korean_text and english not in korean_text
    assert "본문으로 건너뛰기" in korean_text  # the skip link too


def test_korean_dates_are_written_the_korean_way(world, page):
    assert "2025년 4월 30일" in page("/ko/news/").get_text(" ")


@pytest.mark.parametrize(
    ("url", "target"),
    [
        ("/films/lost-in-starlight/", "/ko/films/lost-in-starlight/"),
        ("/ko/films/lost-in-starlight/", "/films/lost-in-starlight/"),
        ("/news/?topic=release&page=1", "/ko/news/?topic=release&page=1"),
        ("/", "/ko/"),
        ("/ko/", "/"),
    ],
)
def test_language_switch_keeps_the_page(world, page, url, target):
    switch = page(url).find("form", class_="lang-switch-form")
    assert switch.find("input", attrs={"name": "next"})["value"] == target
    button = switch.find("button")
    assert button["value"] == button["lang"] == ("en" if url.startswith("/ko/") else "ko")
    assert button.get_text(strip=True) == ("English" if url.startswith("/ko/") else "한국어")


def test_english_articles_on_korean_pages_say_they_are_english(world, page):
    doc = page("/ko/news/")
    card = doc.find("a", string="First teaser arrives")
    assert card["lang"] == "en"
    assert doc.find("a", string="김태리, 난영의 목소리로").get("lang") is None


def read_po(path: Path) -> dict[tuple[str | None, str], str]:
    """(msgctxt, msgid) -> msgstr (the first form for plurals) of a .po file; just enough of the format for
    this check."""
    entries, key, current = {}, None, {}
    text = path.read_text(encoding="utf-8")
    for block in text.split("\n\n"):
        current = {}
        key = None
        for line in block.splitlines():
            if line.startswith("#"):
                continue
            match = re.match(r'^(msgid|msgid_plural|msgstr|msgstr\[0\]|msgctxt)\s+"(.*)"$', line)
            if match:
                key = match.group(1)
                current[key] = match.group(2)
            elif line.startswith('"') and key:
                current[key] += line[1:-1]
        if current.get("msgid"):
            value = current.get("msgstr", current.get("msgstr[0]", ""))
            context = current.get("msgctxt")
            entries[(context and unescaped(context), unescaped(current["msgid"]))] = unescaped(value)
    return entries


def unescaped(value: str) -> str:
    return value.encode().decode("unicode_escape").encode("latin-1").decode("utf-8")


def test_shipped_translations_are_compiled_from_the_po_file():
    entries = read_po(LOCALE / "django.po")
    assert (LOCALE / "django.mo").exists(), "the compiled catalogue is shipped: no gettext needed to serve Korean"
    assert len(entries) > 100
    with translation.override("ko"):
        for (context, msgid), msgstr in entries.items():
            if msgstr and "%" not in msgid:
                compiled = translation.pgettext(context, msgid) if context else translation.gettext(msgid)
                assert compiled == msgstr, f"django.mo is older than django.po for {msgid!r}"


def test_every_interface_string_of_the_public_templates_is_translated():
    po = (LOCALE / "django.po").read_text(encoding="utf-8")
    untranslated = []
    for block in po.split("\n\n"):
        public = re.search(r"^#: .*templates/(?!admin/)", block, re.M)
        if public and re.search(r'^msgstr(\[0\])? ""\n(?!")', block + "\n", re.M) and "#, fuzzy" not in block:
            untranslated.append(block)
        assert "#, fuzzy" not in block or 'msgid ""\nmsgstr ""' in block, f"fuzzy translation: {block}"
    assert not untranslated, "\n\n".join(untranslated)


@pytest.mark.parametrize(
    ("url", "field", "english", "korean"),
    [
        ("/news/", "topic", "All topics", "모든 주제"),
        ("/news/", "source", "All sources", "모든 출처"),
        ("/news/", "language", "Any language", "모든 언어"),
        ("/people/", "role", "Any role", "모든 역할"),
        ("/people/", "film", "All films", "모든 영화"),
    ],
)
def test_filter_menus_say_what_their_empty_choice_means_in_both_languages(world, page, url, field, english, korean):
    for prefix, label in (("", english), ("/ko", korean)):
        first = page(prefix + url).select_one(f'select[name="{field}"] option')
        assert first["value"] == "" and first.get_text() == label
