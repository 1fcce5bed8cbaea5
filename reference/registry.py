"""The reference app's models in the registry of domain models (``core.registry``)."""

from core.registry import register

from .models import Country, CountryGroup, Source

register(
    Country,
    key="country",
    position=100,
    importable=True,
    resource="reference.resources.CountryResource",
    filterset="reference.filtersets.CountryFilterSet",
    serializer="reference.api.serializers.CountrySerializer",
    viewset="reference.api.views.CountryViewSet",
    public=True,
    url=("portal:country_detail", "iso3"),
    list_url="portal:country_list",
    searchable=True,
    in_sitemap=True,
)
register(
    Source,
    key="source",
    position=110,
    importable=True,
    resource="reference.resources.SourceResource",
    filterset="reference.filtersets.SourceFilterSet",
    serializer="reference.api.serializers.SourceSerializer",
    viewset="reference.api.views.SourceViewSet",
    public=True,
    url=("portal:source_detail", "slug"),
    list_url="portal:source_list",
    searchable=True,
    in_sitemap=True,
)
register(
    CountryGroup,
    key="country-group",
    position=105,
    importable=True,
    resource="reference.resources.CountryGroupResource",
    filterset="reference.filtersets.CountryGroupFilterSet",
    serializer="reference.api.serializers.CountryGroupSerializer",
    viewset="reference.api.views.CountryGroupViewSet",
    public=True,
    url=("portal:group_detail", "slug"),
    list_url="portal:group_list",
    searchable=True,
    in_sitemap=True,
)
