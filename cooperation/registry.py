"""The cooperation app's models in the registry of domain models (``core.registry``)."""

from core.links import link
from core.registry import register

from .models import (
    CooperationForm,
    CooperationMode,
    CooperationProject,
    PartnershipMilestone,
    PolicyProblem,
    ProjectParticipant,
    Recommendation,
)


def anchor(url_name, prefix):
    """Records listed on one page, each at its own anchor (``#mode-<slug>``)."""
    return lambda record: f"{link(url_name)}#{prefix}-{record.slug}"


register(
    CooperationProject,
    key="project",
    position=30,
    resource="cooperation.resources.CooperationProjectResource",
    filterset="cooperation.filtersets.CooperationProjectFilterSet",
    serializer="cooperation.api.serializers.CooperationProjectSerializer",
    viewset="cooperation.api.views.CooperationProjectViewSet",
    importable=True,
    public=True,
    searchable=True,
    url=("cooperation:project_detail", "slug"),
    list_url="cooperation:project_list",
    in_sitemap=True,
)
register(
    CooperationMode,
    key="mode",
    position=40,
    resource="cooperation.resources.CooperationModeResource",
    filterset="cooperation.filtersets.CooperationModeFilterSet",
    serializer="cooperation.api.serializers.CooperationModeSerializer",
    viewset="cooperation.api.views.CooperationModeViewSet",
    importable=True,
    public=True,
    searchable=True,
    url=anchor("cooperation:mode_list", "mode"),
)
register(
    CooperationForm,
    key="form",
    position=50,
    resource="cooperation.resources.CooperationFormResource",
    filterset="cooperation.filtersets.CooperationFormFilterSet",
    serializer="cooperation.api.serializers.CooperationFormSerializer",
    viewset="cooperation.api.views.CooperationFormViewSet",
    importable=True,
    public=True,
    searchable=True,
    url=anchor("cooperation:mode_list", "form"),
)
register(
    PolicyProblem,
    key="problem",
    position=60,
    resource="cooperation.resources.PolicyProblemResource",
    filterset="cooperation.filtersets.PolicyProblemFilterSet",
    serializer="cooperation.api.serializers.PolicyProblemSerializer",
    viewset="cooperation.api.views.PolicyProblemViewSet",
    importable=True,
    public=True,
    searchable=True,
    url=("cooperation:problem_detail", "slug"),
    list_url="cooperation:problem_list",
    in_sitemap=True,
)
register(
    Recommendation,
    key="recommendation",
    position=70,
    resource="cooperation.resources.RecommendationResource",
    filterset="cooperation.filtersets.RecommendationFilterSet",
    serializer="cooperation.api.serializers.RecommendationSerializer",
    viewset="cooperation.api.views.RecommendationViewSet",
    importable=True,
    public=True,
    searchable=True,
    url=("cooperation:recommendation_detail", "slug"),
    in_sitemap=True,
)
register(
    PartnershipMilestone,
    key="milestone",
    position=80,
    resource="cooperation.resources.PartnershipMilestoneResource",
    filterset="cooperation.filtersets.PartnershipMilestoneFilterSet",
    serializer="cooperation.api.serializers.PartnershipMilestoneSerializer",
    viewset="cooperation.api.views.PartnershipMilestoneViewSet",
    importable=True,
    public=True,
    searchable=True,
    url=anchor("cooperation:milestone_list", "milestone"),
)
# Participants are imported, exported and served with their project (its ``participants`` column).
register(
    ProjectParticipant,
    key="participant",
    position=140,
    filterset="cooperation.filtersets.ProjectParticipantFilterSet",
    public=True,
    url=("cooperation:project_detail", "project.slug"),
    select_related=("institution", "project"),
)
