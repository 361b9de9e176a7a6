"""News on other apps' pages: `{% articles_mentioning person limit=10 as articles %}`; and the
article cards every list of articles shows: `{% article_cards articles heading="h2" %}`.

The catalog's pages show "In the news" without the catalog importing the news app: the template
asks for the articles, and the news app answers.
"""

from django import template
from django.conf import settings
from django.template.defaultfilters import truncatewords
from django.urls import get_script_prefix
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import get_language

from caching.cached import cached, cached_by_inputs, inputs_key
from catalog.selectors import the_film
from catalog.templatetags.pictures import picture
from common.cache_tags import row_tag
from common.dates import machine_datetime
from sharing.cards import cards_for as share_cards_for

from ..models import Article
from ..selectors import articles_mentioning as _articles_mentioning

register = template.Library()

CARD_SIZES = "(min-width: 48rem) 360px, 100vw"  # a card's picture spans a column of the card grid


@register.simple_tag
def articles_mentioning(obj, limit=5):
    """The published articles that mention a film, person, character or song, newest first.

    Kept until the next change: for a name in thousands of articles, finding the newest ten sorts
    them all.
    """
    key = f"mentioning:{obj._meta.label_lower}:{obj.pk}:{limit}"
    return cached(key, lambda: _articles_mentioning(obj, limit=limit), shows=frozenset({row_tag(type(obj), obj.pk)}))


@register.simple_tag
def article_cards(articles, heading="h3", film=None) -> SafeString:
    """A list item per article card, each card rendered once for what it shows in each language.

    The same cards appear on the news list and its filtered views, topic pages, the home page and
    every "In the news" list; drawing twenty of them was most of a list page's rendering time.
    A card whose article has no picture shows its drawn share card (`sharing.cards`), and until the
    worker has drawn that, the poster of `film` (the film whose page this is), else of the film the
    site is about.
    """
    if heading not in HEADINGS:
        raise ValueError(f"article_cards: heading must be one of {HEADINGS}, not {heading!r}")
    language = get_language()
    by_pk = {article.pk: article for article in articles}
    without_picture = [article for article in by_pk.values() if article.hero_image_id is None]
    drawn = share_cards_for(without_picture)
    poster_image = None
    if any(article.pk not in drawn for article in without_picture):
        poster_image = getattr(film or the_film(), "poster", None)

    def render(pks):
        poster = ""
        if any(by_pk[pk].hero_image_id is None and pk not in drawn for pk in pks):
            # Drawn once for every card that shows it: the markup is the same on each.
            poster = picture(poster_image, sizes=CARD_SIZES, css_class="card__image card__image--poster", alt="")
        url = Article.addresses()
        return {pk: _card(by_pk[pk], heading, language, poster, url, drawn.get(pk)) for pk in pks}

    # A card is kept under everything it shows, so an edit elsewhere leaves it to be reused; the
    # settings that shape its dates and addresses too, which an operator may change between releases.
    where = (get_script_prefix(), settings.TIME_ZONE, settings.MEDIA_URL)
    keys = {
        article.pk: "card:"
        + inputs_key(
            article,
            article.source,
            article.hero_image or drawn.get(article.pk) or poster_image,
            heading,
            language,
            where,
        )
        for article in by_pk.values()
    }
    cards = cached_by_inputs(keys, render)
    return format_html_join("", "<li>{}</li>", ((mark_safe(cards[pk]),) for pk in by_pk))


HEADINGS = ("h2", "h3", "h4")  # written into the card as a tag name, so only these
CARD = """<article class="card article-card">
  {picture}
  <div class="card__body">
    <{heading} class="card__title"><a href="{url}"{title_lang}>{title}</a></{heading}>
    <p class="card__meta">{source}{date}</p>
    <p class="card__summary"{summary_lang}>{summary}</p>
  </div>
</article>"""


def _card(article, heading: str, language: str, poster: str, url, drawn) -> SafeString:
    """One card, written in Python like pages.forms.PlainSelect: through a template, every card
    resolved its variable lookups and filters anew, for markup whose shape never changes.
    Every value is escaped by format_html, as a template would."""
    own = article.text_language if article.text_language != language else ""
    image = article.hero_image or drawn
    date = ""
    if shown := article.date_shown:
        when = template_localtime(shown)  # as the template's date filter shows it
        date = format_html('<time datetime="{}">{}</time>', machine_datetime(when), date_format(when, "DATE_FORMAT"))
    return format_html(
        CARD,
        # A drawn card only repeats the title beside it: no alt text, like the poster.
        picture=picture(image, sizes=CARD_SIZES, css_class="card__image", alt=None if article.hero_image else "")
        if image
        else poster,
        heading=heading,
        url=url(article.slug),
        title_lang=format_html(' lang="{}" hreflang="{}"', own, own) if own else "",
        title=article.title,
        source=format_html("{} · " if date else "{}", article.source.name) if article.source else "",
        date=date,
        summary_lang=format_html(' lang="{}"', own) if own else "",
        summary=truncatewords(article.display_summary, 40),
    )
