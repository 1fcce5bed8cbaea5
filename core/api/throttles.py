"""Throttles that read their rates when a request comes, so settings changes (and tests) take effect.

DRF's own classes copy ``DEFAULT_THROTTLE_RATES`` once at import time.
"""

from rest_framework import throttling
from rest_framework.settings import api_settings


class RatesFromSettings:
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class AnonRateThrottle(RatesFromSettings, throttling.AnonRateThrottle):
    """Anonymous readers, counted by address: ``API_THROTTLE_ANON`` (default 60/min)."""


class UserRateThrottle(RatesFromSettings, throttling.UserRateThrottle):
    """Signed-in users and tokens, counted by user: ``API_THROTTLE_USER`` (default 600/min).

    Anonymous requests are the anonymous throttle's alone (DRF's class counts them a second time, by address:
    two more cache round trips for every anonymous read, cached or not)."""

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        return super().get_cache_key(request, view)
