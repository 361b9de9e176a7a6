"""API answers go through the page cache as pages do: tags, ETag and 304, Cache-Control, Surrogate-Key;
one kept answer per language asked; CORS open for reads; a rate limit per client address."""

import pytest

from tests import factories as f
from tests.visitors import Visitor

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_ENABLED = True


@pytest.fixture
def articles():
    return f.article(title="One", slug="one"), f.article(title="Two", slug="two")


def test_an_edit_makes_its_own_detail_a_miss_and_leaves_another_a_hit(articles):
    one, _two = articles
    visitor = Visitor()
    for url in ("/api/v1/articles/one/", "/api/v1/articles/two/"):
        assert visitor.get(url)["X-Page-Cache"] == "miss"
        hit = visitor.get(url)
        assert hit["X-Page-Cache"] == "hit" and hit["Access-Control-Allow-Origin"] == "*"
        assert "public" in hit["Cache-Control"] and "news.article:" in hit["Surrogate-Key"]
    one.subtitle = "Now with a subtitle"
    one.save()
    fresh = visitor.get("/api/v1/articles/one/")
    assert fresh["X-Page-Cache"] == "miss" and fresh.json()["subtitle"] == "Now with a subtitle"
    assert visitor.get("/api/v1/articles/two/")["X-Page-Cache"] == "hit"


def test_a_conditional_request_gets_304(articles):
    visitor = Visitor()
    etag = visitor.get("/api/v1/articles/one/")["ETag"]
    assert visitor.get("/api/v1/articles/one/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_each_language_is_kept_apart(articles):
    articles[0].topics.add(f.topic("Music", name_ko="음악"))
    visitor = Visitor()
    english = visitor.get("/api/v1/topics/music/").json()["name"]
    korean = visitor.get("/api/v1/topics/music/", HTTP_ACCEPT_LANGUAGE="ko").json()["name"]
    assert (english, korean) == ("Music", "음악")
    again = visitor.get("/api/v1/topics/music/", HTTP_ACCEPT_LANGUAGE="ko-KR,ko;q=0.9")
    assert again["X-Page-Cache"] == "hit" and again.json()["name"] == "음악"


def test_a_preflight_is_answered_for_reads(client):
    response = client.options(
        "/api/v1/articles/", HTTP_ORIGIN="https://fans.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert response.status_code == 204 and response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]
    assert "Access-Control-Allow-Origin" not in client.get("/news/")


def test_a_client_over_the_rate_is_told_when_to_come_back(client, settings, articles):
    settings.PAGE_CACHE_ENABLED = False  # every request reaches Django, as a new address would
    settings.API_RATE = "2/min"
    far = {"REMOTE_ADDR": "203.0.113.7"}
    assert [client.get("/api/v1/topics/", **far).status_code for _ in range(2)] == [200, 200]
    refused = client.get("/api/v1/topics/", **far)
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0 and "detail" in refused.json()
    assert client.get("/api/v1/topics/", REMOTE_ADDR="203.0.113.8").status_code == 200  # another address
    assert all(client.get("/api/v1/topics/").status_code == 200 for _ in range(3))  # loopback: not limited
    settings.API_RATE_LOOPBACK = True
    assert [client.get("/api/v1/sources/").status_code for _ in range(3)] == [200, 200, 429]
