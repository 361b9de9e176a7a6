"""Admin sign-in protection: django-axes counts failures per username and address, and per address alone.

A username tried from one address is locked out after `AXES_FAILURE_LIMIT` failures. An address
that tries a new username each time never reaches that, yet every failure costs a worker a password
hash; so an address is locked out too, whatever usernames it tries, after
`LOGIN_ADDRESS_FAILURE_LIMIT` failures within the cool-off time. The limit is higher, since several
people may sign in from one office's address. Either lock-out refuses an attempt before any password
is checked (`LockoutBackend` comes first), so a locked-out address costs no hash.

Attempts from many addresses are stopped by neither, so at most `LOGIN_CONCURRENCY` sign-ins are
checked at once on a host (`sign_in_slot`); one beyond that is refused at once, and the other workers
stay free for visitors.
"""

import fcntl
import logging
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from axes.attempts import get_cool_off_threshold
from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum

logger = logging.getLogger(__name__)


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


@contextmanager
def sign_in_slot() -> Iterator[bool]:
    """Holds one of the host's `LOGIN_CONCURRENCY` sign-in slots for the block; False when all are taken.

    A slot is a lock on a file that every worker of the host opens: the kernel lets one holder at a
    time, and lets go when the holder closes it or dies, so a killed worker never keeps one. The folder
    must be this account's own, not a link, and open to no one else: a folder someone else made in the
    shared temporary folder could hold every slot for ever. Where it is not, the limit is left off
    (and said), rather than every sign-in refused.
    """
    if settings.LOGIN_CONCURRENCY <= 0:  # no limit
        yield True
        return
    folder = _slots_folder()
    if folder is None:
        yield True
        return
    for number in range(settings.LOGIN_CONCURRENCY):
        try:
            descriptor = os.open(folder / str(number), os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        except OSError:
            logger.warning("sign-in slot %s cannot be opened; the sign-in is let through", number, exc_info=True)
            yield True
            return
        with os.fdopen(descriptor) as slot:
            try:
                fcntl.flock(slot, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue
            yield True  # closing the file lets go of the lock
            return
    yield False


def _slots_folder() -> Path | None:
    folder = Path(tempfile.gettempdir()) / f"{settings.CACHE_KEY_PREFIX}-sign-in-slots"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        found = os.lstat(folder)
    except OSError:
        found = None
    if found is None or not stat.S_ISDIR(found.st_mode) or found.st_uid != os.geteuid() or found.st_mode & 0o077:
        logger.warning("%s is not this account's own private folder: sign-ins are not limited", folder)
        return None
    return folder
