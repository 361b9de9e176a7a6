"""The news list's filters: topic, source, year and month, language, and a text query."""

import datetime as dt
from collections.abc import Callable
from functools import partial

import django_filters
from django import forms
from django.db.models import Count, Max, Min, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from caching.cached import cached
from common import cache_tags
from pages.forms import (
    PlainNumberInput,
    PlainSelect,
    PlainTextInput,
    PublishedChoiceFilter,
    PublishedLocalNameChoiceFilter,
)

from .models import Article, Language, Source, Topic
from .related import recent_published

MENU_SIZE = 20  # topics or sources offered in a filter menu, however many there are
MONTHS = [(number, _(name)) for number, name in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
     "November", "December"], start=1)]  # fmt: skip


# The word filter matches with LIKE unless a full-text index is there: that reads every article's
# title and body for any word a visitor types. The search app puts its index here when the site has
# it (search.apps): a function from the text typed to the ids of the published articles holding its
# words (as values), None when it holds no word.
word_index: Callable[[str], QuerySet | None] | None = None


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField  # “2025.5” is not a year


def dated_years() -> range:
    """The years, in the site's time zone, from the earliest article's date to the latest's (two reads
    of the listing index's ends, kept until the next change)."""

    def span() -> range:
        first = Article.objects.aggregate(first=Min("shown_at"))["first"]
        last = Article.objects.aggregate(last=Max("shown_at"))["last"]
        if first is None:
            return range(0)
        return range(timezone.localtime(first).year, timezone.localtime(last).year + 1)

    return cached("dated-years", span)


def most_used(model) -> list:
    """The topics or sources of the latest articles, most used first.

    The same for every filtered view of the news and every search: kept under the content cache version,
    worked out once after each change rather than on every new address. Only what a menu shows is
    read (an option's slug, its label in either language): grouping by every column carried the
    descriptions through the grouping too.
    """
    shown = [field.name for field in model._meta.concrete_fields if field.name in ("slug", "name", "name_ko")]
    return cached(
        f"menu:{model._meta.label_lower}",
        lambda: list(
            model.objects.filter(articles__in=recent_published())
            .only(*shown)
            .annotate(uses=Count("articles"))
            .order_by("-uses", "name")[:MENU_SIZE]
        ),
    )


class ArticleFacets(django_filters.FilterSet):
    """Topic, source and year: the filters the news list and the article results of a search share."""

    topic = PublishedLocalNameChoiceFilter(
        label=_("Topic"),
        field_name="topics",
        lookup_expr="exact",
        queryset=Topic.objects.published(),
        to_field_name="slug",
        empty_label=_("All topics"),
        widget=PlainSelect,
    )
    source = PublishedChoiceFilter(
        label=_("Source"),
        field_name="source",
        lookup_expr="exact",
        queryset=Source.objects.published(),
        to_field_name="slug",
        empty_label=_("All sources"),
        widget=PlainSelect,
    )
    year = YearFilter(label=_("Year"), method="filter_year", min_value=1900, max_value=2200)

    class Meta:
        model = Article
        fields = ["topic", "source", "year"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["year"].widget = PlainNumberInput(attrs={"min": 1900, "max": 2200, "inputmode": "numeric"})
        # Any published topic or source is accepted from the address; the menus offer the most used.
        self._menus = {}
        for name, model in (("topic", Topic), ("source", Source)):
            field = self.form.fields[name]
            # A callable is read when the menu is drawn: a page that shows no filters reads nothing.
            field.widget.choices = partial(self._menu, name, model, field)

    def filter_year(self, queryset, name, value):
        return queryset.filter(shown_at__year=value)

    def _menu(self, name: str, model, field) -> list:
        # Read once: drawing a select goes through its choices more than once. Labelled as the
        # field labels a row (a topic by its name in the page's language), in that label's order.
        if name not in self._menus:
            labelled = [(row.slug, str(field.label_from_instance(row))) for row in self._offered(name, model)]
            labelled.sort(key=lambda choice: choice[1].casefold())
            self._menus[name] = [("", field.empty_label), *labelled]
        return self._menus[name]

    def _offered(self, name: str, model) -> list:
        """The `MENU_SIZE` most used lately, and the one asked for if it is not among them."""
        rows = most_used(model)
        # The one asked for, once the form has found it among the published ones (never a raw lookup:
        # the address may hold anything).
        asked = None
        if self.is_bound:
            self.form.is_valid()  # validates once; cleaned_data keeps every field that passed
            asked = self.form.cleaned_data.get(name)
        if asked is not None and asked.pk not in {row.pk for row in rows}:
            rows.append(asked)
        return rows


class ArticleFilter(ArticleFacets):
    q = django_filters.CharFilter(label=_("Words"), method="filter_text", max_length=200, widget=PlainTextInput)
    month = django_filters.ChoiceFilter(
        label=_("Month"),
        method="filter_month",
        choices=MONTHS,
        empty_label=_("Any month"),
        widget=PlainSelect,
    )
    language = django_filters.ChoiceFilter(
        label=_("Language"),
        field_name="language",
        lookup_expr="exact",
        choices=Language.choices,
        empty_label=_("Any language"),
        widget=PlainSelect,
    )

    class Meta:
        model = Article
        fields = ["q", "topic", "source", "year", "month", "language"]

    def filter_year(self, queryset, name, value):
        # With a month, the month's range holds the year: given both ranges, SQLite walked the index
        # over the year's and tested each row for the month's.
        if self.form.cleaned_data.get("month"):
            return queryset
        return super().filter_year(queryset, name, value)

    def filter_month(self, queryset, name, value):
        """Articles dated in that month of the year asked for, else of any year: as ranges of dates,
        which the listing index walks. Taking each article's month read every row, through a function
        SQLite calls back into Python for, once a row."""
        year = self.form.cleaned_data.get("year")
        years = [year] if year is not None else dated_years()
        zone = timezone.get_current_timezone()
        month = int(value)
        ranges = Q(pk__in=[])
        for year in years:
            start = dt.datetime(year, month, 1, tzinfo=zone)
            end = dt.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=zone)
            ranges |= Q(shown_at__gte=start, shown_at__lt=end)
        return queryset.filter(ranges)

    def filter_text(self, queryset, name, value):
        # Which articles hold the words: any published text's change can move them (the search's tag).
        cache_tags.depends_on(cache_tags.SEARCH)
        if word_index is not None:
            ids = word_index(value)
            return queryset.none() if ids is None else queryset.filter(pk__in=ids)
        words = value.split()[:10]
        for word in words:
            queryset = queryset.filter(Q(title__icontains=word) | Q(subtitle__icontains=word) | Q(body__icontains=word))
        return queryset
