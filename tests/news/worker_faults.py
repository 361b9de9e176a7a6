"""A parsing function that dies inside a worker process (tests only); it must stay free of Django,
because spawned workers import it without setting Django up."""

import multiprocessing
import os
from pathlib import Path

from news.importer.parsing import parse_files


def dies_in_a_worker(files, max_bytes):
    if multiprocessing.parent_process() is not None:
        Path(os.environ["STARLIGHT_TEST_WORKER_DIED"]).touch()
        os._exit(1)  # as the kernel's out-of-memory killer would end it: no exception, no goodbye
    return parse_files(files, max_bytes)
