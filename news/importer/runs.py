"""Running an import over many files: reading, parsing, and saving them in batches.

Files are committed in batches (each file still all or nothing) because a transaction per file
makes SQLite fsync thousands of times on a large import. On a run of more than one batch, worker
processes parse the next batch while this process saves the current one; parsing needs no
database, so the workers never touch it. They are spawned, so a script that imports calls this
under the usual `if __name__ == "__main__":` guard, as multiprocessing asks. A dry run is one
transaction rolled back at the end, so it reports exactly what a real run would do and writes
nothing.
"""

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import nullcontext
from functools import partial
from pathlib import Path

from django.conf import settings
from django.db import transaction

from .batches import Parsed, save_batch
from .parsing import SUPPORTED_SUFFIXES, parse_files
from .reports import FileReport, ImportOptions, ImportSummary, Outcome
from .saving import Lookups

BATCH_SIZE = 200
PER_TASK = 25  # files sent to a worker at a time
AHEAD = 2  # batches parsed ahead of the one being saved

Loader = Callable[[], "bytes | FileReport"]
Loaded = list[tuple[str, "bytes | FileReport"]]


class _Parser:
    """Parses batches of files in order: in worker processes when there are any, else right here.

    Workers are a speed-up, never a requirement: where they cannot start or one dies (out of
    memory, say), the files are parsed in this process instead and the import goes on.
    """

    def __init__(self, workers: int, max_bytes: int):
        self.max_bytes = max_bytes
        self.pool = None
        if workers > 0:
            try:
                # Spawned, not forked: a fork would copy this process's threads and database connections.
                self.pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
            except (OSError, NotImplementedError):  # no process support here (no /dev/shm, a sandbox)
                self.pool = None

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self._stop()

    def _stop(self):
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None

    def batches(self, chunks: Iterable[Sequence[tuple[str, Loader]]]) -> Iterator[list[tuple[str, Parsed]]]:
        ahead: deque[tuple[Loaded, list[Future] | None]] = deque()
        for chunk in chunks:
            loaded = [(name, load()) for name, load in chunk]
            ahead.append((loaded, self._submit(loaded)))
            if self.pool is None or len(ahead) > AHEAD:
                yield self._collect(*ahead.popleft())
        while ahead:
            yield self._collect(*ahead.popleft())

    def _submit(self, loaded: Loaded) -> list[Future] | None:
        if self.pool is None:
            return None
        try:
            return [
                self.pool.submit(parse_files, loaded[start : start + PER_TASK], self.max_bytes)
                for start in range(0, len(loaded), PER_TASK)
            ]
        except BrokenProcessPool:
            self._stop()
            return None

    def _collect(self, loaded: Loaded, tasks: list[Future] | None) -> list[tuple[str, Parsed]]:
        names = [name for name, _data in loaded]
        if tasks is None:
            return list(zip(names, parse_files(loaded, self.max_bytes), strict=True))
        parsed: list[Parsed] = []
        for start, task in zip(range(0, len(loaded), PER_TASK), tasks, strict=True):
            try:
                parsed += task.result()
            except (BrokenProcessPool, CancelledError):  # a worker died: parse here from now on
                self._stop()
                parsed += parse_files(loaded[start : start + PER_TASK], self.max_bytes)
        return list(zip(names, parsed, strict=True))


def import_many(
    items: Sequence[tuple[str, Loader]],
    *,
    options: ImportOptions,
    progress=None,
    on_report: Callable[[FileReport], None] | None = None,
    batch_size: int = BATCH_SIZE,
    keep_files: bool = True,
) -> ImportSummary:
    """Import named files; a loader gives a file's bytes, or a report when it cannot be read.

    `on_report` hears of every file as it is done; without `keep_files` the summary only counts them.
    """
    summary = ImportSummary(keep_files=keep_files)
    lookups = Lookups()
    if progress is not None:
        progress.reset(total=len(items))
    batch_size = max(batch_size, 1)
    chunks = [items[start : start + batch_size] for start in range(0, len(items), batch_size)]
    workers = settings.IMPORT_WORKERS if len(chunks) > 1 else 0
    run = transaction.atomic() if options.dry_run else nullcontext()
    with _Parser(workers, settings.IMPORT_MAX_BYTES) as parser, run:
        for files in parser.batches(chunks):
            with transaction.atomic():
                reports = save_batch(files, options=options, lookups=lookups)
            for report in reports:
                summary.add(report)
                if on_report:
                    on_report(report)
                if progress is not None:
                    progress.update(1)
        if options.dry_run:
            transaction.set_rollback(True)
    return summary


def walk(paths: Iterable[Path]) -> Iterator[tuple[Path, bool]]:
    """Files to import, in a stable order; the flag says whether the file was named directly."""
    for path in paths:
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if not any(part.startswith(".") for part in child.relative_to(path).parts):
                    yield child, False
        else:
            yield path, True


def load_file(name: str, named: bool) -> bytes | FileReport:
    """A file's bytes, or why it is not read: an unknown kind, too large, unreadable."""
    path = Path(name)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        reason = f"unknown file kind ({suffix or 'no extension'})"
        return FileReport(name, Outcome.FAILED if named else Outcome.SKIPPED, reason)
    try:
        if path.stat().st_size > settings.IMPORT_MAX_BYTES:
            # Refuse before reading: the parser would say the same, after loading it all.
            return FileReport(name, Outcome.FAILED, too_large(path.stat().st_size))
        return path.read_bytes()
    except OSError as exc:
        return FileReport(name, Outcome.FAILED, f"cannot read ({exc.strerror or exc})")


def too_large(size: int) -> str:
    mb = 1024 * 1024
    return f"too large ({size / mb:.1f} MB; the limit is {settings.IMPORT_MAX_BYTES / mb:.1f} MB)"


def import_paths(paths: Iterable[Path], *, options: ImportOptions, **kwargs) -> ImportSummary:
    """Import files and folders (walked recursively); unknown kinds found in folders are skipped."""
    # Names and partials rather than paths and closures: a few hundred bytes a file, held for the whole run.
    names = ((str(path), named) for path, named in walk(paths))
    items = [(name, partial(load_file, name, named)) for name, named in names]
    return import_many(items, options=options, **kwargs)
