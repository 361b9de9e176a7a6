"""Small renditions for small pictures: a 40 px avatar loads a 96-wide copy, and pictures uploaded
before those sizes existed get them from `manage.py refresh_renditions`, once, without anything
else about them changing."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from catalog.images import RENDITION_WIDTHS
from catalog.models import Image
from tests import factories as f
from tests.catalog.test_images import image_bytes

pytestmark = pytest.mark.django_db


def old_style_image(size=(800, 1000)) -> Image:
    """A picture as it was stored when the smallest rendition was 320 wide."""
    image = f.image(image_bytes("PNG", size), "portrait.png", "A portrait")
    storage = image.file.storage
    for rendition in image.renditions:
        if rendition["width"] < 320:
            storage.delete(rendition["name"])
    Image.objects.filter(pk=image.pk).update(renditions=[r for r in image.renditions if r["width"] >= 320])
    return Image.objects.get(pk=image.pk)


def test_a_new_upload_has_avatar_sizes():
    image = f.image(image_bytes("PNG", (800, 1000)), "portrait.png", "A portrait")
    assert [r["width"] for r in image.renditions] == [96, 192, 320, 640, 800]
    assert RENDITION_WIDTHS[:2] == (96, 192)


def test_the_cast_table_avatar_offers_the_96_wide_copy():
    film = f.film(slug="lost-in-starlight")
    photo = f.image(image_bytes("PNG", (600, 600)), "face.png", "Kim Tae-ri")
    f.voice(f.person(name="Kim Tae-ri", photo=photo), f.character(film, name="Nan-young"))
    html = Client().get(film.get_absolute_url()).content.decode()
    small = next(tag for tag in html.split("<img ") if "avatar--small" in tag)
    assert 'sizes="40px"' in small and " 96w" in small


def test_refresh_adds_only_what_is_missing_and_keeps_the_rest():
    image = old_style_image()
    kept = {r["width"]: r["name"] for r in image.renditions}
    storage = image.file.storage
    before = {name: storage.get_modified_time(name) for name in kept.values()}

    call_command("refresh_renditions", stdout=(out := io.StringIO()))

    image.refresh_from_db()
    assert [r["width"] for r in image.renditions] == [96, 192, 320, 640, 800]
    assert all(storage.exists(r["name"]) for r in image.renditions)
    assert {r["width"]: r["name"] for r in image.renditions if r["width"] >= 320} == kept
    assert {name: storage.get_modified_time(name) for name in kept.values()} == before  # not rewritten
    assert image.alt_text == "A portrait" and image.file.name.endswith(".png")
    assert "Renditions added for 1 picture(s)" in out.getvalue()


def test_refresh_a_second_time_changes_nothing():
    old_style_image()
    call_command("refresh_renditions", stdout=io.StringIO())
    out = io.StringIO()
    call_command("refresh_renditions", stdout=out)
    assert "nothing changed" in out.getvalue()


def test_a_small_original_gets_only_the_sizes_below_it():
    image = old_style_image(size=(150, 150))  # stored with one rendition at its own width
    assert image.renditions == []
    assert image.add_missing_renditions() == [96, 150]


def test_a_missing_file_is_reported_and_the_others_still_done():
    lost, other = old_style_image(), old_style_image()
    lost.file.storage.delete(lost.file.name)
    call_command("refresh_renditions", stdout=io.StringIO())  # a missing file is skipped, not an error
    other.refresh_from_db()
    lost.refresh_from_db()
    assert [r["width"] for r in other.renditions] == [96, 192, 320, 640, 800]
    assert [r["width"] for r in lost.renditions] == [320, 640, 800]


def test_a_damaged_file_fails_the_run_with_its_name(capsys):
    broken = old_style_image()
    with broken.file.storage.open(broken.file.name, "wb") as handle:
        handle.write(b"not a picture")
    fine = old_style_image()
    with pytest.raises(CommandError, match="1 could not be read"):
        call_command("refresh_renditions", stdout=io.StringIO())
    fine.refresh_from_db()
    assert [r["width"] for r in fine.renditions] == [96, 192, 320, 640, 800]
    assert f"image {broken.pk}" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["/etc/passwd", "../../etc/passwd"])
def test_a_row_naming_a_file_outside_the_media_folder_is_reported_and_the_run_succeeds(capsys, name):
    """Such a row once came in through a restore; `make run` runs this command, and must not stop at it."""
    outside, fine = old_style_image(), old_style_image()
    Image.objects.filter(pk=outside.pk).update(file=name)
    call_command("refresh_renditions", stdout=(out := io.StringIO()))
    fine.refresh_from_db()
    assert [r["width"] for r in fine.renditions] == [96, 192, 320, 640, 800]
    assert f"image {outside.pk} names a file outside the media folder ({name}): skipped" in capsys.readouterr().err
    assert "1 skipped" in out.getvalue()
