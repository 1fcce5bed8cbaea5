"""Gunicorn's server hooks (``gunicorn.conf.py`` imports them):

- ``on_starting``: production mode refuses a per-process cache (local memory, the default) with more than one
  worker: a withdrawn record would stay public in the other workers' caches, and throttling would count per
  worker. Gunicorn stops with the reason before it binds the port.
- ``post_fork``: a worker dies with its master (Linux ``PR_SET_PDEATHSIG``). Without it, workers of a killed
  master keep the port until their next wake-up (up to half the timeout, a minute by default), and an
  immediate restart fails to bind.
- ``when_ready``: with ``preload_app`` (the default), the master has loaded Django and the application; it loads
  jieba's dictionary too (about 0.5 s of CPU), then freezes what it holds out of the garbage collector's passes, so
  the workers it forks share those pages. A worker, new or restarted after ``max_requests``, is then ready in
  milliseconds. Without it, every restart loaded Django, the apps and jieba again (1 to 2 s of CPU under load):
  at a thousand requests a second, a restart every 10 to 20 s, about an eighth of the workers' CPU in a profile.
- ``post_worker_init``: a worker loads the search's Chinese word segmenter (jieba's dictionary, unless its master
  preloaded it, and the portal's names, read at the worker's start) before it takes requests. Loaded by a worker's
  first Chinese search instead, it held that request and every other search of the worker for up to 6 s under load (a
  wrk timeout), again after each restart (``max_requests``). If it fails (the database is not up yet), the first
  search loads it as before.
- ``closing_after(requests)`` makes the ``pre_request`` hook that ends a kept-alive connection after that many
  requests (the last answer says ``Connection: close``), as Apache's ``MaxKeepAliveRequests`` (100) and nginx's
  ``keepalive_requests`` (1,000) do. A threaded worker keeps every connection it accepted: after one worker's restart
  (``max_requests``) its clients reconnect to the other, the only one accepting meanwhile, and stayed there, so one
  worker served three quarters of the requests while the other idled (``bench/load.py``: 85 and 25 of 128
  connections). Closed now and then, a connection is accepted again by whichever worker gets to it first: that
  re-spreads the clients after a restart, though a busy worker still often wins the race (the deployment's default
  sync workers take a connection only when they are free, so they share the work evenly).
- ``worker_abort``: a request that runs past ``timeout`` (a sync worker's) is ended by an exception raised in
  it, so its transaction is rolled back and Django answers (JSON under /api/), instead of gunicorn's own
  HTML error page.
"""

import ctypes
import gc
import os
import signal
import sys

PER_PROCESS_CACHES = ("django.core.cache.backends.locmem.LocMemCache", "django.core.cache.backends.dummy.DummyCache")
PR_SET_PDEATHSIG = 1


def per_process_cache_problem(settings, workers):
    """Why these settings cannot serve ``workers`` processes, or None."""
    backend = settings.CACHES["default"]["BACKEND"]
    if settings.PRODUCTION and workers > 1 and backend in PER_PROCESS_CACHES:
        return (
            f"DJANGO_ENV=production with {workers} workers needs a cache all workers share: set CACHE_URL "
            f"(e.g. redis://127.0.0.1:6379/1), or GUNICORN_WORKERS=1. {backend} is one cache per process: "
            "pages of withdrawn records would stay public and throttling would count per worker."
        )
    return None


def on_starting(server):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bri_portal.settings")
    from django.conf import settings

    problem = per_process_cache_problem(settings, server.cfg.workers)
    if problem:
        server.log.error(problem)
        sys.exit(problem)


def post_fork(server, worker):
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGQUIT)  # gunicorn's quick shutdown of a worker
    if os.getppid() != worker.ppid:  # the master died before the line above
        os._exit(1)


def when_ready(server):
    if not server.cfg.preload_app:  # the master has not loaded Django
        return
    from django.db import connections

    from portal.search.text import load_dictionary

    load_dictionary()
    connections.close_all()  # a connection opened here must not be shared by the forked workers
    gc.freeze()


def post_worker_init(worker):
    from django.db import connections

    from portal.search.text import segmenter

    try:
        segmenter()
    except Exception as error:  # the worker serves anyway; a search loads it later
        worker.log.warning("the search's word segmenter is not loaded yet: %s", error)
    finally:
        connections.close_all()  # this thread serves no request


def closing_after(requests):
    """A ``pre_request`` hook closing a connection after its ``requests``-th request (0: never)."""

    def pre_request(worker, req):
        if requests and req.req_number >= requests:
            req.must_close = True

    return pre_request


def worker_abort(worker):
    from core.api.exceptions import RequestTimeout

    # Only a sync worker serves its request in the thread that receives the signal.
    if type(worker).__name__ == "SyncWorker":
        # A fresh heartbeat: the master's next round would otherwise SIGKILL the worker before it answers.
        # If the answer does not come within another timeout, the master kills it still.
        worker.notify()
        raise RequestTimeout(f"The request took longer than {worker.cfg.timeout} s.")
