"""Filters on the article results of a search: topic, source and year, as on the news list."""

from news.filters import ArticleFacets


class ArticleResultFilter(ArticleFacets):
    @property
    def active(self) -> bool:
        """Whether any filter holds a usable value (invalid ones are reported and ignored)."""
        if not self.is_bound:
            return False
        self.form.is_valid()
        return any(value not in (None, "") for value in self.form.cleaned_data.values())
