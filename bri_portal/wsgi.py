"""The WSGI application gunicorn serves (``gunicorn -c gunicorn.conf.py bri_portal.wsgi``).

Each worker loads the URL configuration (every view, admin and API module) before its first request,
not during it: in ``bench/admin_jobs.py`` a fresh worker's first requests took 2–4 s, half of it this.
"""

import os

from django.core.wsgi import get_wsgi_application
from django.urls import reverse

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bri_portal.settings")

application = get_wsgi_application()
reverse("healthz")  # imports every URL module and builds the resolver's reverse index
