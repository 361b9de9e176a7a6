"""Addresses a row had on the site it was imported from keep working: `/2025/06/slug/` and `/?p=101`.

An importer records them (`remember`); the middleware answers one with a permanent redirect to where
the row lives now, only when this site has no page there (the request ended in a 404), and only to a
row visitors may see. The one exception is WordPress's `/?p=<id>`, which asks for the home page with
a query the home page never reads, so it is looked up before the home page answers.
"""

import re

from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponsePermanentRedirect

from .models import OldPath

_WORDPRESS_QUERY = re.compile(r"(?:p|page_id)=\d+")


def remember(model, paths: list[tuple[int, str]]) -> None:
    """Record (row id, old path) pairs for rows of `model`. A path already recorded keeps its row:
    an import never takes an old address from the row (or the editor's choice) it leads to now."""
    content_type = ContentType.objects.get_for_model(model)
    OldPath.objects.bulk_create(
        [OldPath(path=path, content_type=content_type, object_id=pk) for pk, path in paths], ignore_conflicts=True
    )


def redirect_for(*paths: str) -> HttpResponsePermanentRedirect | None:
    """The redirect for the first of `paths` recorded, if its row is one visitors may see."""
    found = {old.path: old for old in OldPath.objects.select_related("content_type").filter(path__in=paths)}
    old = next((found[path] for path in paths if path in found), None)
    if old is None:
        return None
    model = old.content_type.model_class()
    if model is None:
        return None
    rows = model._default_manager.all()
    rows = rows.published() if hasattr(rows, "published") else rows
    row = rows.filter(pk=old.object_id).first()
    return HttpResponsePermanentRedirect(row.get_absolute_url()) if row is not None else None


class OldPathMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        query = request.META.get("QUERY_STRING", "")
        if request.path_info == "/" and _WORDPRESS_QUERY.fullmatch(query):
            found = redirect_for(f"/?{query}")
            if found is not None:
                return found
        response = self.get_response(request)
        if response.status_code == 404:
            path = request.path_info
            # The address as asked for, then without its query, then with the slash WordPress ends paths with.
            asked = f"{path}?{query}" if query else path
            return redirect_for(asked, path, path if path.endswith("/") else f"{path}/") or response
        return response
