"""Parsing workers end with the importing process, even when it is killed outright."""

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from bench.procs import alive, children_of

ROOT = Path(__file__).resolve().parents[2]


def test_killing_the_importer_leaves_no_parsing_worker_behind(tmp_path):
    script = textwrap.dedent(
        """
        import sys, time
        from concurrent.futures import ProcessPoolExecutor
        import multiprocessing, os
        from common.processes import exit_with_parent

        if __name__ == "__main__":
            spawn = multiprocessing.get_context("spawn")
            pool = ProcessPoolExecutor(2, mp_context=spawn, initializer=exit_with_parent, initargs=(os.getpid(),))
            list(pool.map(abs, range(4)))  # the workers are up
            print("ready", flush=True)
            time.sleep(60)
        """
    )
    path = tmp_path / "importer.py"
    path.write_text(script)
    process = subprocess.Popen(
        [sys.executable, str(path)], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE
    )
    try:
        assert process.stdout.readline().strip() == b"ready"
        workers = children_of(process.pid) - {process.pid}
        workers = {
            pid for pid in workers if "python" in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
        }
        assert workers, "the pool started worker processes"
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and any(alive(pid) for pid in workers):
            time.sleep(0.1)
        assert not any(alive(pid) for pid in workers), "a worker outlived the importer"
    finally:
        process.kill()
