"""What the share cards of articles and topics show (`sharing.cards`): an article's card in its own
language, with its source and date; a topic's with its Korean name. A source's new name is drawn
on its articles' cards again."""

from django.db.models.signals import post_save
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext, override

from sharing.cards import queue, register
from sharing.drawing import CardText

from .models import Article, Language, Source, Topic


def article_card(article: Article) -> CardText:
    with override("ko" if article.language == Language.KOREAN else "en"):
        date = date_format(localtime(article.date_shown), "DATE_FORMAT") if article.date_shown else ""
        source = article.source.name if article.source_id else ""
        details = " · ".join(part for part in (source, date) if part)
        return CardText(kicker=gettext("Starlight · News"), title=article.title, details=details)


def topic_card(topic: Topic) -> CardText:
    with override("en"):
        return CardText(kicker=gettext("Starlight · Topics"), title=topic.name, details=topic.name_ko)


register(Article, article_card, related=("source",), on_save=False)  # the writer queues them: news.writing
register(Topic, topic_card)


def source_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        queue(Article.objects.filter(source=instance).only("pk"))


post_save.connect(source_saved, sender=Source, dispatch_uid="news.share_cards.source_saved")
