"""The Redis cache keeps one client per pool and otherwise behaves as Django's (PostgreSQL + Redis leg)."""

import os

import pytest
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

from starlight.cache import RedisCache

REDIS_URL = os.environ.get("REDIS_URL", "")
pytestmark = pytest.mark.skipif(not REDIS_URL, reason="needs the shared Redis of the production-like leg")


@pytest.fixture
def cache():
    backend = RedisCache(REDIS_URL, {"KEY_PREFIX": "starlight-test-backend"})
    yield backend
    backend.delete_many(["a", "b", "n"])


def test_it_is_djangos_cache_with_one_client_per_pool(cache):
    assert isinstance(cache, DjangoRedisCache)
    assert cache._cache.get_client("a") is cache._cache.get_client("b")
    assert cache._cache.get_client("a", write=True) is cache._cache.get_client("a")  # one server: one pool


def test_every_operation_still_works(cache):
    cache.set("a", {"page": b"<html>"}, 30)
    assert cache.get("a") == {"page": b"<html>"}
    assert cache.add("a", "other", 30) is False and cache.add("b", 1, 30) is True
    assert cache.get_many(["a", "b", "missing"]) == {"a": {"page": b"<html>"}, "b": 1}
    cache.set("n", 1, 30)
    assert cache.incr("n") == 2
    cache.delete_many(["a", "b"])
    assert cache.get("a") is None and cache.get("b", "gone") == "gone"
