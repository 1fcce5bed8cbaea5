import pytest
from django.contrib.auth.models import Group

from accounts.models import PartnerProfile
from alliances.models import Institution
from reference.models import Source
from trade.models import Indicator


@pytest.fixture
def partner(django_user_model):
    """A partner of Xi'an Jiaotong University (staff, in the Partners group, with a partner profile)."""
    user = django_user_model.objects.create_user("partner-a", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="Partners"))
    PartnerProfile.objects.create(user=user, institution=Institution.objects.get(slug="xi-an-jiaotong-university"))
    return user


@pytest.fixture
def statistics_sources():
    """The sources the built-in presets cite, and the WDI indicator of the sample files."""
    Source.objects.create(slug="un-comtrade", title_original="UN Comtrade Database", language="en")
    Source.objects.create(slug="world-bank-wdi", title_original="World Development Indicators", language="en")
    Indicator.objects.create(
        slug="ny-gdp-mktp-cd",
        name_en="GDP (current US$)",
        unit_en="current US$",
        source=Source.objects.get(slug="world-bank-wdi"),
        source_locator="WDI",
    )
