"""Trade records and observations, with their chart series, and indicators.

Each viewset's serializer and FilterSet are the ones the model's entry in ``trade/registry.py`` names.
"""

from decimal import Decimal

from django.db.models import Case, DecimalField, F, Value, When
from django.utils.translation import gettext_lazy as _

from core.api.filters import sortable
from core.api.lookups import ISO3, Lookup, PeriodSegment, Segment, related_slug
from core.api.views import PortalViewSet, SeriesMixin
from trade.models import Indicator, Observation, TradeRecord

from .serializers import ObservationSeriesSerializer, TradeSeriesSerializer


class TradeRecordViewSet(SeriesMixin, PortalViewSet):
    queryset = TradeRecord.objects.all()
    series_serializer = TradeSeriesSerializer
    series_description = _(
        "The filtered trade records as chart series: one per partner country (and reporter, flow, unit and "
        "source), with [year, value] points. Takes the list's filters, e.g. ?country=KAZ,RUS&flow=total."
    )
    lookup = Lookup(
        Segment(
            "key",
            rf"(?P<reporter>{ISO3})-(?P<partner>{ISO3})-(?P<year>\d{{4}})-(?P<flow>[a-z]+)",
            parts={"reporter": "reporter__iso3", "partner": "partner__iso3", "year": "year", "flow": "flow"},
            upper=("reporter", "partner"),
            template="{reporter}-{partner}-{year}-{flow}",
            description=_("Reporter, partner (ISO alpha-3), year and flow (total, export, import)."),
            example="CHN-KAZ-2015-total",
        )
    )
    # The default order follows the index (year, flow, id): the first page of a million rows is instant.
    ordering = ["year", "flow"]
    ordering_fields = sortable("year", "flow", "value", country=["partner__iso3"], reporter=["reporter__iso3"])
    series_groups = {
        "country": "partner__iso3",
        "reporter": "reporter__iso3",
        "flow": "flow",
        "unit": "unit",
        "source": "source__slug",
    }
    series_points = ("year", "value")


class IndicatorViewSet(PortalViewSet):
    queryset = Indicator.objects.all()
    ordering_fields = sortable("slug", "name_en", "name_zh")


class ObservationViewSet(SeriesMixin, PortalViewSet):
    # series_value: the value, or the midpoint of a range (the records themselves carry value and value_high)
    queryset = Observation.objects.annotate(
        series_value=Case(
            When(value_high__isnull=False, then=(F("value") + F("value_high")) * Value(Decimal("0.5"))),
            default=F("value"),
            output_field=DecimalField(max_digits=21, decimal_places=4),
        )
    )
    series_serializer = ObservationSeriesSerializer
    series_description = _(
        "The filtered observations as chart series: one per indicator and country (and source), with "
        "[year, month, value] points (a range at its midpoint); undated values are left out. "
        "E.g. ?indicator=international-students-in-china."
    )
    lookup = Lookup(
        related_slug("indicator", _("The indicator's slug.")),
        Segment(
            "country",
            rf"(?P<country>{ISO3}|-)",
            parts={"country": "country__iso3"},
            upper=("country",),
            description=_("ISO 3166 alpha-3 code, or - for China as a whole or all BRI countries."),
            example="-",
        ),
        PeriodSegment(),
    )
    ordering_fields = sortable(
        "value", indicator=["indicator__slug"], country=["country__iso3"], period=["year", "month"]
    )
    series_groups = {
        "indicator": "indicator__slug",
        "country": "country__iso3",
        "unit": "indicator__unit_en",
        "unit_zh": "indicator__unit_zh",
        "source": "source__slug",
    }
    series_points = ("year", "month", "series_value")
    series_filter = {"year__isnull": False}
