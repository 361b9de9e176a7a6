"""schema.org JSON-LD for the catalog's pages: Movie, Person and MusicRecording."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from common.languages import local_text, page_language
from common.videos import youtube_player
from common.weblinks import web_url
from pages.templatetags.seo import absolute, clean, image_url, json_ld

from ..models import Credit, Release, SongCredit

register = template.Library()


def _person_ref(request, person) -> dict[str, Any]:
    return clean(
        {
            "@type": "Person",
            "name": person.name,
            "alternateName": person.name_ko if person.name_ko != person.name else "",
            "url": absolute(request, person.get_absolute_url()),
        }
    )


def _unique_people(request, people) -> list[dict[str, Any]]:
    seen, refs = set(), []
    for person in people:
        if person.pk not in seen:
            seen.add(person.pk)
            refs.append(_person_ref(request, person))
    return refs


def _names(obj) -> list[str]:
    return [name for name in obj.all_names() if name != obj.name]


@register.simple_tag(takes_context=True)
def movie_jsonld(context, film, songs=None) -> SafeString:
    """schema.org Movie: titles, dates, genre, director, actors (the voices), musicBy, trailer."""
    request = context.get("request")
    credits = [credit for credit in film.credits.all() if credit.person.is_public]  # prefetched
    directors = [c.person for c in credits if c.role == Credit.Role.DIRECTOR]
    writers = [c.person for c in credits if c.role == Credit.Role.SCREENPLAY]
    actors = [c.person for c in credits if c.role == Credit.Role.VOICE]
    composers = [c.person for c in credits if c.role == Credit.Role.MUSIC]
    for song in songs or []:
        composers += [c.person for c in song.credits.all() if c.role == SongCredit.Role.COMPOSER and c.person.is_public]
    releases = list(film.releases.all())
    premiere = next((r.date for r in releases if r.kind != Release.Kind.TRAILER), None)
    language = page_language()
    data = {
        "@type": "Movie",
        "name": film.name,
        "alternateName": _names(film),
        "url": absolute(request, film.get_absolute_url()),
        "image": image_url(request, film.poster),
        "description": film.local_tagline or film.local_synopsis_text,
        "abstract": film.local_synopsis_text,
        "inLanguage": language,
        "dateCreated": str(film.year),
        "datePublished": premiere,
        "duration": f"PT{film.runtime_minutes}M" if film.runtime_minutes else "",
        "genre": film.local_genre_list,
        "director": _unique_people(request, directors),
        "author": _unique_people(request, writers),
        "actor": _unique_people(request, actors),
        "musicBy": _unique_people(request, composers),
        "productionCompany": [
            {"@type": "Organization", "name": role.company.name}
            for role in film.company_roles.all()
            if role.role == "production"
        ],
        "character": [
            clean({"@type": "Person", "name": character.name, "alternateName": character.name_ko})
            for character in film.characters.all()
        ],
    }
    if film.youtube_id:
        trailer_date = next((r.date for r in releases if r.kind == Release.Kind.TRAILER), None)
        data["trailer"] = clean(
            {
                "@type": "VideoObject",
                "name": f"{film.name} — trailer",
                "description": film.tagline or film.name,
                "url": film.trailer_url,
                "embedUrl": youtube_player(film.youtube_id).split("?")[0],
                "thumbnailUrl": f"https://i.ytimg.com/vi/{film.youtube_id}/hqdefault.jpg",
                "uploadDate": trailer_date,
            }
        )
    return json_ld(clean(data))


@register.simple_tag(takes_context=True)
def person_jsonld(context, person) -> SafeString:
    request = context.get("request")
    data = {
        "@type": "Person",
        "name": person.name,
        "alternateName": _names(person),
        "url": absolute(request, person.get_absolute_url()),
        "image": image_url(request, person.photo),
        "description": person.local_bio_text,
        "sameAs": [web_url(link.url) for link in person.links.all() if web_url(link.url)],  # prefetched
    }
    return json_ld(clean(data))


@register.simple_tag(takes_context=True)
def song_jsonld(context, song, credits) -> SafeString:
    """schema.org MusicRecording: its length, the composition's writers and the film it belongs to.
    `credits`: the song's, with their people."""
    request = context.get("request")
    credits = [credit for credit in credits if credit.person.is_public]

    def people(role):
        return _unique_people(request, [credit.person for credit in credits if credit.role == role])

    composition = clean(
        {
            "@type": "MusicComposition",
            "name": song.title,
            "composer": people(SongCredit.Role.COMPOSER),
            "lyricist": people(SongCredit.Role.LYRICIST),
        }
    )
    data = {
        "@type": "MusicRecording",
        "name": song.title,
        "alternateName": song.title_ko if song.title_ko != song.title else "",
        "url": absolute(request, song.get_absolute_url()),
        "description": local_text(song, "description"),
        "duration": song.iso_duration,
        "byArtist": people(SongCredit.Role.PERFORMER),
        "producer": people(SongCredit.Role.PRODUCER),
        "recordingOf": composition,
        "sameAs": web_url(song.media_url),
        "isPartOf": {
            "@type": "Movie",
            "name": song.film.name,
            "url": absolute(request, song.film.get_absolute_url()),
        },
    }
    return json_ld(clean(data))
