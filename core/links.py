"""Links to records, reversed once per URL and process: a list page links hundreds of records, and
reversing a URL costs about 50 µs (the country list spent half its time on it)."""

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language


@lru_cache(maxsize=100_000)
def _reverse(viewname, args, language, script_prefix, urlconf):
    return reverse(viewname, args=args, urlconf=urlconf)


def link(viewname, *args):
    """``reverse(viewname, args=args)``, remembered. The URL patterns do not change while the process
    runs; what else selects a URL (the language's prefix, the script prefix, the URLconf) is in the key."""
    return _reverse(viewname, args, get_language(), get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
