"""The cache backends the site runs on: Redis where there is one, and the files the workers of one host
share their pages through without it.

`RedisCache` is Django's, keeping one client per connection pool instead of building one per call.
Django's client makes a new `redis.Redis` object for every cache operation (the pool behind it is
shared). A page-cache hit does little else, so building one per call was a large part of each hit.
A Redis client holds no per-call state and is safe across threads, so one per pool does the same work.
"""

import os

from diskcache import DjangoCache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class _PooledClients(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _PooledClients


class SharedPageCache(DjangoCache):
    """diskcache's Django backend (an SQLite index and files in one folder, culled to `size_limit`),
    in a folder only the site's own user may open: what it holds is unpickled by the workers."""

    def __init__(self, directory, params):
        os.makedirs(directory, mode=0o700, exist_ok=True)
        super().__init__(directory, params)

    def close(self, **kwargs):
        # Django closes every cache after each request; the files stay open for the worker's life
        # instead, as its database connection does, rather than opened again for the next request.
        pass
