"""Whole-page caching for anonymous visitors, invalidated the moment any record changes.

Every cached page is stored with the *version* kept in the cache itself when its rendering began, and served
only while that is still the version (both are read in one round trip: one ``MGET`` on Redis). Saving, deleting
or relinking any record of the domain apps replaces the version, so every page cached before the change is
never served again (it is rendered and stored again, or expires). The version is replaced once at
once, for the writer's own next request, and once more when the transaction commits, so a
page rendered by another request between the two cannot outlive the change.

Bulk writes that send no signals (``bulk_create``, ``QuerySet.update``) must call
``bump_version()`` themselves, as ``generate_demo_data`` does.

The API's anonymous reads (lists, records, series) are cached the same way, per ``Accept``
header and language, after DRF has authenticated and throttled the request. A streamed response (the
API's CSV) is sent as it comes and stored whole once its last chunk has gone, if it was no larger than
``STREAM_CACHE_MAX_BYTES``.

The cache is the project's default cache: local memory in development (one process), Redis
(``CACHE_URL``) wherever several server processes must see the same version.

``once_per_version`` keeps what a page computes from thousands of records (a map, the counts of every
table) in the process, by the same version: computed again once after any change, for every visitor,
signed in or not, whatever the page cache does.
"""

import hashlib
import threading
import uuid
from collections import OrderedDict
from contextlib import contextmanager
from functools import wraps

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.translation import get_language
from import_export.signals import post_import

from .registry import domain_apps

VERSION_KEY = "portal:version"
STREAM_CACHE_MAX_BYTES = 1024 * 1024


def current_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def bump_version():
    """Invalidate every cached page (and every value kept by ``once_per_version``)."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


class Kept:
    """The latest ``size`` values computed in this process, by key (which holds the version)."""

    def __init__(self, size):
        self.size, self.values, self.lock = size, OrderedDict(), threading.Lock()

    def get(self, key):
        with self.lock:
            if key in self.values:
                self.values.move_to_end(key)
                return self.values[key]
        return None

    def put(self, key, value):
        with self.lock:
            self.values[key] = value
            while len(self.values) > self.size:
                self.values.popitem(last=False)


KEPT = Kept(64)  # counts, menus, figures: small
RECORD_PAGES = Kept(512)  # a country's or a source's records, in each language: tens of KB each
MAPS = Kept(16)  # a map of China's trade with every partner is a few MB (its table printed)


def once_per_version(parts, compute, kept=KEPT):
    """``compute()``, computed once per version of the records and ``parts`` (a tuple: whatever else selects the
    value, such as the language) in this process, kept among the latest of ``kept``. The value is shared: a
    caller changes a copy of it. With no cache to hold the version (Django's dummy cache), computed every time."""
    version = current_version()
    if version is None:
        return compute()
    key = (version, *parts)
    found = kept.get(key)
    if found is None:
        found = (compute(),)
        kept.put(key, found)
    return found[0]


def record_changed(sender, **kwargs):
    bump_version()
    transaction.on_commit(bump_version)


def watched_senders():
    """The domain models, and the tables behind their many-to-many fields."""
    labels = domain_apps()
    for model in apps.get_models():
        if model._meta.app_label not in labels:
            continue
        yield (post_save, model)
        yield (post_delete, model)
        for field in model._meta.local_many_to_many:
            if field.remote_field.through._meta.auto_created:
                yield (m2m_changed, field.remote_field.through)


def connect_signals():
    for signal, sender in watched_senders():
        signal.connect(record_changed, sender=sender, dispatch_uid=f"portal-cache-{sender._meta.label}")
    # Imports write in bulk, without per-record signals; they say so once when they commit or undo.
    post_import.connect(record_changed, dispatch_uid="portal-cache-imports")


def disconnect_signals():
    for signal, sender in watched_senders():
        signal.disconnect(record_changed, sender=sender, dispatch_uid=f"portal-cache-{sender._meta.label}")
    post_import.disconnect(record_changed, dispatch_uid="portal-cache-imports")


@contextmanager
def bulk_changes():
    """For a command writing many records at once: no per-record invalidation, one at the end.

    Without receivers Django deletes querysets without loading every row. Only for a process
    of its own (a management command): other threads' changes are not watched meanwhile.
    """
    disconnect_signals()
    try:
        yield
    finally:
        connect_signals()
        bump_version()


def page_key(request, vary=()):
    """The URL, the active language (the API's follows Accept-Language) and the ``vary`` headers."""
    headers = (request.META.get(name, "") for name in vary)
    location = "\n".join((request.get_host(), request.get_full_path(), get_language() or "", *headers))
    return f"portal:page:{hashlib.sha256(location.encode()).hexdigest()}"


def cached_page(key):
    """(the current version, the response stored under ``key`` if it was rendered under that version, else None)."""
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY) or current_version()
    stored = found.get(key)
    if stored is not None and stored[0] == version:
        return version, stored[1]
    return version, None


def cacheable(request):
    """GET requests of visitors without a session or a token (so never a signed-in curator or partner)."""
    return (
        settings.PORTAL_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def carries_secret(request):
    """Whether the response holds something of this visitor's own: a CSRF token (the browsable API's forms,
    any ``{% csrf_token %}``) or a session being written. Such a page must never be served to anyone else."""
    session = getattr(request, "session", None)
    return bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or (session is not None and session.modified))


def public_page(view=None, *, vary=()):
    """Serve the view from the cache for anonymous visitors; store its successful responses.

    ``vary``: request headers (``request.META`` names) whose value selects the response besides the URL.
    """
    if view is None:
        return lambda view: public_page(view, vary=vary)

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        if not cacheable(request):
            return view(request, *args, **kwargs)
        key = page_key(request, vary)
        version, response = cached_page(key)
        if response is not None:
            response["X-Portal-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if response.status_code != 200 or response.cookies:
            return response
        if response.streaming:
            return store_when_sent(request, (key, version), response)

        def store(rendered):
            if carries_secret(request):
                del rendered["X-Portal-Cache"]
                return
            cache.set(key, (version, rendered), settings.PORTAL_CACHE_SECONDS)

        response["X-Portal-Cache"] = "miss"
        if callable(getattr(response, "render", None)) and not response.is_rendered:
            response.add_post_render_callback(store)
        else:
            store(response)
        return response

    return cached_view


def store_when_sent(request, entry, response):
    """Pass the streamed ``response`` on as it is; once its last chunk is sent, store its content (if no larger than
    ``STREAM_CACHE_MAX_BYTES`` and carrying no secret) as a plain response with the headers the view gave it."""
    response["X-Portal-Cache"] = "miss"
    headers = dict(response.headers)
    status = response.status_code

    def sent(chunks):
        kept, size = [], 0
        for chunk in chunks:
            yield chunk
            size += len(chunk)
            if size > STREAM_CACHE_MAX_BYTES:
                kept = None
            elif kept is not None:
                kept.append(chunk)
        if kept is not None and not carries_secret(request):
            key, version = entry
            whole = HttpResponse(b"".join(kept), status=status, headers=headers)
            cache.set(key, (version, whole), settings.PORTAL_CACHE_SECONDS)

    response.streaming_content = sent(response.streaming_content)
    return response
