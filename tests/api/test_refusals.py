"""A query string the API cannot use answers 400 with JSON that says which parameter and why; never a
server error."""

import pytest

pytestmark = pytest.mark.django_db

BAD = [
    ("/api/v1/articles/?cursor=not-a-cursor", "cursor"),
    ("/api/v1/articles/?topic=no-such-topic", "topic"),
    ("/api/v1/articles/?source=no-such-source", "source"),
    ("/api/v1/articles/?language=fr", "language"),
    ("/api/v1/articles/?year=twenty", "year"),
    ("/api/v1/articles/?month=13", "month"),
    ("/api/v1/people/?role=astronaut", "role"),
    ("/api/v1/people/?film=sequel", "film"),  # a draft film is no choice
    ("/api/v1/songs/?person=hidden-person", "person"),
    ("/api/v1/characters/?film=nope", "film"),
    ("/api/v1/films/?year=soon", "year"),
    ("/api/v1/films/?fields=name,budget", "fields"),
    ("/api/v1/films/?fields=", "fields"),
    ("/api/v1/articles/?include=comments", "include"),
    ("/api/v1/people/?include=credits", "include"),
    ("/api/v1/films/?lang=fr", "lang"),
    ("/api/v1/films/?page_size=0", "page_size"),
    ("/api/v1/films/?page_size=1000", "page_size"),
    ("/api/v1/search/", "q"),
    ("/api/v1/search/?q=%20%20", "q"),
    ("/api/v1/search/?q=" + "long " * 100, "q"),
    ("/api/v1/search/?q=kim&articles_page=two", "articles_page"),
    ("/api/v1/search/?q=kim&topic=nope", "topic"),
    ("/api/v1/search/?q=kim&year=x", "year"),
]


@pytest.mark.parametrize(("url", "parameter"), BAD)
def test_a_bad_query_string_is_a_400_naming_the_parameter(client, world, url, parameter):
    response = client.get(url)
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "The query string has values this API cannot use."
    assert list(body["errors"]) == [parameter]
    assert all(isinstance(message, str) and message for message in body["errors"][parameter])


def test_an_unknown_address_is_a_json_404(client, world):
    response = client.get("/api/v1/articles/no-such-article/")
    assert response.status_code == 404 and "detail" in response.json()


def test_a_write_is_refused_with_405(client, world):
    response = client.post("/api/v1/articles/", {}, content_type="application/json")
    assert response.status_code == 405 and "detail" in response.json()
