"""Catalog models: constraints, names in both scripts, visibility rules."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import override

from catalog.artwork import draw_poster
from catalog.models import CREW_DEPARTMENTS, Credit, Film, Image, Person
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_display_name_shows_both_scripts_hangul_first_in_korean():
    person = f.person(name="Kim Tae-ri", name_ko="김태리")
    with override("en"):
        assert person.display_name == "Kim Tae-ri (김태리)"
    with override("ko"):
        assert person.display_name == "김태리 (Kim Tae-ri)"
        assert person.local_name == "김태리"
    assert f.person(name="Justin H. Min").display_name == "Justin H. Min"


def test_english_pages_give_a_hangul_form_only_where_it_is_a_korean_name_or_title():
    justin = f.person(name="Justin H. Min", name_ko="저스틴 H. 민")
    v = f.person(name="V", name_ko="뷔")
    film = f.film(name="Lost in Starlight", name_ko="이 별에 필요한")
    with override("en"):
        assert justin.display_name == "Justin H. Min"  # spelled out in Hangul: no help to an English reader
        assert v.display_name == "V (뷔)"
        assert film.display_name == "Lost in Starlight (이 별에 필요한)"
    with override("ko"):
        assert justin.display_name == "저스틴 H. 민 (Justin H. Min)"


def test_all_names_lists_every_spelling_once():
    person = f.person(name="Kim Tae-ri", name_ko="김태리", aliases="Kim Tai-ri\n\n  Kim Tae-Ri \nKim Tai-ri")
    assert person.all_names() == ["Kim Tae-ri", "김태리", "Kim Tai-ri", "Kim Tae-Ri"]


def test_a_duplicate_voice_credit_is_refused():
    film = f.film()
    nan_young = f.character(film, name="Nan-young")
    actor = f.person()
    f.voice(actor, nan_young, "ko")
    with pytest.raises(IntegrityError), transaction.atomic():
        f.voice(actor, nan_young, "ko")
    f.voice(actor, nan_young, "en")  # the same person in another language is another credit


def test_a_duplicate_crew_credit_is_refused():
    film, director = f.film(), f.person()
    Credit.objects.create(person=director, film=film, role=Credit.Role.DIRECTOR)
    with pytest.raises(IntegrityError), transaction.atomic():
        Credit.objects.create(person=director, film=film, role=Credit.Role.DIRECTOR)


def test_slugs_are_unique():
    f.person(slug="kim-tae-ri")
    with pytest.raises(IntegrityError), transaction.atomic():
        f.person(slug="kim-tae-ri")


def test_a_voice_credit_needs_its_character_and_language():
    credit = Credit(person=f.person(), film=f.film(), role=Credit.Role.VOICE)
    with pytest.raises(ValidationError) as error:
        credit.full_clean()
    assert set(error.value.message_dict) >= {"character", "language"}


def test_a_credit_character_must_belong_to_the_credit_film():
    other = f.character(f.film())
    credit = Credit(person=f.person(), film=f.film(), role=Credit.Role.VOICE, character=other, language="ko")
    with pytest.raises(ValidationError) as error:
        credit.full_clean()
    assert "another film" in str(error.value.message_dict["character"])


def test_published_excludes_drafts_and_future_items():
    live = f.film()
    f.draft(f.film)
    scheduled = f.scheduled(f.film)
    assert list(Film.objects.published()) == [live]
    assert list(Film.objects.scheduled()) == [scheduled]
    scheduled.publish_at = timezone.now() - dt.timedelta(seconds=1)
    scheduled.save()
    assert set(Film.objects.published()) == {live, scheduled}


def test_every_public_model_has_an_absolute_url():
    film = f.film(slug="lost-in-starlight")
    assert film.get_absolute_url() == "/films/lost-in-starlight/"
    assert f.person(slug="hong-kyung").get_absolute_url() == "/people/hong-kyung/"
    assert f.song(film, slug="bon-voyage").get_absolute_url() == "/songs/bon-voyage/"
    with override("ko"):
        assert film.get_absolute_url() == "/ko/films/lost-in-starlight/"


def test_people_are_listed_by_name():
    f.person(name="Zed")
    f.person(name="Ann")
    assert [p.name for p in Person.objects.all()] == ["Ann", "Zed"]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.youtube.com/watch?v=t4hiu_kohhs", "t4hiu_kohhs"),
        ("https://youtu.be/t4hiu_kohhs?t=3", "t4hiu_kohhs"),
        ("https://www.youtube.com/embed/t4hiu_kohhs", "t4hiu_kohhs"),
        ("https://vimeo.com/12345678", ""),
        ("https://www.youtube.com/watch?v=<script>", ""),
        ("", ""),
    ],
)
def test_trailer_links_give_a_youtube_id_or_nothing(url, expected):
    assert Film(trailer_url=url).youtube_id == expected


def test_a_picture_saved_from_bytes_knows_its_size():
    """As the demo saves its pictures: the size is stored, so loading the row never opens the file."""
    image = Image(alt_text="A poster")
    image.file.save("poster.png", ContentFile(draw_poster(title="X", width=300, height=450)), save=False)
    image.save()
    assert Image.objects.values_list("width", "height").get(pk=image.pk) == (300, 450)


def test_a_page_still_shows_when_a_picture_file_is_missing(client):
    poster = f.image(draw_poster(title="Lost", width=200, height=300), "poster.png", "The poster")
    film = f.film(name="Lost in Starlight", slug="lost-in-starlight", poster=poster)
    poster.file.storage.delete(poster.file.name)
    Image.objects.filter(pk=poster.pk).update(width=None, height=None)  # a row saved before sizes were
    assert client.get(film.get_absolute_url()).status_code == 200
    assert client.get("/").status_code == 200


def test_every_crew_role_belongs_to_a_department_on_the_film_page():
    listed = [role for _department, roles in CREW_DEPARTMENTS for role in roles]
    assert sorted(listed) == sorted(role for role in Credit.Role if role != Credit.Role.VOICE)


def test_only_aliases_that_are_other_names_are_shown_as_known_as():
    person = f.person(name="Kim Tae-ri", aliases="Kim Tai-ri\nKim Tae-Ri\nKim Taeri")
    assert person.known_as == []  # spellings: for search alone
    v = f.person(name="V", name_ko="뷔", aliases="Kim Tae-hyung\nKim Taehyung")
    assert v.known_as == ["Kim Tae-hyung"]  # a real name, once
    assert "Kim Taehyung" in v.all_names()


@pytest.mark.parametrize("prefix, label", [("", "Also known as"), ("/ko", "다른 이름")])
def test_a_person_page_shows_other_names_not_spellings(client, prefix, label):
    f.person(name="V", name_ko="뷔", slug="v", aliases="Kim Tae-hyung\nKim Taehyung")
    f.person(name="Kim Tae-ri", slug="kim-tae-ri", aliases="Kim Tai-ri")
    assert f"{label}: Kim Tae-hyung<" in client.get(f"{prefix}/people/v/").content.decode()
    html = client.get(f"{prefix}/people/kim-tae-ri/").content.decode()
    assert "Kim Tai-ri" not in html.split("<main")[1]
