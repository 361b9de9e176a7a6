"""Topics suggested for a new article that has none: from the site's own vocabulary, for an editor
to accept with one click. Nothing here files an article under a topic by itself.

Two ways in, strongest first: a topic's name (English or Korean) found in the article's title or
text; and the topics most often given to other articles that mention the same people and songs.
"""

from collections import Counter, defaultdict
from collections.abc import Sequence

from django.db.models import Q

from .mentions import NameMatcher, article_text
from .models import Article, Mention, Topic, TopicSuggestion

MAX_SUGGESTIONS = 5
NAMED_SCORE = 10.0  # a topic named in the text outranks any count of shared mentions
MIN_SHARED = 2  # articles that must file a topic beside the same person or song before it is offered


def suggest(articles: Sequence[Article]) -> list[TopicSuggestion]:
    """Suggestions for those of these (new) articles that have no topic: a few statements for all."""
    untopiced = set(
        Article.objects.filter(pk__in=[article.pk for article in articles], topics=None).values_list("pk", flat=True)
    )
    bare = [article for article in articles if article.pk in untopiced]
    if not bare:
        return []
    topics = {topic.pk: topic for topic in Topic.objects.only("pk", "name", "name_ko")}
    matcher = NameMatcher((name, pk) for pk, topic in topics.items() for name in (topic.name, topic.name_ko) if name)
    found: dict[int, dict[int, tuple[float, str]]] = defaultdict(dict)
    for article in bare:
        for pk in matcher.find(article_text(article)):
            found[article.pk][pk] = (NAMED_SCORE, "named in the text")
    for article_pk, topic_pk, count, name in _beside_mentions([article.pk for article in bare]):
        found[article_pk].setdefault(topic_pk, (float(count), f"often filed with {name}"[:200]))
    suggestions = [
        TopicSuggestion(article_id=article_pk, topic_id=topic_pk, score=score, reason=reason)
        for article_pk, offered in found.items()
        for topic_pk, (score, reason) in sorted(offered.items(), key=lambda item: -item[1][0])[:MAX_SUGGESTIONS]
    ]
    return TopicSuggestion.objects.bulk_create(suggestions, ignore_conflicts=True)


def _beside_mentions(article_ids: list[int]) -> list[tuple[int, int, int, str]]:
    """(article, topic, how many other articles file it beside a shared person or song, whose name)."""
    wanted = Mention.objects.filter(article_id__in=article_ids, excluded=False).exclude(person=None, song=None)
    mentioned = defaultdict(set)  # ("person", pk) -> the new articles that mention it
    names = {}
    for article_id, person_id, song_id, person, song in wanted.values_list(
        "article_id", "person_id", "song_id", "person__name", "song__title"
    ):
        key = ("person", person_id) if person_id else ("song", song_id)
        mentioned[key].add(article_id)
        names[key] = person or song
    if not mentioned:
        return []
    people = [pk for kind, pk in mentioned if kind == "person"]
    songs = [pk for kind, pk in mentioned if kind == "song"]
    filed = (
        Mention.objects.filter(excluded=False)
        .exclude(article_id__in=article_ids)
        .filter(article__topics__isnull=False)
        .filter(Q(person_id__in=people) | Q(song_id__in=songs))
        .values_list("person_id", "song_id", "article__topics")
    )
    counts: Counter = Counter()
    for person_id, song_id, topic_id in filed:
        counts[(("person", person_id) if person_id else ("song", song_id), topic_id)] += 1
    best: dict[tuple[int, int], tuple[int, str]] = {}
    for (key, topic_id), count in counts.items():
        if count < MIN_SHARED:
            continue
        for article_id in mentioned[key]:
            if count > best.get((article_id, topic_id), (0, ""))[0]:
                best[(article_id, topic_id)] = (count, names[key])
    return [(article_id, topic_id, count, name) for (article_id, topic_id), (count, name) in best.items()]
