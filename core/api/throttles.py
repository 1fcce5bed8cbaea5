"""The API's throttles: a counter per client and window in the cache, with rates read when a request comes.

DRF's ``SimpleRateThrottle`` keeps each client's history, one timestamp per request in the period, and reads
and writes it whole at every request: two cache round trips, a list that grows with the rate (a reader at
hundreds of requests a second moved kilobytes twice per request), and two requests of one client at once
in two processes each write their own list, so one of them is not counted. Here a client's window opens at
its first request and lasts the rate's period; its requests are counted with the cache's atomic increment,
one command on Redis (``core.redis_cache.RedisCache.count_in_window``), and a refused request is told to
retry when the window closes (``Retry-After``). As with any fixed window, a client can make up to twice the rate
in one period that straddles two windows (the history allowed the rate exactly, when it counted every request).

The rates come from ``DEFAULT_THROTTLE_RATES`` at each request (DRF's own classes copy them once at import
time), so settings changes (and tests) take effect.
"""

import math
import time

from rest_framework import throttling
from rest_framework.settings import api_settings


def count_in_window(cache, key, seconds):
    """Count one more request of ``key`` in its window of ``seconds`` (opened by its first request): the
    requests counted so far in the window, this one included."""
    if hasattr(cache, "count_in_window"):
        return cache.count_in_window(key, seconds)
    # Other caches: a read and a write, as DRF's throttle did. Right for local memory (development, tests: one
    # process); between processes sharing another cache (memcached, the database) two requests at once count as
    # one. The deployment's cache is Redis (README, Serving).
    now = time.time()
    count, closes = window(cache, key, seconds, now)
    cache.set(key, (count + 1, closes), timeout=math.ceil(closes - now))
    return count + 1


def window_left(cache, key, seconds):
    """Seconds until the window of ``key`` closes (asked only of a refused request: ``Retry-After``)."""
    if hasattr(cache, "window_left"):
        return cache.window_left(key, seconds)
    now = time.time()
    return window(cache, key, seconds, now)[1] - now


def window(cache, key, seconds, now):
    """The count for ``key`` in a cache other than Redis, and when its window closes."""
    count, closes = cache.get(key) or (0, now + seconds)
    return (0, now + seconds) if closes <= now else (count, closes)


class WindowThrottle(throttling.SimpleRateThrottle):
    # Not DRF's keys: a history DRF's throttle left in the cache is a list, which Redis cannot increment.
    cache_format = "throttle-window:%(scope)s:%(ident)s"

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        return count_in_window(self.cache, self.key, self.duration) <= self.num_requests

    def wait(self):
        return window_left(self.cache, self.key, self.duration)


class AnonRateThrottle(WindowThrottle, throttling.AnonRateThrottle):
    """Anonymous readers, counted by address: ``API_THROTTLE_ANON`` (default 60/min)."""


class UserRateThrottle(WindowThrottle, throttling.UserRateThrottle):
    """Signed-in users and tokens, counted by user: ``API_THROTTLE_USER`` (default 600/min).

    Anonymous requests are the anonymous throttle's alone (DRF's class counts them a second time, by address:
    another cache round trip for every anonymous read, cached or not)."""

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        return super().get_cache_key(request, view)
