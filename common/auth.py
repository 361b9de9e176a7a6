"""Admin sign-in protection: django-axes counts failures per username and address, and per address alone.

A username tried from one address is locked out after `AXES_FAILURE_LIMIT` failures. An address
that tries a new username each time never reaches that, yet every failure costs a worker a password
hash; so an address is locked out too, whatever usernames it tries, after
`LOGIN_ADDRESS_FAILURE_LIMIT` failures within the cool-off time. The limit is higher, since several
people may sign in from one office's address. Either lock-out refuses an attempt before any password
is checked (`LockoutBackend` comes first), so a locked-out address costs no hash.
"""

from axes.attempts import get_cool_off_threshold
from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


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


class LockoutHandler(AxesDatabaseHandler):
    """Axes's own records, with the address's limit beside the username's.

    Axes compares one count with one limit; an address past its own limit counts as the username
    limit reached, and the request carries the address's limit, for the lock-out page to name.
    """

    def get_failures(self, request, credentials=None) -> int:
        failures = super().get_failures(request, credentials)
        limit = get_failure_limit(request, credentials)
        if failures < limit and address_failures(request) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            request.login_address_limit = settings.LOGIN_ADDRESS_FAILURE_LIMIT
            return limit
        return failures


def address_failures(request) -> int:
    """Failed sign-ins from the request's address within the cool-off time, under any username."""
    attempts = AccessAttempt.objects.filter(
        ip_address=request.axes_ip_address, attempt_time__gte=get_cool_off_threshold(request)
    )
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def client_ip(request) -> str:
    """The visitor's address: behind the TLS proxy it is the one the proxy appended last."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR", "")
