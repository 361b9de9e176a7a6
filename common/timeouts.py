"""A limit on a block of code, by an interval timer whose signal raises inside it: of wall time
(`time_limit`, the query deadline in starlight.deadline) or of the process's CPU time
(`cpu_time_limit`, the importer's limit on reading one file in news.importer.budget: the work a file
costs, the same on a busy machine as on an idle one). Signals reach only the main thread: elsewhere
(a threaded server) the block runs without a limit, and the callers' other bounds are what remain.

There is one interval timer of each kind per process, so a limit set inside another of its kind (a
deadline around a slow block, the test runner's limit on each test) would cancel the outer one. Here
the outer timer is left alone when it ends first, since it bounds the block anyway, and otherwise is
given back what is left of it when the block ends. The two kinds are separate timers (ITIMER_REAL
and SIGALRM, ITIMER_PROF and SIGPROF): a CPU-time limit leaves a wall-time one alone, and the reverse.
"""

import signal
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType


@dataclass(frozen=True)
class _Clock:
    timer: int
    signum: int
    now: Callable[[], float]  # what the timer counts, in seconds


_WALL = _Clock(signal.ITIMER_REAL, signal.SIGALRM, time.monotonic)
_CPU = _Clock(signal.ITIMER_PROF, signal.SIGPROF, time.process_time)  # user + system time, all threads


def time_limit(seconds: float, expire: Callable[[int, FrameType | None], object]):
    """Run the block with `expire(signum, frame)` called inside it after `seconds` of wall time."""
    return _limit(_WALL, seconds, expire)


def cpu_time_limit(seconds: float, expire: Callable[[int, FrameType | None], object]):
    """Run the block with `expire(signum, frame)` called inside it after this process has used `seconds`
    of CPU time in it. Waiting (on a lock, a socket, `time.sleep`) uses none, and neither do other
    processes: a busy machine makes the block take longer, never use more."""
    return _limit(_CPU, seconds, expire)


@contextmanager
def _limit(clock: _Clock, seconds: float, expire: Callable[[int, FrameType | None], object]):
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return
    outer = signal.getitimer(clock.timer)[0]
    if outer and outer <= seconds:
        yield
        return
    previous = signal.signal(clock.signum, expire)
    started = clock.now()
    try:
        signal.setitimer(clock.timer, seconds)
        yield
    finally:
        try:
            _put_back(clock, previous, outer, started)
        except BaseException:
            # Our timer went off as the block ended, and `expire` raised before everything was put
            # back. It goes off only once, so the second try runs through; the block's time was up.
            _put_back(clock, previous, outer, started)
            raise


def _put_back(clock: _Clock, previous, outer: float, started: float) -> None:
    signal.setitimer(clock.timer, 0)
    signal.signal(clock.signum, previous)
    if outer:  # at least a tick, so an outer limit already due still fires
        signal.setitimer(clock.timer, max(outer - (clock.now() - started), 0.001))
