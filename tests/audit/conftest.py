"""Users in each role for the history and review tests (the API tests' helpers, shared)."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tests.api.conftest import PARTNER_A_INSTITUTION, PARTNER_B_INSTITUTION, partner, token_client


@pytest.fixture
def partner_a_user(db):
    return partner("partner-a", PARTNER_A_INSTITUTION)


@pytest.fixture
def partner_b_user(db):
    return partner("partner-b", PARTNER_B_INSTITUTION)


@pytest.fixture
def partner_a_api(partner_a_user):
    return token_client(partner_a_user)


@pytest.fixture
def partner_admin(partner_a_user):
    """Partner A signed in to the admin, in a browser of their own (the curator's stays signed in)."""
    partner_a_user.is_staff = True
    partner_a_user.save()
    client = Client()
    client.force_login(partner_a_user)
    return client


@pytest.fixture
def superuser_user(db):
    return User.objects.create_superuser("boss", password="a-long-test-password")
