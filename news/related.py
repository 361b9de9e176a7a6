"""Related articles and related topics for an article page.

Pinned articles come first; the rest are ranked by what they share with the article (a
shared topic weighs more than a shared mention, since topics are chosen by people), then
by recency. Both lists are fixed-size queries, so the article page stays constant-cost.

The candidates are the most recent published articles (`CANDIDATES` of them), not all of them:
ranking every article that shares a much-used topic or name took 230 ms at 10,000 articles and
grew with the archive; a bounded window costs the same at any size, and recent articles are the
ones a reader wants next anyway.
"""

from django.db.models import Count, F, Q

from .duplicates import copies_among
from .models import Article, Mention, Topic

RELATED_LIMIT = 5
TOPIC_WEIGHT = 2
CANDIDATES = 500
SPARE = 5


def related_articles(article: Article, *, limit: int = RELATED_LIMIT) -> list[Article]:
    """Pinned ones first, then the best ranked; never two copies of one story."""
    published = Article.objects.published().exclude(pk=article.pk)
    pinned = list(published.filter(pk__in=article.pinned_related.values("pk")).for_list()[:limit])
    if len(pinned) >= limit:
        return pinned
    topic_ids = article.topics.values("pk")
    mentions = Mention.objects.filter(article=article, excluded=False)
    shared_mention = Q()
    for target in Mention.TARGETS:
        ids = mentions.filter(**{f"{target}__isnull": False}).values(target)
        shared_mention |= Q(**{f"mentions__{target}__in": ids}, mentions__excluded=False)
    ranked = (
        published.filter(pk__in=recent_published())
        .exclude(pk__in=[a.pk for a in pinned])
        .annotate(
            shared_topics=Count("topics", filter=Q(topics__in=topic_ids), distinct=True),
            shared_mentions=Count("mentions", filter=shared_mention, distinct=True),
        )
        .annotate(score=F("shared_topics") * TOPIC_WEIGHT + F("shared_mentions"))
        .filter(score__gt=0)
        .select_related("source", "hero_image")
        .order_by("-score", "-shown_at", "-pk")
    )
    # A few more than needed, so that dropping second copies of a story still fills the list.
    return _one_copy_each(article, pinned + list(ranked[: limit - len(pinned) + SPARE]))[:limit]


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
