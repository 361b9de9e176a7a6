import pytest

from tests import factories as f
from tests.visitors import Visitor

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_ENABLED = True


@pytest.mark.parametrize("url", ["/news/?q=quokkalicious", "/api/v1/articles/?q=quokkalicious"])
def test_a_body_edit_that_adds_the_word_shows_in_the_word_filtered_list(url):
    article = f.article(title="Plain", slug="plain", body="<p>Nothing to see.</p>")
    visitor = Visitor()
    assert "/plain" not in visitor.get(url).content.decode()
    article.body = "<p>A quokkalicious teaser.</p>"
    article.save()
    again = visitor.get(url)
    assert "/plain" in again.content.decode(), again["X-Page-Cache"]
