"""API tokens: stored as a prefix and a SHA-256 digest, shown once when an administrator creates one in the
admin, with an expiry and a last-used time; revoked by deleting them; useless once the user is deactivated."""

import hashlib
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import APIToken

from .conftest import PARTNER_A_INSTITUTION, partner

ROW = {
    "indicator": "cr-express-trains",
    "year": 2036,
    "value": "1",
    "reported_by": PARTNER_A_INSTITUTION,
    "source": "bri-university-alliances",
    "source_locator": "t",
}


def api_with(key):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api


def test_a_token_made_in_the_admin_is_shown_once_opens_the_api_and_revoking_it_closes_it(client, db):
    client.force_login(User.objects.create_superuser("token-admin", password="a-long-test-password"))
    user = partner("partner-with-token", PARTNER_A_INSTITUTION)
    expires = timezone.now() + timedelta(days=365)
    form = {"user": user.pk, "name": "sync script", "expires_at_0": f"{expires:%Y-%m-%d}", "expires_at_1": "12:00:00"}
    response = client.post("/en/admin/accounts/apitoken/add/", form)
    assert response.status_code == 200, response.content
    assert "no-store" in response["Cache-Control"]
    key = response.context["key"]
    assert key in response.content.decode()
    token = APIToken.objects.get(user=user)
    # Only a prefix and a digest are stored; the key itself is nowhere in the database.
    assert (token.prefix, token.digest) == (key[:8], hashlib.sha256(key.encode()).hexdigest())
    assert key not in {str(value) for value in APIToken.objects.values_list(flat=False).get()}
    assert token.expires_at > timezone.now() + timedelta(days=300)
    # Never shown again: not in the change page nor in the list.
    assert key not in client.get(f"/en/admin/accounts/apitoken/{token.pk}/change/").content.decode()
    assert key not in client.get("/en/admin/accounts/apitoken/").content.decode()

    api = api_with(key)
    assert token.last_used_at is None
    assert api.post("/api/v1/observations/", ROW).status_code == 201
    token.refresh_from_db()
    assert token.last_used_at is not None

    response = client.post(f"/en/admin/accounts/apitoken/{token.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not APIToken.objects.filter(user=user).exists()
    assert api.get("/api/v1/observations/").status_code == 401


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda key, token, user: (key[:8] + "0" * 32, token, user), id="right prefix, wrong secret"),
        pytest.param(lambda key, token, user: (key.upper(), token, user), id="another case"),
        pytest.param(lambda key, token, user: (key[:8], token, user), id="the prefix alone"),
    ],
)
def test_a_wrong_key_with_a_right_prefix_is_refused(db, spoil):
    user = partner("partner-spoil", PARTNER_A_INSTITUTION)
    key = APIToken.objects.issue(user)
    spoiled, _token, _user = spoil(key, None, user)
    response = api_with(spoiled).get("/api/v1/observations/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_an_expired_token_is_refused(db):
    user = partner("partner-expired", PARTNER_A_INSTITUTION)
    key = APIToken.objects.issue(user)
    assert api_with(key).get("/api/v1/observations/").status_code == 200
    APIToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = api_with(key).get("/api/v1/observations/")
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


def test_a_deactivated_user_s_token_is_refused(db):
    user = partner("partner-leaving", PARTNER_A_INSTITUTION)
    key = APIToken.objects.issue(user)
    assert api_with(key).post("/api/v1/observations/", ROW).status_code == 201
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert api_with(key).post("/api/v1/observations/", {**ROW, "year": 2037}).status_code == 401
    assert api_with(key).get("/api/v1/observations/").status_code == 401


def test_last_used_is_written_at_most_once_a_minute(db, django_assert_max_num_queries):
    user = partner("partner-busy", PARTNER_A_INSTITUTION)
    key = APIToken.objects.issue(user)
    api = api_with(key)
    api.get("/api/v1/countries/KAZ/")
    first = APIToken.objects.get().last_used_at
    api.get("/api/v1/countries/KAZ/")
    assert APIToken.objects.get().last_used_at == first
    APIToken.objects.update(last_used_at=first - timedelta(minutes=2))
    api.get("/api/v1/countries/KAZ/")
    assert APIToken.objects.get().last_used_at > first
