"""A wall-time limit on a block of code, by an interval timer whose signal raises inside it.

Shared by the request deadline (starlight.deadline) and the importer's limit on reading one file
(news.importer.budget). Signals reach only the main thread: elsewhere (a threaded server) the block
runs without a limit, and the callers' other bounds are what remain.

There is one real-time interval timer per process, so a limit set inside another (a deadline around
an import, the test runner's limit on each test) would cancel the outer one. Here the outer timer
is left alone when it ends first, since it bounds the block anyway, and otherwise is given back
what is left of it when the block ends.
"""

import signal
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from types import FrameType


@contextmanager
def alarm(seconds: float, expire: Callable[[int, FrameType | None], object]):
    """Run the block with `expire(signum, frame)` called inside it after `seconds` of wall time."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return
    outer = signal.getitimer(signal.ITIMER_REAL)[0]
    if outer and outer <= seconds:
        yield
        return
    previous = signal.signal(signal.SIGALRM, expire)
    started = time.monotonic()
    try:
        signal.setitimer(signal.ITIMER_REAL, seconds)
        yield
    finally:
        try:
            _put_back(previous, outer, started)
        except BaseException:
            # Our timer went off as the block ended, and `expire` raised before everything was put
            # back. It goes off only once, so the second try runs through; the block's time was up.
            _put_back(previous, outer, started)
            raise


def _put_back(previous, outer: float, started: float) -> None:
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, previous)
    if outer:  # at least a tick, so an outer limit already due still fires
        signal.setitimer(signal.ITIMER_REAL, max(outer - (time.monotonic() - started), 0.001))
