"""Upload validation, WebP renditions, demo artwork and the {% picture %} tag, on real image files."""

import io
import random
import types

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from PIL import Image

from catalog.images import (
    RENDITION_WIDTHS,
    format_of_name,
    image_format,
    make_renditions,
    same_kind,
    validate_image_file,
)


def image_bytes(fmt: str, size: tuple[int, int] = (64, 48), *, mode: str = "RGB", noise: bool = False, **save) -> bytes:
    """A real image file in `fmt`; noisy pixels make a JPEG big enough to cut in the middle."""
    if noise:
        rng = random.Random(7)
        image = Image.frombytes(mode, size, bytes(rng.randrange(256) for _ in range(size[0] * size[1] * 3)))
    else:
        image = Image.new(mode, size, (230, 90, 140))
    buffer = io.BytesIO()
    image.save(buffer, fmt, **save)
    return buffer.getvalue()


def upload(content: bytes, name: str = "upload.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def refusal(file) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        validate_image_file(file)
    return caught.value


# validate_image_file ---------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_real_jpeg_png_and_webp_pass_and_are_rewound(fmt):
    file = upload(image_bytes(fmt), name="picture.bin")  # the extension does not matter
    validate_image_file(file)
    assert file.tell() == 0


def test_camera_jpeg_read_as_mpo_passes():
    first, second = Image.new("RGB", (64, 48), "red"), Image.new("RGB", (64, 48), "blue")
    buffer = io.BytesIO()
    first.save(buffer, "MPO", save_all=True, append_images=[second])
    validate_image_file(upload(buffer.getvalue()))


def test_png_with_transparency_passes():
    validate_image_file(upload(image_bytes("PNG", mode="RGBA")))


def test_gif_is_refused_by_content_even_when_named_jpg():
    error = refusal(upload(image_bytes("GIF"), name="holiday.jpg"))
    assert error.code == "invalid_image_format"
    assert error.messages == ["Upload a JPEG, PNG or WebP image; this file is a GIF."]


def test_text_file_named_jpg_is_not_an_image():
    file = upload(b"Lost in Starlight, a love story\n" * 20, name="poster.jpg")
    error = refusal(file)
    assert error.code == "invalid_image"
    assert error.messages == ["This file is not an image, or it is damaged."]
    assert file.tell() == 0


def test_truncated_jpeg_is_refused():
    content = image_bytes("JPEG", (300, 200), noise=True, quality=95)
    error = refusal(upload(content[: len(content) // 2]))
    assert error.code == "invalid_image"


def test_oversize_file_is_refused_before_it_is_read(settings):
    settings.IMAGE_MAX_BYTES = 1000
    content = image_bytes("PNG", (200, 200), noise=True)
    error = refusal(upload(content))
    assert error.code == "file_too_large"
    assert error.messages == [f"This image is {len(content) / 1024:.1f} KB; the limit is 1000 bytes."]


def test_oversize_message_in_megabytes():
    file = types.SimpleNamespace(size=int(12.3 * 1024 * 1024), seek=lambda offset: None)
    assert refusal(file).messages == ["This image is 12.3 MB; the limit is 10.0 MB."]


def test_oversize_by_a_few_bytes_gives_exact_counts(settings):
    settings.IMAGE_MAX_BYTES = 10 * 1024 * 1024
    file = types.SimpleNamespace(size=10 * 1024 * 1024 + 5, seek=lambda offset: None)
    assert refusal(file).messages == ["This image is 10,485,765 bytes; the limit is 10,485,760 bytes."]


def test_too_many_pixels_is_refused(settings):
    settings.IMAGE_MAX_PIXELS = 10_000
    error = refusal(upload(image_bytes("PNG", (200, 100))))
    assert error.code == "too_many_pixels"
    assert error.messages == ["This image is 200×100 pixels; the limit is 0.01 megapixels."]


def test_pillow_decompression_bomb_is_a_validation_error(monkeypatch, settings):
    settings.IMAGE_MAX_PIXELS = 40_000_000
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)  # Pillow refuses above twice this
    error = refusal(upload(image_bytes("PNG", (100, 100))))
    assert error.code == "too_many_pixels"
    assert error.messages == ["This image has too many pixels; the limit is 40 megapixels."]


def test_tiny_image_is_refused():
    error = refusal(upload(image_bytes("PNG", (10, 10))))
    assert error.code == "image_too_small"
    assert error.messages == ["This image is 10×10 pixels; it must be at least 16×16."]


def test_empty_file_is_not_an_image():
    assert refusal(upload(b"")).code == "invalid_image"


def test_plain_binary_file_object_works_and_is_rewound():
    file = io.BytesIO(image_bytes("WEBP"))
    file.seek(10)
    validate_image_file(file)
    assert file.tell() == 0


@pytest.mark.parametrize(
    ("name", "kind"),
    [("a.jpg", "JPEG"), ("a.JPEG", "JPEG"), ("b/a.png", "PNG"), ("a.webp", "WEBP"), ("a.mpo", "MPO")]
    + [("a.gif", None), ("a.svg", None), ("a.html", None), ("a.js", None), ("png", None), ("a.png.html", None)],
)
def test_a_name_stands_for_an_allowed_format_or_none(name, kind):
    assert format_of_name(name) == kind


def test_a_pictures_format_is_read_from_its_content_and_jpeg_and_mpo_are_one_kind():
    file = io.BytesIO(image_bytes("PNG"))
    assert image_format(file) == "PNG" and file.tell() == 0
    assert same_kind("MPO", format_of_name("photo.jpg")) and same_kind("PNG", "PNG")
    assert not same_kind("JPEG", "PNG") and not same_kind(None, None)


# make_renditions -------------------------------------------------------------------------------


WIDTHS = (320, 640, 1280)  # fixed here: these tests are about the cutting, not the sizes the site asks for


@pytest.fixture
def storage(tmp_path):
    return FileSystemStorage(location=tmp_path / "media", base_url="/media/")


def test_renditions_for_a_large_jpeg(storage):
    source = io.BytesIO(image_bytes("JPEG", (2000, 1000)))
    renditions = make_renditions(source=source, storage=storage, base_name="posters/moon", widths=WIDTHS)
    assert renditions == [
        {"width": 320, "height": 160, "name": "renditions/posters/moon-320w.webp"},
        {"width": 640, "height": 320, "name": "renditions/posters/moon-640w.webp"},
        {"width": 1280, "height": 640, "name": "renditions/posters/moon-1280w.webp"},
    ]
    for rendition in renditions:
        with storage.open(rendition["name"]) as file, Image.open(file) as image:
            assert image.format == "WEBP"
            assert image.size == (rendition["width"], rendition["height"])
    assert source.tell() == 0


def test_renditions_keep_the_aspect_ratio(storage):
    source = io.BytesIO(image_bytes("PNG", (1000, 777)))
    renditions = make_renditions(source=source, storage=storage, base_name="odd", widths=WIDTHS)
    assert [(r["width"], r["height"]) for r in renditions] == [(320, 249), (640, 497), (1000, 777)]


def test_small_original_gives_one_rendition_at_its_own_width(storage):
    renditions = make_renditions(
        source=io.BytesIO(image_bytes("PNG", (200, 300))), storage=storage, base_name="small", widths=WIDTHS
    )
    assert renditions == [{"width": 200, "height": 300, "name": "renditions/small-200w.webp"}]


def test_source_can_be_a_path_and_transparency_is_kept(storage, tmp_path):
    path = tmp_path / "logo.png"
    Image.new("RGBA", (400, 400), (230, 90, 140, 128)).save(path)
    [small, medium] = make_renditions(source=str(path), storage=storage, base_name="logo", widths=WIDTHS)
    with storage.open(medium["name"]) as file, Image.open(file) as image:
        assert image.mode == "RGBA"
    assert small["width"] == 320


def test_exif_rotated_photo_is_turned_upright(storage):
    photo = Image.new("RGB", (400, 200), "blue")
    photo.paste((255, 0, 0), (0, 0, 200, 200))  # left half red
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    buffer = io.BytesIO()
    photo.save(buffer, "JPEG", exif=exif)
    [rendition] = make_renditions(source=buffer, storage=storage, base_name="turned", widths=WIDTHS)
    assert (rendition["width"], rendition["height"]) == (200, 400)
    with storage.open(rendition["name"]) as file, Image.open(file) as image:
        assert image.getexif().get(0x0112) in (None, 1)
        top, bottom = image.convert("RGB").getpixel((100, 50)), image.convert("RGB").getpixel((100, 350))
    assert top[0] > 200 and top[2] < 60  # red now on top
    assert bottom[2] > 200 and bottom[0] < 60


def test_large_rotated_jpeg_gets_full_size_upright_renditions(storage):
    exif = Image.Exif()
    exif[0x0112] = 6
    buffer = io.BytesIO()
    Image.new("RGB", (3000, 2000), "navy").save(buffer, "JPEG", exif=exif)
    renditions = make_renditions(source=buffer, storage=storage, base_name="tall", widths=WIDTHS)
    assert [(r["width"], r["height"]) for r in renditions] == [(320, 480), (640, 960), (1280, 1920)]
    with storage.open(renditions[-1]["name"]) as file, Image.open(file) as image:
        assert image.size == (1280, 1920)


def test_sixteen_bit_greyscale_is_scaled_not_clipped(storage):
    buffer = io.BytesIO()
    Image.new("I;16", (100, 100), 30000).save(buffer, "PNG")
    [rendition] = make_renditions(source=buffer, storage=storage, base_name="grey", widths=WIDTHS)
    with storage.open(rendition["name"]) as file, Image.open(file) as image:
        assert 110 <= image.convert("L").getpixel((50, 50)) <= 122  # 30000 / 257 = 117


def test_renditions_replace_files_of_the_same_name(storage):
    storage.save("renditions/again-320w.webp", ContentFile(b"stale"))
    renditions = make_renditions(
        source=io.BytesIO(image_bytes("JPEG", (800, 400))), storage=storage, base_name="again", widths=WIDTHS
    )
    assert [r["width"] for r in renditions] == [320, 640, 800]
    assert renditions[0]["name"] == "renditions/again-320w.webp"
    with storage.open("renditions/again-320w.webp") as file:
        assert file.read(4) == b"RIFF"


def test_original_as_wide_as_the_largest_width_gets_that_rendition(storage):
    renditions = make_renditions(source=io.BytesIO(image_bytes("PNG", (1280, 640))), storage=storage, base_name="exact")
    assert [r["width"] for r in renditions] == list(RENDITION_WIDTHS)


# Demo artwork ----------------------------------------------------------------------------------


def render(image, arguments: str = "") -> str:
    return Template("{% load pictures %}{% picture image " + arguments + " %}").render(Context({"image": image}))


def stand_in(storage, *, renditions, alt_text="Yeon-woo under the stars"):
    storage.save("posters/sky.jpg", ContentFile(b"not really read"))
    return types.SimpleNamespace(
        file=types.SimpleNamespace(storage=storage, url=storage.url("posters/sky.jpg")),
        alt_text=alt_text,
        width=2000,
        height=1000,
        renditions=renditions,
    )


RENDITIONS = [
    {"width": 1280, "height": 640, "name": "renditions/sky-1280w.webp"},
    {"width": 320, "height": 160, "name": "renditions/sky-320w.webp"},
    {"width": 640, "height": 320, "name": "renditions/sky-640w.webp"},
]


def test_picture_tag_renders_srcset_in_width_order(storage):
    html = render(stand_in(storage, renditions=RENDITIONS))
    assert html == (
        '<img src="/media/renditions/sky-640w.webp" '
        'srcset="/media/renditions/sky-320w.webp 320w, /media/renditions/sky-640w.webp 640w, '
        '/media/renditions/sky-1280w.webp 1280w" '
        'sizes="(min-width: 60rem) 640px, 100vw" width="640" height="320" '
        'alt="Yeon-woo under the stars" loading="lazy" decoding="async">'
    )


def test_picture_tag_escapes_alt_text_and_class(storage):
    image = stand_in(storage, renditions=RENDITIONS, alt_text='She said "hi" <script>alert(1)</script>')
    html = render(image, 'css_class="hero" sizes="100vw" loading="eager"')
    assert 'alt="She said &quot;hi&quot; &lt;script&gt;alert(1)&lt;/script&gt;"' in html
    assert "<script>" not in html
    assert 'loading="eager" fetchpriority="high"' in html
    assert 'class="hero"' in html and 'sizes="100vw"' in html


def test_picture_tag_without_renditions_uses_the_original(storage):
    html = render(stand_in(storage, renditions=[]))
    assert html.startswith('<img src="/media/posters/sky.jpg" width="2000" height="1000" alt=')
    assert "srcset" not in html


def test_picture_tag_with_only_a_small_rendition(storage):
    html = render(stand_in(storage, renditions=[{"width": 200, "height": 100, "name": "renditions/s-200w.webp"}]))
    assert 'src="/media/renditions/s-200w.webp"' in html and 'width="200" height="100"' in html


@pytest.mark.parametrize("image", [None, "", types.SimpleNamespace(file=None)])
def test_picture_tag_renders_nothing_without_an_image(image):
    assert render(image) == ""
