"""Content-Security-Policy for every response that does not set its own; the admin's language; at most so
many admin sign-ins checked at once.

The public pages need no inline script or style at all: the one script (the trailer player) and
the stylesheet are static files, and JSON-LD is an inert data block. So the policy allows only
the site's own files, plus YouTube's privacy-enhanced player and Vimeo's in a frame once a visitor
asks for the trailer or a video in an article. The admin is the same except for style attributes
(`style-src 'unsafe-inline'`): Django's admin widgets and our thumbnails set a few; its scripts are
all files, so `script-src` stays strict there too.
"""

from django.conf import settings
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation

from common.auth import sign_in_slot
from common.videos import PLAYER_ORIGINS

from .headers import PERMISSIONS_POLICY

SIGN_IN_RETRY_SECONDS = 5

PUBLIC_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        f"frame-src {' '.join(PLAYER_ORIGINS)}",
        "media-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
ADMIN_POLICY = PUBLIC_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" in response:
            return response
        if settings.DEBUG and response.status_code >= 400:
            return response  # Django's debug error pages are built from inline script and style.
        admin = request.path.startswith("/admin/")
        response["Content-Security-Policy"] = ADMIN_POLICY if admin else PUBLIC_POLICY
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class AdminLanguageMiddleware:
    """The admin in the language a person chose on the site (the language cookie), else their browser's.

    Public addresses carry their language (Korean under /ko/), so LocaleMiddleware gives every
    unprefixed address English; the admin has no prefix and would otherwise always be English.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/admin/"):
            translation.activate(translation.get_language_from_request(request, check_path=False))
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


class SignInSlotMiddleware:
    """A sign-in (a POST to the admin's sign-in page) runs only in one of the host's sign-in slots
    (`common.auth.sign_in_slot`); with every slot taken it is answered at once with a page asking to
    try again in a moment, before any password is checked."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "POST" or request.path != reverse("admin:login"):
            return self.get_response(request)
        # The whole form is read first: a client sending it a byte at a time holds its own worker, not a slot.
        request.body  # noqa: B018
        with sign_in_slot() as free:
            if free:
                return self.get_response(request)
        response = TemplateResponse(request, "admin/sign_in_busy.html", status=503)
        response["Retry-After"] = str(SIGN_IN_RETRY_SECONDS)
        response["Cache-Control"] = "no-store"
        return response.render()
