"""The alliances app's models in the registry of domain models (``core.registry``)."""

from core.links import link
from core.registry import register

from .models import Alliance, AllianceFigure, Institution, Membership


def figure_url(figure):
    """A figure is shown in its alliance's figures."""
    return f"{link('alliances:alliance_detail', figure.alliance.slug)}#figures"


register(
    Alliance,
    key="alliance",
    position=10,
    importable=True,
    resource="alliances.resources.AllianceResource",
    filterset="alliances.filtersets.AllianceFilterSet",
    serializer="alliances.api.serializers.AllianceSerializer",
    viewset="alliances.api.views.AllianceViewSet",
    public=True,
    url=("alliances:alliance_detail", "slug"),
    list_url="alliances:alliance_list",
    searchable=True,
    in_sitemap=True,
)
register(
    Institution,
    key="institution",
    position=20,
    importable=True,
    resource="alliances.resources.InstitutionResource",
    filterset="alliances.filtersets.InstitutionFilterSet",
    serializer="alliances.api.serializers.InstitutionSerializer",
    viewset="alliances.api.views.InstitutionViewSet",
    public=True,
    url=("alliances:institution_detail", "slug"),
    list_url="alliances:institution_list",
    select_related=("country",),
    searchable=True,
    in_sitemap=True,
)
register(
    AllianceFigure,
    key="figure",
    position=120,
    importable=True,
    resource="alliances.resources.AllianceFigureResource",
    filterset="alliances.filtersets.AllianceFigureFilterSet",
    serializer="alliances.api.serializers.AllianceFigureSerializer",
    viewset="alliances.api.views.AllianceFigureViewSet",
    public=True,
    url=figure_url,
    select_related=("alliance",),
)
register(
    Membership,
    key="membership",
    position=130,
    importable=True,
    resource="alliances.resources.MembershipResource",
    filterset="alliances.filtersets.MembershipFilterSet",
    serializer="alliances.api.serializers.MembershipSerializer",
    viewset="alliances.api.views.MembershipViewSet",
    public=True,
    url=("alliances:institution_detail", "institution.slug"),
    select_related=("institution", "alliance"),
)
