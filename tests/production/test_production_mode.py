"""What DJANGO_ENV=production switches on, read from a process started as a deployment starts one."""

import json

import pytest

from tests.production.processes import PRODUCTION_ENV, run

SHOW = (
    "import json; from django.conf import settings as s; print(json.dumps({name: getattr(s, name, None) for name in "
    "['DEBUG', 'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_HSTS_PRELOAD', "
    "'SESSION_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', 'CSRF_COOKIE_SECURE', 'SECURE_REFERRER_POLICY', "
    "'X_FRAME_OPTIONS', 'SECURE_PROXY_SSL_HEADER', 'LOG_FORMAT', 'AXES_FAILURE_LIMIT', 'AXES_COOLOFF_TIME']}))"
)


def production_settings(**variables):
    return json.loads(run("manage.py", "shell", "-c", SHOW, **PRODUCTION_ENV, **variables).strip().splitlines()[-1])


@pytest.mark.django_db
def test_production_defaults():
    assert production_settings() == {
        "DEBUG": False,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_REFERRER_POLICY": "same-origin",
        "X_FRAME_OPTIONS": "DENY",
        "SECURE_PROXY_SSL_HEADER": None,
        "LOG_FORMAT": "json",
        "AXES_FAILURE_LIMIT": 5,
        "AXES_COOLOFF_TIME": 0.25,
    }


@pytest.mark.django_db
def test_production_behind_a_proxy_with_its_own_limits():
    configured = production_settings(
        USE_X_FORWARDED_PROTO="True", AXES_FAILURE_LIMIT="3", AXES_COOLOFF_MINUTES="60", LOG_FORMAT="text"
    )
    assert configured["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert configured["AXES_FAILURE_LIMIT"] == 3 and configured["AXES_COOLOFF_TIME"] == 1
    assert configured["LOG_FORMAT"] == "text"


@pytest.mark.django_db
def test_check_deploy_is_clean_behind_a_proxy_too():
    output = run(
        "manage.py", "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV, USE_X_FORWARDED_PROTO="True"
    )
    assert "System check identified no issues (0 silenced)." in output
