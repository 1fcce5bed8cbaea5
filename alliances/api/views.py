"""Institutions, alliances (with their memberships), alliance figures and memberships.

Each viewset's serializer and FilterSet are the ones the model's entry in ``alliances/registry.py`` names.
"""

from django.utils.translation import gettext_lazy as _

from alliances.models import Alliance, AllianceFigure, Institution, Membership
from core.api.filters import sortable
from core.api.lookups import Lookup, Segment, related_slug
from core.api.views import PortalViewSet, visible_of


class InstitutionViewSet(PortalViewSet):
    queryset = Institution.objects.all()
    ordering_fields = sortable("slug", "name_en", "name_zh", "kind", country=["country__iso3"])


class AllianceViewSet(PortalViewSet):
    queryset = Alliance.objects.all()
    nested = {"memberships": visible_of(Membership, "institution__country")}
    ordering_fields = sortable("slug", "name_en", founded=["founded_year", "founded_month"])


class AllianceFigureViewSet(PortalViewSet):
    queryset = AllianceFigure.objects.all()
    lookup = Lookup(
        related_slug("alliance", _("The alliance's slug.")), Segment("slug", description=_("The figure's slug."))
    )
    ordering_fields = sortable(
        "member_count", "country_count", alliance=["alliance__slug"], as_of=["as_of_year", "as_of_month"]
    )


class MembershipViewSet(PortalViewSet):
    queryset = Membership.objects.all()
    lookup = Lookup(
        related_slug("alliance", _("The alliance's slug.")), related_slug("institution", _("The institution's slug."))
    )
    ordering_fields = sortable("role", "joined_year", alliance=["alliance__slug"], institution=["institution__slug"])
