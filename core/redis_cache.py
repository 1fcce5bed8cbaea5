"""Django's Redis cache backend, with one Redis client per connection pool instead of one per operation.

Django's ``RedisCacheClient.get_client()`` builds a new ``redis.Redis`` for every ``get`` and ``set``; with
redis-py 8 that constructor fills a dictionary of about 170 response callbacks, which cost more CPU than
the round trip itself (a profile under load: about a third of a cached page's or API read's time). A client
over a connection pool is safe to share between threads, and Django keeps one cache object per thread anyway.

``bri_portal/settings.py`` uses it whenever ``CACHE_URL`` names Redis.

``count_in_window`` is the API throttles' counter (``core/api/throttles.py``) in one round trip.
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
        """``INCR`` and ``TTL`` in one round trip. A key without expiry (``INCR`` created it: the window's first
        request, or one just after the key expired) gets the window's in a second round trip, once per window."""
        key = self.make_and_validate_key(key)
        client = self._cache.get_client(key, write=True)
        with client.pipeline(transaction=False) as pipeline:
            count, ttl = pipeline.incr(key).ttl(key).execute()
        if ttl < 0:
            client.expire(key, seconds)
            ttl = seconds
        return count, ttl
