"""Related articles and related topics for an article page.

Pinned articles come first; the rest are ranked by what they share with the article (a
shared topic weighs more than a shared mention, since topics are chosen by people), then
by recency. Both lists are fixed-size queries, so the article page stays constant-cost.

The candidates are the most recent published articles (`CANDIDATES` of them), not all of them:
ranking every article that shares a much-used topic or name grew with the archive; a bounded
window costs the same at any size, and recent articles are the ones a reader wants next anyway.
"""

from collections import defaultdict

from django.db import connection
from django.db.models import Count, F, IntegerField, Q, Value

from .duplicates import copies_among
from .models import Article, Mention, Topic

RELATED_LIMIT = 5
TOPIC_WEIGHT = 2
CANDIDATES = 500
SPARE = 5
PINNED = 0  # the weight that marks a pinned article's row


def related_articles(article: Article, *, limit: int = RELATED_LIMIT, mentions=None) -> list[Article]:
    """Pinned ones first, then the best ranked; never two copies of one story.

    One query ranks what links the window's articles to this one (a shared topic, a shared
    mention, a pin: `_ranked`); one more reads the articles shown. Counted per article by the ORM,
    grouped, it had Django compile a dozen subqueries on every article page. `mentions`: the
    article's mentions an editor kept, where the caller has read them (its page has), else read here.
    """
    window = recent_published()
    topic_links = Article.topics.through.objects
    shared_topics = topic_links.filter(article__in=window, topic__in=[topic.pk for topic in article.topics.all()])
    if mentions is None:  # the article's mentions an editor kept, unless the caller has them already
        mentions = Mention.objects.filter(article=article, excluded=False)
    targets = defaultdict(list)
    for mention in mentions:
        kind, pk = mention.target_key
        targets[kind].append(pk)
    shared_mention = Q(pk__in=[])  # none, for an article that names nothing
    for kind, pks in targets.items():
        shared_mention |= Q(**{f"{kind}__in": pks})
    shared_mentions = Mention.objects.filter(shared_mention, article__in=window, excluded=False)
    pins = Article.pinned_related.through.objects.filter(from_article=article)
    links = _weighted(shared_topics, "article", TOPIC_WEIGHT).union(
        _weighted(shared_mentions, "article", 1), _weighted(pins, "to_article", PINNED), all=True
    )
    pinned_pks, ranked_pks = _ranked(links, article.pk, limit + SPARE)  # a few spare: see _one_copy_each
    # The pins asked for as a subquery: one query whatever was found, so the page's count stays fixed.
    shown_here = Q(pk__in=pins.values("to_article")) | Q(pk__in=ranked_pks)
    found = list(Article.objects.published().exclude(pk=article.pk).filter(shown_here).for_list())
    pinned = [candidate for candidate in found if candidate.pk in pinned_pks][:limit]
    if len(pinned) >= limit:
        return pinned
    by_pk = {candidate.pk: candidate for candidate in found}
    ranked = [by_pk[pk] for pk in ranked_pks if pk in by_pk][: limit - len(pinned) + SPARE]
    return _one_copy_each(article, pinned + ranked)[:limit]


def _ranked(links, article_pk: int, size: int) -> tuple[set[int], list[int]]:
    """The pinned articles among the links, and the `size` best ranked of the others: by the weight of
    what they share with the article, then newest first.

    Summed and sorted by the database, around the compiled union (as search ranks its catalog): the
    window links hundreds of articles to the film every article names, and reading a row per link
    converted each one's date here to rank ten.
    """
    union, params = links.query.sql_with_params()
    pinned = f'SELECT "linked" FROM links WHERE "weight" = {PINNED}'
    sql = (
        f'WITH links AS ({union}) SELECT "linked", 1 FROM ({pinned}) pins UNION ALL SELECT * FROM ('
        f'SELECT "linked", 0 FROM links WHERE "linked" <> %s AND "linked" NOT IN ({pinned}) GROUP BY "linked" '
        'ORDER BY SUM("weight") DESC, MAX("date") DESC, "linked" DESC LIMIT %s) ranked'
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, article_pk, size])
        rows = cursor.fetchall()
    return {pk for pk, pinned in rows if pinned}, [pk for pk, pinned in rows if not pinned]


def _weighted(links, field: str, weight: int):
    """The linked article's pk and date, and what the link weighs: one arm of the ranking's union."""
    return (
        links.order_by()
        .annotate(linked=F(f"{field}_id"), date=F(f"{field}__shown_at"), weight=Value(weight, IntegerField()))
        .values_list("linked", "date", "weight")
    )


def _one_copy_each(article: Article, candidates: list[Article]) -> list[Article]:
    """The candidates without any that an editor has yet to sort out as a copy of the article or of
    one listed before it (news/duplicates.py)."""
    pairs = copies_among([article.pk, *(candidate.pk for candidate in candidates)])
    shown = [article.pk]
    kept = []
    for candidate in candidates:
        if not any(frozenset((candidate.pk, other)) in pairs for other in shown):
            kept.append(candidate)
            shown.append(candidate.pk)
    return kept


def recent_published():
    """The window related lists are drawn from: the latest published articles."""
    return Article.objects.published().order_by("-shown_at", "-pk").values("pk")[:CANDIDATES]


def related_topics(article: Article, *, limit: int = 8) -> list[Topic]:
    """The article's own topics, then the topics that most often appear beside them (lately)."""
    own = list(article.topics.all())
    if not own or len(own) >= limit:
        return own[:limit]
    beside = Article.objects.filter(pk__in=recent_published(), topics__in=own)
    neighbours = (
        Topic.objects.exclude(pk__in=[t.pk for t in own])
        .filter(articles__in=beside)
        .annotate(together=Count("articles", distinct=True))
        .order_by("-together", "name")[: limit - len(own)]
    )
    return own + list(neighbours)
