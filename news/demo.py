"""Demo news: short briefs written for this project (not the sample articles), with sources
and topics, so a fresh site has a lively news section. Idempotent like the demo catalog."""

import datetime as dt

from django.db import transaction

from editorial.publishing import Status

from .models import Article, Source, Topic

UTC = dt.UTC

SOURCES = [
    ("Starlight Desk", "starlight-desk", ""),
    ("Seoul Screen Notes", "seoul-screen-notes", ""),
]

TOPICS = [  # (name, Korean name, description, Korean description)
    ("Release", "개봉", "Dates, times and where to watch.", "공개 날짜와 시간, 볼 수 있는 곳."),
    (
        "Cast",
        "출연진",
        "The voices behind the characters, in Korean and English.",
        "한국어 원작과 영어 더빙에서 인물들에게 목소리를 준 사람들.",
    ),
    ("Music", "음악", "The soundtrack and the people who sing it.", "영화의 노래와 그 노래를 부른 사람들."),
    (
        "Korean animation",
        "한국 애니메이션",
        "The film in the story of Korean animated features.",
        "한국 장편 애니메이션의 흐름 속에서 본 이 영화.",
    ),
    ("Reviews", "리뷰", "What critics made of the film.", "평론가들이 이 영화를 어떻게 보았는지."),
]

BRIEFS = [
    {
        "slug": "teaser-and-poster-arrive",
        "title": "First teaser and poster for Lost in Starlight arrive",
        "source": "starlight-desk",
        "dated": dt.datetime(2025, 4, 30, 9, 0, tzinfo=UTC),
        "topics": ["Release", "Korean animation"],
        "body": "<p>Netflix showed the first teaser and poster for Lost in Starlight today. The poster bathes "
        "Nan-young and Jay in a pink evening sky over a starry Seoul of 2050, with a turntable and records "
        "hinting at the film's warm retro look.</p><p>Director Han Ji-won's film is produced by Climax Studio "
        "and comes to Netflix on 30 May.</p>",
    },
    {
        "slug": "who-voices-who",
        "title": "Who voices who: the Korean cast and the English dub",
        "source": "seoul-screen-notes",
        "dated": dt.datetime(2025, 5, 20, 10, 0, tzinfo=UTC),
        "topics": ["Cast"],
        "body": "<p>In the Korean original, Kim Tae-ri plays the astronaut Nan-young and Hong Kyung plays the "
        "musician Jay. The pair had already shared the screen in the drama Revenant.</p><p>For the English "
        "dub, Maitreyi Ramakrishnan takes Nan-young and Justin H. Min takes Jay.</p>",
    },
    {
        "slug": "bon-voyage-theme",
        "title": "“Bon Voyage”: the song that ties the couple together",
        "source": "starlight-desk",
        "dated": dt.datetime(2025, 5, 26, 8, 30, tzinfo=UTC),
        "topics": ["Music"],
        "body": "<p>“Bon Voyage” comes back again and again as Nan-young and Jay's theme. One version features "
        "V of BTS.</p><p>Both lead actors also helped write lyrics for the film's songs.</p>",
    },
    {
        "slug": "release-time-netflix",
        "title": "When Lost in Starlight goes live on Netflix",
        "source": "seoul-screen-notes",
        "dated": dt.datetime(2025, 5, 29, 12, 0, tzinfo=UTC),
        "topics": ["Release"],
        "body": "<p>The film runs 96 minutes and arrives worldwide on Friday 30 May 2025. Netflix originals "
        "usually appear around midnight Pacific Time, which is 4 pm in Seoul.</p><p>Select U.S. theaters "
        "show it the same day.</p>",
    },
    {
        "slug": "first-korean-netflix-animated-feature",
        "title": "A first for Korean animation on Netflix",
        "source": "starlight-desk",
        "dated": dt.datetime(2025, 5, 30, 7, 0, tzinfo=UTC),
        "topics": ["Korean animation", "Reviews"],
        "body": "<p>Lost in Starlight is the first Korean animated feature Netflix has made as an original. "
        "Han Ji-won mixes 2D drawing with 3D elements for a retro-cyberpunk Seoul.</p><blockquote><p>Bong "
        "Joon-ho called it a visual masterpiece.</p></blockquote>",
    },
    {
        "slug": "김태리-난영-목소리",
        "title": "김태리, 난영의 목소리로 돌아오다",
        "source": "seoul-screen-notes",
        "language": "ko",
        "dated": dt.datetime(2025, 5, 28, 1, 0, tzinfo=UTC),
        "topics": ["Cast"],
        "body": "<p>김태리는 화성을 꿈꾸는 우주비행사 난영을, 홍경은 뮤지션 제이를 연기했다. 두 배우는 드라마 "
        "악귀에서 이미 호흡을 맞춘 바 있다.</p>",
    },
]


@transaction.atomic
def load_demo_news() -> int:
    written = 0
    sources = {}
    for name, slug, url in SOURCES:
        sources[slug], created = Source.objects.get_or_create(slug=slug, defaults={"name": name, "url": url})
        written += created
    topics = {}
    for name, name_ko, description, description_ko in TOPICS:
        topics[name], created = Topic.objects.get_or_create(
            slug=Topic.slug_for(name),
            defaults={"name": name, "name_ko": name_ko, "description": description, "description_ko": description_ko},
        )
        written += created
    for brief in BRIEFS:
        if Article.objects.filter(slug=brief["slug"]).exists():
            continue
        article = Article(
            slug=brief["slug"],
            title=brief["title"],
            source=sources[brief["source"]],
            language=brief.get("language", "en"),
            dated=brief["dated"],
            publish_at=brief["dated"],
            status=Status.PUBLISHED,
            body=brief["body"],
        )
        article.full_clean()
        article.save()
        article.topics.set([topics[name] for name in brief["topics"]])
        written += 1
    return written
