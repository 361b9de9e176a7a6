"""/sitemap.xml: an index of every section's pages; the list pages that belong to no app; the views.

A fixed number of queries whatever the size: the index counts each section (one query each), a
section page reads its section's count (kept until the next change, as the index's is) and one page of
rows, the list pages read one "last change" per model.
"""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_GET

from catalog.models import Film, Person, Song
from catalog.sitemaps import SECTIONS as CATALOG
from news.models import Article
from news.sitemaps import SECTIONS as NEWS
from pages.sitemaps import URLSET_CLOSE, URLSET_OPEN, url_entry

SECTIONS = {section.name: section for section in [*CATALOG, *NEWS]}

# The list pages, each with the models whose changes change it.
LIST_PAGES = {
    "home": (Film, Song, Article),
    "catalog:film-list": (Film,),
    "catalog:person-list": (Person,),
    "catalog:song-list": (Song,),
    "news:article-list": (Article,),
}


def _xml(text: str) -> HttpResponse:
    return HttpResponse(text, content_type="application/xml; charset=utf-8")


def _list_page_entries(origin: str) -> str:
    # Each list's newest publication, read from the publish-time index: the same cost at any size.
    newest = {
        model: model.objects.published().order_by("-publish_at").values_list("publish_at", flat=True)[:1]
        for model in (Film, Person, Song, Article)
    }
    last = {model: next(iter(rows), None) for model, rows in newest.items()}
    entries = []
    for url_name, models in LIST_PAGES.items():
        paths = {}
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                paths[code] = reverse(url_name)
        dates = [last[model] for model in models if last[model]]
        entries.append(url_entry(origin, paths, max(dates) if dates else None))
    return "".join(entries)


@require_GET
def index(request):
    pages = [reverse("sitemap-section", args=["pages", 1])]
    for name, section in SECTIONS.items():
        pages += [reverse("sitemap-section", args=[name, page]) for page in range(1, section.pages() + 1)]
    body = "".join(f"<sitemap><loc>{request.build_absolute_uri(path)}</loc></sitemap>" for path in pages)
    return _xml(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</sitemapindex>\n'
    )


@require_GET
def section(request, name: str, page: int):
    origin = request.build_absolute_uri("/").rstrip("/")
    if name == "pages" and page == 1:
        return _xml(URLSET_OPEN + _list_page_entries(origin) + URLSET_CLOSE)
    if name not in SECTIONS or page < 1:
        raise Http404("No such sitemap.")
    part = SECTIONS[name]
    # Past the last page is asked of the count the index lists pages by, never of the database: a page
    # number past its integers (sitemap-articles-99999999999999999999.xml) is an error there.
    if page > max(part.pages(), 1):
        raise Http404("No such sitemap page.")
    entries = part.entries(page)
    body = "".join(url_entry(origin, part.paths(slug), lastmod) for slug, lastmod in entries)
    return _xml(URLSET_OPEN + body + URLSET_CLOSE)
