"""Admin sign-in protection: django-axes counts failures per username and address."""

from axes.backends import AxesStandaloneBackend
from django.conf import settings


class LockoutBackend(AxesStandaloneBackend):
    """Refuses a locked-out username at sign-in; authenticating outside a request is not a sign-in.

    Axes insists on a request so it can tell where an attempt came from. Code that checks a
    password without one (a management command, the test client's `login()`) has no address to
    lock out, so it is let through to the password check like any other backend would.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_ip(request) -> str:
    """The visitor's address: behind the TLS proxy it is the one the proxy appended last."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR", "")
