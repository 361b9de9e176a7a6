import pytest

from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/api/v1/articles/?cursor=cD0yMDI1", "/api/v1/songs/?cursor=cD1hYmM%3D"])
def test_a_forged_cursor_is_refused_not_a_500(client, url):
    f.article(slug="one")
    f.song(f.film(slug="the-film"))
    assert client.get(url).status_code in (400, 404)
