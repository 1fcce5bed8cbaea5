"""Users in every role, signed in to the admin (partners are staff, as they must be to reach it) and
holding API tokens, and drafts that belong to partner A's organisation.

Partner A speaks for Xi'an Jiaotong University, partner B for the Gansu Provincial Government
(as in tests/api).
"""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.test import Client

from alliances.models import Institution
from reference.models import Source
from tests.api.conftest import PARTNER_A_INSTITUTION, PARTNER_B_INSTITUTION, partner, token_client
from trade.models import Indicator, Observation

INDICATOR = "international-students-in-china"
ROLES = ["anonymous", "partner A", "partner B", "curator", "superuser"]


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def staff_partner(username, institution):
    user = partner(username, institution)
    user.is_staff = True
    user.save()
    return user


@pytest.fixture
def users(db):
    curator = User.objects.create_user("sec-curator", password="a-long-test-password", is_staff=True)
    curator.groups.add(Group.objects.get(name="Curators"))
    return {
        "anonymous": None,
        "partner A": staff_partner("sec-partner-a", PARTNER_A_INSTITUTION),
        "partner B": staff_partner("sec-partner-b", PARTNER_B_INSTITUTION),
        "curator": curator,
        "superuser": User.objects.create_superuser("sec-admin", password="a-long-test-password"),
    }


@pytest.fixture
def browsers(users):
    """A signed-in Django test client per role (the admin)."""
    clients = {}
    for role, user in users.items():
        client = Client()
        if user is not None:
            client.force_login(user)
        client.user = user
        clients[role] = client
    return clients


@pytest.fixture
def apis(users):
    """An API client with a token per role."""
    from rest_framework.test import APIClient

    clients = {}
    for role, user in users.items():
        if user is None:
            clients[role] = APIClient()
            clients[role].user = None
        else:
            clients[role] = token_client(user)
    return clients


def observation(year, reported_by, status="draft", value="5"):
    return Observation.objects.create(
        indicator=Indicator.objects.get(slug=INDICATOR),
        year=year,
        value=Decimal(value),
        reported_by=Institution.objects.get(slug=reported_by),
        source=Source.objects.get(slug="bri-university-alliances"),
        source_locator="test",
        publication_status=status,
    )


@pytest.fixture
def draft_a(db):
    """A draft observation reported by partner A's institution."""
    return observation(2031, PARTNER_A_INSTITUTION)


@pytest.fixture
def draft_b(db):
    """A draft observation reported by partner B's institution."""
    return observation(2032, PARTNER_B_INSTITUTION)


@pytest.fixture
def published_b(db):
    """A published observation reported by partner B's institution."""
    return observation(2033, PARTNER_B_INSTITUTION, status="published")
