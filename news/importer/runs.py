"""Running an import over many files: reading, parsing, and saving them in batches.

Files are committed in batches (each file still all or nothing) because a transaction per file
makes SQLite fsync thousands of times on a large import. On a run of more than one batch, worker
processes parse the next batch while this process saves the current one; parsing needs no
database, so the workers never touch it. They are spawned, so a script that imports calls this
under the usual `if __name__ == "__main__":` guard, as multiprocessing asks. A dry run makes the
same decisions and writes nothing, in no transaction (see saving.py).

A WordPress export is one file holding a whole site: it is read as a stream, and each of its posts
goes through the batches as an item of its own (see formats_wxr.py).
"""

import multiprocessing
import os
import stat
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError

from common.planner import keep_statistics
from common.processes import exit_with_parent

from .article import ImportFailure
from .batches import Parsed, save_batch
from .formats_wxr import WxrExport, WxrPost
from .parsing import check_file, parse_files
from .reports import FileReport, ImportOptions, ImportSummary, Outcome
from .saving import Lookups, failure_reason, with_library_pictures, writing
from .uploads import wordpress_export, zip_items

BATCH_SIZE = 200
BATCH_BYTES = 32 * 1024 * 1024  # a batch ends before BATCH_SIZE files when they hold this much
AHEAD_BYTES = 64 * 1024 * 1024  # at most this much read and parsing ahead of the batch being saved
AHEAD = 2  # batches parsed ahead of the one being saved
PER_TASK = 25  # files sent to a worker at a time

# A file's bytes, why it is not read, or a WordPress export (read as a stream, post by post).
Loader = Callable[[], "bytes | FileReport | WxrExport"]


Loaded = list[tuple[str, "bytes | WxrPost | FileReport"]]


def _held(data: "bytes | WxrPost | FileReport") -> int:
    if isinstance(data, WxrPost):
        return len(data.content)
    return len(data) if isinstance(data, bytes) else 0


def _size(loaded: Loaded) -> int:
    return sum(_held(data) for _name, data in loaded)


class _Parser:
    """Reads files in batches and parses them, in order: in worker processes when there are any.

    Workers are a speed-up, never a requirement: where they cannot start or one dies (out of
    memory, say), the files are parsed in this process instead and the import goes on.
    """

    def __init__(
        self, workers: int, *, max_bytes: int, batch_size: int, pages: bool = False, on_more=None, eager: bool = True
    ):
        """`eager`: start the workers now; else only if a WordPress export holds more than a batch.
        `on_more` hears how many more items than files there are, as each export is counted."""
        self.max_bytes = max_bytes
        self.batch_size = batch_size
        self.pages = pages
        self.on_more = on_more
        self.workers = workers
        self.pool = None
        if eager:
            self._start()

    def _start(self):
        workers, self.workers = self.workers, 0  # started once at most: a stopped pool stays stopped
        if workers > 0:
            try:
                # Spawned, not forked: a fork would copy this process's threads and database connections.
                self.pool = ProcessPoolExecutor(
                    workers,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=exit_with_parent,
                    initargs=(os.getpid(),),
                )
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

    def _read(self, items: Iterable[tuple[str, Loader]]) -> Iterator[Loaded]:
        """Files read in batches of `batch_size`, or fewer when they are large."""
        batch: Loaded = []
        held = 0
        for name, load in items:
            loaded = load()
            for entry in self._posts(name, loaded) if isinstance(loaded, WxrExport) else [(name, loaded)]:
                batch.append(entry)
                held += _size(batch[-1:])
                if len(batch) >= self.batch_size or held >= BATCH_BYTES:
                    yield batch
                    batch, held = [], 0
        if batch:
            yield batch

    def _posts(self, name: str, export: WxrExport) -> Iterator[tuple[str, WxrPost | FileReport]]:
        """An export's posts as items of their own, after one report on what it leaves out (if anything).

        The export is read through once before any post is handed out, so a broken one fails whole."""
        export.pages = self.pages
        try:
            tally = export.scan()
        except ImportFailure as exc:
            yield name, FileReport(name, Outcome.FAILED, str(exc))
            return
        left_out = tally.left_out_reason()
        if self.on_more is not None:
            self.on_more(tally.to_import + bool(left_out) - 1)
        if tally.to_import > self.batch_size:
            self._start()
        if left_out:
            yield name, FileReport(name, Outcome.SKIPPED, left_out)
        try:
            for post in export.posts(tally.authors):
                yield post.label, post
        except ImportFailure as exc:  # changed on disk since it was counted
            yield name, FileReport(name, Outcome.FAILED, str(exc))

    def batches(self, items: Iterable[tuple[str, Loader]]) -> Iterator[list[tuple[str, Parsed]]]:
        ahead: deque[tuple[Loaded, list[Future] | None, int]] = deque()
        for loaded in self._read(items):
            ahead.append((loaded, self._submit(loaded), _size(loaded)))
            while ahead and (self.pool is None or len(ahead) > AHEAD or sum(size for *_, size in ahead) > AHEAD_BYTES):
                loaded, tasks, _size_ = ahead.popleft()
                yield self._collect(loaded, tasks)
        while ahead:
            loaded, tasks, _size_ = ahead.popleft()
            yield self._collect(loaded, tasks)

    def _submit(self, loaded: Loaded) -> list[Future] | None:
        if self.pool is None:
            return None
        try:
            return [
                self.pool.submit(parse_files, loaded[start : start + PER_TASK], self.max_bytes)
                for start in range(0, len(loaded), PER_TASK)
            ]
        except Exception:  # a worker cannot start (a process limit, no memory) or the pool broke
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


