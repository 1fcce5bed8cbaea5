"""Settings: development works with no environment; production is strict and passes check --deploy."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "x7#kq2!vL9@pZ4$wR8^tN1&mB6*cF3(hJ5)yD0_eG2+uA7-sQ9=iO4~nK8",
    "ALLOWED_HOSTS": "portal.example.org",
}


def manage(*args, **env):
    # A browser test may have allowed async-unsafe calls in this process; a deployment never does.
    dropped = ("DJANGO_ENV", "SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")
    clean = {key: value for key, value in os.environ.items() if key not in dropped}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True
    )


def test_production_passes_check_deploy_with_no_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_a_required_setting(missing):
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != missing}
    result = manage("check", **env)
    assert result.returncode != 0
    assert f"{missing} must be set" in result.stderr


def test_development_runs_with_no_environment():
    result = manage("check")
    assert result.returncode == 0, result.stderr


def test_languages_and_time_zone(settings):
    assert [code for code, _ in settings.LANGUAGES] == ["en", "zh-hans"]
    assert settings.USE_I18N and settings.TIME_ZONE == "UTC"
