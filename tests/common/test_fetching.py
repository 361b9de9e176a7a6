"""Fetching other sites: conditional, bounded, and never towards a private network."""

import pytest

from common.fetching import USER_AGENT, FetchError, fetch, post


def test_a_feed_is_fetched_with_a_user_agent_and_an_unchanged_one_answers_304(feed_site):
    feed_site.feeds["/feed.xml"] = ('"v1"', b"<rss/>")
    first = fetch(feed_site.url("/feed.xml"))
    assert first.status == 200 and first.body == b"<rss/>" and first.etag == '"v1"'
    assert feed_site.headers["/feed.xml"]["User-Agent"] == USER_AGENT
    again = fetch(feed_site.url("/feed.xml"), etag=first.etag)
    assert again.status == 304 and again.body == b""
    assert feed_site.headers["/feed.xml"]["If-None-Match"] == '"v1"'


def test_redirects_are_followed_to_a_limit(feed_site):
    moved = fetch(feed_site.url("/moved"))
    assert moved.status == 200 and moved.url == feed_site.url("/articles/composer")
    with pytest.raises(FetchError, match="more than 5 redirects"):
        fetch(feed_site.url("/loop"))
    assert feed_site.hits["/loop"] == 6


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/to-private", "refused: 10.255.255.1 is a private address"),
        ("/to-metadata", "refused: 169.254.169.254 is a link-local address"),
    ],
)
def test_a_redirect_to_a_private_network_is_refused_without_connecting(feed_site, path, reason):
    with pytest.raises(FetchError, match=reason):
        fetch(feed_site.url(path))


def test_loopback_is_refused_unless_the_host_is_allowed(feed_site, settings):
    settings.FETCH_ALLOWED_HOSTS = []
    with pytest.raises(FetchError, match="is a loopback address"):
        fetch(feed_site.url("/articles/composer"))
    with pytest.raises(FetchError, match="localhost is a loopback address"):
        fetch(feed_site.url("/articles/composer").replace("127.0.0.1", "localhost"))
    assert feed_site.hits["/articles/composer"] == 0


def test_slow_large_and_failing_answers_fail_with_a_reason(feed_site):
    with pytest.raises(FetchError, match="timed out after 1 s"):
        fetch(feed_site.url("/slow"))
    with pytest.raises(FetchError, match=r"too large: 1.9\sMB, the limit is 976.6\sKB"):
        fetch(feed_site.url("/big"))
    with pytest.raises(FetchError, match=r"too large: more than 976.6\sKB"):
        fetch(feed_site.url("/big-unsized"))
    with pytest.raises(FetchError, match="the server answered 500 Internal Server Error"):
        fetch(feed_site.url("/broken"))


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.com/feed", "http://", "not a url"])
def test_only_web_addresses_are_fetched(url):
    with pytest.raises(FetchError, match="not a web address"):
        fetch(url)


@pytest.mark.parametrize("path", ["/drip-headers", "/drip-body"])
def test_a_server_dripping_its_answer_is_cut_off_at_the_whole_fetchs_deadline(feed_site, settings, path):
    settings.FETCH_TIMEOUT = 5  # each byte comes long before this: only the whole fetch's deadline can stop it
    settings.FETCH_DEADLINE = 0.5
    with pytest.raises(FetchError, match=r"took too long: the answer was not complete within 0\.5 s"):
        fetch(feed_site.url(path))


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_a_server_that_never_answers_is_cut_off_at_the_deadline_tls_handshake_included(silent_site, settings, scheme):
    settings.FETCH_TIMEOUT = 5
    settings.FETCH_DEADLINE = 0.5
    with pytest.raises(FetchError, match=r"took too long: the answer was not complete within 0\.5 s"):
        fetch(f"{scheme}://{silent_site}/feed.xml")


def test_an_allowed_host_is_allowed_on_its_own_port_only(feed_site, settings):
    port = int(feed_site.base.rsplit(":", 1)[1])
    settings.FETCH_ALLOWED_HOSTS = ["127.0.0.1"]  # no port: the scheme's default port (80 here) only
    with pytest.raises(FetchError, match="refused: 127.0.0.1 is a loopback address"):
        fetch(feed_site.url("/articles/composer"))
    settings.FETCH_ALLOWED_HOSTS = [f"127.0.0.1:{port + 1}", f"localhost:{port}"]
    with pytest.raises(FetchError, match="refused: 127.0.0.1 is a loopback address"):
        fetch(feed_site.url("/articles/composer"))
    assert feed_site.hits["/articles/composer"] == 0
    settings.FETCH_ALLOWED_HOSTS = [f"127.0.0.1:{port}"]
    assert fetch(feed_site.url("/articles/composer")).status == 200


def test_a_redirect_never_leads_into_another_allowed_private_address(feed_site, settings):
    settings.FETCH_ALLOWED_HOSTS.append(feed_site.base.replace("http://127.0.0.1", "localhost"))
    refusal = r"refused: a redirect to localhost, a loopback address \(.+\): a redirect may lead only to public"
    with pytest.raises(FetchError, match=refusal):
        fetch(feed_site.url("/to-localhost"))
    assert feed_site.hits["/articles/composer"] == 0


@pytest.mark.parametrize("credentials", ["editor:secret@", "editor@", ":secret@"])
def test_an_address_with_a_user_name_or_password_is_refused_without_connecting(feed_site, credentials):
    url = feed_site.url("/articles/composer").replace("://", f"://{credentials}")
    with pytest.raises(FetchError, match="refused: the address has a user name or password in it") as refused:
        fetch(url)
    assert "secret" not in str(refused.value)
    assert feed_site.hits["/articles/composer"] == 0


def test_the_host_header_is_the_host_and_port(feed_site):
    fetch(feed_site.url("/articles/composer"))
    assert feed_site.headers["/articles/composer"]["Host"] == feed_site.base.removeprefix("http://")


def test_a_post_answers_its_status_and_the_start_of_the_body_and_follows_no_redirect(feed_site):
    feed_site.post_answers = [500, 302]
    failed = post(feed_site.url("/hook"), b'{"a": 1}', {"Content-Type": "application/json"}, excerpt=5)
    assert failed.status == 500 and failed.body == b"answe"
    path, headers, body = feed_site.posts[0]
    assert path == "/hook" and body == b'{"a": 1}' and headers["Content-Type"] == "application/json"
    assert post(feed_site.url("/hook"), b"{}", {}, excerpt=100).status == 302
    assert post(feed_site.url("/hook"), b"{}", {}, excerpt=100).status == 204


def test_a_post_to_loopback_is_refused_unless_the_host_is_allowed(feed_site, settings):
    settings.FETCH_ALLOWED_HOSTS = []
    with pytest.raises(FetchError, match="refused: 127.0.0.1 is a loopback address"):
        post(feed_site.url("/hook"), b"{}", {}, excerpt=100)
    assert feed_site.posts == []
