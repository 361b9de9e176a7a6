"""What every page tells search engines and link previews: canonical and hreflang links, OpenGraph
and Twitter cards, and the site-wide schema.org JSON-LD (BreadcrumbList, WebSite). Each content app
describes its own models (Movie, Person, MusicRecording, NewsArticle) with `json_ld` from here.

JSON-LD is data, not script: it goes out as `<script type="application/ld+json">`, which browsers
never run, with `<`, `>` and `&` escaped the way `json_script` does, so no text an editor writes can
close the element early. A strict Content-Security-Policy has nothing to allow for it.
"""

from __future__ import annotations

import json
from typing import Any

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import NoReverseMatch, Resolver404, resolve, reverse, translate_url
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language_info

from common.languages import local_text, page_language

register = template.Library()

SITE_NAME = "Starlight"
CANONICAL_QUERY_KEYS = ("q", "page")
"""Query parameters that make a different page (a search, a page of a list); filters do not."""
OG_LOCALES = {"en": "en_US", "ko": "ko_KR"}
ISO_LANGUAGES = {"en": "en", "ko": "ko"}
_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


# --- {% capture as name %}…{% endcapture %} -------------------------------------------------------


class CaptureNode(template.Node):
    """Renders its contents once into a variable, so base.html can use one block's text twice
    (the <title> and og:title). Blocks inside still take the child template's content."""

    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        context[self.name] = mark_safe(" ".join(self.nodelist.render(context).split()))
        return ""


