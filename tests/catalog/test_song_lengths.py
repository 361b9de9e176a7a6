"""Song lengths read from what an editor types, shown as m:ss and as ISO 8601; listening services named."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from catalog.lengths import LengthFormField, format_length, iso_length, parse_length
from catalog.listening import service_name
from tests import factories as f


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("3:41", 221), (" 3:41 ", 221), ("221", 221), ("0:45", 45), ("3:05", 185), ("12:00", 720), ("1:02:05", 3725)],
)
def test_a_length_is_read_as_minutes_and_seconds_or_seconds(text, seconds):
    assert parse_length(text) == dt.timedelta(seconds=seconds)


def test_a_blank_length_is_no_length():
    assert parse_length("") is None and parse_length("  ") is None


@pytest.mark.parametrize("text", ["3.41", "3:41:", "abc", "3m41s", "-3:41", "3:75", "1:75:00", "3:41 min", "PT3M"])
def test_anything_else_is_refused_with_the_form_it_takes(text):
    with pytest.raises(ValidationError):
        parse_length(text)


@pytest.mark.parametrize(
    ("seconds", "shown", "iso"),
    [(221, "3:41", "PT3M41S"), (45, "0:45", "PT45S"), (180, "3:00", "PT3M"), (3725, "1:02:05", "PT1H2M5S")],
)
def test_a_length_is_shown_as_m_ss_and_given_to_machines_in_iso_8601(seconds, shown, iso):
    length = dt.timedelta(seconds=seconds)
    assert (format_length(length), iso_length(length)) == (shown, iso)
    assert parse_length(shown) == length  # what the form shows reads back as the same length


def test_no_length_shows_nothing():
    assert format_length(None) == "" and iso_length(None) == ""


def test_the_form_field_shows_a_saved_length_as_it_is_typed():
    field = LengthFormField(required=False)
    assert field.prepare_value(dt.timedelta(seconds=221)) == "3:41"
    assert field.clean("221") == dt.timedelta(seconds=221)
    assert field.clean("") is None


@pytest.mark.django_db
def test_a_song_of_no_length_at_all_is_refused():
    song = f.song(f.film(), duration=dt.timedelta(0))
    with pytest.raises(ValidationError) as error:
        song.full_clean()
    assert "duration" in error.value.message_dict


@pytest.mark.django_db
def test_a_song_keeps_its_length_exactly_on_either_database():
    song = f.song(f.film(), duration=dt.timedelta(minutes=3, seconds=41))
    song.refresh_from_db()
    assert (song.length, song.iso_duration) == ("3:41", "PT3M41S")


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("https://open.spotify.com/track/abc", "Spotify"),
        ("https://music.youtube.com/watch?v=abc", "YouTube Music"),
        ("https://www.youtube.com/watch?v=abc", "YouTube"),
        ("https://youtu.be/abc", "YouTube"),
        ("https://music.apple.com/kr/album/x/1", "Apple Music"),
        ("https://www.melon.com/song/detail.htm?songId=1", "Melon"),
        ("https://m.app.melon.com/song/1", "Melon"),
        ("https://example.com/spotify.com", ""),
        ("https://notspotify.com/track", ""),
        ("https://[broken/", ""),
        ("", ""),
    ],
)
def test_a_listen_link_is_named_after_its_service_when_known(url, name):
    assert service_name(url) == name
