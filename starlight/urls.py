"""Top-level URLs: public pages under i18n_patterns (English unprefixed, Korean under /ko/)."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.views.static import serve

from catalog.sitemaps import FilmSitemap, PersonSitemap, SongSitemap
from news.sitemaps import ArticleSitemap, TopicSitemap

from .sitemaps import StaticViewSitemap
from .views import HomeView, healthz, robots_txt

sitemaps = {
    "static": StaticViewSitemap,
    "films": FilmSitemap,
    "people": PersonSitemap,
    "songs": SongSitemap,
    "articles": ArticleSitemap,
    "topics": TopicSitemap,
}

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("robots.txt", robots_txt, name="robots"),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("preview/", include("editorial.urls")),
]

urlpatterns += i18n_patterns(
    path("", HomeView.as_view(), name="home"),
    path("", include("catalog.urls")),
    path("news/", include("news.urls")),
    path("search/", include("search.urls")),
    prefix_default_language=False,
)

if settings.SERVE_MEDIA:
    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns += [re_path(rf"^{media_prefix}(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})]
