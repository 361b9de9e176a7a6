"""Filters on the article results of a search: topic, source and year, as on the news list."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from news.models import Article, Source, Topic


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField  # “2025.5” is not a year


class ArticleResultFilter(django_filters.FilterSet):
    topic = django_filters.ModelChoiceFilter(
        label=_("Topic"),
        field_name="topics",
        lookup_expr="exact",
        queryset=Topic.objects.all(),
        to_field_name="slug",
    )
    source = django_filters.ModelChoiceFilter(
        label=_("Source"),
        field_name="source",
        lookup_expr="exact",
        queryset=Source.objects.all(),
        to_field_name="slug",
    )
    year = YearFilter(label=_("Year"), field_name="publish_at", lookup_expr="year", min_value=1900, max_value=2200)

    class Meta:
        model = Article
        fields = ["topic", "source", "year"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["year"].widget = forms.NumberInput(attrs={"min": 1900, "max": 2200, "inputmode": "numeric"})

    @property
    def active(self) -> bool:
        """Whether any filter holds a usable value (invalid ones are reported and ignored)."""
        if not self.is_bound:
            return False
        self.form.is_valid()
        return any(value not in (None, "") for value in self.form.cleaned_data.values())
