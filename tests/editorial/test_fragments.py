"""`{% kept_for_query %}`: a part of a page kept per address (less its page number) and language,
drawn again after any change."""

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
    template = Template('{% load fragments %}{% kept_for_query "form" label %}{{ drawing }}{% end_kept_for_query %}')
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
        Template("{% load fragments %}{% kept_for_query %}x{% end_kept_for_query %}")
