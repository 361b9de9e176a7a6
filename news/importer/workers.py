"""What runs inside a parsing worker besides the parsing: free of Django, as spawned workers import
it without setting Django up (see runs.py)."""

import os
import threading
import time


def exit_with_parent(parent: int, interval: float = 0.5) -> None:
    """In a parsing worker: end this process soon after the importing one is gone.

    A killed importer (SIGKILL, the out-of-memory killer) runs no clean-up, and its workers would
    live on, re-parented to PID 1. A daemon thread notices the new parent and leaves.
    """

    def watch():
        while os.getppid() == parent:
            time.sleep(interval)
        os._exit(0)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()
