"""Site-wide views that belong to no app: the home page, the health check, robots.txt and the error page."""

import sys

from django.contrib import admin
from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from caching.cached import cached
from catalog.selectors import cached_film_page, the_film
from news.selectors import latest_articles


@never_cache
@require_GET
def healthz(request):
    """200 when the database runs a query, 503 when it does not (for load balancers): within the query
    deadline on a connection the worker holds, within the connect timeout on a new one.

    A cache that is down is reported in the body but keeps the 200: pages and saves go on without
    it (they fall back to the database), so the host should stay in the pool.
    """
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET LOCAL statement_timeout = 1000")  # a database that hangs is a database down
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    lines = ["ok"]
    try:
        cache.get("healthz-probe")
    except Exception as exc:  # whatever the cache backend raises when its server is gone
        lines.append(f"cache unavailable: {exc.__class__.__name__}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


RETRY_AFTER_SECONDS = 30


def permission_denied(request, exception):
    """The 403 page: inside the admin, in the admin's frame (it names the newsroom and leads back to its home);
    elsewhere, the site's own."""
    if request.path.startswith(reverse("admin:index")):
        return render(request, "admin/403.html", admin.site.each_context(request), status=403)
    return render(request, "403.html", status=403)


def server_error(request):
    """The 500 page; or, when the database cannot be reached or does not answer, a 503 saying so.

    Rendered without a request context: nothing on these pages may need the database.
    """
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())


@require_GET
def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", "Allow: /", "", f"Sitemap: {sitemap_url}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain")


class HomeView(TemplateView):
    """The film first, then the latest news, cast and soundtrack."""

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        language = get_language()
        context.update(cached(f"home:{language}", lambda: _home_content(language)))
        return context


# Six fill whole rows of the card grid at one, two and three columns.
LATEST_ARTICLES = 6


def _home_content(language: str) -> dict:
    latest = latest_articles(language, limit=LATEST_ARTICLES)
    film = the_film()
    if film is None:
        return {"film": None, "latest_articles": latest}
    page = cached_film_page(film)
    return {
        "film": page.film,
        "cast": page.cast,
        "songs": page.songs,
        "releases": list(page.film.releases.all()),
        "latest_articles": latest,
    }
