from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.api.serializers import PortalSerializer
from trade.models import Indicator, Observation, TradeRecord


class TradeRecordSerializer(PortalSerializer):
    class Meta:
        model = TradeRecord


class IndicatorSerializer(PortalSerializer):
    class Meta:
        model = Indicator


class ObservationSerializer(PortalSerializer):
    class Meta:
        model = Observation


class TradeSeriesSerializer(serializers.Serializer):
    """One chart series of trade records (see ``TradeRecordViewSet.series_description``)."""

    country = serializers.CharField(help_text=_("The partner country: ISO 3166 alpha-3 code."))
    reporter = serializers.CharField(help_text=_("The reporting country (China): ISO 3166 alpha-3 code."))
    flow = serializers.CharField(help_text=_("total, export or import."))
    unit = serializers.CharField(help_text=_("The unit of the values, e.g. 100m-usd (100 million US dollars)."))
    source = serializers.CharField(help_text=_("The source's slug."))
    points = serializers.ListField(
        child=serializers.ListField(child=serializers.FloatField(), min_length=2, max_length=2),
        help_text=_("[year, value] pairs, by year; values as JSON numbers."),
    )


class ObservationSeriesSerializer(serializers.Serializer):
    """One chart series of observations (see ``ObservationViewSet.series_description``)."""

    indicator = serializers.CharField(help_text=_("The indicator's slug."))
    country = serializers.CharField(
        allow_null=True, help_text=_("ISO 3166 alpha-3 code; null for China as a whole or all BRI countries.")
    )
    unit = serializers.CharField(help_text=_("The indicator's unit (English)."))
    unit_zh = serializers.CharField(help_text=_("The indicator's unit (Chinese)."))
    source = serializers.CharField(help_text=_("The source's slug."))
    points = serializers.ListField(
        child=serializers.ListField(child=serializers.FloatField(allow_null=True), min_length=3, max_length=3),
        help_text=_(
            "[year, month, value] triples in time order; month is null for a yearly value; a range is given at "
            "its midpoint (the observations themselves carry value and value_high)."
        ),
    )
