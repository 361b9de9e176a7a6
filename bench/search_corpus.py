"""A synthetic corpus for the search benchmark: people with Korean and Western names (Hangul names,
romanisation variants as aliases), films, songs and articles in English and Korean.

Deterministic: the same seed gives the same rows, so the fixed query list (search_queries.txt)
always finds what it was written for. Rows go in with bulk_create; the index is then filled in
bulk by search.indexing.rebuild, as `manage.py rebuild_search_index` does.
"""

import datetime as dt
import random
from dataclasses import dataclass

SURNAMES = [
    ("Kim", "김"), ("Lee", "이"), ("Park", "박"), ("Choi", "최"), ("Jung", "정"), ("Kang", "강"), ("Cho", "조"),
    ("Yoon", "윤"), ("Jang", "장"), ("Lim", "임"), ("Han", "한"), ("Oh", "오"), ("Seo", "서"), ("Shin", "신"),
    ("Kwon", "권"), ("Hwang", "황"), ("Ahn", "안"), ("Song", "송"), ("Hong", "홍"), ("Yoo", "유"),
]  # fmt: skip
SYLLABLES = [
    ("Tae", "태"), ("Ri", "리"), ("Ji", "지"), ("Won", "원"), ("Min", "민"), ("Seo", "서"), ("Hyun", "현"),
    ("Joo", "주"), ("Kyung", "경"), ("Young", "영"), ("Jin", "진"), ("Soo", "수"), ("Hee", "희"), ("Yeon", "연"),
    ("Woo", "우"), ("Ha", "하"), ("Eun", "은"), ("Jae", "재"), ("Hoon", "훈"), ("Na", "나"), ("Sung", "성"),
    ("Bin", "빈"), ("Da", "다"), ("Ye", "예"), ("Rin", "린"), ("Ho", "호"), ("Gyu", "규"), ("Chan", "찬"),
    ("Mi", "미"), ("Hye", "혜"),
]  # fmt: skip
# Other romanisations of the same syllables, as the press writes them.
VARIANTS = {
    "Lee": "Yi", "Park": "Pak", "Choi": "Choe", "Jung": "Jeong", "Yoon": "Yun", "Lim": "Im", "Kwon": "Gwon",
    "Kim": "Gim", "Kyung": "Kyoung", "Young": "Yeong", "Hyun": "Hyeon", "Sung": "Seong", "Joo": "Ju",
    "Soo": "Su", "Woo": "U", "Eun": "Un", "Tae": "Tai", "Hee": "Hui", "Yeon": "Yun", "Gyu": "Kyu",
}  # fmt: skip
FIRST_NAMES = (
    "Ava Ben Chloe Daniel Elena Felix Grace Henry Isla Jack Kate Liam Maya Noah Olive Paul Quinn Ruby Sam Tara "
    "Uma Victor Wren Xavier Yara Zoe Adam Bella Caleb Diana Ethan Fiona George Hannah Ivan Julia Kevin Laura "
    "Marcus Nora Oscar Priya Rafael Sofia Thomas Ursula Vera William Ximena Yusuf"
).split()
LAST_NAMES = (
    "Smith Jones Brown Taylor Wilson Davies Evans Thomas Johnson Roberts Walker Wright Robinson Thompson White "
    "Hughes Edwards Green Hall Wood Harris Lewis Martin Jackson Clarke Clark Turner Hill Scott Cooper Morris Ward "
    "Moore King Watson Baker Harrison Morgan Patel Young Allen Mitchell James Anderson Phillips Lee Bell Parker "
    "Ramakrishnan Okafor"
).split()
ENGLISH = (
    "the film animation story love space mars distance music song voice cast director studio netflix release "
    "review premiere trailer poster festival audience critic score scene frame colour light star night city seoul "
    "dream record vinyl signal letter rocket astronaut musician heart memory future retro sky sunset orbit journey "
    "character dub original premiere interview behind production design drawing sound soundtrack lyric singer "
    "emotion moment ending beginning quiet bright warm cold lonely together apart hope promise mission launch "
    "station planet crater dust window street cafe rooftop subway rain summer winter autumn spring morning evening "
    "world global streaming chart week weekend debut first second final best new old young gentle brave careful"
).split()


def _tail(syllables: list[str], count: int, seed: int) -> list[str]:
    """A long tail of made-up words (two or three syllables), most frequent first."""
    rnd, seen = random.Random(seed), {}
    while len(seen) < count:
        seen.setdefault("".join(rnd.choices(syllables, k=rnd.choice((2, 2, 3)))), None)
    return list(seen)


