"""Saving a batch of parsed files: new articles written together, everything else file by file.

A large import is almost all new articles, so the new articles of many files are collected and
handed to one `write_new` (a few statements for hundreds of articles, derived rows included).
Whatever needs a decision against the database (an update, two files naming the same article, a
source to create) goes through `save_file`, after the collected articles are written. If a bulk
write fails, its files are saved again one by one, so a bad file fails alone.

Matching, "unchanged?", validation and writing are the ones in `saving.py`; this module only
decides which files can go together.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from ..models import Article
from .parsing import ParsedArticle
from .reports import ArticleResult, FileReport, ImportOptions, Outcome
from .saving import (
    Existing,
    Lookups,
    failure_reason,
    imported_values,
    is_unchanged,
    new_article,
    save_file,
    status_for,
    validate,
    write_new,
    writing,
)

MAX_PENDING = 500  # new articles written in one go (a feed file can hold thousands)

Parsed = FileReport | list[ParsedArticle]


@dataclass
class _NewFile:
    slot: int
    name: str
    parsed: list[ParsedArticle]
    articles: list[Article]


def _keys(article: ParsedArticle | Article) -> set[str]:
    keys = {f"text:{article.fingerprint}"}
    if article.original_url:
        keys.add(f"url:{article.original_url}")
    identity = article.identity if isinstance(article, ParsedArticle) else article.import_id
    if identity:
        keys.add(f"id:{identity}")
    return keys


class _Batch:
    def __init__(self, files: list[tuple[str, Parsed]], *, options: ImportOptions, lookups: Lookups):
        self.files = [
            (name, content if isinstance(content, FileReport) else [lookups.with_topics(p) for p in content])
            for name, content in files
        ]
        files = self.files
        self.options = options
        self.lookups = lookups
        self.reports: list[FileReport | None] = [None] * len(files)
        self.waiting: list[_NewFile] = []
        # Keys (URL, text) of articles written or matched in this batch: a later file naming one of
        # them is decided against the database rather than against what was read before the batch.
        self.touched: set[str] = set()
        self.existing = Existing(
            [parsed for _name, content in files if not isinstance(content, FileReport) for parsed in content],
            planned=lookups.planned,
        )

    def run(self) -> list[FileReport]:
        for slot, (name, content) in enumerate(self.files):
            if isinstance(content, FileReport):
                self.reports[slot] = content
            else:
                self._plan(slot, name, content)
        self._write_waiting()
        return self.reports

    def _plan(self, slot: int, name: str, parsed_articles: list[ParsedArticle]) -> None:
        keys = [_keys(parsed) for parsed in parsed_articles]
        every_key = set().union(*keys)
        matches = [self.existing.match(parsed) for parsed in parsed_articles]
        repeated = len(every_key) < sum(len(k) for k in keys) or bool(every_key & self.touched)
        if not repeated and not any(matches):
            self._plan_new(slot, name, parsed_articles)
        elif not repeated and all(self._unchanged(m, p) for m, p in zip(matches, parsed_articles, strict=True)):
            results = [ArticleResult(Outcome.UNCHANGED, match.title, match.slug) for match in matches]
            self.reports[slot] = FileReport.of(name, results)
        else:
            for match in filter(None, matches):
                every_key |= _keys(match)
            self._save_one_by_one(slot, name, parsed_articles)
        self.touched |= every_key

    def _source(self, parsed: ParsedArticle):
        """The file's source if it is known; `False` when it would have to be created first."""
        name = self.options.source or parsed.source_name
        source = self.lookups.source(name, create=False)
        return False if name.strip() and source is None else source

    def _unchanged(self, existing: Article | None, parsed: ParsedArticle) -> bool:
        source = self._source(parsed)
        if existing is None or source is False:
            return False
        status = status_for(existing, self.options, parsed)
        values = imported_values(parsed, source=source, status=status, fingerprint=parsed.fingerprint)
        return is_unchanged(existing, values, self.options)

    def _plan_new(self, slot: int, name: str, parsed_articles: list[ParsedArticle]) -> None:
        sources = [self._source(parsed) for parsed in parsed_articles]
        if False in sources:
            # A new source is created inside the file's own savepoint; later files find it.
            self._save_one_by_one(slot, name, parsed_articles)
            return
        articles = []
        for parsed, source in zip(parsed_articles, sources, strict=True):
            article = new_article(parsed, source=source, options=self.options)
            try:
                validate(article)
            except ValidationError as exc:
                self.reports[slot] = FileReport(name, Outcome.FAILED, failure_reason(exc))
                return
            articles.append(article)
        self.waiting.append(_NewFile(slot, name, parsed_articles, articles))
        if sum(len(new.articles) for new in self.waiting) >= MAX_PENDING:
            self._write_waiting()

    def _save_one_by_one(self, slot: int, name: str, parsed_articles: list[ParsedArticle]) -> None:
        self._write_waiting()  # first, so that this file is decided against everything before it
        self.reports[slot] = save_file(name, parsed_articles, options=self.options, lookups=self.lookups)

    def _write_waiting(self) -> None:
        waiting, self.waiting = self.waiting, []
        if not waiting:
            return
        try:
            with writing(self.options):
                write_new([article for new in waiting for article in new.articles], self.lookups)
        except Exception:  # saved again file by file below, where each file reports its own error
            self.lookups.forget()
            for new in waiting:
                self.reports[new.slot] = save_file(new.name, new.parsed, options=self.options, lookups=self.lookups)
            return
        for new in waiting:
            results = [ArticleResult(Outcome.CREATED, a.title, a.slug, a.review_reason) for a in new.articles]
            self.reports[new.slot] = FileReport.of(new.name, results)


def save_batch(files: list[tuple[str, Parsed]], *, options: ImportOptions, lookups: Lookups) -> list[FileReport]:
    """Save parsed files (or pass on the reports of those that could not be read), in their order."""
    return _Batch(files, options=options, lookups=lookups).run()
