"""schema.org JSON-LD for an article page: NewsArticle."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString

from common.weblinks import web_url
from pages.templatetags.seo import ISO_LANGUAGES, SITE_NAME, absolute, clean, image_url, json_ld

register = template.Library()


@register.simple_tag(takes_context=True)
def article_jsonld(context, article, mentioned=None) -> SafeString:
    """schema.org NewsArticle: headline, dates, author, publisher, picture, topics and what it is about."""
    request = context.get("request")
    url = absolute(request, article.get_absolute_url())
    publisher = (
        clean({"@type": "Organization", "name": article.source.name, "url": web_url(article.source.url)})
        if article.source
        else {"@type": "Organization", "name": SITE_NAME, "url": absolute(request, reverse("home"))}
    )
    author = {"@type": "Person", "name": article.author} if article.author else publisher
    about = []
    for kind in ("film", "person", "song"):
        for target in (mentioned or {}).get(kind, []):
            about.append(
                {
                    "@type": {"film": "Movie", "person": "Person", "song": "MusicRecording"}[kind],
                    "name": getattr(target, "name", None) or target.title,
                    "url": absolute(request, target.get_absolute_url()),
                }
            )
    data = {
        "@type": "NewsArticle",
        "headline": article.title[:110],
        "alternativeHeadline": article.subtitle,
        "description": article.display_summary,
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": article.language if article.language in ISO_LANGUAGES else "",
        "datePublished": article.shown_at,
        "dateModified": article.updated,
        "author": author,
        "publisher": publisher,
        "image": image_url(request, article.hero_image),
        "keywords": [topic.name for topic in article.topics.all()],  # prefetched
        "about": about,
        "isBasedOn": web_url(article.original_url),
    }
    return json_ld(clean(data))
