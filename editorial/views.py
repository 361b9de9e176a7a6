"""The public end of a shareable preview link: one draft page, for whoever holds the link."""

from django.core import signing
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from .models import PREVIEW_SALT, PreviewLink


def unavailable(request, message: str, status: int):
    response = render(request, "editorial/preview_unavailable.html", {"message": message}, status=status)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def link_from_token(token: str) -> PreviewLink | None:
    try:
        data = signing.loads(token, salt=PREVIEW_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    return PreviewLink.objects.select_related("content_type").filter(pk=data.get("id"), nonce=data.get("n")).first()


@never_cache
def shared_preview(request, token):
    link = link_from_token(token)
    if link is None:
        return unavailable(request, _("This preview link is not valid. Check that it was copied whole."), 404)
    if not link.is_active:
        return unavailable(
            request, _("This preview link has expired or was withdrawn. Ask the editor for a new one."), 410
        )
    obj = link.target
    match = _page_of(obj)
    if match is None:
        return unavailable(request, _("The page this link previewed no longer exists."), 404)
    if obj.is_public:
        return redirect(obj.get_absolute_url())
    # The object's own public page renders the draft; PublishedMixin lets exactly this row through.
    request.shared_preview = obj
    response = match.func(request, *match.args, **match.kwargs)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"  # the token must not travel in Referer headers
    return response


def _page_of(obj):
    """The URL match of the object's public page (its `get_absolute_url`), or None when it has none."""
    if obj is None or not hasattr(obj, "get_absolute_url"):
        return None
    try:
        return resolve(obj.get_absolute_url())
    except Resolver404:
        return None
