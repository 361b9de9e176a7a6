from pages.sitemaps import Section

from .models import Film, Person, Song

SECTIONS = [
    Section("films", "catalog:film-detail", Film.objects.published),
    Section("people", "catalog:person-detail", Person.objects.published, counter=Person.objects.count_published),
    Section("songs", "catalog:song-detail", Song.objects.published),
]
