"""Parts of pages kept under the content cache version: `{% cached_for_query %}` per address (less its page
number) and language, `{% cached_part %}` per value and language, under the catalog's own cache version when
asked; each drawn again after a change that may touch it."""

import pytest
from django.db import transaction
from django.template import Context, Template, TemplateSyntaxError
from django.test import RequestFactory
from django.utils import translation

from tests import factories as f

pytestmark = pytest.mark.django_db(transaction=True)

DRAWN = []


class Drawing:
    """Counts how often the kept part is drawn."""

    def __str__(self):
        DRAWN.append(1)
        return f"drawing {len(DRAWN)}"


def render(url, language="en", label="Filter news"):
    template = Template(
        '{% load cached_parts %}{% cached_for_query "form" label %}{{ drawing }}{% end_cached_for_query %}'
    )
    with translation.override(language):
        request = RequestFactory().get(url)
        return template.render(Context({"request": request, "drawing": Drawing(), "label": label}))


def test_every_page_of_a_list_shares_the_part_until_the_content_changes():
    DRAWN.clear()
    first = render("/news/?topic=cast")
    assert render("/news/?topic=cast&page=3") == first == "drawing 1"
    with transaction.atomic():
        f.topic("A new topic")
    assert render("/news/?topic=cast") == "drawing 2"


def test_each_query_path_language_and_value_is_kept_apart():
    DRAWN.clear()
    shown = {
        render("/news/?topic=cast"),
        render("/news/?topic=music"),
        render("/news/?topic=cast&topic=music"),
        render("/people/?topic=cast"),
        render("/news/?topic=cast", language="ko"),
        render("/news/?topic=cast", label="Filter people"),
    }
    assert len(shown) == 6


def test_a_name_is_required():
    with pytest.raises(TemplateSyntaxError):
        Template("{% load cached_parts %}{% cached_for_query %}x{% end_cached_for_query %}")


def part(value, language="en", section=' section="catalog"'):
    template = Template(
        '{% load cached_parts %}{% cached_part "film" value' + section + " %}{{ drawing }}{% end_cached_part %}"
    )
    with translation.override(language):
        return template.render(Context({"value": value, "drawing": Drawing()}))


def test_a_catalog_part_outlives_news_edits_but_not_a_catalog_edit():
    DRAWN.clear()
    assert part(1) == part(1) == "drawing 1"
    assert part(2) == "drawing 2" and part(1, language="ko") == "drawing 3"
    with transaction.atomic():
        f.article(title="News")
    assert part(1) == "drawing 1"
    with transaction.atomic():
        f.person(name="Someone")
    assert part(1) == "drawing 4"


def test_a_part_without_a_scope_is_drawn_again_after_any_change():
    DRAWN.clear()
    assert part(1, section="") == part(1, section="") == "drawing 1"
    with transaction.atomic():
        f.article(title="News")
    assert part(1, section="") == "drawing 2"
    with pytest.raises(TemplateSyntaxError):
        Template('{% load cached_parts %}{% cached_part section="catalog" %}x{% end_cached_part %}')
