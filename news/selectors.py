"""Reads shared by the news pages and the catalog pages that show "In the news"."""

from .models import Article


def articles_mentioning(obj, *, limit: int):
    """Published articles that mention a film, person, character or song, newest first."""
    target = obj._meta.model_name
    lookup = {f"mentions__{target}": obj, "mentions__excluded": False}
    return list(Article.objects.published().filter(**lookup).for_list()[:limit])
