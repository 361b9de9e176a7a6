"""JSON-LD of the catalog's pages: schema.org Movie, Person and MusicRecording, parsed back from the
pages, and escaped so that no text can end the data block early."""

import json

import pytest

from tests import factories as f
from tests.pages import json_ld, names

pytestmark = pytest.mark.django_db


def test_film_page_describes_the_movie(world, page):
    movie = json_ld(page("/films/lost-in-starlight/"))["Movie"]
    assert movie["name"] == "Lost in Starlight"
    assert "이 별에 필요한" in movie["alternateName"]
    assert movie["url"] == "http://testserver/films/lost-in-starlight/"
    assert movie["image"].startswith("http://testserver/media/")
    assert movie["duration"] == "PT96M" and movie["datePublished"] == "2025-05-30"
    assert movie["genre"] == ["Animation", "Romance"]
    assert names(movie["director"]) == ["Han Ji-won"]
    assert movie["director"][0] == {
        "@type": "Person",
        "name": "Han Ji-won",
        "alternateName": "한지원",
        "url": "http://testserver/people/han-ji-won/",
    }
    assert names(movie["actor"]) == ["Kim Tae-ri", "Hong Kyung", "Maitreyi Ramakrishnan"]
    assert names(movie["musicBy"]) == ["Park Composer"]  # the music credit and the song's composer, once
    assert movie["trailer"]["@type"] == "VideoObject"
    assert movie["trailer"]["embedUrl"] == "https://www.youtube-nocookie.com/embed/t4hiu_kohhs"
    assert movie["trailer"]["uploadDate"] == "2025-04-30"
    assert movie["productionCompany"] == [{"@type": "Organization", "name": "Climax Studio"}]


def test_korean_film_page_describes_the_movie_in_korean(world, page):
    movie = json_ld(page("/ko/films/lost-in-starlight/"))["Movie"]
    assert movie["inLanguage"] == "ko"
    assert movie["description"] == "같은 하늘 아래 두 꿈."
    assert movie["name"] == "Lost in Starlight" and "이 별에 필요한" in movie["alternateName"]
    assert movie["url"] == "http://testserver/ko/films/lost-in-starlight/"  # the page's own (canonical) address


def test_person_page_describes_the_person(world, page):
    person = json_ld(page("/people/kim-tae-ri/"))["Person"]
    assert person["name"] == "Kim Tae-ri" and person["alternateName"] == ["김태리", "Kim Tai-ri"]  # and the alias
    assert person["sameAs"] == ["https://en.wikipedia.org/wiki/Kim_Tae-ri"]
    assert person["image"].startswith("http://testserver/media/")


def test_song_page_is_a_music_recording_without_hidden_people(world, page):
    song = json_ld(page("/songs/bon-voyage/"))["MusicRecording"]
    assert song["name"] == "Bon Voyage"
    assert names(song["byArtist"]) == ["V"]
    assert names(song["recordingOf"]["composer"]) == ["Park Composer"]
    assert "lyricist" not in song["recordingOf"], "the draft lyricist is not named"
    assert song["isPartOf"] == {
        "@type": "Movie",
        "name": "Lost in Starlight",
        "url": "http://testserver/films/lost-in-starlight/",
    }


def test_text_cannot_break_out_of_the_data_block(db, page):
    hostile = '</script><script>alert("x")</script><!-- & >'
    f.film(name="Film", slug="film", tagline=hostile)
    response_text = page("/films/film/")
    script = response_text.find("script", type="application/ld+json")
    assert json.loads(script.string)["description"] == hostile
    raw = str(script)
    assert raw.count("</script>") == 1 and "<script>alert" not in raw and "\\u003C/script\\u003E" in raw
