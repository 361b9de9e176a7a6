"""Parts of pages kept until something they show changes: `{% cached_for_query %}` per address (less its
page number) and language, `{% cached_part %}` per value and language; each drawn again after a change of
what it read or of what the page had read before it."""

import pytest
from django.db import transaction
from django.template import Context, Template, TemplateSyntaxError
from django.test import RequestFactory
from django.utils import translation

from catalog.models import Person
from common import cache_tags
from news.models import Topic
from tests import factories as f

pytestmark = pytest.mark.django_db(transaction=True)

DRAWN = []


class Drawing:
    """Counts how often the kept part is drawn; reads the topics, as a filter form's menu does."""

    def __init__(self, read=lambda: None):
        self.read = read

    def __str__(self):
        self.read()
        DRAWN.append(1)
        return f"drawing {len(DRAWN)}"


def render(url, language="en", label="Filter news"):
    template = Template(
        '{% load cached_parts %}{% cached_for_query "form" label %}{{ drawing }}{% end_cached_for_query %}'
    )
    with translation.override(language):
        request = RequestFactory().get(url)
        drawing = Drawing(lambda: list(Topic.objects.all()))
        return template.render(Context({"request": request, "drawing": drawing, "label": label}))


def test_every_page_of_a_list_shares_the_part_until_what_it_read_changes():
    DRAWN.clear()
    first = render("/news/?topic=cast")
    assert render("/news/?topic=cast&page=3") == first == "drawing 1"
    with transaction.atomic():
        f.person(name="Not in the menu")
    assert render("/news/?topic=cast") == "drawing 1"
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


def part(value, language="en", shown=None):
    """The part drawn in a page that had read `shown` (a person) before it, as a film's page reads its film."""
    template = Template('{% load cached_parts %}{% cached_part "film" value %}{{ drawing }}{% end_cached_part %}')
    with translation.override(language), cache_tags.collecting():
        if shown is not None:
            with cache_tags.rows_only():
                Person.objects.get(pk=shown.pk)
        return template.render(Context({"value": value, "drawing": Drawing()}))


def test_a_part_outlives_edits_of_what_its_page_did_not_show():
    person, other = f.person(name="Shown"), f.person(name="Not shown")
    DRAWN.clear()
    assert part(1, shown=person) == part(1, shown=person) == "drawing 1"
    assert part(2, shown=person) == "drawing 2" and part(1, language="ko", shown=person) == "drawing 3"
    with transaction.atomic():
        f.article(title="News")
    other.biography = "Changed."
    other.save()
    assert part(1, shown=person) == "drawing 1"
    person.biography = "Changed."
    person.save()
    assert part(1, shown=person) == "drawing 4"


def test_a_part_that_read_nothing_is_drawn_again_only_after_a_change_of_no_known_extent():
    from caching.changes import mark_changed

    DRAWN.clear()
    assert part(1) == part(1) == "drawing 1"
    with transaction.atomic():
        f.article(title="News")
    assert part(1) == "drawing 1"
    mark_changed()
    assert part(1) == "drawing 2"
    with pytest.raises(TemplateSyntaxError):
        Template("{% load cached_parts %}{% cached_part %}x{% end_cached_part %}")