def _save(files: list[tuple[str, Parsed]], *, options: ImportOptions, lookups: Lookups) -> list[FileReport]:
    """One batch in one transaction, tried twice; its pictures brought into the library first.

    Foreign keys are checked at commit, so a topic or source that an editor deleted while the
    import had it cached fails the whole commit; the second try looks everything up afresh. A
    database that stays unreachable fails the batch's files with the reason, not the run.
    """
    files = with_library_pictures(files, options=options, lookups=lookups)
    for _attempt in range(2):
        try:
            with writing(options):
                return save_batch(files, options=options, lookups=lookups)
        except DatabaseError as exc:
            lookups.forget()
            error = exc
    return [
        content if isinstance(content, FileReport) else FileReport(name, Outcome.FAILED, failure_reason(error))
        for name, content in files
    ]


def finish_run(options: ImportOptions, summary: ImportSummary) -> None:
    """What ends every import (files, an admin job, a feed's poll), once: a run that wrote rows brings
    the planner's statistics up to date."""
    if not options.dry_run and (summary.count(Outcome.CREATED) or summary.count(Outcome.UPDATED)):
        keep_statistics()


def import_many(
    items: Sequence[tuple[str, Loader]],
    *,
    options: ImportOptions,
    progress=None,
    on_report: Callable[[FileReport], None] | None = None,
    batch_size: int = BATCH_SIZE,
    keep_files: bool = True,
    on_more: Callable[[int], None] | None = None,
) -> ImportSummary:
    """Import named files; a loader gives a file's bytes, or a report when it cannot be read.

    `on_report` hears of every file as it is done; without `keep_files` the summary only counts them.
    A WordPress export is one item per post: `on_more` hears how many items it adds.
    """
    summary = ImportSummary(keep_files=keep_files)
    lookups = Lookups(dry_run=options.dry_run)
    if progress is not None:
        progress.reset(total=len(items))

    def more(count: int) -> None:
        if progress is not None:
            progress.total += count
            progress.refresh()
        if on_more is not None:
            on_more(count)

    batch_size = max(batch_size, 1)
    with _Parser(
        settings.IMPORT_WORKERS,
        max_bytes=settings.IMPORT_MAX_BYTES,
        batch_size=batch_size,
        pages=options.pages,
        on_more=more,
        eager=len(items) > batch_size,
    ) as parser:
        for files in parser.batches(items):
            for report in _save(files, options=options, lookups=lookups):
                summary.add(report)
                if on_report:
                    on_report(report)
                if progress is not None:
                    progress.update(1)
    finish_run(options, summary)
    return summary


