from editorial.sitemaps import PublishedSitemap

from .models import Film, Person, Song


class FilmSitemap(PublishedSitemap):
    model = Film
    priority = 1.0


class PersonSitemap(PublishedSitemap):
    model = Person
    priority = 0.7


class SongSitemap(PublishedSitemap):
    model = Song
    priority = 0.6
