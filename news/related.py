"""Related articles and related topics for an article page.

Pinned articles come first; the rest are ranked by what they share with the article (a
shared topic weighs more than a shared mention, since topics are chosen by people; the film the
site is about, which nearly every article names, counts for nothing), then by recency. Both lists
are fixed-size queries, so the article page stays constant-cost.

The candidates are the newest published articles of each of the article's topics and of each
entry it names (`PER_GROUP` of each), not all of them: ranking every article that shares a much-used
topic or name grew with the archive, and recent articles are the ones a reader wants next anyway.
Drawn from the article's own groups alone, the lists depend on nothing else
(`common.cache_tags.lists_only_of`): an article published under another topic leaves them, and
the article's page, as they are. (Drawn from the site's newest articles, as they once were, every
new article changed which were candidates, and so every article page.)
"""

from collections import defaultdict

from django.db import connection
from django.db.models import Count, F, IntegerField, Q, Value
from django.db.models.expressions import RawSQL

from catalog.selectors import the_film
from common import cache_tags

from .duplicates import copies_among
from .models import Article, Mention, Topic
from .selectors import newest

RELATED_LIMIT = 5
TOPIC_WEIGHT = 2
CANDIDATES = 500  # the window of the news list's filter choices (news/filters.py)
PER_GROUP = 30
SPARE = 5
PINNED = 0  # the weight that marks a pinned article's row


def related_articles(article: Article, *, limit: int = RELATED_LIMIT, mentions=None) -> list[Article]:
    """Pinned ones first, then the best ranked; never two copies of one story.

    One query ranks what links the candidates to this one (a shared topic, a shared mention, a pin:
    `_ranked`); one more reads the articles shown. Counted per article by the ORM, grouped, it had
    Django compile a dozen subqueries on every article page. `mentions`: the article's mentions an
    editor kept, where the caller has read them (its page has), else read here.
    """
    # The article's own topics, names and pins: a change of them is a change of the article itself,
    # which its lists depend on however they are kept (a page drawn for a signed-in editor collects no tags).
    cache_tags.depends_on(cache_tags.row_tag(Article, article.pk))
    with cache_tags.rows_only():
        topics = [topic.pk for topic in article.topics.all()]
        if mentions is None:  # the article's mentions an editor kept, unless the caller has them already
            mentions = Mention.objects.filter(article=article, excluded=False)
        targets = defaultdict(list)
        for mention in mentions:
            kind, pk = mention.target_key
            targets[kind].append(pk)
    film = the_film()
    if film is not None and film.pk in targets["film"]:
        # The film the site is about is named by nearly every article: sharing it relates nothing, and
        # ranking by it would change every article page with every new article.
        targets["film"].remove(film.pk)
    groups = [("topic", pk) for pk in topics] + [(kind, pk) for kind, pks in targets.items() for pk in pks]
    with cache_tags.lists_only_of(*group_tags(groups)):
        return _related(article, topics, targets, groups, limit)


def _related(article: Article, topics: list[int], targets: dict[str, list[int]], groups, limit: int) -> list[Article]:
    window = candidates(groups)
    links = Article.topics.through.objects
    shared_topics = links.filter(article__in=window, topic__in=topics)
    shared_mention = Q(pk__in=[])  # none, for an article that names nothing
    for kind, pks in targets.items():
        shared_mention |= Q(**{f"{kind}__in": pks})
    shared_mentions = Mention.objects.filter(shared_mention, article__in=window, excluded=False)
    pins = Article.pinned_related.through.objects.filter(from_article=article)
    links = _weighted(shared_topics, "article", TOPIC_WEIGHT).union(
        _weighted(shared_mentions, "article", 1), _weighted(pins, "to_article", PINNED), all=True
    )
    pinned_pks, ranked_pks = _ranked(links, article.pk, limit + SPARE)  # a few spare: see _one_copy_each
    # A pinned article is shown while it is published, whichever groups it is in.
    cache_tags.depends_on(*(cache_tags.row_tag(Article, pk) for pk in pinned_pks))
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

    Summed and sorted by the database, around the compiled union (as search ranks its catalog): reading
    a row per link converted each one's date here to rank ten.
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
    """The latest published articles, a window that costs the same at any size (news/filters.py)."""
    return Article.objects.published().order_by("-shown_at", "-pk").values("pk")[:CANDIDATES]


def group_tags(groups) -> list[str]:
    """The tags of the lists of articles in these groups: ("topic", 4), ("person", 7)…"""
    return [cache_tags.member_tag(Article, kind, pk) for kind, pk in groups]


def candidates(groups):
    """The ids of the newest published articles of each group (`PER_GROUP` of each), as a subquery.

    One union of the groups' subqueries: asked as `id IN (…) OR id IN (…)`, SQLite walked every
    article to test each one against them all.
    """
    published = Article.objects.published().order_by("-shown_at", "-pk").values("pk")
    parts, params = [], []
    for number, (kind, pk) in enumerate(groups):
        lookup = {"topics": pk} if kind == "topic" else {f"mentions__{kind}": pk, "mentions__excluded": False}
        group = newest(published.filter(**lookup), PER_GROUP)
        sql, group_params = (group.sql, group.params) if isinstance(group, RawSQL) else group.query.sql_with_params()
        parts.append(f"SELECT * FROM ({sql}) AS group_{number}")
        params.extend(group_params)
    if not parts:
        return Article.objects.none().values("pk")
    return RawSQL(" UNION ".join(parts), params)


def related_topics(article: Article, *, limit: int = 8) -> list[Topic]:
    """The article's own topics, then the topics that most often appear beside them (lately)."""
    cache_tags.depends_on(cache_tags.row_tag(Article, article.pk))
    with cache_tags.rows_only():
        own = list(article.topics.all())
    if not own or len(own) >= limit:
        return own[:limit]
    groups = [("topic", topic.pk) for topic in own]
    with cache_tags.lists_only_of(*group_tags(groups)):
        neighbours = list(
            Topic.objects.exclude(pk__in=[t.pk for t in own])
            .filter(articles__in=candidates(groups))
            .annotate(together=Count("articles", distinct=True))
            .order_by("-together", "name")
        )
    # Every neighbour read, not only those shown: a rename of one past the cut may move it in.
    return own + neighbours[: limit - len(own)]
