"""Pictures in imported articles: fetched once through the safe fetcher from a loopback site, kept once in
the library by their bytes, bounded, never shown from the other site; one that cannot be had is left out
and the article waits for review saying why."""

import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog.models import Image
from news.importer.reports import ImportOptions, Outcome
from news.importer.runs import import_many
from news.importer.saving import import_data
from news.importer.uploads import upload_items
from news.models import Article, BodyPicture
from tests import factories as f

pytestmark = pytest.mark.django_db

TEXT = "<p>The premiere filled the hall in Seoul, and the director thanked the crew who drew the city by hand.</p>"


def story(n: int, *pictures: str) -> bytes:
    """A JSON article whose body shows `pictures` (HTML)."""
    body = TEXT.replace("premiere", f"premiere number {n}") + "".join(pictures)
    return json.dumps({"title": f"Premiere night {n}", "date": "2025-05-30", "body": body}).encode()


def figure(src: str, *, alt="The hall in Seoul", caption="The first night", credit="Photo: Kim Ji-su") -> str:
    return (
        f'<figure><img src="{src}" alt="{alt}"><figcaption>{caption} '
        f'<span class="wp-credit">{credit}</span></figcaption></figure>'
    )


@pytest.fixture
def pictures(feed_site):
    """Two pictures on the loopback site."""
    feed_site.files["/pics/hall.png"] = ("image/png", f.png((800, 600)))
    feed_site.files["/pics/stage.jpg"] = ("image/jpeg", f.png((120, 90), colour=(20, 30, 90)))
    return feed_site


def test_a_picture_in_a_hundred_articles_is_fetched_once_and_kept_once(pictures):
    hall = pictures.url("/pics/hall.png")
    items = [(f"story-{n}.json", lambda n=n: story(n, figure(hall))) for n in range(100)]
    summary = import_many(items, options=ImportOptions(publish=True))
    assert summary.count(Outcome.CREATED) == 100
    assert pictures.hits["/pics/hall.png"] == 1
    image = Image.objects.get()
    assert (image.alt_text, image.credit, image.source_url) == ("The hall in Seoul", "Photo: Kim Ji-su", hall)
    assert image.renditions and image.width == 800
    bodies = set(Article.objects.values_list("body", flat=True))
    assert all(
        f'<figure data-picture="{image.pk}"><figcaption>The first night </figcaption></figure>' in b for b in bodies
    )
    assert not Article.objects.filter(review_reason__contains="picture").exists()
    assert BodyPicture.objects.filter(image=image).count() == 100  # in use: the library will not offer to delete it


def test_the_page_shows_the_library_copy_never_the_other_sites(client, pictures):
    import_data(
        name="a.json", data=story(1, figure(pictures.url("/pics/hall.png"))), options=ImportOptions(publish=True)
    )
    html = client.get(Article.objects.get().get_absolute_url()).content.decode()
    assert "127.0.0.1:" not in html and "/pics/hall.png" not in html
    assert 'alt="The hall in Seoul"' in html and "-640w.webp" in html


def test_the_same_bytes_at_two_addresses_are_one_picture_and_a_run_again_fetches_nothing(pictures):
    pictures.files["/copy/hall.png"] = pictures.files["/pics/hall.png"]
    bare = f'<p><img src="{pictures.url("/copy/hall.png")}" alt="Hall"></p>'
    data = story(1, figure(pictures.url("/pics/hall.png")), bare)
    assert import_data(name="a.json", data=data, options=ImportOptions()).outcome == Outcome.CREATED
    assert Image.objects.count() == 1
    body = Article.objects.get().body
    assert body.count(f'data-picture="{Image.objects.get().pk}"') == 2
    assert import_data(name="a.json", data=data, options=ImportOptions()).outcome == Outcome.UNCHANGED
    assert (pictures.hits["/pics/hall.png"], pictures.hits["/copy/hall.png"]) == (1, 1)
    assert Image.objects.count() == 1


def test_an_editors_alt_text_and_credit_are_kept_when_the_picture_comes_again(pictures):
    hall = pictures.url("/pics/hall.png")
    import_data(name="a.json", data=story(1, figure(hall)), options=ImportOptions())
    Image.objects.update(alt_text="Fans in the hall at the premiere", credit="Netflix")
    import_data(name="b.json", data=story(2, figure(hall, alt="img", credit="Someone else")), options=ImportOptions())
    assert list(Image.objects.values_list("alt_text", "credit")) == [("Fans in the hall at the premiere", "Netflix")]


