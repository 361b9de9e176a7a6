"""Turning uploaded files into articles: the importer's parsing layer (no database, no Django settings).

``parse_file`` checks the bytes (size, emptiness, binary content, encoding), picks the reader for the
file's kind, and finishes every draft the same way (see ``article.finish``). Whatever goes wrong comes out
as an ImportFailure with a reason a person can act on.
"""

import codecs
import re
from collections.abc import Callable
from pathlib import PurePath

from common.files import too_large

from .article import Draft, ImportFailure, ParsedArticle, finish
from .budget import OverBudget, time_budget
from .formats_docx import parse_docx
from .formats_feed import parse_feed
from .formats_html import parse_html
from .formats_json import parse_json
from .formats_markdown import parse_markdown
from .formats_text import parse_text
from .formats_wxr import SNIFF_BYTES, WxrPost, looks_like_wxr, post_draft
from .reports import FileReport, Outcome

__all__ = ["SUPPORTED_SUFFIXES", "ImportFailure", "ParsedArticle", "parse_file", "parse_files"]

_KINDS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".xml": "xml",
    ".rss": "feed",
    ".atom": "feed",
    ".docx": "docx",
}
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(_KINDS)
# Reading one file may use this much CPU time before it is refused: on an idle machine, with saving,
# an import answers for any file in under five seconds. CPU time, not wall time, so a file is read
# or refused the same however busy the machine is.
PARSE_SECONDS = 4.0
# Signatures of common binary files, so they are called that rather than "could not decode".
_BINARY_SIGNATURES = (b"%PDF", b"PK\x03\x04", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b", b"\xd0\xcf\x11\xe0")
# Control characters that do not occur in text (tab, newlines and form feed do).
_CONTROL_BYTE_RE = re.compile(rb"[\x00-\x08\x0e-\x1f\x7f]")
_CONTROL_CHAR_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def unknown_kind(name: str) -> str | None:
    """Why a file of this name is not read as an article (its kind), or None when it is."""
    suffix = PurePath(name).suffix.lower()
    if suffix in _KINDS:
        return None
    return f"unknown file kind ({suffix})" if suffix else "unknown file kind (no file extension)"


def check_file(name: str, size: int, *, max_bytes: int, skip_unknown: bool = False) -> FileReport | None:
    """The report for a file refused before it is read (unknown kind, too large), or None to read it.

    Every way in (a path, an upload, a zip member) asks this, so each refusal reads the same. A file
    of an unknown kind met while walking a folder or a zip is skipped; one named directly fails.
    """
    reason = unknown_kind(name)
    if reason is not None:
        return FileReport(name, Outcome.SKIPPED if skip_unknown else Outcome.FAILED, reason)
    if size > max_bytes:
        return FileReport(name, Outcome.FAILED, too_large(size, max_bytes))
    return None


def _kind(name: str) -> str:
    reason = unknown_kind(name)
    if reason is not None:
        raise ImportFailure(reason)
    return _KINDS[PurePath(name).suffix.lower()]


def _looks_binary(data: bytes) -> bool:
    head = data[:4096]
    if head.startswith(_BINARY_SIGNATURES) or b"\x00" in head:
        return True
    return len(_CONTROL_BYTE_RE.findall(head)) > len(head) * 0.05


def decode(data: bytes) -> str:
    """The file's text: UTF-8 (with or without a byte-order mark), or UTF-16 with a byte-order mark."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ImportFailure("could not decode as UTF-16") from exc
    else:
        if _looks_binary(data):
            raise ImportFailure("not a text file")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ImportFailure("could not decode as UTF-8") from exc
    sample = text[:4096]
    controls = len(_CONTROL_CHAR_RE.findall(sample))
    if "\x00" in text or controls > max(8, len(sample) * 0.02):
        raise ImportFailure("not a text file")
    if not text.replace("\ufeff", "").strip():
        raise ImportFailure("empty file")
    return text


def _looks_like_html(text: str) -> bool:
    start = text.lstrip()[:100].lower()
    return start.startswith(("<!doctype html", "<html"))


def _drafts(kind: str, text: str) -> list[tuple[Draft, str]]:
    if kind == "xml":
        kind = "html" if _looks_like_html(text) else "feed"
    single: dict[str, Callable[[str], Draft]] = {
        "text": parse_text,
        "markdown": parse_markdown,
        "html": parse_html,
    }
    if kind in single:
        return [(single[kind](text), "")]
    if kind == "feed" and looks_like_wxr(text[:SNIFF_BYTES].encode()):
        # Files and uploads hand exports to the stream reader before this; a feed's address cannot.
        raise ImportFailure("a WordPress export, not a feed: import it as a file (import_articles or an import job)")
    return parse_json(text) if kind == "json" else parse_feed(text)


def _parse(*, name: str, data: bytes | WxrPost, max_bytes: int) -> list[ParsedArticle]:
    if isinstance(data, WxrPost):  # one post of a WordPress export, read from it by `runs`
        if len(data.content) > max_bytes:
            raise ImportFailure(too_large(len(data.content), max_bytes))
        return [finish(post_draft(data))]
    kind = _kind(name)
    if len(data) > max_bytes:
        raise ImportFailure(too_large(len(data), max_bytes))
    if not data.strip():
        raise ImportFailure("empty file")
    if kind == "docx":  # a zip of XML, not text
        return [finish(parse_docx(data))]
    text = decode(data)
    return [finish(draft, where=where) for draft, where in _drafts(kind, text)]


def parse_file(
    *, name: str, data: bytes | WxrPost, max_bytes: int, seconds: float = PARSE_SECONDS
) -> list[ParsedArticle]:
    """Parse one file's bytes into articles (a JSON list or a feed gives several). Raises ImportFailure.

    ``name`` is only used for its suffix; a ``.xml`` file may hold RSS, Atom or (saved with the wrong
    name) an HTML page, and is told apart by its content. Reading stops after ``seconds`` of CPU time.
    """
    try:
        with time_budget(seconds):
            return _parse(name=name, data=data, max_bytes=max_bytes)
    except ImportFailure:
        raise
    except OverBudget as exc:
        raise ImportFailure(f"took more than {seconds:g} s to read: too complex to be one article") from exc
    except RecursionError as exc:
        raise ImportFailure("nested too deeply to read") from exc
    except Exception as exc:
        # A reader's bug must not stop a batch import: report the file as failed, with the cause.
        raise ImportFailure(f"internal error while reading the file: {type(exc).__name__}: {exc}"[:300]) from exc


def parse_files(
    files: list[tuple[str, bytes | WxrPost | FileReport]], max_bytes: int, seconds: float = PARSE_SECONDS
) -> list[list[ParsedArticle] | FileReport]:
    """Parse several files, turning failures into reports (and passing on reports of files never read).

    Worker processes run this, so it stays free of Django: nothing here needs settings or a database.
    """
    results: list[list[ParsedArticle] | FileReport] = []
    for name, data in files:
        if isinstance(data, FileReport):
            results.append(data)
            continue
        try:
            results.append(parse_file(name=name, data=data, max_bytes=max_bytes, seconds=seconds))
        except ImportFailure as exc:
            results.append(FileReport(name, Outcome.FAILED, str(exc)))
    return results
