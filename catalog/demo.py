"""The demo catalog: Lost in Starlight, its people, characters, credits, songs and praise.

Facts come from the project's fact sheet; every sentence of prose here is our own. Loading only
ever adds: rows are matched on their slugs or natural keys, and a row that exists is left exactly
as it is (an editor may have changed its text, its pictures or its status). Pictures are drawn
only for the rows created here, so `make run` never undoes an editor's work.
"""

import datetime as dt

from django.core.files.base import ContentFile
from django.db import transaction

from editorial.publishing import Status

from .artwork import draw_portrait, draw_poster
from .models import (
    Character,
    Company,
    Credit,
    Film,
    FilmCompany,
    Image,
    Person,
    Praise,
    Release,
    Song,
    SongCredit,
)

FILM = {
    "slug": "lost-in-starlight",
    "name": "Lost in Starlight",
    "name_ko": "이 별에 필요한",
    "aliases": "Lost Starlight",
    "tagline": "Two dreamers, one sky, and 225 million kilometres between them.",
    "tagline_ko": "같은 하늘 아래 두 꿈, 그 사이 2억 2천5백만 킬로미터.",
    "synopsis": (
        "Seoul, 2050. Nan-young has trained her whole life to follow her mother, the first Korean astronaut "
        "picked for Mars, whose own mission ended in tragedy. When Nan-young misses the final cut for the "
        "fourth Mars Expedition Project, she takes her mother's old record player to a small vintage audio "
        "shop to be mended.\n\n"
        "The shop belongs to Jay, a gifted musician who has put his own dream away. Between repairs, vinyl "
        "and walks through a neon-lit city of old alleys and new towers, the two fall for each other — just "
        "as a second chance at Mars arrives, with twenty minutes of radio delay waiting between them."
    ),
    "synopsis_ko": (
        "2050년 서울. 화성 탐사대에 뽑혔던 최초의 한국인 우주비행사 어머니를 따라 우주를 꿈꾸는 난영은 "
        "제4차 화성 탐사 프로젝트의 마지막 시험에서 떨어진 뒤, 어머니가 남긴 낡은 턴테이블을 고치러 "
        "빈티지 오디오 가게를 찾는다.\n\n"
        "가게 주인 제이는 음악의 꿈을 내려놓은 뮤지션이다. 두 사람은 서로의 꿈을 다시 비추며 가까워지지만, "
        "난영에게 화성으로 갈 두 번째 기회가 찾아온다."
    ),
    "year": 2025,
    "runtime_minutes": 96,
    "genres": "Animation, Science fiction, Romance",
    "genres_ko": "애니메이션, SF, 로맨스",
    "trailer_url": "https://www.youtube.com/watch?v=t4hiu_kohhs",
}

COMPANIES = [
    ("Climax Studio", FilmCompany.Role.PRODUCTION, ""),
    ("Netflix", FilmCompany.Role.DISTRIBUTION, "https://www.netflix.com/"),
]

RELEASES = [
    {
        "date": dt.date(2025, 4, 30),
        "region": "Worldwide",
        "region_ko": "전 세계",
        "kind": Release.Kind.TRAILER,
        "platform": "Netflix",
        "platform_ko": "넷플릭스",
        "note": "First teaser trailer and poster",
        "note_ko": "첫 티저 예고편과 포스터 공개",
    },
    {
        "date": dt.date(2025, 5, 30),
        "region": "Worldwide",
        "region_ko": "전 세계",
        "kind": Release.Kind.STREAMING,
        "platform": "Netflix",
        "platform_ko": "넷플릭스",
        "note": "Goes live around midnight Pacific Time",
        "watch_url": "https://www.netflix.com/search?q=Lost%20in%20Starlight",
        "note_ko": "미국 태평양 시간 자정 무렵, 한국 시간으로는 오후 4시쯤 공개",
    },
    {
        "date": dt.date(2025, 5, 30),
        "region": "United States",
        "region_ko": "미국",
        "kind": Release.Kind.THEATRICAL,
        "platform": "Select theaters",
        "platform_ko": "일부 극장",
        "note": "",
        "note_ko": "",
    },
]

