"""A limit on the CPU time reading one file may use, so no input can keep an import busy for long.

The readers are linear in their input, but a hostile file up to the size limit can still cost
seconds (millions of emphasis markers, hundreds of thousands of elements). The limit is an interval
timer of the process's CPU time whose signal raises inside the reader: it counts the work the file
costs, so a file read on an idle machine is read the same on a busy one, where other processes
share the cores and the wall time stretches. Signals reach only the main thread, so elsewhere (a
threaded web worker) the size and element caps are what bound the work.
"""

from common.timeouts import cpu_time_limit


class OverBudget(BaseException):
    """Raised inside a reader that ran out of time: a BaseException, so no reader's `except Exception` keeps it."""


def _expire(signum, frame):
    raise OverBudget


def time_budget(seconds: float):
    """Run the block with at most ``seconds`` of CPU time, else raise OverBudget inside it."""
    return cpu_time_limit(seconds, _expire)
