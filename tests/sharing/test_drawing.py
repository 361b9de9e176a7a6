"""Drawing a share card: its size, the site's Korean font for Hangul, and a look of its own per entry."""

import io

from PIL import Image, ImageChops, ImageDraw

from catalog.artwork import draw_poster
from sharing.drawing import HEIGHT, WIDTH, CardText, _font, draw

TEXT = CardText(kicker="Starlight · News", title="The trailer is out", details="Netflix · 20 May 2026")


def poster():
    return Image.open(io.BytesIO(draw_poster(title="Lost in Starlight", width=400, height=600)))


def differs(a: Image.Image, b: Image.Image) -> bool:
    return ImageChops.difference(a, b).getbbox() is not None


def test_a_card_is_1200_by_630_and_the_same_seed_draws_the_same_pixels():
    card = draw(TEXT, seed="news.article:1", artwork=poster())
    assert (card.size, card.mode) == ((WIDTH, HEIGHT), "RGB") == ((1200, 630), "RGB")
    assert not differs(card, draw(TEXT, seed="news.article:1", artwork=poster()))


def test_two_entries_with_the_same_words_look_different():
    first = draw(TEXT, seed="news.article:1", artwork=poster())
    second = draw(TEXT, seed="news.article:2", artwork=poster())
    # Not a few pixels: the palettes or layouts differ, so the mean colour moves.
    assert ImageChops.difference(first, second).convert("L").getextrema()[1] > 100


def test_hangul_is_drawn_with_real_glyphs_not_empty_boxes():
    font = _font(60, 700)
    assert "KR" in font.getname()[0]
    # A font without Hangul draws one "missing glyph" box for every syllable, all alike.
    drawn = []
    for syllable in "별빛사":
        glyph = Image.new("L", (80, 80))
        ImageDraw.Draw(glyph).text((0, 0), syllable, font=font, fill=255)
        drawn.append(glyph.tobytes())
    assert len(set(drawn)) == 3 and all(any(pixels) for pixels in drawn)


def test_a_very_long_title_fits_in_three_lines_and_ends_in_an_ellipsis():
    long = CardText(kicker="Starlight · News", title="Starlight " * 60, details="")
    card = draw(long, seed="news.article:3", artwork=None)
    assert card.size == (WIDTH, HEIGHT)
