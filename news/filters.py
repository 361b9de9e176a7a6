"""The news list's filters: topic, source, year and month, language, and a text query."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Article, Language, Source, Topic

MONTHS = [(number, _(name)) for number, name in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
     "November", "December"], start=1)]  # fmt: skip


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField  # “2025.5” is not a year


class ArticleFacets(django_filters.FilterSet):
    """Topic, source and year: the filters the news list and the article results of a search share."""

    topic = django_filters.ModelChoiceFilter(
        label=_("Topic"),
        field_name="topics",
        lookup_expr="exact",
        queryset=Topic.objects.published(),
        to_field_name="slug",
    )
    source = django_filters.ModelChoiceFilter(
        label=_("Source"),
        field_name="source",
        lookup_expr="exact",
        queryset=Source.objects.published(),
        to_field_name="slug",
    )
    year = YearFilter(label=_("Year"), field_name="publish_at", lookup_expr="year", min_value=1900, max_value=2200)

    class Meta:
        model = Article
        fields = ["topic", "source", "year"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["year"].widget = forms.NumberInput(attrs={"min": 1900, "max": 2200, "inputmode": "numeric"})


class ArticleFilter(ArticleFacets):
    q = django_filters.CharFilter(label=_("Words"), method="filter_text", max_length=200)
    month = django_filters.ChoiceFilter(
        label=_("Month"), field_name="publish_at", lookup_expr="month", choices=MONTHS, empty_label=_("Any month")
    )
    language = django_filters.ChoiceFilter(
        label=_("Language"), field_name="language", lookup_expr="exact", choices=Language.choices
    )

    class Meta:
        model = Article
        fields = ["q", "topic", "source", "year", "month", "language"]

    def filter_text(self, queryset, name, value):
        words = value.split()[:10]
        for word in words:
            queryset = queryset.filter(Q(title__icontains=word) | Q(subtitle__icontains=word) | Q(body__icontains=word))
        return queryset

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset).distinct()
