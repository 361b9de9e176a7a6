"""The article body's rich-text editor: our module starts it from the textarea's data, with no inline script."""

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from common.sanitize import ALLOWED_TAGS
from editorial.rich_text import ARTICLE_BODY
from tests import factories as f
from tests.pages import soup

pytestmark = pytest.mark.django_db


def test_the_article_form_offers_the_editor_on_the_body_only(editor_client):
    article = f.article()
    page = soup(editor_client.get(reverse("admin:news_article_change", args=[article.pk])))
    body = page.select_one("textarea[name=body]")
    config = json.loads(body["data-django-prose-editor-configurable"])
    ours = {name: config["extensions"][name] for name in ARTICLE_BODY}
    always_on = {"Document", "Paragraph", "Text", "History", "Menu", "Dropcursor", "Gapcursor", "NoSpellCheck"}
    assert ours == ARTICLE_BODY and set(config["extensions"]) - set(ARTICLE_BODY) <= always_on
    assert page.select("textarea[data-django-prose-editor-configurable]") == [body]  # not the summary
    assert page.select_one('script[type=module][src$="editorial/rich_text.js"]')


def test_the_editor_needs_no_inline_script(editor_client):
    html = editor_client.get(reverse("admin:news_article_add")).content.decode()
    assert "importmap" not in html
    inline = [s for s in soup_of(html).select("script:not([src])") if s.get("type") != "application/json"]
    assert inline == []


def soup_of(html):
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html.parser")


def test_the_module_and_the_editor_it_imports_are_static_files():
    module = finders.find("editorial/rich_text.js")
    assert module and finders.find("django_prose_editor/editor.js")
    imported = re.search(r"from '\.\./(django_prose_editor/editor\.js)'", open(module).read()).group(1)
    assert finders.find(imported)


def test_the_editor_writes_only_what_the_sanitiser_keeps():
    tags = {"Bold": {"strong"}, "Italic": {"em"}, "Code": {"code"}, "CodeBlock": {"pre", "code"}}
    tags |= {"Heading": {"h2", "h3", "h4"}, "BulletList": {"ul"}, "OrderedList": {"ol"}, "ListItem": {"li"}}
    tags |= {"Blockquote": {"blockquote"}, "HardBreak": {"br"}, "HorizontalRule": {"hr"}, "Link": {"a"}}
    written = set().union(*(tags[name] for name in ARTICLE_BODY)) | {"p"}
    assert written <= ALLOWED_TAGS
    assert ARTICLE_BODY["Heading"] == {"levels": [2, 3, 4]}


def test_biographies_and_synopses_get_the_short_editor(editor_client):
    from editorial.rich_text import SHORT_TEXT

    person = f.person(name="Kim Tae-ri")
    page = soup(editor_client.get(reverse("admin:catalog_person_change", args=[person.pk])))
    fields = {
        area["name"]: json.loads(area["data-django-prose-editor-configurable"])["extensions"]
        for area in page.select("textarea[data-django-prose-editor-configurable]")
    }
    assert set(fields) == {"bio", "bio_ko"}
    assert all({name: value[name] for name in SHORT_TEXT} == SHORT_TEXT for value in fields.values())
    assert "Heading" not in fields["bio"]
