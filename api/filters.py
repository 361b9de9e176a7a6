"""Filters of the lists the site's pages do not filter: films by year, characters and songs by film
(and songs by person). Articles and people are filtered by the site's own filter sets."""

import django_filters
from django.utils.translation import gettext_lazy as _

from catalog.models import Character, Film, Person, Song


def published_films(request):
    return Film.objects.published()


def published_people(request):
    return Person.objects.published()


def by_film():
    """A film given by its slug, among those visitors may see."""
    return django_filters.ModelChoiceFilter(
        label=_("Film"), field_name="film", queryset=published_films, to_field_name="slug"
    )


class FilmFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("Year"), field_name="year")

    class Meta:
        model = Film
        fields = ["year"]


class CharacterFilter(django_filters.FilterSet):
    film = by_film()

    class Meta:
        model = Character
        fields = ["film"]


class SongFilter(django_filters.FilterSet):
    film = by_film()
    person = django_filters.ModelChoiceFilter(
        label=_("Person"), field_name="credits__person", queryset=published_people, to_field_name="slug"
    )

    class Meta:
        model = Song
        fields = ["film", "person"]

    def filter_queryset(self, queryset):
        # A person with two credits on one song names it once.
        return super().filter_queryset(queryset).distinct()