CHARACTERS = [
    {
        "name": "Nan-young",
        "name_ko": "난영",
        "aliases": "Nan-Young\nNan-Yung\nNon-young",
        "order": 1,
        "description": "An astronaut who has wanted Mars since childhood, and who gets a second chance after "
        "failing the last test.",
        "description_ko": "어릴 적부터 화성만 바라본 우주비행사. 마지막 시험에서 떨어지지만 다시 한번 기회를 얻는다.",
    },
    {
        "name": "Jay",
        "name_ko": "제이",
        "aliases": "",
        "order": 2,
        "description": "A musician who gave up on his songs and now repairs vintage audio gear in his own shop.",
        "description_ko": "자기 노래를 접어 두고, 작은 가게에서 오래된 오디오를 고치며 지내는 뮤지션.",
    },
    {
        "name": "Nan-young's mother",
        "name_ko": "난영의 어머니",
        "aliases": "",
        "order": 3,
        "description": "Korea's first astronaut picked for Mars, who never came home; she left her daughter "
        "an old record player.",
        "description_ko": "화성 탐사에 뽑힌 첫 한국인 우주비행사. 끝내 돌아오지 못했고, 딸에게 낡은 턴테이블을 남겼다.",
    },
]

PEOPLE = [
    {
        "slug": "han-ji-won",
        "name": "Han Ji-won",
        "name_ko": "한지원",
        "aliases": "Han Ji-Won\nHan Ji-Woon",
        "bio": "Animation director and writer. After the feature The Summer and the short 마법이 돌아오는 날의 "
        "바다 (The Sea on the Day the Magic Returns), she directed Lost in Starlight and co-wrote its "
        "screenplay, citing Mamoru Hosoda and The First Slam Dunk among her inspirations.",
        "known_for": "The Summer (2023)\n마법이 돌아오는 날의 바다 — The Sea on the Day the Magic Returns (2023 short)",
        "bio_ko": "애니메이션 감독이자 작가. 장편 〈그 여름〉과 단편 〈마법이 돌아오는 날의 바다〉를 만들었고, "
        "〈이 별에 필요한〉에서는 연출을 맡으며 각본도 함께 썼다. 자신에게 영향을 준 이름으로 호소다 마모루와 "
        "〈더 퍼스트 슬램덩크〉를 든다.",
        "known_for_ko": "그 여름 (2023)\n마법이 돌아오는 날의 바다 (2023, 단편)",
    },
    {
        "slug": "kang-hyun-joo",
        "name": "Kang Hyun-joo",
        "name_ko": "강현주",
        "aliases": "Kang Hyun-Joo",
        "bio": "Screenwriter of The Scarlet Letter and Soulmate, and co-writer of the Lost in Starlight screenplay.",
        "known_for": "The Scarlet Letter\nSoulmate",
        "bio_ko": "〈주홍글씨〉와 〈소울메이트〉의 각본을 쓴 작가. 〈이 별에 필요한〉의 각본을 공동으로 집필했다.",
        "known_for_ko": "주홍글씨\n소울메이트",
    },
    {
        "slug": "kim-tae-ri",
        "name": "Kim Tae-ri",
        "name_ko": "김태리",
        "aliases": "Kim Tai-ri\nKim Tae-Ri",
        "bio": "Actor known for The Handmaiden, Mr. Sunshine and Space Sweepers. She voices Nan-young in the "
        "Korean original and helped write some of the film's lyrics. She and Hong Kyung had worked together "
        "before, on the drama Revenant.",
        "known_for": "The Handmaiden\nMr. Sunshine\nSpace Sweepers\nRevenant",
        "bio_ko": "〈아가씨〉, 〈미스터 션샤인〉, 〈승리호〉로 잘 알려진 배우. 한국어 원작에서 난영의 목소리를 맡았고, "
        "영화 속 노래 가사 일부를 함께 썼다. 홍경과는 드라마 〈악귀〉에서 이미 호흡을 맞춘 사이다.",
        "known_for_ko": "아가씨\n미스터 션샤인\n승리호\n악귀",
    },
    {
        "slug": "hong-kyung",
        "name": "Hong Kyung",
        "name_ko": "홍경",
        "aliases": "",
        "bio": "Actor seen in Innocence, A Distant Place and Weak Hero Class 1. He voices Jay in the Korean "
        "original and also took part in writing lyrics for the songs.",
        "known_for": "Innocence\nA Distant Place\nWeak Hero Class 1\nRevenant",
        "bio_ko": "〈결백〉, 〈정말 먼 곳〉, 〈약한영웅 Class 1〉에 출연한 배우. 한국어 원작에서 제이를 연기했고, "
        "노래 가사를 쓰는 데에도 힘을 보탰다.",
        "known_for_ko": "결백\n정말 먼 곳\n약한영웅 Class 1\n악귀",
    },
    {
        "slug": "maitreyi-ramakrishnan",
        "name": "Maitreyi Ramakrishnan",
        "name_ko": "마이트레이 라마크리슈난",
        "aliases": "",
        "bio": "Voices Nan-young in the English dub.",
        "bio_ko": "영어 더빙판에서 난영의 목소리를 맡았다.",
        "known_for": "",
    },
    {
        "slug": "justin-h-min",
        "name": "Justin H. Min",
        "name_ko": "저스틴 H. 민",
        "aliases": "",
        "bio": "Voices Jay in the English dub.",
        "bio_ko": "영어 더빙판에서 제이의 목소리를 맡았다.",
        "known_for": "",
    },
    {
        "slug": "v",
        "name": "V",
        "name_ko": "뷔",
        "aliases": "Kim Taehyung\n김태형\nV of BTS",
        "bio": "Singer and member of BTS, born Kim Taehyung. A version of the film's theme, “Bon Voyage”, "
        "features his vocals.",
        "known_for": "BTS",
        "bio_ko": "방탄소년단(BTS) 멤버로 활동하는 가수이며 본명은 김태형이다. 영화의 주제곡 “Bon Voyage” 가운데 "
        "한 버전을 그가 불렀다.",
        "known_for_ko": "방탄소년단",
    },
    {
        "slug": "bong-joon-ho",
        "name": "Bong Joon-ho",
        "name_ko": "봉준호",
        "aliases": "",
        "bio": "Oscar-winning director. He has no credit on the film but praised its visuals.",
        "known_for": "Parasite\nOkja\nMickey 17",
        "bio_ko": "아카데미상을 받은 영화감독. 이 영화의 제작에는 참여하지 않았지만, 그 영상미를 높이 평가했다.",
        "known_for_ko": "기생충\n옥자\n미키 17",
    },
]

