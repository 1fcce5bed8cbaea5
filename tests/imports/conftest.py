import pytest
from django.contrib.auth.models import Group

from accounts.models import PartnerProfile
from alliances.models import Institution


@pytest.fixture
def partner(django_user_model):
    """A partner of Xi'an Jiaotong University (staff, in the Partners group, with a partner profile)."""
    user = django_user_model.objects.create_user("partner-a", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="Partners"))
    PartnerProfile.objects.create(user=user, institution=Institution.objects.get(slug="xi-an-jiaotong-university"))
    return user
