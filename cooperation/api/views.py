"""Cooperation modes (with their sub-forms) and sub-forms, projects, problems, recommendations, milestones.

Each viewset's serializer and FilterSet are the ones the model's entry in ``cooperation/registry.py`` names.
"""

from cooperation.models import (
    CooperationForm,
    CooperationMode,
    CooperationProject,
    PartnershipMilestone,
    PolicyProblem,
    ProjectParticipant,
    Recommendation,
)
from core.api.filters import sortable
from core.api.views import PortalViewSet, visible_of
from reference.models import Country

TITLES = ("slug", "title_en", "title_zh")


class CooperationModeViewSet(PortalViewSet):
    queryset = CooperationMode.objects.all()
    nested = {"forms": visible_of(CooperationForm)}
    ordering_fields = sortable(*TITLES, "sort_order")


class CooperationFormViewSet(PortalViewSet):
    queryset = CooperationForm.objects.all()
    ordering_fields = sortable(*TITLES, "sort_order", mode=["mode__sort_order", "mode__slug"])


class CooperationProjectViewSet(PortalViewSet):
    queryset = CooperationProject.objects.all()
    nested = {"countries": visible_of(Country), "participations": visible_of(ProjectParticipant, "institution")}
    ordering_fields = sortable(*TITLES, "kind", "sector", "status", "end_year", start=["start_year", "start_month"])


class PolicyProblemViewSet(PortalViewSet):
    queryset = PolicyProblem.objects.all()
    nested = {"recommendations": visible_of(Recommendation)}
    ordering_fields = sortable(*TITLES, "category", "scope")


class RecommendationViewSet(PortalViewSet):
    queryset = Recommendation.objects.all()
    nested = {"problems": visible_of(PolicyProblem)}
    ordering_fields = sortable(*TITLES, "number", "scope")


class PartnershipMilestoneViewSet(PortalViewSet):
    queryset = PartnershipMilestone.objects.all()
    ordering_fields = sortable(*TITLES, "kind", date=["year", "month", "day"], country=["country__iso3"])
