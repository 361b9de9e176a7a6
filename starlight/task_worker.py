"""The background worker `make run` keeps beside gunicorn (see gunicorn.conf.py).

gunicorn's master starts it once it is ready, starts another if it dies, and stops it when gunicorn
stops; the worker also ends by itself if the master is killed outright. Loaded by gunicorn's config
before Django is set up, so nothing here imports Django.

The worker is started with `posix_spawn`, not `subprocess`: the master forks its web workers from
another thread at any moment, and a web worker forked while `subprocess` waits on its exec-check
pipe keeps that pipe open for good, leaving the waiting thread stuck (seen in tests: a dead worker
was never replaced).
"""

import logging
import os
import signal
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESTART_PAUSE = 5.0  # seconds before a worker that died is replaced, so a crash loop stays slow

logger = logging.getLogger("gunicorn.error")


def _wait(pid: int, timeout: float | None = None) -> bool:
    """Whether the process has ended (waiting up to `timeout` seconds; None: for as long as it runs)."""
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        try:
            ended, _status = os.waitpid(pid, 0 if deadline is None else os.WNOHANG)
        except ChildProcessError:  # gunicorn's master reaps every child it has, this one included
            return True
        if ended:
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)


class TaskWorker:
    def __init__(self, command: list[str] | None = None, queue: str = "default"):
        self.command = command or [
            sys.executable,
            str(ROOT / "manage.py"),
            "task_worker",
            "--queue",
            queue,
            "--exit-with-parent",
        ]
        self.pid: int | None = None
        self.stopping = False
        self.lock = threading.Lock()

    def start(self) -> None:
        threading.Thread(target=self._keep_running, name="task-worker", daemon=True).start()

    def _keep_running(self) -> None:
        while True:
            with self.lock:
                if self.stopping:
                    return
                self.pid = os.posix_spawn(self.command[0], self.command, os.environ)
            logger.info("Task worker started (pid %s)", self.pid)
            _wait(self.pid)
            with self.lock:
                ended, self.pid = self.pid, None  # never signal a pid that may since belong to another process
                if self.stopping:
                    return
            logger.warning("Task worker %s ended; starting another in %.0f s", ended, RESTART_PAUSE)
            time.sleep(RESTART_PAUSE)

    def stop(self, timeout: float) -> None:
        """Ask the worker to stop once its current task is done; kill it after `timeout` seconds."""
        with self.lock:
            self.stopping = True
            pid = self.pid
        if pid is None:
            return
        try:
            os.kill(pid, signal.SIGTERM)
            if not _wait(pid, timeout):
                # The job it was running keeps its whole articles and is queued again when a worker starts.
                os.kill(pid, signal.SIGKILL)
                _wait(pid, 5)
        except ProcessLookupError:
            pass
