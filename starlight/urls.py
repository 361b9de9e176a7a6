"""Top-level URLs: public pages under i18n_patterns (English unprefixed, Korean under /ko/)."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language
from django.views.static import serve

from . import sitemaps
from .views import HomeView, healthz, robots_txt

handler403 = "starlight.views.permission_denied"
handler500 = "starlight.views.server_error"

# The admin is the newsroom's tool: it says whose, not "Django administration".
admin.site.site_header = _("Starlight newsroom")
admin.site.site_title = _("Starlight admin")
admin.site.index_title = _("What needs doing")

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("robots.txt", robots_txt, name="robots"),
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path("sitemap-<slug:name>-<int:page>.xml", sitemaps.section, name="sitemap-section"),
    # The language switch on every public page posts here. Those pages are stored whole for anonymous
    # visitors, so they cannot carry a per-visitor CSRF token; and a forged post can do no more than a
    # link to /ko/ does (choose a language, then land on a page of this site: Django checks `next`).
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("preview/", include("editorial.urls")),
    path("api/v1/", include("api.urls")),
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
