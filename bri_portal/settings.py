"""Settings for the BRI Cooperation Portal, read from the environment.

Development works with no environment at all (SQLite file, debug on, local-memory
cache). ``DJANGO_ENV=production`` turns debug off, requires ``SECRET_KEY`` and
``ALLOWED_HOSTS``, and switches on the HTTPS and cookie protections that
``manage.py check --deploy`` asks for. See ``.env.example`` for every variable.
"""

import hashlib
import tempfile
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
PRODUCTION = DJANGO_ENV == "production"

DEBUG = env.bool("DEBUG", default=not PRODUCTION)
if PRODUCTION and "SECRET_KEY" not in env:
    raise ImproperlyConfigured("SECRET_KEY must be set when DJANGO_ENV=production.")
SECRET_KEY = env.str("SECRET_KEY", default="django-insecure-development-only-key-change-me-0123456789")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DJANGO_ENV=production.")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "core",
    "core.jobs",
    "core.notices",
    "django_tasks",
    "django_tasks_db",
    "reference",
    "alliances",
    "cooperation",
    "trade",
    "accounts",
    "imports",
    "import_export",
    "simple_history",
    "releases",
    "portal",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "axes",
    "bri_portal",  # management commands: backup, restore
]

MIDDLEWARE = [
    "api.middleware.JSONErrorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "bri_portal.security.UndeclaredProxyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "bri_portal.security.RefuseNullCharactersMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "bri_portal.security.FrameAncestorsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "bri_portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.portal",
            ],
        },
    },
]

WSGI_APPLICATION = "bri_portal.wsgi.application"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
# One test database per checkout, so two checkouts' test runs never share one.
CHECKOUT_ID = hashlib.sha256(str(BASE_DIR).encode()).hexdigest()[:8]
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Writers queue for the lock at BEGIN instead of failing half-way through an import.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
    # Tests use a file, as production does: an in-memory database locks tables instead of queueing writers.
    test_database = Path(tempfile.gettempdir()) / f"bri_portal_test_{CHECKOUT_ID}.sqlite3"
    DATABASES["default"].setdefault("TEST", {"NAME": str(test_database)})
else:
    DATABASES["default"].setdefault("TEST", {"NAME": f"test_{DATABASES['default']['NAME']}_{CHECKOUT_ID}"})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# E-mail (partner invitations, notices): printed to the console in development; production sets EMAIL_URL
# (e.g. smtp+tls://user:password@mail.example.org:587) and DEFAULT_FROM_EMAIL.
vars().update(env.email("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="BRI Cooperation Portal <noreply@localhost>")

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "core.redis_cache.RedisCache"  # one client per connection pool, not per operation
# Public pages are cached for anonymous visitors for this long (0: off); any change to a record
# invalidates them at once (portal/cache.py). With several server processes, use Redis (CACHE_URL).
PORTAL_CACHE_SECONDS = env.int("PORTAL_CACHE_SECONDS", default=600)

# django-axes first: it refuses a locked-out login before any password is checked. It only watches
# authenticate() (the admin's login form); API tokens never pass through it.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# WhiteNoise serves static files; compressed files with hashed names (collectstatic) only without
# debug, so development and the tests never need collectstatic.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")

FIXTURE_DIRS = [BASE_DIR / "fixtures"]
# Change history (django-simple-history) is on; `make seed` turns it off while loading the fixtures, then
# records each seed record's first version with `populate_history --auto` (one version each, whatever the m2m).
SIMPLE_HISTORY_ENABLED = env.bool("SIMPLE_HISTORY_ENABLED", default=True)

# HTTPS and cookies: on in production, configurable behind a proxy.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=PRODUCTION)
# A load balancer probes /healthz over plain HTTP, inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env.bool("USE_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Proxies in front of the portal that append to X-Forwarded-For: the client is the address this many
# places from the right (0: no proxy, the connection's own address). Used by login lock-out and API throttling.
NUM_PROXIES = env.int("NUM_PROXIES", default=0)

# Content-Security-Policy (django-csp), in every environment so the tests see it: no inline script or
# style anywhere; only the /embed/ views may be framed, by any site (bri_portal/security.py).
_csp_policy = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# CSP_REPORT_ONLY=True: browsers report violations (console) but block nothing, to try a change safely.
if env.bool("CSP_REPORT_ONLY", default=False):
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _csp_policy
else:
    CONTENT_SECURITY_POLICY = _csp_policy

# Admin login protection (django-axes): after AXES_FAILURE_LIMIT failed logins for one username from
# one address, that pair is locked out for AXES_COOLOFF_MINUTES (`manage.py axes_reset` lifts it).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_MINUTES", default=15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "bri_portal.security.client_ip"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True

# Logs go to stdout; LOG_FORMAT=json (the default in production) writes one JSON object a line.
LOG_FORMAT = env.str("LOG_FORMAT", default="json" if PRODUCTION else "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "bri_portal.logs.JSONFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # Failed logins and lock-outs are warnings; axes' start-up and per-attempt chatter is not wanted.
    "loggers": {"axes": {"level": "WARNING"}},
}

# Bulk import limits (see imports/readers.py).
IMPORT_MAX_FILE_SIZE = env.int("IMPORT_MAX_FILE_SIZE", default=20 * 1024 * 1024)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=1_000_000)
# What an XLSX may expand to (its XML, uncompressed): a zip bomb is refused from the archive's directory alone. A
# million trade rows expand to about 510 MB; the default holds about 400,000.
IMPORT_MAX_EXPANDED_SIZE = env.int("IMPORT_MAX_EXPANDED_SIZE", default=200 * 1024 * 1024)
# Uploaded files wait here, outside the web root, under random names, until confirmed.
IMPORT_UPLOAD_DIR = env.path("IMPORT_UPLOAD_DIR", default=BASE_DIR / "var" / "uploads")
for _served in (STATIC_ROOT, MEDIA_ROOT, *STATICFILES_DIRS):
    if Path(IMPORT_UPLOAD_DIR).resolve().is_relative_to(Path(_served).resolve()):
        raise ImproperlyConfigured(f"IMPORT_UPLOAD_DIR must not be inside {_served}, which is served to the web.")
# Models partners may import and export, limited to their organisation's rows.
PARTNER_IMPORT_MODELS = env.list(
    "PARTNER_IMPORT_MODELS",
    default=[
        "alliances.institution",
        "alliances.membership",
        "cooperation.cooperationproject",
        "trade.observation",
        "reference.source",  # the documents partners cite: their own, as drafts
    ],
)

# Imports run as background jobs (core/jobs; README, "Background jobs"): django-tasks with its database
# backend, so no other server is needed; `manage.py db_worker --queue-name imports` runs them.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "imports"]}}
# Files up to this size are checked and imported inside the request (measured: README); larger ones by a worker.
JOBS_INLINE_MAX_BYTES = env.int("JOBS_INLINE_MAX_BYTES", default=128 * 1024)
JOBS_MAX_QUEUED_PER_USER = env.int("JOBS_MAX_QUEUED_PER_USER", default=3)
JOBS_CONFIRM_MAX_AGE = env.int("JOBS_CONFIRM_MAX_AGE", default=3600)  # seconds a checked file waits for confirmation
JOBS_HEARTBEAT_SECONDS = env.float("JOBS_HEARTBEAT_SECONDS", default=1.0)
# A worker on another machine whose heartbeat is older than this is taken for lost (on the same machine, its pid tells).
JOBS_LEASE_SECONDS = env.int("JOBS_LEASE_SECONDS", default=60)
JOBS_IMPORT_WAIT_SECONDS = env.int("JOBS_IMPORT_WAIT_SECONDS", default=3)

# The address e-mails link to (the portal as users reach it).
PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default="http://127.0.0.1:8000")

