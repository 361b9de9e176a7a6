"""Topics suggested for an article that has none, from the site's own vocabulary, for an editor to
accept with one click. Nothing here files an article under a topic by itself.

Worked out when an editor opens the article, for that one article, not while importing, where
finding topic names in ten thousand texts cost more than the rest of the import's derived rows.
Three ways in, strongest first: a topic whose name (English or Korean) or slug is one of the related
headlines the imported file listed; a topic's name found in the article's title or text; and the topics
most often given to other articles that mention the same people and songs.
Apart from those, the categories and tags of the file it came from that no topic answered to
(`from_its_file`), which an editor may make a topic of.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .mentions import NameMatcher, article_text
from .models import Article, DeclinedTopic, Mention, Topic

MAX_SUGGESTIONS = 5
NAMED_SCORE = 1000  # a topic named in the text outranks any count of shared mentions
MIN_SHARED = 2  # articles that must file a topic beside the same person or song before it is offered


@dataclass(frozen=True)
class Suggestion:
    topic: Topic
    reason: str
    score: int


def suggest(article: Article) -> list[Suggestion]:
    """Up to MAX_SUGGESTIONS topics for an article with none (none for one that has topics)."""
    if article.topics.exists():
        return []
    declined = set(DeclinedTopic.objects.filter(article=article).values_list("topic_id", flat=True))
    topics = {topic.pk: topic for topic in Topic.objects.only("pk", "name", "name_ko", "slug")}
    offered: dict[int, tuple[int, str]] = {}
    for pk in _listed_as_related(article, topics):
        offered[pk] = (NAMED_SCORE + 1, _("listed as related in the imported file"))
    matcher = NameMatcher((name, pk) for pk, topic in topics.items() for name in (topic.name, topic.name_ko) if name)
    for pk in matcher.find(article_text(article)):
        offered.setdefault(pk, (NAMED_SCORE, "named in the text"))
    for pk, count, name in _beside_mentions(article):
        offered.setdefault(pk, (count, f"often filed with {name}"))
    ranked = sorted(
        (Suggestion(topics[pk], reason, score) for pk, (score, reason) in offered.items() if pk not in declined),
        key=lambda suggestion: (-suggestion.score, suggestion.topic.name),
    )
    return ranked[:MAX_SUGGESTIONS]


def from_its_file(article: Article) -> list[str]:
    """The names its file filed it under (a WordPress post's categories and tags) that are no topic yet."""
    names = article.suggested_topic_names or []
    if not names:
        return []
    either = Q()
    for name in names:
        either |= Q(name__iexact=name) | Q(name_ko__iexact=name)
    taken = {name.casefold() for pair in Topic.objects.filter(either).values_list("name", "name_ko") for name in pair}
    return [name for name in names if name.casefold() not in taken]


def _listed_as_related(article: Article, topics: dict[int, Topic]) -> list[int]:
    """The topics that one of the article's related headlines names exactly: by name, Korean name or slug."""
    headlines = [line.strip() for line in article.related_headlines.splitlines() if line.strip()]
    if not headlines:
        return []
    wanted = {headline.casefold() for headline in headlines} | {
        slugify(headline, allow_unicode=True) for headline in headlines
    }
    return [
        pk
        for pk, topic in topics.items()
        if topic.slug in wanted or any(name and name.casefold() in wanted for name in (topic.name, topic.name_ko))
    ]


def _beside_mentions(article: Article) -> list[tuple[int, int, str]]:
    """(topic, how many other articles file it beside a person or song this one mentions, whose name)."""
    mentioned = {}
    for person_id, song_id, person, song in (
        Mention.objects.filter(article=article, excluded=False)
        .exclude(person=None, song=None)
        .values_list("person_id", "song_id", "person__name", "song__title")
    ):
        mentioned[("person", person_id) if person_id else ("song", song_id)] = person or song
    if not mentioned:
        return []
    people = [pk for kind, pk in mentioned if kind == "person"]
    songs = [pk for kind, pk in mentioned if kind == "song"]
    filed = (
        Mention.objects.filter(Q(person_id__in=people) | Q(song_id__in=songs), excluded=False)
        .exclude(article=article)
        .filter(article__topics__isnull=False)
        .values_list("person_id", "song_id", "article__topics")
    )
    counts: Counter = Counter()
    for person_id, song_id, topic_id in filed:
        counts[(("person", person_id) if person_id else ("song", song_id), topic_id)] += 1
    best: dict[int, tuple[int, str]] = defaultdict(lambda: (0, ""))
    for (key, topic_id), count in counts.items():
        if count >= MIN_SHARED and count > best[topic_id][0]:
            best[topic_id] = (count, mentioned[key])
    return [(topic_id, count, name) for topic_id, (count, name) in best.items()]
