"""Partners' tokens are created and revoked in the admin (DRF's token admin)."""

from django.contrib.auth.models import User
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from .conftest import PARTNER_A_INSTITUTION, partner


def test_a_token_made_in_the_admin_opens_the_api_and_revoking_it_closes_it(client, db):
    client.force_login(User.objects.create_superuser("token-admin", password="a-long-test-password"))
    user = partner("partner-with-token", PARTNER_A_INSTITUTION)
    response = client.post("/en/admin/authtoken/tokenproxy/add/", {"user": user.pk})
    assert response.status_code == 302
    key = Token.objects.get(user=user).key

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    row = {
        "indicator": "cr-express-trains",
        "year": 2036,
        "value": "1",
        "reported_by": PARTNER_A_INSTITUTION,
        "source": "bri-university-alliances",
        "source_locator": "t",
    }
    assert api.post("/api/v1/observations/", row).status_code == 201

    response = client.post(f"/en/admin/authtoken/tokenproxy/{user.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Token.objects.filter(user=user).exists()
    assert api.get("/api/v1/observations/").status_code == 401
