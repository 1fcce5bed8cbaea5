"""Running the portal in another process, as a deployment does, against the test database."""

import os
import subprocess
import sys
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "x7#kq2!vL9@pZ4$wR8^tN1&mB6*cF3(hJ5)yD0_eG2+uA7-sQ9=iO4~nK8",
    "ALLOWED_HOSTS": "127.0.0.1,portal.example.org",
}


def database_url(name=None):
    """The URL of the test database (or of another database ``name`` on the same server)."""
    database = connection.settings_dict
    name = name or database["NAME"]
    if connection.vendor == "sqlite":
        return f"sqlite:///{name}"
    credentials = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
    return f"postgres://{credentials}@{database['HOST'] or 'localhost'}:{database['PORT'] or 5432}/{name}"


def environment(database=None, **variables):
    """This process's environment minus anything a test set for itself, plus ``variables``."""
    dropped = ("DJANGO_ENV", "SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE")
    env = {key: value for key, value in os.environ.items() if key not in dropped}
    return {**env, "DATABASE_URL": database_url(database), "DJANGO_SETTINGS_MODULE": "bri_portal.settings", **variables}


def run(*args, database=None, **variables):
    """``python *args`` in the project folder; fails the test if it fails. Returns its standard output."""
    result = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=environment(database, **variables), capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout
