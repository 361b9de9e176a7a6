"""A time limit on reading one file, so no input can keep an import busy for long.

The readers are linear in their input, but a hostile file up to the size limit can still cost
seconds (millions of emphasis markers, hundreds of thousands of elements). The limit is an interval
timer whose signal raises inside the reader; signals reach only the main thread, so elsewhere (a
threaded web worker) the size and element caps are what bound the work.
"""

from editorial.alarms import alarm


class OverBudget(BaseException):
    """Raised inside a reader that ran out of time: a BaseException, so no reader's `except Exception` keeps it."""


def _expire(signum, frame):
    raise OverBudget


def time_budget(seconds: float):
    """Run the block with at most ``seconds`` of wall time, else raise OverBudget inside it."""
    return alarm(seconds, _expire)
