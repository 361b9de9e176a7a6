"""Moving the clock in a test instead of waiting for it: `travel(moment)`.

time-machine moves this process's clock (`time.time`, `datetime.now`, so `django.utils.timezone.now`),
which is what the site reads to tell what is live and what a local-memory cache has kept too long.
A shared cache (Redis, the CI leg that runs with it) expires what it keeps by the Redis server's
clock, which no test can move: the entries that the same jump would have expired there are removed.
"""

import datetime as dt
from contextlib import contextmanager

import time_machine
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone


@contextmanager
def travel(moment: dt.datetime):
    """Run the block at `moment` (later than now), the clock ticking on from there."""
    jump = (moment - timezone.now()).total_seconds()
    assert jump > 0, "travel forward only: a shared cache cannot be made to forget an expiry"
    with time_machine.travel(moment, tick=True):
        if settings.CACHE_IS_SHARED:
            _expire_in_shared_cache(jump)
        yield


def _expire_in_shared_cache(seconds: float) -> None:
    """Remove what Redis would have expired had `seconds` passed: the entries with less time left."""
    client = cache._cache.get_client(write=True)
    for key in client.scan_iter(match=f"{cache.key_prefix}:*", count=1000):  # this site's keys alone
        left = client.pttl(key)  # -1: kept without an expiry; -2: gone already
        if 0 <= left <= seconds * 1000:
            client.delete(key)
