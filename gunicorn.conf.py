"""Gunicorn's settings for the portal: `gunicorn -c gunicorn.conf.py bri_portal.wsgi` (see README, Deployment).

Every value can be changed from the environment; logs go to stdout, one JSON object a line,
in the same shape as Django's own (bri_portal/logs.py).
"""

import multiprocessing
import os

# Production refuses a per-process cache with several workers; the master loads jieba's dictionary before forking;
# workers die with their master; a worker reads the search's names before taking requests; a request past the
# timeout is answered by Django (see the module).
from bri_portal.gunicorn_hooks import (  # noqa: F401
    closing_after,
    on_starting,
    post_fork,
    post_worker_init,
    when_ready,
    worker_abort,
)

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 1))
# No request carries a large import: a file over JOBS_INLINE_MAX_BYTES (128 KiB, about 2,000 trade rows) is checked and
# imported by a jobs worker (`db_worker`), not in a request. There a million trade rows took about 100 to 220 s on this
# 2-core machine: 124 s for the API's single pass, 224 s for the admin's import after a 58 s check (README, "A million
# rows through the admin and the API as jobs"). An inline import takes about a second at most; the limit below is for
# every request.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 120))
# The master loads the application once and forks ready workers: a restart (max_requests, below) costs a fork, not
# loading Django and jieba again. A new version of the code needs a restart of the master (not a HUP).
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") != "0"
graceful_timeout = 30
keepalive = 5
# Threaded workers (GUNICORN_THREADS > 1) keep connections alive; one ends after this many requests (0: never), so
# the clients spread again over the workers, e.g. after a restart (see the module of the hooks). A sync worker
# closes every connection after its answer.
pre_request = closing_after(int(os.environ.get("GUNICORN_KEEPALIVE_REQUESTS", 100)))
# Workers' heartbeat files on a RAM disk: a slow or full disk must not get workers killed.
worker_tmp_dir = os.environ.get("GUNICORN_WORKER_TMP_DIR", "/dev/shm")
# Proxies whose X-Forwarded-* headers are believed (comma-separated addresses; "*" trusts any).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# A worker restarts after this many requests (with jitter), so no slow leak grows for ever.
# Not too few: a restart costs a worker about a second of loading Django, and at hundreds of requests a
# second, 1,000 would restart every worker every few seconds.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 20_000))
max_requests_jitter = max_requests // 10

# The access log (one line a request: method, path, status, duration) and gunicorn's own messages.
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "bri_portal.logs.JSONFormatter"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "json"}},
    "root": {"handlers": ["stdout"], "level": loglevel.upper()},
    "loggers": {
        "gunicorn.error": {"handlers": ["stdout"], "level": loglevel.upper(), "propagate": False},
        "gunicorn.access": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
    },
}

# Gunicorn 25.1+'s control socket (`gunicornc`) is off: one shared path would clash between instances.
control_socket_disable = True
