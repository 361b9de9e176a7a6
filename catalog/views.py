"""Public catalog pages: films, people and songs (the home page is the site's, in `starlight.views`)."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView
from django_filters.views import FilterView

from editorial.slugs import SlugRedirectMixin
from pages.mixins import CrumbsMixin, PublishedMixin
from pages.paging import ForgivingPaginationMixin, KeptCountMixin

from .filters import PersonFilter
from .known_for import known_for
from .models import Film, Person, Song, SongCredit
from .selectors import cached_film_page, cached_person_page, cached_song_credits, credits_by_role, grouped


class FilmListView(PublishedMixin, ForgivingPaginationMixin, ListView):
    model = Film
    paginate_by = 20

    def get_queryset(self):
        return super().get_queryset().select_related("poster")


class FilmDetailView(SlugRedirectMixin, CrumbsMixin, PublishedMixin, DetailView):
    model = Film
    parent_crumb = ("catalog:film-list", _("Films"))

    def get_queryset(self):
        return super().get_queryset().select_related("poster")

    def get_context_data(self, **kwargs):
        # The visitor may see this film (get_object checked); what its page shows of it is kept
        # until something it shows changes, shared with the home page.
        page = cached_film_page(self.object)
        self.object = page.film
        context = super().get_context_data(**{**kwargs, "object": page.film})
        context.update(cast=page.cast, crew=page.crew, songs=page.songs)
        return context


class PersonListView(KeptCountMixin, ForgivingPaginationMixin, FilterView):
    model = Person
    filterset_class = PersonFilter
    paginate_by = 24
    strict = False  # a bad filter value is reported next to its field and ignored, never a 500
    template_name = "catalog/person_list.html"
    count_of = "people"  # the total is kept: counted on every visit, it would read every person

    def get_queryset(self):
        return Person.objects.published().select_related("photo")

    def page_rows(self):
        return Person.objects.select_related("photo")


class PersonDetailView(SlugRedirectMixin, CrumbsMixin, PublishedMixin, DetailView):
    model = Person
    parent_crumb = ("catalog:person-list", _("People"))

    def get_queryset(self):
        return super().get_queryset().select_related("photo")

    def get_context_data(self, **kwargs):
        # The visitor may see this person (get_object checked); their links and credits are kept
        # until something they show changes.
        person = self.object = cached_person_page(self.object)
        context = super().get_context_data(**{**kwargs, "object": person})
        context.update(
            film_credits=grouped(person.credits.all(), key=lambda credit: credit.film),
            song_credits=grouped(person.song_credits.all(), key=lambda credit: credit.song),
            known_for=known_for(person),
        )
        return context


class SongListView(PublishedMixin, ForgivingPaginationMixin, ListView):
    model = Song
    paginate_by = 30

    def get_queryset(self):
        public_credits = SongCredit.objects.of_public_people().select_related("person")
        return (
            super().get_queryset().select_related("film").prefetch_related(Prefetch("credits", queryset=public_credits))
        )


class SongDetailView(SlugRedirectMixin, CrumbsMixin, PublishedMixin, DetailView):
    model = Song
    parent_crumb = ("catalog:song-list", _("Songs"))

    def get_queryset(self):
        return super().get_queryset().select_related("film", "film__poster")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["credits"] = credits = cached_song_credits(self.object)
        context["credits_by_role"] = credits_by_role(credits, SongCredit.Role)
        return context
