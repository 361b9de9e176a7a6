import pytest

from tests import factories as f
from tests.visitors import Visitor

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_ENABLED = True


def test_a_pin_shows_after_an_editor_viewed_the_article():
    music = f.topic("Music")
    lone = f.article(slug="lone", topics=[music])
    other = f.article(slug="other", title="Pinned one")  # shares nothing with "lone"
    editor = Visitor()
    editor.force_login(f.superuser())
    editor.get(lone.get_absolute_url())  # signed in: rendered outside the page cache's tag collection
    lone.pinned_related.add(other)
    page = Visitor().get(lone.get_absolute_url())
    assert "Pinned one" in page.content.decode()