# (person slug, role, character name, language, note, order)
CREDITS = [
    ("han-ji-won", Credit.Role.DIRECTOR, None, "", "", 1),
    ("han-ji-won", Credit.Role.SCREENPLAY, None, "", "", 2),
    ("kang-hyun-joo", Credit.Role.SCREENPLAY, None, "", "", 3),
    ("kim-tae-ri", Credit.Role.VOICE, "Nan-young", Credit.Language.KOREAN, "", 10),
    ("hong-kyung", Credit.Role.VOICE, "Jay", Credit.Language.KOREAN, "", 11),
    ("maitreyi-ramakrishnan", Credit.Role.VOICE, "Nan-young", Credit.Language.ENGLISH, "", 20),
    ("justin-h-min", Credit.Role.VOICE, "Jay", Credit.Language.ENGLISH, "", 21),
]

SONGS = [
    {
        "slug": "bon-voyage",
        "title": "Bon Voyage",
        "title_ko": "",
        "order": 1,
        "description": "The theme that keeps returning between Nan-young and Jay. One version of it carries V's "
        "vocals.",
        "description_ko": "난영과 제이 사이에서 거듭 되돌아오는 두 사람의 테마. 그중 한 버전은 뷔가 노래했다.",
        "context": "The Lost in Starlight soundtrack: Nan-young and Jay's recurring theme",
        "context_ko": "《이 별에 필요한》 사운드트랙: 난영과 제이의 테마",
        "credits": [("v", SongCredit.Role.PERFORMER, "V's version", "뷔 버전")],
    },
]

