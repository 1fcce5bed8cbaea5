"""Clients in every role, for the API tests.

Partner A speaks for Xi'an Jiaotong University, partner B for the Gansu Provincial Government.
Every test starts with an empty cache, so throttling counts only its own requests.
"""

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from rest_framework.test import APIClient

from accounts.models import APIToken, PartnerProfile
from alliances.models import Institution
from core.roles import CURATORS, PARTNERS

PARTNER_A_INSTITUTION = "xi-an-jiaotong-university"
PARTNER_B_INSTITUTION = "gansu-provincial-government"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def token_client(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {APIToken.objects.issue(user)}")
    client.user = user
    return client


def partner(username, institution):
    user = User.objects.create_user(username, password="a-long-test-password")
    user.groups.add(Group.objects.get(name=PARTNERS))
    PartnerProfile.objects.create(user=user, institution=Institution.objects.get(slug=institution))
    return user


@pytest.fixture
def anonymous(db):
    client = APIClient()
    client.user = None
    return client


@pytest.fixture
def reader(db):
    return token_client(User.objects.create_user("reader", password="a-long-test-password"))


@pytest.fixture
def partner_a(db):
    return token_client(partner("partner-a", PARTNER_A_INSTITUTION))


@pytest.fixture
def partner_b(db):
    return token_client(partner("partner-b", PARTNER_B_INSTITUTION))


@pytest.fixture
def curator_api(db):
    user = User.objects.create_user("api-curator", password="a-long-test-password")
    user.groups.add(Group.objects.get(name=CURATORS))
    return token_client(user)


@pytest.fixture
def superuser(db):
    return token_client(User.objects.create_superuser("api-admin", password="a-long-test-password"))


@pytest.fixture
def clients(anonymous, reader, partner_a, partner_b, curator_api, superuser):
    return {
        "anonymous": anonymous,
        "reader": reader,
        "partner A": partner_a,
        "partner B": partner_b,
        "curator": curator_api,
        "superuser": superuser,
    }
