"""The Redis cache backend keeps one client per connection pool (Django's builds one per operation)."""

import subprocess
import sys
import time
import uuid

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

from core.redis_cache import RedisCache
from tests.test_settings import ROOT

REDIS_URL = "redis://127.0.0.1:6379/15"  # the machine's Redis (README); .ci/run starts it if it is down


def test_every_operation_of_a_cache_uses_one_client_over_its_pool():
    cache = RedisCache("redis://127.0.0.1:6379/15", {})  # no connection is made here
    client = cache._cache.get_client("a")
    assert cache._cache.get_client("b") is client
    assert cache._cache.get_client("c", write=True) is client  # one server: reads and writes share its pool
    assert client.connection_pool is cache._cache._get_connection_pool(write=True)
    assert isinstance(cache, DjangoRedisCache)


def test_reads_from_replicas_use_each_replica_s_own_client():
    cache = RedisCache("redis://127.0.0.1:6379/15,redis://127.0.0.1:6380/15", {})
    writer = cache._cache.get_client(write=True)
    reader = cache._cache.get_client()
    assert reader is not writer and reader.connection_pool.connection_kwargs["port"] == 6380
    assert cache._cache.get_client() is reader


def test_a_redis_cache_url_selects_this_backend():
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'bri_portal.settings'; {code}",
        ],
        cwd=ROOT,
        env={"CACHE_URL": "redis://127.0.0.1:6379/1", "PATH": ""},
        capture_output=True,
        text=True,
    )
    assert result.stdout.strip() == "core.redis_cache.RedisCache", result.stderr


def test_a_window_counter_counts_with_one_command_and_closes_with_its_window():
    cache = RedisCache(REDIS_URL, {"KEY_PREFIX": f"window-test-{uuid.uuid4().hex}"})  # other checkouts share it
    key, client = cache.make_and_validate_key("window"), cache._cache.get_client(write=True)
    try:
        assert [cache.count_in_window("window", 60) for _ in range(3)] == [1, 2, 3]
        assert 55 <= cache.window_left("window", 60) <= 60
        client.expire(key, 1)
        time.sleep(1.1)
        assert cache.count_in_window("window", 60) == 1  # a new window, with its own expiry
        assert client.ttl(key) > 55
        client.persist(key)  # as if the process that opened the window had ended before setting its expiry
        assert cache.window_left("window", 60) == 60 and client.ttl(key) > 55
    finally:
        client.delete(key)
