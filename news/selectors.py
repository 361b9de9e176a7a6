"""Reads shared by the news pages and the catalog pages that show "In the news"."""

from .models import Article


def articles_mentioning(obj, *, limit: int):
    """Published articles that mention a film, person, character or song, newest first.

    The newest are picked by id first, then read whole: joined and sorted whole, the articles of a
    much-mentioned name were sorted with their bodies. On SQLite, which keeps no statistics per
    value, that read all 12,531 articles mentioning Kim Tae-ri at 100,000 articles: 97 -> 33 ms.
    PostgreSQL walks the newest articles either way (4 -> 5 ms).
    """
    target = obj._meta.model_name
    lookup = {f"mentions__{target}": obj, "mentions__excluded": False}
    newest = Article.objects.published().filter(**lookup).order_by("-shown_at", "-pk").values("pk")[:limit]
    return list(Article.objects.filter(pk__in=newest).for_list())