def import_parsed(
    files: Sequence[tuple[str, Parsed]],
    *,
    options: ImportOptions,
    on_report: Callable[[FileReport], None] | None = None,
    lookups: Lookups | None = None,
) -> ImportSummary:
    """Save articles read some other way (the items of a polled feed): the batches, matching, editors'
    changes kept and report of a file import, without reading files. Calls that make up one run share
    its `lookups` (in a dry run, what the earlier ones would have written)."""
    summary = ImportSummary()
    lookups = lookups or Lookups(dry_run=options.dry_run)
    for start in range(0, len(files), BATCH_SIZE):
        for report in _save(list(files[start : start + BATCH_SIZE]), options=options, lookups=lookups):
            summary.add(report)
            if on_report:
                on_report(report)
    return summary


def _under(folder: Path) -> Iterator[Path]:
    """Everything to report on inside ``folder``: files, and links (to files or folders), which are not followed."""
    for root, folders, files in os.walk(folder):  # followlinks=False: a linked folder is listed, not entered
        here = Path(root)
        links = [name for name in folders if (here / name).is_symlink()]
        folders[:] = [name for name in folders if not name.startswith(".") and name not in links]
        for name in [*files, *links]:
            if not name.startswith("."):
                yield here / name


def walk(paths: Iterable[Path]) -> Iterator[tuple[Path, bool]]:
    """Files to import, in a stable order; the flag says whether the file was named directly."""
    for path in paths:
        if path.is_dir():
            for child in sorted(_under(path)):
                yield child, False
        else:
            yield path, True


SYMLINK_SKIPPED = "a symbolic link: links inside a folder are not followed"


def load_file(name: str, named: bool) -> bytes | FileReport | WxrExport:
    """A file's bytes, or why it is not read: a link met in a folder, an unknown kind, too large, unreadable.

    A link found in a folder could lead anywhere on the machine (a key, a password file), so only a
    file named directly is read through one; O_NOFOLLOW holds that even if a file is swapped for a link
    after the walk, and O_NONBLOCK keeps a pipe swapped in from hanging the import.
    """
    path = Path(name)
    try:
        if not named and path.is_symlink():
            return FileReport(name, Outcome.SKIPPED, SYMLINK_SKIPPED)
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):  # a pipe or a device would block the read or never end
            return FileReport(name, Outcome.SKIPPED if not named else Outcome.FAILED, "not a regular file")
        flags = os.O_RDONLY | (0 if named else getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        export = wordpress_export(name, lambda: open(os.open(name, flags), "rb"))
        if export is not None:
            return export
        # Refused before reading: the parser would say the same, after loading it all.
        refused = check_file(name, status.st_size, max_bytes=settings.IMPORT_MAX_BYTES, skip_unknown=not named)
        if refused:
            return refused
        with open(os.open(name, flags), "rb") as file:
            return file.read()
    except OSError as exc:
        return FileReport(name, Outcome.FAILED, f"cannot read ({exc.strerror or exc})")


def import_paths(paths: Iterable[Path], *, options: ImportOptions, **kwargs) -> ImportSummary:
    """Import files and folders (walked recursively); unknown kinds found in folders are skipped."""
    # Names and partials rather than paths and closures: a few hundred bytes a file, held for the whole run.
    items = [item for path, named in walk(paths) for item in _items(str(path), named)]
    return import_many(items, options=options, **kwargs)


def _items(name: str, named: bool) -> list[tuple[str, Loader]]:
    """A file to import, or each member of a zip, read as the admin's import jobs read an uploaded one."""
    if not name.lower().endswith(".zip") or (not named and Path(name).is_symlink()):
        return [(name, partial(load_file, name, named))]
    try:
        archive = open(name, "rb")  # open for the run: its members are read from it one by one
    except OSError as exc:
        return [(name, partial(FileReport, name, Outcome.FAILED, f"cannot read ({exc.strerror or exc})"))]
    return zip_items(archive)
