"""The one step that follows every write of articles: their mentions, the library pictures their
bodies show, their text sketch (and a flag when another article tells the same story), their history,
their share card queued for the background worker, and the `articles_written` signal that the search
index (and anything else derived) listens to.

Whoever writes articles saves the rows and their topics first, then calls `write_derived` once
for what it wrote: the admin's change form (after its inlines and topics are saved), an import of
one file, a bulk import of many (`created=True`: everything in a few statements for the lot). Each
derived row is then written once per article, with the topics already in place, so the history
has one record per save and the search entry is built once.

A save made anywhere else (the shell, an admin list action, the demo loader) reaches the same step
through the receivers in `news/signals.py`; there django-simple-history records the history itself.
"""

from collections.abc import Sequence
from contextlib import contextmanager

from django.dispatch import Signal

from caching.changes import rows_changed
from catalog.figures import picture_ids
from catalog.models import Image
from sharing import cards

from .duplicates import check as check_duplicates
from .mentions import mention_new_articles, refresh_mentions
from .models import Article, BodyPicture

articles_written = Signal()
"""Sent once per write with `articles` (saved, topics set) and `created` (all new, or all updated)."""

_DEFERRED = "_derived_deferred"


def hold(article: Article) -> None:
    """Let the per-save receivers (ours and the history's) pass over this article's next save."""
    setattr(article, _DEFERRED, True)
    article.skip_history_when_saving = True


def release(article: Article) -> None:
    for name in (_DEFERRED, "skip_history_when_saving"):
        if hasattr(article, name):
            delattr(article, name)


def is_held(article: Article) -> bool:
    return getattr(article, _DEFERRED, False)


@contextmanager
def holding(*articles: Article):
    """Save inside; the derived rows are left to `write_derived`."""
    for article in articles:
        hold(article)
    try:
        yield
    finally:
        for article in articles:
            release(article)


def write_derived(articles: Sequence[Article], *, created: bool, history: bool = True) -> None:
    """Mentions, body pictures, sketches and duplicate flags, one history record each (with topics), then
    `articles_written`."""
    if not articles:
        return
    try:
        if created:
            mention_new_articles(articles)
        else:
            for article in articles:
                refresh_mentions(article)
        link_body_pictures(articles, created=created)
        check_duplicates(articles, created=created)
        if history:
            record_history(articles, created=created)
        cards.queue(articles)
        articles_written.send(sender=Article, articles=list(articles), created=created)
        # Bulk inserts send no post_save: the page caches hear of them here (updates were saves).
        if created:
            rows_changed(Article, articles)
    finally:
        for article in articles:
            release(article)


def link_body_pictures(articles: Sequence[Article], *, created: bool) -> None:
    """The library pictures each body shows, as rows the library counts as uses; none asked for a
    write of new articles whose bodies show none."""
    shown = {(article.pk, number) for article in articles for number in picture_ids(article.body)}
    if not created:
        BodyPicture.objects.filter(article__in=articles).delete()
    if not shown:
        return
    there = set(Image.objects.filter(pk__in={number for _article, number in shown}).values_list("pk", flat=True))
    BodyPicture.objects.bulk_create(
        BodyPicture(article_id=article, image_id=number) for article, number in sorted(shown) if number in there
    )


def record_history(articles: Sequence[Article], *, created: bool) -> None:
    """One history record per article, holding its topics, in a few statements for all of them."""
    records = Article.history.bulk_history_create(articles, update=not created, default_change_reason=None)
    if not records:  # history is switched off (SIMPLE_HISTORY_ENABLED)
        return
    by_article = {record.id: record for record in records}
    Link = Article.topics.through
    TopicRecord = Article.history.model.topics.model
    links = Link.objects.filter(article_id__in=list(by_article)).values_list("pk", "article_id", "topic_id")
    TopicRecord.objects.bulk_create(
        TopicRecord(history=by_article[article_id], id=pk, article_id=article_id, topic_id=topic_id)
        for pk, article_id, topic_id in links
    )