# REST API (api/ and <app>/api/): see the README's API section.
# API tokens (accounts.models.APIToken, stored hashed) are valid this many days unless the admin says otherwise.
API_TOKEN_DAYS = env.int("API_TOKEN_DAYS", default=365)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["core.api.permissions.PortalPermission"],
    "DEFAULT_FILTER_BACKENDS": [
        "core.api.filters.FilterBackend",
        "core.api.filters.SearchFilter",
        "core.api.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.PortalPagination",
    "PAGE_SIZE": env.int("API_PAGE_SIZE", default=50),
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": ["core.api.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": ["core.api.throttles.AnonRateThrottle", "core.api.throttles.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="60/min"),
        "user": env.str("API_THROTTLE_USER", default="600/min"),
    },
    # Throttling counts clients, not the proxy; with 0, a client's own X-Forwarded-For is ignored.
    "NUM_PROXIES": NUM_PROXIES,
    "DEFAULT_SCHEMA_CLASS": "api.schema.PortalAutoSchema",
    "EXCEPTION_HANDLER": "core.api.exceptions.exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "BRI Cooperation Portal API",
    "DESCRIPTION": (
        "Belt and Road cooperation data: alliances and their members, cooperation modes and projects, "
        "policy problems and recommendations, partnership milestones, trade and other statistics. "
        "Every record is named by its natural key (ISO code, slug or a readable composite key), never by a "
        "database id. Reading is open to everyone (published records, throttled); partners and curators "
        "write with a token (`Authorization: Token <key>`), through the same validation as the spreadsheet import."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums"],
    # Choice sets that share a field name get their own enum names.
    "ENUM_NAME_OVERRIDES": {
        "InstitutionKindEnum": "alliances.choices.InstitutionKindChoices",
        "MembershipRoleEnum": "alliances.choices.MembershipRoleChoices",
        "ProjectKindEnum": "cooperation.choices.ProjectKindChoices",
        "ParticipantRoleEnum": "cooperation.choices.ParticipantRoleChoices",
        "MilestoneKindEnum": "cooperation.choices.MilestoneKindChoices",
        "BasisEnum": "reference.choices.BasisChoices",
        "AllianceFigureBasisEnum": "alliances.choices.AllianceFigureBasisChoices",
    },
}

# Maps: "tiles" (a boundary-neutral tile grid, the default) or "approved" (a deployer-supplied map file
# under static/, PORTAL_MAP_FILE, whose approval number PORTAL_MAP_APPROVAL every map then shows).
PORTAL_BASE_MAP = env.str("PORTAL_BASE_MAP", default="tiles")
PORTAL_MAP_FILE = env.str("PORTAL_MAP_FILE", default="")
PORTAL_MAP_APPROVAL = env.str("PORTAL_MAP_APPROVAL", default="")

# The licence of the portal's data: shown on the data page, each release, the downloads and the catalogue.
DATA_LICENSE = {
    "name": env.str("DATA_LICENSE_NAME", default="CC BY 4.0"),
    "url": env.str("DATA_LICENSE_URL", default="https://creativecommons.org/licenses/by/4.0/"),
}
DATA_PUBLISHER = env.str("DATA_PUBLISHER", default="BRI Cooperation Portal")
