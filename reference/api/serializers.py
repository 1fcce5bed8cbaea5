from core.api.serializers import BriefSerializer, PortalSerializer
from reference.models import Country, CountryGroup, Source


class CountryBriefSerializer(BriefSerializer):
    class Meta:
        model = Country
        fields = ["api_url", "iso3", "name_en", "name_zh"]


class SourceBriefSerializer(BriefSerializer):
    class Meta:
        model = Source
        fields = ["api_url", "slug", "title_original", "year"]


class CountrySerializer(PortalSerializer):
    class Meta:
        model = Country


class SourceSerializer(PortalSerializer):
    class Meta:
        model = Source


class CountryGroupSerializer(PortalSerializer):
    class Meta:
        model = CountryGroup
