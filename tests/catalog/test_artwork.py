"""The demo artwork: posters and portrait cards drawn from a title or a name."""

import io

import pytest
from PIL import Image

from catalog.artwork import draw_portrait, draw_poster, initials


def open_png(content: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(content))
    image.load()
    assert image.format == "PNG"
    return image


def test_poster_is_a_png_of_the_asked_size_and_deterministic():
    poster = draw_poster(title="Lost in Starlight", subtitle="Seoul, 2050", width=400, height=600)
    assert open_png(poster).size == (400, 600)
    assert poster == draw_poster(title="Lost in Starlight", subtitle="Seoul, 2050", width=400, height=600)
    assert poster != draw_poster(title="Lost in Starlight 2", subtitle="Seoul, 2050", width=400, height=600)


def test_poster_default_size_and_a_long_title():
    poster = draw_poster(title="A title long enough to need wrapping over several lines on the poster")
    assert open_png(poster).size == (800, 1200)


def test_portrait_is_a_png_of_the_asked_size_and_deterministic():
    portrait = draw_portrait(name="Kim Tae-ri", width=300, height=300)
    assert open_png(portrait).size == (300, 300)
    assert portrait == draw_portrait(name="Kim Tae-ri", width=300, height=300)
    assert open_png(draw_portrait(name="김태리")).size == (600, 600)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Kim Tae-ri", "KT"),
        ("V", "V"),
        ("김태리", "김"),
        ("hong gil dong", "HG"),
        ("Élodie Kim", "ÉK"),
        ("", ""),
    ],
)
def test_initials(name, expected):
    assert initials(name) == expected


# {% picture %} ---------------------------------------------------------------------------------
