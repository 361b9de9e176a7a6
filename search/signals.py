"""Keep the index current after every save and delete.

Articles are indexed when `news.writing.articles_written` says they were written (once per write,
with their topics and mentions in place; in bulk for an import's new articles). Films, people and
songs are indexed on their own saves. Fixture loading (raw saves) and other bulk writes send no
usable signals: after those, run `manage.py rebuild_search_index`.

An article's entry also holds the names of the public catalog entries it mentions
(search/documents.py), so it is indexed again when one of its mentions is saved outside a writer,
and when a person, character, song or film it mentions (before or after the change) is created,
deleted, renamed or published or hidden by a save. News's receivers, connected first (news comes
before search in INSTALLED_APPS), have already brought the mentions in line with new names by then.
A catalog entry whose publish time comes by itself lends its names at its articles' next write (or
a rebuild): nothing is saved at that moment. A single mention deleted outside a writer (the shell)
is like a bulk write: no receiver listens for it, which would make every cascade of deletes (an
article, a person) load its mentions one by one.
"""

from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from catalog.models import Character, Credit, Film, Person, Song
from news.models import Article, Mention, Topic
from news.writing import articles_written, is_held

from .indexing import index_ids, index_many, index_new, index_object, remove_object
from .models import Kind


def object_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        index_object(instance)


def object_deleted(sender, instance, **kwargs):
    remove_object(instance)


for model in (Film, Person, Song):
    post_save.connect(object_saved, sender=model, dispatch_uid=f"search.saved.{model.__name__}")
for model in (Film, Person, Song, Article):
    post_delete.connect(object_deleted, sender=model, dispatch_uid=f"search.deleted.{model.__name__}")


@receiver(articles_written, dispatch_uid="search.articles_written")
def index_articles(sender, articles, created, **kwargs):
    if created:
        index_new(Kind.ARTICLE, articles)  # new ids: nothing of theirs is in the index yet
    else:
        index_ids(Kind.ARTICLE, [article.pk for article in articles])


@receiver(post_save, sender=Film, dispatch_uid="search.film_songs")
def film_saved(sender, instance, raw=False, **kwargs):
    """A song is visible only while its film is, so the film's state is part of its songs' entries."""
    if not raw:
        index_ids(Kind.SONG, instance.songs.values_list("pk", flat=True))


def character_changed(sender, instance, raw=False, **kwargs):
    """Character names find the film and the people who voice them."""
    if raw:
        return
    index_ids(Kind.FILM, [instance.film_id])
    index_ids(Kind.PERSON, Credit.objects.filter(character=instance).values_list("person_id", flat=True))


def credit_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        index_ids(Kind.PERSON, [instance.person_id])


post_save.connect(character_changed, sender=Character, dispatch_uid="search.character_saved")
post_delete.connect(character_changed, sender=Character, dispatch_uid="search.character_deleted")
post_save.connect(credit_changed, sender=Credit, dispatch_uid="search.credit_saved")
post_delete.connect(credit_changed, sender=Credit, dispatch_uid="search.credit_deleted")


@receiver(m2m_changed, sender=Article.topics.through, dispatch_uid="search.article_topics")
def article_topics_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """Topic names are part of an article's text: index again when its topics change."""
    if reverse and action == "pre_clear":
        instance._search_article_ids = list(instance.articles.values_list("pk", flat=True))
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse and is_held(instance):
        return  # the writer indexes it once its topics are all set
    if not reverse:
        index_ids(Kind.ARTICLE, [instance.pk])
    elif action == "post_clear":
        index_ids(Kind.ARTICLE, getattr(instance, "_search_article_ids", []))
    else:
        index_ids(Kind.ARTICLE, pk_set or [])


@receiver(pre_save, sender=Topic, dispatch_uid="search.topic_before")
def topic_before_save(sender, instance, raw=False, **kwargs):
    instance._search_names_before = (
        Topic.objects.filter(pk=instance.pk).values_list("name", "name_ko").first() if instance.pk and not raw else None
    )


@receiver(post_save, sender=Topic, dispatch_uid="search.topic_renamed")
def topic_saved(sender, instance, created=False, raw=False, **kwargs):
    before = getattr(instance, "_search_names_before", None)
    if raw or created or before is None or before == (instance.name, instance.name_ko):
        return
    index_ids(Kind.ARTICLE, instance.articles.values_list("pk", flat=True))


@receiver(pre_delete, sender=Topic, dispatch_uid="search.topic_before_delete")
def topic_before_delete(sender, instance, **kwargs):
    instance._search_article_ids = list(instance.articles.values_list("pk", flat=True))


@receiver(post_delete, sender=Topic, dispatch_uid="search.topic_deleted")
def topic_deleted(sender, instance, **kwargs):
    index_ids(Kind.ARTICLE, getattr(instance, "_search_article_ids", []))


# What an article's entry reads of each catalog entry it mentions: its names and whether it is public.
LENT = {
    Film: ("name", "name_ko", "aliases", "status", "publish_at"),
    Person: ("name", "name_ko", "aliases", "status", "publish_at"),
    Character: ("name", "name_ko", "aliases", "film_id"),
    Song: ("title", "title_ko", "status", "publish_at", "film_id"),
}


def _mentioning(instance) -> set[int]:
    """The articles that mention this entry; for a film, also its characters and songs, which are
    public only while it is."""
    if isinstance(instance, Film):
        condition = Q(film=instance) | Q(character__film=instance) | Q(song__film=instance)
    else:
        condition = Q(**{instance._meta.model_name: instance})
    return set(Mention.objects.filter(condition).values_list("article_id", flat=True))


def _index_articles(ids: set[int]) -> None:
    index_many(Kind.ARTICLE, ids)


def catalog_before_save(sender, instance, raw=False, **kwargs):
    instance._search_mentioning = None
    if raw:
        return
    fields = LENT[sender]
    before = sender.objects.filter(pk=instance.pk).values_list(*fields).first() if instance.pk else None
    if before is None:  # new: news finds its mentions after the save
        instance._search_mentioning = set()
    elif before != tuple(getattr(instance, field) for field in fields):
        instance._search_mentioning = _mentioning(instance)


def catalog_saved(sender, instance, raw=False, **kwargs):
    before = getattr(instance, "_search_mentioning", None)
    if raw or before is None:
        return
    _index_articles(before | _mentioning(instance))


def catalog_before_delete(sender, instance, **kwargs):
    instance._search_mentioning = _mentioning(instance)


def catalog_deleted(sender, instance, **kwargs):
    _index_articles(getattr(instance, "_search_mentioning", set()))


for model in LENT:
    name = model.__name__
    pre_save.connect(catalog_before_save, sender=model, dispatch_uid=f"search.lent_before.{name}")
    post_save.connect(catalog_saved, sender=model, dispatch_uid=f"search.lent_saved.{name}")
    pre_delete.connect(catalog_before_delete, sender=model, dispatch_uid=f"search.lent_before_delete.{name}")
    post_delete.connect(catalog_deleted, sender=model, dispatch_uid=f"search.lent_deleted.{name}")


@receiver(post_save, sender=Mention, dispatch_uid="search.mention_saved")
def mention_saved(sender, instance, raw=False, **kwargs):
    """A mention added or excluded by hand (the shell; the admin's inline writes through
    `write_derived`, which indexes the article once when it is done)."""
    if not raw and not is_held(instance.article):
        index_ids(Kind.ARTICLE, [instance.article_id])
