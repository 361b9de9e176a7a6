"""Public catalog pages: home, films, people and songs."""

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView, TemplateView
from django_filters.views import FilterView

from editorial.slugs import SlugRedirectMixin

from .filters import PersonFilter
from .models import Credit, Film, Person, Song, SongCredit
from .paging import ForgivingPaginationMixin
from .selectors import cast_table, credits_by_role, film_detail_queryset, mentioned_articles


def public_song_credits():
    """Song credits of published people only: a draft person never shows up in a song's credits."""
    return SongCredit.objects.filter(person__in=Person.objects.published()).select_related("person")


class PublishedMixin:
    """Visitors see published rows only; staff also see drafts, flagged as a preview."""

    def get_queryset(self):
        queryset = super().get_queryset()
        shared = getattr(self.request, "shared_preview", None)  # set only by editorial's preview-link view
        if shared is not None and isinstance(shared, queryset.model):
            return queryset.filter(pk=shared.pk)
        return queryset.visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = context.get("object")
        context["is_preview"] = obj is not None and not obj.is_public
        return context


class CrumbsMixin:
    """Breadcrumbs for a detail page: home, the list it belongs to, the page itself."""

    parent_crumb: tuple[str, str] = ("", "")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        url_name, label = self.parent_crumb
        context["crumbs"] = [
            (reverse(url_name), label),
            (None, getattr(self.object, "display_name", self.object)),
        ]
        return context


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        film = film_detail_queryset(Film.objects.published()).first()
        context["film"] = film
        if film is not None:
            context["cast"] = cast_table(film)
            context["songs"] = list(
                film.songs.published().prefetch_related(Prefetch("credits", queryset=public_song_credits()))
            )
            context["releases"] = list(film.releases.all())
        context["latest_articles"] = mentioned_articles(film, limit=6) if film else []
        return context


class FilmListView(PublishedMixin, ForgivingPaginationMixin, ListView):
    model = Film
    paginate_by = 20

    def get_queryset(self):
        return super().get_queryset().select_related("poster")


class FilmDetailView(SlugRedirectMixin, CrumbsMixin, PublishedMixin, DetailView):
    model = Film
    parent_crumb = ("catalog:film-list", _("Films"))

    def get_queryset(self):
        return film_detail_queryset(super().get_queryset())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        film = self.object
        context["cast"] = cast_table(film)
        context["crew"] = credits_by_role(c for c in film.credits.all() if c.role != Credit.Role.VOICE)
        context["songs"] = film.songs.published().prefetch_related(Prefetch("credits", queryset=public_song_credits()))
        context["articles"] = mentioned_articles(film, limit=5)
        return context


class PersonListView(ForgivingPaginationMixin, FilterView):
    model = Person
    filterset_class = PersonFilter
    paginate_by = 24
    strict = False  # a bad filter value is reported next to its field and ignored, never a 500
    template_name = "catalog/person_list.html"

    def get_queryset(self):
        return Person.objects.published().select_related("photo")


class PersonDetailView(SlugRedirectMixin, CrumbsMixin, PublishedMixin, DetailView):
    model = Person
    parent_crumb = ("catalog:person-list", _("People"))

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("photo")
            .prefetch_related(
                "links",
                Prefetch(
                    "credits",
                    queryset=Credit.objects.filter(film__in=Film.objects.published()).select_related(
                        "film", "character"
                    ),
                ),
                Prefetch(
                    "song_credits",
                    queryset=SongCredit.objects.filter(song__in=Song.objects.published()).select_related(
                        "song", "song__film"
                    ),
                ),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["articles"] = mentioned_articles(self.object, limit=10)
        return context


class SongListView(PublishedMixin, ForgivingPaginationMixin, ListView):
    model = Song
    paginate_by = 30

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .filter(film__in=Film.objects.published())
            .select_related("film")
            .prefetch_related(Prefetch("credits", queryset=public_song_credits()))
        )


class SongDetailView(SlugRedirectMixin, CrumbsMixin, PublishedMixin, DetailView):
    model = Song
    parent_crumb = ("catalog:song-list", _("Songs"))

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("film", "film__poster")
            .prefetch_related(
                Prefetch(
                    "credits",
                    queryset=SongCredit.objects.filter(person__in=Person.objects.published()).select_related("person"),
                )
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["articles"] = mentioned_articles(self.object, limit=10)
        return context
