"""News on other apps' pages: `{% articles_mentioning person limit=10 as articles %}`; and the
article cards every list of articles shows: `{% article_cards articles heading="h2" %}`.

The catalog's pages show "In the news" without the catalog importing the news app: the template
asks for the articles, and the news app answers.
"""

from django import template
from django.template.loader import get_template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from catalog.selectors import the_film
from catalog.templatetags.pictures import picture
from editorial.kept import kept, kept_many

from ..selectors import articles_mentioning as _articles_mentioning

register = template.Library()

CARD_SIZES = "(min-width: 48rem) 360px, 100vw"  # a card's picture spans a column of the card grid


@register.simple_tag
def articles_mentioning(obj, limit=5):
    """The published articles that mention a film, person, character or song, newest first.

    Kept until the next change: for a name in thousands of articles, finding the newest ten sorts
    them all (140 ms on SQLite for a person in 12,531 of 100,000 articles).
    """
    key = f"mentioning:{obj._meta.label_lower}:{obj.pk}:{limit}"
    return kept(key, lambda: _articles_mentioning(obj, limit=limit))


@register.simple_tag
def article_cards(articles, heading="h3", film=None) -> SafeString:
    """A list item per article card, each card rendered once per change of content and language.

    The same cards appear on the news list and its filtered views, topic pages, the home page and
    every "In the news" list; drawing twenty of them was most of a list page's rendering time.
    A card whose article has no picture shows the poster of `film` (the film whose page this is),
    else of the film the site is about.
    """
    language = get_language()
    by_pk = {article.pk: article for article in articles}
    card = get_template("includes/article_card.html")

    def render(pks):
        poster = ""
        if any(by_pk[pk].hero_image_id is None for pk in pks):
            # Drawn once for every card that shows it: per card, it was a third of their rendering.
            image = getattr(film or the_film(), "poster", None)
            poster = picture(image, sizes=CARD_SIZES, css_class="card__image card__image--poster", alt="")
        context = {"heading": heading, "LANGUAGE_CODE": language, "poster": poster, "sizes": CARD_SIZES}
        return {pk: card.render({**context, "article": by_pk[pk]}).strip() for pk in pks}

    on = f":film{film.pk}" if film else ""
    cards = kept_many({pk: f"card:{pk}:{language}:{heading}{on}" for pk in by_pk}, render)
    return format_html_join("", "<li>{}</li>", ((mark_safe(cards[pk]),) for pk in by_pk))