@pytest.mark.parametrize(
    ("path", "why"),
    [
        ("/pics/missing.png", "the server answered 404"),
        ("/pics/not-a-picture.jpg", "not an image, or it is damaged"),
        ("/pics/huge.png", "too large"),
        ("/pics/wide.png", "the limit is 0.05 megapixels"),
    ],
)
def test_a_picture_that_cannot_be_had_is_left_out_and_the_article_waits_for_review(pictures, settings, path, why):
    pictures.files["/pics/not-a-picture.jpg"] = ("image/jpeg", b"<html>Sign in to see this picture</html>")
    pictures.files["/pics/huge.png"] = ("image/png", b"\x89PNG" + b"0" * 1_200_000)  # past the 1 MB fetch cap
    pictures.files["/pics/wide.png"] = ("image/png", f.png((3000, 20)))
    settings.IMAGE_MAX_PIXELS = 50_000
    data = story(1, figure(pictures.url(path), caption="Lost"), figure(pictures.url("/pics/stage.jpg"), alt="Stage"))
    report = import_data(name="a.json", data=data, options=ImportOptions(publish=True))
    article = Article.objects.get()
    assert report.outcome == Outcome.CREATED and article.needs_review
    assert "picture left out (" in article.review_reason and why in article.review_reason
    # The picture goes, its caption stays as words of the article.
    assert article.body.count("<figure") == 1 and "<p>Lost" in article.body and path not in article.body
    assert list(Image.objects.values_list("alt_text", flat=True)) == ["Stage"]


def test_an_unreachable_site_leaves_the_picture_out(silent_site, settings):
    settings.FETCH_TIMEOUT = 1
    import_data(name="a.json", data=story(1, figure(f"http://{silent_site}/x.png")), options=ImportOptions())
    article = Article.objects.get()
    assert (
        article.needs_review and "picture left out (" in article.review_reason and "timed out" in article.review_reason
    )
    assert "<figure" not in article.body and not Image.objects.exists()


def test_a_private_address_is_never_fetched(pictures):
    import_data(name="a.json", data=story(1, figure("http://10.255.255.1/x.png")), options=ImportOptions())
    assert "a private address" in Article.objects.get().review_reason and not Image.objects.exists()


def test_a_dry_run_fetches_nothing(pictures):
    import_data(
        name="a.json", data=story(1, figure(pictures.url("/pics/hall.png"))), options=ImportOptions(dry_run=True)
    )
    assert pictures.hits["/pics/hall.png"] == 0 and not Image.objects.exists()


def test_pictures_in_a_zip_come_from_the_zip(pictures):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("2025/story.json", story(1, figure("images/still.png", alt="A still"), figure("../../x.png")))
        archive.writestr("2025/images/still.png", f.png((320, 200)))
    upload = SimpleUploadedFile("export.zip", buffer.getvalue())
    summary = import_many(upload_items([upload]), options=ImportOptions())
    assert summary.count(Outcome.CREATED) == 1
    image = Image.objects.get()
    assert (image.alt_text, image.width, image.source_url) == ("A still", 320, "")
    article = Article.objects.get()
    assert f'data-picture="{image.pk}"' in article.body
    assert "picture left out (../../x.png: leads out of the zip)" in article.review_reason


def test_a_saved_page_names_its_pictures_against_its_own_address():
    from news.importer.parsing import parse_file

    page = b"""<!doctype html><html><head><title>Stars</title>
    <link rel="canonical" href="https://wire.example/2025/05/stars.html"></head><body><article><h1>Stars</h1>
    <p>The premiere filled the hall in Seoul, and the director thanked the crew who drew the city.</p>
    <figure data-picture="7"><img src="/img/hall.jpg" alt=" The  hall "><figcaption>Night <cite class="credit">AP</cite>
    </figcaption></figure><p><a href="big.png"><img data-src="small.png" alt=""></a></p>
    <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><img src="https://wire.example/pixel.gif#x" alt="">
    </article></body></html>"""
    [parsed] = parse_file(name="stars.html", data=page, max_bytes=1_000_000)
    assert [(p.src, p.alt, p.caption, p.credit) for p in parsed.pictures] == [
        ("https://wire.example/img/hall.jpg", "The hall", "Night", "AP"),
        ("https://wire.example/2025/05/small.png", "", "", ""),
        ("https://wire.example/pixel.gif", "", "", ""),
    ]
    assert parsed.body_html.count("<figure data-picture=") == 3 and 'data-picture="7"' not in parsed.body_html
    assert "picture left out (no address a site can fetch)" in parsed.needs_review_reasons


def test_past_forty_pictures_an_article_keeps_the_first_forty():
    from news.importer.pictures import MAX_PICTURES, take_pictures

    html = "".join(f'<p><img src="https://wire.example/{n}.jpg" alt="{n}"></p>' for n in range(MAX_PICTURES + 5))
    body, found, reasons = take_pictures(html)
    assert len(found) == MAX_PICTURES and body.count("data-picture") == MAX_PICTURES
    assert reasons == (f"picture left out (more than {MAX_PICTURES} pictures in one article)",)


def test_a_new_text_whose_picture_cannot_be_had_waits_for_review_again(pictures):
    first = json.loads(story(1)) | {"url": "https://wire.example/premiere"}
    import_data(name="a.json", data=json.dumps(first).encode(), options=ImportOptions())
    Article.objects.update(needs_review=False, review_reason="")
    changed = json.loads(story(1, figure(pictures.url("/pics/gone.png")))) | {"url": "https://wire.example/premiere"}
    changed["body"] = changed["body"].replace("Seoul", "Busan")
    report = import_data(name="a.json", data=json.dumps(changed).encode(), options=ImportOptions())
    article = Article.objects.get()
    assert report.outcome == Outcome.UPDATED and "Busan" in article.body and "<figure" not in article.body
    assert article.needs_review and article.review_reason.startswith("picture left out (http://127.0.0.1:")
