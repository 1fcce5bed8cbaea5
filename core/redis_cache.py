"""Django's Redis cache backend, with one Redis client per connection pool instead of one per operation.

Django's ``RedisCacheClient.get_client()`` builds a new ``redis.Redis`` for every ``get`` and ``set``; with
redis-py 8 that constructor fills a dictionary of about 170 response callbacks, which cost more CPU than
the round trip itself (a profile under load: about a third of a cached page's or API read's time). A client
over a connection pool is safe to share between threads, and Django keeps one cache object per thread anyway.

``bri_portal/settings.py`` uses it whenever ``CACHE_URL`` names Redis.

``count_in_window`` and ``window_left`` are the API throttles' counter (``core/api/throttles.py``), one command a
request.
"""

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}  # connection pool -> its client

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient

    def count_in_window(self, key, seconds):
        """``INCR``: one command. The request that creates the counter (its window's first, whenever the last
        one expired) sets the window's expiry."""
        key = self.make_and_validate_key(key)
        client = self._cache.get_client(key, write=True)
        count = client.incr(key)
        if count == 1:
            client.expire(key, seconds)
        return count

    def window_left(self, key, seconds):
        """The counter's ``TTL``. A counter without expiry (the process that created it ended before setting
        it) gets the window's now, so no client is refused for ever."""
        key = self.make_and_validate_key(key)
        client = self._cache.get_client(key, write=True)
        ttl = client.ttl(key)
        if ttl == -1:
            client.expire(key, seconds)
            return seconds
        return max(ttl, 1)  # -2: the window has just closed
