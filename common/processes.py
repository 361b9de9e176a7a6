"""What runs inside a parsing worker besides the parsing: free of Django, as spawned workers import
it without setting Django up (see runs.py)."""

import ctypes
import ctypes.util
import os
import signal
import threading
import time

PR_SET_PDEATHSIG = 1


def _ask_the_kernel() -> bool:
    """Linux: have the kernel kill this process when its parent dies (prctl PR_SET_PDEATHSIG)."""
    name = ctypes.util.find_library("c")
    if not name:
        return False
    try:
        libc = ctypes.CDLL(name, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def exit_with_parent(parent: int, interval: float = 0.5) -> None:
    """In a parsing worker (or the task worker gunicorn starts): end this process as soon as its parent is gone.

    A killed importer (SIGKILL, the out-of-memory killer) runs no clean-up, and its workers would
    live on, re-parented to PID 1. On Linux the kernel ends them (the workers are started by the
    importing thread, which lives as long as the import); elsewhere a daemon thread notices the new
    parent. (The thread is only the fallback: it wakes every `interval` to look, where the kernel's
    way costs nothing.)
    """
    if _ask_the_kernel():
        if os.getppid() != parent:  # the parent died before the request took effect
            os._exit(0)
        return

    def watch():
        while os.getppid() == parent:
            time.sleep(interval)
        os._exit(0)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()
