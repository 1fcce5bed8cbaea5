"""Countries and sources.

Each viewset's serializer and FilterSet are the ones the model's entry in ``reference/registry.py`` names.
"""

from django.utils.translation import gettext_lazy as _

from core.api.filters import sortable
from core.api.lookups import ISO3, Lookup, Segment
from core.api.views import PortalViewSet
from reference.models import Country, CountryGroup, Source


class CountryViewSet(PortalViewSet):
    queryset = Country.objects.all()
    lookup = Lookup(Segment("iso3", ISO3, upper=("iso3",), description=_("ISO 3166 alpha-3 code."), example="KAZ"))
    ordering_fields = sortable("iso3", "name_en", "name_zh", "region", "bri_status", "recognition_status")


class SourceViewSet(PortalViewSet):
    queryset = Source.objects.all()
    ordering_fields = sortable("slug", "year", "language")


class CountryGroupViewSet(PortalViewSet):
    queryset = CountryGroup.objects.select_related("source").prefetch_related("members")
    ordering_fields = sortable("slug", "name_en", "name_zh")
