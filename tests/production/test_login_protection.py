"""Admin login lock-out (django-axes), password strength, and which address counts as the client's."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import APIToken

pytestmark = pytest.mark.django_db

LOGIN = "/en/admin/login/?next=/en/admin/"
PASSWORD = "a-long-test-password"


def log_in(client, password, username="curator", **request):
    return client.post(LOGIN, {"username": username, "password": password}, **request)


def lock_out(client, **request):
    responses = [log_in(client, "wrong-password", **request) for _ in range(5)]
    assert [response.status_code for response in responses] == [200, 200, 200, 200, 429]


def test_five_failures_lock_the_login_even_with_the_right_password(client, curator):
    lock_out(client)
    response = log_in(client, PASSWORD)
    assert response.status_code == 429
    assert "This login has been locked after 5 failed attempts from your address." in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get("/en/admin/").status_code == 302  # still sent to the login page


def test_the_lock_out_page_follows_the_language(client, curator):
    lock_out(client)
    response = client.post("/zh-hans/admin/login/", {"username": "curator", "password": PASSWORD})
    assert response.status_code == 429
    assert response["Content-Language"] == "zh-hans"
    page = response.content.decode()
    assert '<html lang="zh-hans"' in page and "一带一路合作门户" in page


def test_four_failures_do_not_lock_and_a_success_clears_them(client, curator):
    for _ in range(4):
        assert log_in(client, "wrong-password").status_code == 200
    assert log_in(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert log_in(client, "wrong-password").status_code == 200  # counting starts again


def test_the_lock_is_for_one_username_from_one_address(client, curator, django_user_model):
    django_user_model.objects.create_user("other-curator", password=PASSWORD, is_staff=True)
    lock_out(client)
    assert log_in(client, PASSWORD, username="other-curator").status_code == 302
    client.logout()
    assert log_in(client, PASSWORD, REMOTE_ADDR="192.0.2.7").status_code == 302


def test_the_lock_expires_after_the_cool_off(client, curator, settings):
    lock_out(client)
    assert settings.AXES_COOLOFF_TIME == 0.25  # hours: 15 minutes
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert log_in(client, PASSWORD).status_code == 302


def test_axes_reset_lifts_the_lock(client, curator):
    lock_out(client)
    call_command("axes_reset", verbosity=0)
    assert log_in(client, PASSWORD).status_code == 302


def test_behind_a_proxy_the_client_is_the_forwarded_address(client, curator, settings):
    settings.NUM_PROXIES = 1
    lock_out(client, HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert log_in(client, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429
    assert log_in(client, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 302


def test_without_a_proxy_a_forged_forwarded_address_changes_nothing(client, curator, settings):
    settings.NUM_PROXIES = 0
    lock_out(client, HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert log_in(client, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 429


def test_a_forged_address_left_of_the_proxy_is_ignored(client, curator, settings):
    settings.NUM_PROXIES = 1
    lock_out(client, HTTP_X_FORWARDED_FOR="198.51.100.1")
    forged = "203.0.113.9, 198.51.100.1"  # the client wrote the first; the proxy appended the second
    assert log_in(client, PASSWORD, HTTP_X_FORWARDED_FOR=forged).status_code == 429


def test_a_locked_out_user_s_api_token_still_works(client, curator):
    lock_out(client)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {APIToken.objects.issue(curator)}")
    row = {"indicator": "cr-express-trains", "year": 2037, "value": "1", "source": "bri-university-alliances"}
    response = api.post("/api/v1/observations/", {**row, "source_locator": "t"})
    assert response.status_code == 201, response.content
    assert api.get("/api/v1/observations/").status_code == 200
    bad = APIClient()
    bad.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert bad.get("/api/v1/observations/").status_code == 401
    assert AccessAttempt.objects.get().failures_since_start == 5  # token checks never count as login failures


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short-pw1", "too short"),
        ("1q2w3e4r5t6y", "common"),
        ("administrator", "common"),
        ("123456789012345", "entirely numeric"),
        ("curator@example.org", "similar to the email address"),
    ],
)
def test_weak_passwords_are_refused(curator, password, reason):
    with pytest.raises(ValidationError, match=reason):
        validate_password(password, user=curator)


def test_a_long_unusual_password_is_accepted(curator):
    validate_password("tundra-lantern-58-quiver", user=curator)


@pytest.mark.parametrize(("proxies", "allowed"), [(0, [200, 200, 429, 429]), (1, [200, 200, 200, 200])])
def test_api_throttling_believes_forwarded_addresses_only_behind_a_proxy(settings, proxies, allowed):
    """Without a proxy, a client writing a new X-Forwarded-For each time is still one client."""
    cache.clear()
    framework = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "2/min", "user": "3/min"}}
    with override_settings(REST_FRAMEWORK={**framework, "NUM_PROXIES": proxies}):
        api = APIClient()
        statuses = [
            api.get("/api/v1/countries/KAZ/", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(4)
        ]
    cache.clear()
    assert statuses == allowed


def test_the_lock_out_is_per_username_and_address_not_per_username(client, curator, settings):
    """A known username locked out from one address can still log in from another (no denial of service)."""
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    lock_out(client, REMOTE_ADDR="203.0.113.5")
    assert log_in(client, PASSWORD, REMOTE_ADDR="203.0.113.5").status_code == 429
    assert log_in(client, PASSWORD, REMOTE_ADDR="203.0.113.6").status_code == 302


@pytest.mark.parametrize("door", ["/en/admin/login/?next=/en/admin/", "/api/v1/countries/", "/en/"])
def test_production_behind_an_undeclared_proxy_refuses_to_serve(client, curator, settings, door):
    """Behind a proxy with NUM_PROXIES=0 every client has the proxy's address: five wrong passwords would lock a
    curator out for everyone, and all anonymous API readers would share one throttle. Production refuses it."""
    settings.PRODUCTION, settings.NUM_PROXIES = True, 0
    response = client.get(door, HTTP_X_FORWARDED_FOR="198.51.100.1", REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 503
    assert "NUM_PROXIES" not in response.content.decode()  # the reason is logged, not shown
    # Declared, or a client's own forged header from a public address: served.
    settings.NUM_PROXIES = 1
    assert client.get(door, HTTP_X_FORWARDED_FOR="198.51.100.1", REMOTE_ADDR="127.0.0.1").status_code != 503
    settings.NUM_PROXIES = 0
    assert client.get(door, HTTP_X_FORWARDED_FOR="198.51.100.1", REMOTE_ADDR="93.184.216.34").status_code != 503
    settings.PRODUCTION = False
    assert client.get(door, HTTP_X_FORWARDED_FOR="198.51.100.1", REMOTE_ADDR="127.0.0.1").status_code != 503
