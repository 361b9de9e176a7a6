"""Reads shared by the news pages and the catalog pages that show "In the news"."""

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

from common.cache_tags import depends_on, lists_only_of, member_tag

from .models import Article, Language

# On SQLite, the newest articles mentioning an entry are first looked for among this many newest
# articles, walked along the listing index; only when fewer are found there are the older ones read
# through the entry's mentions (see `_newest_on_sqlite`).
RECENT_ARTICLES = 500


def merged_copies(article: Article) -> list[Article]:
    """The copies of the same story merged into this article ("Also published by"), oldest first.

    Most articles have none, which one look at the index of merged copies tells: prefetching them
    built and ran an ORM query on every article page for nothing.
    """
    table = connection.ops.quote_name(Article._meta.db_table)
    column = connection.ops.quote_name(Article._meta.get_field("merged_into").column)
    # Which copies there are: a copy merged in or separated again, not any article coming or going.
    merged_in = member_tag(Article, "merged_into", article.pk)
    depends_on(merged_in)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {table} WHERE {column} = %s LIMIT 1", [article.pk])
        if cursor.fetchone() is None:
            return []
    with lists_only_of(merged_in):
        return list(Article.objects.filter(merged_into=article).select_related("source").order_by("shown_at"))


def latest_articles(language: str, *, limit: int) -> list[Article]:
    """The newest published articles by the date they show, those in `language` first, then the
    newest of the others to fill up to `limit`: what a visitor reading that language wants first.

    One query: the newest `limit` ids of each language, each read along the (language, shown_at, id)
    index, then sorted here. "Every other language" in one part walked the listing index past every
    article in the page's language, the whole archive on an English page of a mostly English site.
    """
    published = Article.objects.published().order_by("-shown_at", "-pk").values("pk")
    newest = Q()
    for code in Language.values:
        newest |= Q(pk__in=published.filter(language=code)[:limit])
    rows = Article.objects.filter(newest).for_list()  # newest first; the sort below keeps that order
    return sorted(rows, key=lambda article: article.language != language)[:limit]


def articles_mentioning(obj, *, limit: int):
    """Published articles that mention a film, person, character or song, newest first.

    The newest are picked by id first, then read whole: joined and sorted whole, the articles of a
    much-mentioned name were sorted with their bodies.
    """
    if limit <= 0:
        return []
    target = obj._meta.model_name
    # Which articles name it: an article naming someone else coming or going leaves this list alone.
    with lists_only_of(member_tag(Article, target, obj.pk)):
        lookup = {f"mentions__{target}": obj, "mentions__excluded": False}
        mentioning = Article.objects.published().filter(**lookup).order_by("-shown_at", "-pk").values("pk")
        return list(Article.objects.filter(pk__in=newest(mentioning, limit)).for_list())


def newest(articles, limit: int):
    """The ids of the `limit` newest of `articles` (published articles of one group, newest first, as
    ids), as a subquery: for a group of any size, without sorting all of it."""
    return _newest_on_sqlite(articles, limit) if connection.vendor == "sqlite" else articles[:limit]


def _newest_on_sqlite(mentioning, limit: int) -> RawSQL:
    """The ids of the `limit` newest of `mentioning`, in one query that costs little for any name.

    SQLite keeps no statistics per value, so it always reads an entry's mentions and sorts their
    articles: thousands of them for a name in one article in eight. Walking the newest articles
    instead finds such a name's at once but reads the whole table for a name no article mentions.
    So the walk goes through the newest RECENT_ARTICLES only, and the mentions are read for the
    older ones, a part of the query SQLite runs only when the walk found fewer than `limit`.
    """
    table = f'FROM "{Article._meta.db_table}"'
    bound = RawSQL(
        f'SELECT COALESCE((SELECT "shown_at" {table} INDEXED BY "article_listing" '
        'ORDER BY "shown_at" DESC, "id" DESC LIMIT 1 OFFSET %s), \'\')',
        [RECENT_ARTICLES],
    )
    recent, recent_params = mentioning.filter(shown_at__gte=bound)[:limit].query.sql_with_params()
    recent = recent.replace(table, f'{table} INDEXED BY "article_listing"', 1)
    older, older_params = mentioning.filter(shown_at__lt=bound)[:limit].query.sql_with_params()
    # UNION ALL under a LIMIT stops once the first part gave enough rows; every row of the first
    # part is newer than any of the second, so together they are in order.
    sql = f"SELECT * FROM ({recent}) UNION ALL SELECT * FROM ({older}) LIMIT {int(limit)}"
    return RawSQL(sql, [*recent_params, *older_params])
