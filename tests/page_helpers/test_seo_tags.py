"""The site-wide SEO template tags: on their own, and the breadcrumbs and WebSite JSON-LD they put
on the pages."""

import json

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.test import RequestFactory
from django.utils import translation

from pages.templatetags.seo import json_ld, page_url
from tests import pages


def test_capture_renders_once_into_a_variable_with_whitespace_collapsed():
    html = Template("{% load seo %}{% capture as x %}  a\n  <b>{{ v }}</b> {% endcapture %}[{{ x }}|{{ x }}]").render(
        Context({"v": "<i>"})
    )
    assert html == "[a <b>&lt;i&gt;</b>|a <b>&lt;i&gt;</b>]"


def test_capture_needs_a_name():
    with pytest.raises(TemplateSyntaxError):
        Template("{% load seo %}{% capture x %}{% endcapture %}")


def test_child_blocks_fill_captured_blocks(db):
    from django.template import engines

    engine = engines["django"].engine
    parent = "{% load seo %}{% capture as t %}{% block title %}parent{% endblock %}{% endcapture %}<{{ t }}>"
    child = engine.from_string("{% extends parent %}{% block title %}child{% endblock %}")
    assert child.render(Context({"parent": engine.from_string(parent)})) == "<child>"


@pytest.mark.parametrize(
    ("path", "language", "expected"),
    [
        ("/films/lost/", "ko", "/ko/films/lost/"),
        ("/ko/films/lost/", "en", "/films/lost/"),
        ("/nowhere/", "ko", "/ko/nowhere/"),  # a 404: the prefix is moved by hand
        ("/ko/nowhere/", "en", "/nowhere/"),
        ("/ko/", "en", "/"),
    ],
)
def test_page_url_moves_between_languages(db, path, language, expected):
    request = RequestFactory().get(path)
    with translation.override("ko" if path.startswith("/ko/") else "en"):
        assert page_url(request, language) == expected


def test_page_url_keeps_only_the_query_that_makes_a_page():
    request = RequestFactory().get("/news/", {"q": "kim", "topic": "cast", "page": "2", "source": ""})
    assert page_url(request, "en") == "/news/?q=kim&page=2"
    assert page_url(request, "ko", full_query=True) == "/ko/news/?q=kim&topic=cast&page=2&source="


def test_json_ld_is_escaped_like_json_script():
    html = str(json_ld({"@type": "Thing", "name": "</script><b>&"}))
    body = html.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert "<" not in body and ">" not in body and "&" not in body
    assert json.loads(body) == {"@context": "https://schema.org", "@type": "Thing", "name": "</script><b>&"}


def test_home_page_has_the_website_and_the_movie(world, page):
    data = pages.json_ld(page("/"))
    assert data["WebSite"]["name"] == "Starlight" and data["WebSite"]["url"] == "http://testserver/"
    assert data["Movie"]["name"] == "Lost in Starlight"


def test_pages_name_their_breadcrumbs(world, page):
    crumbs = pages.json_ld(page("/films/lost-in-starlight/"))["BreadcrumbList"]["itemListElement"]
    assert [crumb["name"] for crumb in crumbs] == ["Home", "Films", "Lost in Starlight (이 별에 필요한)"]
    assert crumbs[-1]["item"] == "http://testserver/films/lost-in-starlight/"