PRAISE = [
    {
        "author": "bong-joon-ho",
        "quote": "A visual masterpiece … through the universe.",
        "language": "en",  # a quotation stays as quoted; no Korean wording of it is on record
        "order": 1,
    }
]


def _create_missing(model, lookup: dict, values: dict):
    """The row matching `lookup`, untouched when it exists; else created with `values`. (row, created)"""
    obj = model.objects.filter(**lookup).first()
    if obj is not None:
        return obj, False
    obj = model(**lookup, **values)
    obj.full_clean()
    obj.save()
    return obj, True


def _picture(*, data: bytes, name: str, alt: str, alt_ko: str) -> Image:
    image = Image(alt_text=alt, alt_text_ko=alt_ko, credit="Drawn by Starlight")
    image.file.save(name, ContentFile(data), save=False)
    image.save()
    return image


@transaction.atomic
def load_demo_catalog() -> int:
    """Create the demo rows that are missing; returns how many rows were created."""
    written = 0
    film, created = _create_missing(Film, {"slug": FILM["slug"]}, {k: v for k, v in FILM.items() if k != "slug"})
    written += created
    if created:
        film.poster = _picture(
            data=draw_poster(title=film.name, subtitle="2025 · Netflix"),
            name="lost-in-starlight-poster.png",
            alt="Demo poster: the title Lost in Starlight over a starfield and a pink sunset above Seoul",
            alt_ko="데모 포스터: 별이 가득한 하늘과 서울 위로 번지는 분홍빛 노을, 그 위에 적힌 제목 Lost in Starlight",
        )
        film.save(update_fields=["poster"])
        written += 1

    for name, role, website in COMPANIES:
        company, created = _create_missing(Company, {"name": name}, {"website": website})
        written += created
        _, created = _create_missing(FilmCompany, {"film": film, "company": company, "role": role}, {})
        written += created

    for data in RELEASES:
        lookup = {key: data[key] for key in ("date", "region", "kind")}
        values = {key: value for key, value in data.items() if key not in lookup}
        _, created = _create_missing(Release, {"film": film, **lookup}, values)
        written += created

    characters = {}
    for data in CHARACTERS:
        values = {k: v for k, v in data.items() if k != "name"}
        characters[data["name"]], created = _create_missing(Character, {"film": film, "name": data["name"]}, values)
        written += created

    people = {}
    for data in PEOPLE:
        values = {k: v for k, v in data.items() if k != "slug"}
        person, created = _create_missing(Person, {"slug": data["slug"]}, {**values, "status": Status.PUBLISHED})
        written += created
        if created:
            person.photo = _picture(
                data=draw_portrait(name=person.name),
                name=f"{person.slug}-portrait.png",
                alt=f"Demo portrait card with the initials of {person.name}",
                alt_ko=f"{person.name_ko or person.name}의 영문 이니셜이 적힌 데모 인물 카드",
            )
            person.save(update_fields=["photo"])
            written += 1
        people[person.slug] = person

    for slug, role, character, language, note, order in CREDITS:
        lookup = {"person": people[slug], "film": film, "role": role, "language": language}
        lookup["character"] = characters[character] if character else None
        _, created = _create_missing(Credit, lookup, {"note": note, "order": order})
        written += created

    for data in SONGS:
        values = {k: v for k, v in data.items() if k not in {"slug", "credits"}}
        song, created = _create_missing(Song, {"slug": data["slug"]}, {**values, "film": film})
        written += created
        for slug, role, note, note_ko in data["credits"]:
            _, created = _create_missing(
                SongCredit, {"song": song, "person": people[slug], "role": role}, {"note": note, "note_ko": note_ko}
            )
            written += created

    for data in PRAISE:
        _, created = _create_missing(
            Praise,
            {"film": film, "author": people[data["author"]]},
            {"quote": data["quote"], "language": data["language"], "order": data["order"]},
        )
        written += created
    return written
