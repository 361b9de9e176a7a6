"""The article body's rich-text editor: our module starts it from the textarea's data, with no inline script."""

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse

from common.sanitize import ALLOWED_TAGS, sanitize_html
from editorial.rich_text import ARTICLE_BODY, article_body
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
    assert ours == article_body(pictures="/admin/catalog/image/choices/")
    assert set(config["extensions"]) - set(ARTICLE_BODY) <= always_on
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
    tags |= {
        "LibraryFigure": {"figure", "figcaption"},
        "VideoEmbed": {"figure", "figcaption"},
        "PullQuote": {"blockquote"},
    }
    written = set().union(*(tags[name] for name in ARTICLE_BODY)) | {"p"}
    assert written <= ALLOWED_TAGS
    # Our blocks, in the form each writes (rich_text_blocks.js), are kept as they are.
    blocks = (
        '<figure data-picture="7"><figcaption>Seoul</figcaption></figure>'
        '<figure data-video="https://www.youtube.com/watch?v=t4hiu_kohhs"></figure>'
        '<blockquote class="pull-quote"><p>Stars</p></blockquote>'
    )
    assert sanitize_html(blocks) == blocks
    script = open(finders.find("editorial/rich_text_blocks.js")).read()
    assert all(form in script for form in ("'data-picture'", "'data-video'", "class: 'pull-quote'"))
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


def test_the_editor_offers_the_newest_library_pictures(editor_client):
    older, newer = f.picture(alt="Older"), f.picture(alt="Newer")
    pictures = editor_client.get(reverse("admin:catalog_image_choices")).json()["pictures"]
    assert [(p["id"], p["alt"]) for p in pictures] == [(newer.pk, "Newer"), (older.pk, "Older")]
    assert pictures[0]["thumbnail"].endswith("-96w.webp")


def test_the_library_is_not_offered_to_visitors(client):
    response = client.get(reverse("admin:catalog_image_choices"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_editors_words_are_in_korean_on_korean_admin_pages(editor_client):
    from django.utils import translation

    with translation.override("ko"):
        labels = json.loads(json.dumps(article_body(pictures="/x/"), cls=DjangoJSONEncoder))
    assert labels["LibraryFigure"]["labels"]["button"] == "사진"
    assert labels["PullQuote"]["labels"]["button"] != "Pull quote"