TAIL = _tail([c + v for c in "bdfgklmnprstvz" for v in ("a", "e", "i", "o", "u", "ai", "or", "en")], 20_000, 11)
KOREAN = (
    "영화 애니메이션 사랑 우주 화성 거리 음악 노래 목소리 배우 감독 스튜디오 넷플릭스 공개 개봉 리뷰 예고편 포스터 "
    "영화제 관객 평론가 장면 빛 별 밤 도시 서울 꿈 레코드 신호 편지 로켓 우주비행사 음악가 마음 기억 미래 하늘 "
    "노을 궤도 여정 캐릭터 더빙 인터뷰 제작 디자인 사운드 가사 가수 감정 순간 결말 시작 희망 약속 임무 발사 "
    "행성 창문 거리 카페 옥상 지하철 비 여름 겨울 가을 봄 아침 저녁 세계 스트리밍 차트 주말 데뷔"
).split()
KOREAN_TAIL = _tail(
    list("가나다라마바사아자차카타파하고노도로모보소오조호구누두루무부수우주후기니디리미비시이지히"), 5_000, 12
)
PARTICLES = ["", "", "은", "는", "이", "가", "을", "를", "의", "에", "와", "과", "도", "에서", "에게"]
FILMS = [("Lost in Starlight", "이 별에 필요한")] + [
    (f"Starlight Chronicle {n}", f"별빛 연대기 {n}") for n in range(2, 21)
]
TOPICS = [
    ("Cast", "출연진"), ("Music", "음악"), ("Release", "공개"), ("Reviews", "리뷰"), ("Festivals", "영화제"),
    ("Korean animation", "한국 애니메이션"), ("Interviews", "인터뷰"), ("Box office", "흥행"), ("Awards", "시상식"),
    ("Behind the scenes", "제작기"), ("Trailers", "예고편"), ("Soundtrack", "OST"), ("Streaming", "스트리밍"),
    ("Design", "디자인"), ("Voice acting", "성우"), ("Science", "과학"), ("Space", "우주"), ("Seoul", "서울"),
    ("Dubbing", "더빙"), ("Fans", "팬"),
]  # fmt: skip


def _mixture(common: list[str], tail: list[str], common_share: float = 0.55) -> tuple[list[str], list[float]]:
    """One vocabulary: the common topical words take `common_share` of all draws, the long tail the
    rest, each Zipf-distributed within itself. Returns the words and their cumulative weights."""
    common_weights, tail_weights = _zipf(len(common)), _zipf(len(tail))
    scale_common, scale_tail = common_share / common_weights[-1], (1 - common_share) / tail_weights[-1]
    cumulative = [weight * scale_common for weight in common_weights]
    cumulative += [cumulative[-1] + weight * scale_tail for weight in tail_weights]
    return common + tail, cumulative


@dataclass
class PersonSpec:
    name: str
    name_ko: str
    aliases: list[str]


def _zipf(count: int) -> list[float]:
    """Cumulative Zipf weights (s = 1) for random.choices."""
    total, cumulative = 0.0, []
    for rank in range(count):
        total += 1 / (rank + 1)
        cumulative.append(total)
    return cumulative


