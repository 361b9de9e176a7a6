"""django-filter sets for the public catalog lists."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pages.forms import LocalNameChoiceFilter, PlainSelect, PlainTextInput

from .models import Credit, Film, Person


def published_films(request):
    return Film.objects.published()


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name"), method="filter_name", max_length=100, widget=PlainTextInput)
    role = django_filters.ChoiceFilter(
        label=_("Role"),
        field_name="credits__role",
        lookup_expr="exact",
        choices=Credit.Role.choices,
        empty_label=_("Any role"),
        widget=PlainSelect,
    )
    film = LocalNameChoiceFilter(
        label=_("Film"),
        field_name="credits__film",
        lookup_expr="exact",
        queryset=published_films,
        to_field_name="slug",
        empty_label=_("All films"),
        widget=PlainSelect,
    )
    language = django_filters.ChoiceFilter(
        label=_("Voice language"),
        field_name="credits__language",
        lookup_expr="exact",
        choices=Credit.Language.choices,
        empty_label=_("Any language"),
        widget=PlainSelect,
    )

    class Meta:
        model = Person
        fields = ["q", "role", "film", "language"]

    def filter_name(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(name_ko__icontains=value) | Q(aliases__icontains=value))

    def filter_queryset(self, queryset):
        # Joins through credits can repeat a person; one row per person.
        return super().filter_queryset(queryset).distinct()