@register.tag
def capture(parser, token):
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Usage: {% capture as name %}…{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


# --- Addresses ----------------------------------------------------------------------------------


def _resolves(path: str) -> bool:
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


def _query(request, keys=CANONICAL_QUERY_KEYS) -> str:
    kept = request.GET.copy()
    for key in list(kept):
        if key not in keys or not kept.get(key, "").strip():
            del kept[key]
    if kept.get("page") == "1":
        del kept["page"]
    encoded = kept.urlencode()
    return f"?{encoded}" if encoded else ""


def _page_resolves(request) -> bool:
    """Whether this page's own path resolves (an error page's does not), asked once a request.

    The handler has resolved it already when it found the view (`resolver_match`); a resolve walks
    the URL patterns again, and the canonical link, og:url and the translations each ask.
    """
    if "_page_resolves" not in request.__dict__:
        request._page_resolves = _handled_match(request) is not None or _resolves(request.path)
    return request._page_resolves


def _handled_match(request):
    """The handler's resolve of this page's path, when that is the path itself (no script prefix)."""
    match = getattr(request, "resolver_match", None)
    return match if match is not None and request.path == request.path_info else None


def _translate(request, language: str) -> str:
    """`translate_url(request.path, language)`, reversing the handler's match rather than resolving again."""
    current, match = request.path, _handled_match(request)
    if match is None or current.startswith("//") or any(char in current for char in "%?#"):
        return translate_url(current, language)  # what it would split or unquote first
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    with translation.override(language):
        try:
            return reverse(name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return current


def page_url(request, language: str, *, full_query: bool = False) -> str:
    """This page's path in `language` (English unprefixed, Korean under /ko/), with its query."""
    # A page asks for its own address in each language several times (canonical, alternates, the
    # language switch); each translation resolves the path and reverses it again, so keep them.
    paths = request.__dict__.setdefault("_paths_by_language", {})
    if language not in paths:
        paths[language] = _translated_path(request, language)
    path = paths[language]
    if full_query:
        query = request.META.get("QUERY_STRING", "")
        return f"{path}?{query}" if query else path
    return path + _query(request)


def _translated_path(request, language: str) -> str:
    current = request.path
    path = _translate(request, language)
    if path == current and not _page_resolves(request):
        # An address that resolves to nothing (a 404): move the prefix by hand.
        default = settings.LANGUAGE_CODE
        bare = path
        for code, _name in settings.LANGUAGES:
            if code != default and (path == f"/{code}/" or path.startswith(f"/{code}/")):
                bare = path[len(code) + 1 :]
        path = bare if language == default else f"/{language}{bare}"
    return path


def _is_error_page(context) -> bool:
    """Django's 404 view renders with `request_path` and `exception`: such a page has no address of its own."""
    return "request_path" in context and "exception" in context


def absolute(request, url: str) -> str:
    return request.build_absolute_uri(url) if request is not None else url


@register.simple_tag(takes_context=True)
def page_links(context) -> SafeString | str:
    """<link rel=canonical> to this page in its own language, and one hreflang alternate per language."""
    request = context.get("request")
    if request is None or not _page_resolves(request) or _is_error_page(context):
        return ""
    links = [("canonical", "", absolute(request, page_url(request, page_language())))]
    for code, _name in settings.LANGUAGES:
        links.append(("alternate", ISO_LANGUAGES.get(code, code), absolute(request, page_url(request, code))))
    links.append(("alternate", "x-default", absolute(request, page_url(request, settings.LANGUAGE_CODE))))
    return format_html_join(
        "\n",
        '<link rel="{}"{} href="{}">',
        ((rel, format_html(' hreflang="{}"', lang) if lang else "", href) for rel, lang, href in links),
    )


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict[str, Any]]:
    """The same page in every language, for the language switch: code, name, url, current."""
    request = context.get("request")
    current = page_language()
    links = []
    for code, _name in settings.LANGUAGES:
        url = page_url(request, code, full_query=True) if request is not None else reverse("home")
        links.append(
            {"code": code, "name": get_language_info(code)["name_local"], "url": url, "current": code == current}
        )
    return links


# --- OpenGraph and Twitter cards ------------------------------------------------------------------


def image_url(request, image) -> str:
    """The absolute address of an image's widest rendition (up to 1280 px), or of its file."""
    if not image or not getattr(image, "file", None):
        return ""
    renditions = sorted(image.renditions or [], key=lambda rendition: rendition["width"])
    if renditions:
        url = image.file.storage.url(renditions[-1]["name"])
    else:
        url = image.file.url
    return absolute(request, url)


@register.simple_tag(takes_context=True)
def og_image(context, image) -> SafeString | str:
    """og:image (with its size and alt text) and twitter:image for a page's main picture."""
    request = context.get("request")
    url = image_url(request, image)
    if not url:
        return ""
    renditions = sorted(image.renditions or [], key=lambda rendition: rendition["width"])
    width, height = (renditions[-1]["width"], renditions[-1]["height"]) if renditions else (image.width, image.height)
    tags = [("property", "og:image", url)]
    if width and height:
        tags += [("property", "og:image:width", width), ("property", "og:image:height", height)]
    tags += [
        ("property", "og:image:alt", local_text(image, "alt_text")),
        ("name", "twitter:image", url),
        ("name", "twitter:image:alt", local_text(image, "alt_text")),
    ]
    return format_html_join("\n", '<meta {}="{}" content="{}">', tags)


@register.simple_tag(takes_context=True)
def social_meta(context, *, title, description, kind="website", has_image=False) -> SafeString | str:
    """og:* and twitter:* for the page; the picture, if any, comes from {% og_image %}."""
    request = context.get("request")
    language = page_language()
    tags = [
        ("property", "og:site_name", SITE_NAME),
        ("property", "og:type", kind or "website"),
        ("property", "og:title", title),
        ("property", "og:description", description),
        ("property", "og:locale", OG_LOCALES.get(language, language)),
    ]
    tags += [
        ("property", "og:locale:alternate", OG_LOCALES.get(code, code))
        for code, _name in settings.LANGUAGES
        if code != language
    ]
    if request is not None and _page_resolves(request) and not _is_error_page(context):
        tags.append(("property", "og:url", absolute(request, page_url(request, language))))
    tags += [
        ("name", "twitter:card", "summary_large_image" if has_image else "summary"),
        ("name", "twitter:title", title),
        ("name", "twitter:description", description),
    ]
    return format_html_join("\n", '<meta {}="{}" content="{}">', tags)


# --- JSON-LD ------------------------------------------------------------------------------------


def json_ld(data: dict[str, Any]) -> SafeString:
    """A schema.org object as an inert data block, escaped like json_script."""
    text = json.dumps({"@context": "https://schema.org", **data}, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text.translate(_JSON_ESCAPES)))


def clean(data: dict[str, Any]) -> dict[str, Any]:
    """Drop empty values: schema.org readers prefer a missing property to a blank one."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


@register.simple_tag(takes_context=True)
def breadcrumbs_jsonld(context, crumbs) -> SafeString | str:
    """schema.org BreadcrumbList mirroring the visible breadcrumbs (home first)."""
    request = context.get("request")
    if not crumbs or request is None:
        return ""
    from django.utils.translation import gettext

    items = [(gettext("Home"), reverse("home"))]
    items += [(str(label), url or page_url(request, page_language())) for url, label in crumbs]
    elements = [
        {"@type": "ListItem", "position": position, "name": name, "item": absolute(request, url)}
        for position, (name, url) in enumerate(items, start=1)
    ]
    return json_ld({"@type": "BreadcrumbList", "itemListElement": elements})


@register.simple_tag(takes_context=True)
def website_jsonld(context) -> SafeString:
    """schema.org WebSite for the home page, with the site search when there is one."""
    request = context.get("request")
    home = reverse("home")
    data = {"@type": "WebSite", "name": SITE_NAME, "url": absolute(request, home), "inLanguage": page_language()}
    try:
        search = reverse("search:search")
    except NoReverseMatch:
        search = None
    if search:
        data["potentialAction"] = {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": absolute(request, search) + "?q={search_term_string}"},
            "query-input": "required name=search_term_string",
        }
    return json_ld(data)
