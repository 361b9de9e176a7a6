"""The benchmark's data set, written into a database of its own: the demo film and its people, then
N articles, people and topics in bulk (the rows a real import writes, without the importer's cost).

Run by `bench/site_bench.py` in a child process whose DATABASE_URL names the benchmark database;
never against the development database. Rows are made with bulk inserts, and the search index is
rebuilt once at the end, so 100,000 articles take a couple of minutes instead of an import's hour.
"""

import datetime as dt
import random
import sys

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from catalog.models import Person  # noqa: E402
from editorial.publishing import Status  # noqa: E402
from news.models import Article, Mention, Source, Topic  # noqa: E402
from search.indexing import rebuild  # noqa: E402

WORDS = (
    "star seoul mars record turntable signal radio night pink sunset orbit launch music shop dream distance "
    "minute letter voice song light city bridge plaza future vinyl astronaut musician crew mission"
).split()
BATCH = 5000


def words(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high)))


def body(rng: random.Random, name: str) -> str:
    paragraphs = [words(rng, 30, 60).capitalize() + "." for _ in range(rng.randint(2, 5))]
    paragraphs[0] = f"{name} {paragraphs[0]}"
    return "".join(f"<p>{p}</p>" for p in paragraphs)


@transaction.atomic
def generate(*, articles: int, people: int, topics: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    call_command("load_demo", stdout=sys.stderr)
    demo_people = list(Person.objects.all())
    Person.objects.bulk_create(
        (Person(name=f"Bench Person {n}", slug=f"bench-person-{n}", bio=words(rng, 20, 40)) for n in range(people)),
        batch_size=BATCH,
    )
    Topic.objects.bulk_create(
        (Topic(name=f"Bench topic {n}", slug=f"bench-topic-{n}") for n in range(topics)), batch_size=BATCH
    )
    topic_ids = list(Topic.objects.values_list("pk", flat=True))
    sources = Source.objects.bulk_create(Source(name=f"Bench Wire {n}", slug=f"bench-wire-{n}") for n in range(50))
    start = timezone.now() - dt.timedelta(days=730)
    Link = Article.topics.through
    for first in range(0, articles, BATCH):
        batch = []
        for n in range(first, min(first + BATCH, articles)):
            mentioned = rng.choice(demo_people)
            when = start + dt.timedelta(minutes=n * 7)
            article = Article(
                title=f"{mentioned.name} and the {words(rng, 2, 5)} ({n})",
                slug=f"bench-article-{n}",
                status=Status.PUBLISHED,
                publish_at=when,
                dated=when,
                source=rng.choice(sources),
                language="en",
            )
            html = body(rng, mentioned.name)
            article.set_clean_body(html, text=html.replace("<p>", "").replace("</p>", "\n\n"), fingerprint=f"{n:064x}")
            article.mentioned = mentioned
            batch.append(article)
        Article.objects.bulk_create(batch, batch_size=BATCH)
        Link.objects.bulk_create(
            (Link(article_id=a.pk, topic_id=t) for a in batch for t in rng.sample(topic_ids, 2)), batch_size=BATCH
        )
        Mention.objects.bulk_create(
            (Mention(article_id=a.pk, person_id=a.mentioned.pk, origin=Mention.Origin.AUTO) for a in batch),
            batch_size=BATCH,
        )
        print(f"  {min(first + BATCH, articles):,} articles", file=sys.stderr)
    counts = rebuild()
    print(f"  search index: {sum(counts.values()):,} entries", file=sys.stderr)


if __name__ == "__main__":
    articles, people, topics = (int(value) for value in sys.argv[1:4])
    generate(articles=articles, people=people, topics=topics)