class Corpus:
    def __init__(self, *, seed: int = 2025, people: int = 10_000, articles: int = 100_000):
        self.random = random.Random(seed)
        self.people_count, self.article_count = people, articles
        self.english, self.english_weights = _mixture(ENGLISH, TAIL)
        self.korean, self.korean_weights = _mixture(KOREAN, KOREAN_TAIL)
        self.people: list[PersonSpec] = []

    def make_people(self) -> list[PersonSpec]:
        rnd, seen = self.random, set()
        while len(self.people) < self.people_count:
            if rnd.random() < 0.6:
                (surname, surname_ko), (first, first_ko), (second, second_ko) = (
                    rnd.choice(SURNAMES),
                    rnd.choice(SYLLABLES),
                    rnd.choice(SYLLABLES),
                )
                name = f"{surname} {first}-{second.lower()}"
                name_ko = surname_ko + first_ko + second_ko
                aliases = []
                if rnd.random() < 0.35:
                    parts = [VARIANTS.get(part, part) for part in (surname, first, second)]
                    aliases.append(f"{parts[0]} {parts[1]}-{parts[2].lower()}")
                if rnd.random() < 0.2:
                    aliases.append(f"{surname} {first}{second.lower()}")
            else:
                name, name_ko, aliases = f"{rnd.choice(FIRST_NAMES)} {rnd.choice(LAST_NAMES)}", "", []
            if name in seen:
                continue
            seen.add(name)
            self.people.append(PersonSpec(name, name_ko, aliases))
        return self.people

    def english_words(self, count: int) -> list[str]:
        return self.random.choices(self.english, cum_weights=self.english_weights, k=count)

    def korean_words(self, count: int) -> list[str]:
        words = self.random.choices(self.korean, cum_weights=self.korean_weights, k=count)
        particles = self.random.choices(PARTICLES, k=count)
        return [word + particle for word, particle in zip(words, particles, strict=True)]

    def paragraph(self, language: str, mentioned: PersonSpec) -> str:
        rnd = self.random
        if language == "ko":
            found = self.korean_words(rnd.randint(25, 45))
            if mentioned.name_ko:
                found.insert(rnd.randrange(len(found)), mentioned.name_ko + rnd.choice(PARTICLES))
        else:
            found = self.english_words(rnd.randint(30, 55))
            found.insert(rnd.randrange(len(found)), mentioned.name)
        return " ".join(found).capitalize() + "."

    def article(self, index: int, now: dt.datetime) -> dict:
        rnd = self.random
        language = "ko" if rnd.random() < 0.2 else "en"
        mentioned = rnd.choice(self.people)
        film_en, film_ko = rnd.choice(FILMS)
        if language == "ko":
            who = mentioned.name_ko or mentioned.name
            title = f"{who}, {film_ko} " + " ".join(self.korean_words(3))
        else:
            title = f"{mentioned.name} on {film_en}: " + " ".join(self.english_words(4)).capitalize()
        paragraphs = [self.paragraph(language, mentioned) for _ in range(rnd.randint(3, 5))]
        roll = rnd.random()
        status = "draft" if roll < 0.03 else "published"
        if roll > 0.98:  # scheduled: published, but not yet
            publish_at = now + dt.timedelta(days=rnd.randint(1, 30))
        else:
            publish_at = now - dt.timedelta(minutes=rnd.randint(1, 3 * 525_600))
        return {
            "title": title[:300],
            "slug": f"bench-{index}",
            "language": language,
            "body": "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs),
            "status": status,
            "publish_at": publish_at,
            "dated": publish_at if rnd.random() < 0.9 else None,
            "mentioned": mentioned,
        }


def _misspell(rnd: random.Random, name: str) -> str:
    letters = list(name)
    positions = [i for i, ch in enumerate(letters[:-1]) if ch.isalpha() and letters[i + 1].isalpha()]
    i = rnd.choice(positions)
    how = rnd.choice(["swap", "drop", "double", "vowel"])
    if how == "swap":
        letters[i], letters[i + 1] = letters[i + 1], letters[i]
    elif how == "drop":
        del letters[i + 1]
    elif how == "double":
        letters.insert(i, letters[i])
    else:
        vowels = [j for j, ch in enumerate(letters) if ch in "aeiou"]
        j = rnd.choice(vowels or [i])
        letters[j] = rnd.choice([v for v in "aeiou" if v != letters[j]])
    return "".join(letters)


def make_queries(corpus: Corpus, *, seed: int = 7) -> dict[str, list[str]]:
    """200 queries: 60 names, 40 Hangul, 60 words, 40 misspellings."""
    rnd = random.Random(seed)
    korean = [person for person in corpus.people if person.name_ko]
    names = []
    for person in rnd.sample(corpus.people, 60):
        form = rnd.random()
        if form < 0.4:
            names.append(person.name)
        elif form < 0.7:
            names.append(person.name.lower().replace("-", " "))
        elif form < 0.85 and person.aliases:
            names.append(person.aliases[0])
        else:
            names.append(person.name.split()[-1].lower())
    hangul = []
    for person in rnd.sample(korean, 25):
        form = rnd.random()
        hangul.append(person.name_ko + (rnd.choice(["는", "의", "가"]) if form < 0.3 else ""))
    hangul += rnd.sample(KOREAN, 5) + [KOREAN_TAIL[int(10 ** rnd.uniform(0, 3.6))] for _ in range(5)]
    hangul += ["별빛 연대기", "이 별에 필요한", "태리", "우주 사랑", "서울의 밤"]
    # Words: a third common topical words, the rest from the long tail at every frequency.
    words = rnd.sample(ENGLISH, 17) + [TAIL[int(10 ** rnd.uniform(0, 4.3))] for _ in range(25)]
    words += [f"{rnd.choice(ENGLISH)} {TAIL[int(10 ** rnd.uniform(0, 4.3))]}" for _ in range(10)]
    words += ["Lost in Starlight", "starlight chronicle", "bon voyage", "space", "music", "netflix", "review", "seoul"]
    misspelt = [_misspell(rnd, person.name) for person in rnd.sample(corpus.people, 40)]
    return {"names": names, "hangul": hangul, "words": words, "misspellings": misspelt}
