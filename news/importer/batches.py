"""Saving a batch of parsed files: new articles in a few bulk statements, everything else file by file.

Saving one new article through the ORM costs 37 statements (measured), most of them in signal handlers
(its topics, its history, its mentions, its search entry). A large import is almost all new
articles, so those are collected and written together: the same rows the handlers would write, in
a handful of statements per batch. History differs in one way: a single save records the article,
then its topics as a second "changed" record; a bulk insert records both at once.

Whatever needs a decision against the database (an update, two files naming the same article)
goes through `save_file`, after the collected articles are written. If a bulk write fails, its
files are saved again one by one, so a bad file fails alone.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from search.indexing import index_new
from search.models import Kind

from ..mentions import mention_new_articles
from ..models import Article
from .parsing import ParsedArticle
from .reports import ArticleResult, FileReport, ImportOptions, Outcome
from .saving import (
    Lookups,
    chunks,
    failure_reason,
    give_slugs,
    imported_values,
    new_article,
    save_file,
    slug_base,
    status_for,
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
    text = f"text:{article.fingerprint}"
    return {f"url:{article.original_url}", text} if article.original_url else {text}


class _Batch:
    def __init__(self, files: list[tuple[str, Parsed]], *, options: ImportOptions, lookups: Lookups):
        self.files = files
        self.options = options
        self.lookups = lookups
        self.reports: list[FileReport | None] = [None] * len(files)
        self.waiting: list[_NewFile] = []
        # Keys (URL, text) of articles written or matched in this batch: a later file naming one of
        # them is decided against the database rather than against what was read before the batch.
        self.touched: set[str] = set()
        articles = [parsed for _name, content in files if not isinstance(content, FileReport) for parsed in content]
        self.by_url, self.by_text = self._existing(articles)

    def _existing(self, articles: list[ParsedArticle]) -> tuple[dict[str, Article], dict[str, Article]]:
        fields = ("pk", "title", "slug", "status", "original_url", "fingerprint", "imported_values")
        urls = sorted({parsed.original_url for parsed in articles if parsed.original_url})
        prints = sorted({parsed.fingerprint for parsed in articles})
        by_url = {
            article.original_url: article
            for chunk in chunks(urls)
            for article in Article.objects.filter(original_url__in=chunk).only(*fields)
        }
        by_text: dict[str, Article] = {}
        for chunk in chunks(prints):
            for article in Article.objects.filter(fingerprint__in=chunk).only(*fields).order_by("-pk"):
                by_text[article.fingerprint] = article  # the oldest wins, as in `saving._find_existing`
        return by_url, by_text

    def run(self) -> list[FileReport]:
        for slot, (name, content) in enumerate(self.files):
            if isinstance(content, FileReport):
                self.reports[slot] = content
            else:
                self._plan(slot, name, content)
        self._write_waiting()
        return self.reports

    def _match(self, parsed: ParsedArticle) -> Article | None:
        if parsed.original_url and parsed.original_url in self.by_url:
            return self.by_url[parsed.original_url]
        return self.by_text.get(parsed.fingerprint)

    def _plan(self, slot: int, name: str, parsed_articles: list[ParsedArticle]) -> None:
        keys = [_keys(parsed) for parsed in parsed_articles]
        every_key = set().union(*keys)
        matches = [self._match(parsed) for parsed in parsed_articles]
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
        if existing is None or self.options.overwrite or source is False:
            return False
        status = status_for(existing, self.options)
        values = imported_values(parsed, source=source, status=status, fingerprint=parsed.fingerprint)
        return (existing.imported_values or {}) == values

    def _plan_new(self, slot: int, name: str, parsed_articles: list[ParsedArticle]) -> None:
        sources = [self._source(parsed) for parsed in parsed_articles]
        if False in sources:
            # A new source is created inside the file's own savepoint; later files find it.
            self._save_one_by_one(slot, name, parsed_articles)
            return
        articles = []
        for parsed, source in zip(parsed_articles, sources, strict=True):
            article = new_article(parsed, source=source, fingerprint=parsed.fingerprint, options=self.options)
            try:
                # The slug is given when written; the source was just read from the database.
                article.full_clean(exclude=["slug", "source"], validate_unique=False, validate_constraints=False)
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
            with transaction.atomic():
                _write_new(waiting, self.lookups)
        except Exception:  # saved again file by file below, where each file reports its own error
            self.lookups.forget()
            for new in waiting:
                self.reports[new.slot] = save_file(new.name, new.parsed, options=self.options, lookups=self.lookups)
            return
        for new in waiting:
            results = [ArticleResult(Outcome.CREATED, a.title, a.slug, a.review_reason) for a in new.articles]
            self.reports[new.slot] = FileReport.of(new.name, results)


def _write_new(files: list[_NewFile], lookups: Lookups) -> None:
    """Insert new articles with their topics, mentions, history and search entries."""
    articles = [article for new in files for article in new.articles]
    topic_names = [parsed.topics for new in files for parsed in new.parsed]
    give_slugs(Article, articles, [slug_base(article.title) for article in articles])
    Article.objects.bulk_create(articles)
    Link = Article.topics.through
    pairs = {  # two spellings of one name are one topic
        (article.pk, lookups.topic(name).pk): None
        for article, names in zip(articles, topic_names, strict=True)
        for name in names
    }
    links = Link.objects.bulk_create(Link(article_id=article, topic_id=topic) for article, topic in pairs)
    mention_new_articles(zip(articles, (parsed.text for new in files for parsed in new.parsed), strict=True))
    _record_history(articles, links)
    index_new(Kind.ARTICLE, [article.pk for article in articles])


def _record_history(articles: list[Article], links: Iterable) -> None:
    """One "created" history record per article, holding its topics too."""
    records = Article.history.bulk_history_create(articles, default_change_reason=None)
    if not records:  # history is switched off (SIMPLE_HISTORY_ENABLED)
        return
    by_article = {record.id: record for record in records}
    TopicRecord = Article.history.model.topics.model
    TopicRecord.objects.bulk_create(
        TopicRecord(history=by_article[link.article_id], id=link.pk, article_id=link.article_id, topic_id=link.topic_id)
        for link in links
    )


def save_batch(files: list[tuple[str, Parsed]], *, options: ImportOptions, lookups: Lookups) -> list[FileReport]:
    """Save parsed files (or pass on the reports of those that could not be read), in their order."""
    return _Batch(files, options=options, lookups=lookups).run()
