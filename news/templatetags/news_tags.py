"""News on other apps' pages: `{% articles_mentioning person limit=10 as articles %}`.

The catalog's pages show "In the news" without the catalog importing the news app: the template
asks for the articles, and the news app answers.
"""

from django import template

from ..selectors import articles_mentioning as _articles_mentioning

register = template.Library()


@register.simple_tag
def articles_mentioning(obj, limit=5):
    """The published articles that mention a film, person, character or song, newest first."""
    return _articles_mentioning(obj, limit=limit)
