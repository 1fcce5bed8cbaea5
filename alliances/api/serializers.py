from django.utils.translation import gettext_lazy as _

from alliances.models import Alliance, AllianceFigure, Institution, Membership
from core.api.serializers import BriefSerializer, PortalSerializer


class InstitutionBriefSerializer(BriefSerializer):
    class Meta:
        model = Institution
        fields = ["api_url", "slug", "name_en", "name_zh", "kind", "country"]


class AllianceBriefSerializer(BriefSerializer):
    class Meta:
        model = Alliance
        fields = ["api_url", "slug", "name_en", "name_zh", "acronym"]


class MembershipBriefSerializer(BriefSerializer):
    """A membership as listed inside its alliance."""

    institution = InstitutionBriefSerializer(help_text=_("The member institution."))

    class Meta:
        model = Membership
        fields = ["api_url", "institution", "role", "joined_year", "publication_status"]


class InstitutionSerializer(PortalSerializer):
    class Meta:
        model = Institution


class AllianceSerializer(PortalSerializer):
    memberships = MembershipBriefSerializer(many=True, help_text=_("The member institutions and their roles."))

    class Meta:
        model = Alliance


class AllianceFigureSerializer(PortalSerializer):
    class Meta:
        model = AllianceFigure


class MembershipSerializer(PortalSerializer):
    class Meta:
        model = Membership
