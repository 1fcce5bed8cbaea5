"""The trade app's models in the registry of domain models (``core.registry``)."""

from core.links import link
from core.registry import register

from .models import Indicator, Observation, TradeRecord


def trade_url(record):
    """A trade record is shown in the explorer, with its partner and flow selected."""
    return f"{link('trade:explorer')}?country={record.partner.iso3}&flow={record.flow}"


register(
    Indicator,
    key="indicator",
    position=90,
    importable=True,
    resource="trade.resources.IndicatorResource",
    filterset="trade.filtersets.IndicatorFilterSet",
    serializer="trade.api.serializers.IndicatorSerializer",
    viewset="trade.api.views.IndicatorViewSet",
    public=True,
    url=("trade:indicator_detail", "slug"),
    searchable=True,
    in_sitemap=True,
)
register(
    Observation,
    key="observation",
    position=150,
    importable=True,
    resource="trade.resources.ObservationResource",
    filterset="trade.filtersets.ObservationFilterSet",
    serializer="trade.api.serializers.ObservationSerializer",
    viewset="trade.api.views.ObservationViewSet",
    public=True,
    url=("trade:indicator_detail", "indicator.slug"),
    select_related=("indicator", "country"),
)
register(
    TradeRecord,
    key="trade",
    position=160,
    importable=True,
    resource="trade.resources.TradeRecordResource",
    filterset="trade.filtersets.TradeRecordFilterSet",
    serializer="trade.api.serializers.TradeRecordSerializer",
    viewset="trade.api.views.TradeRecordViewSet",
    public=True,
    url=trade_url,
    select_related=("reporter", "partner"),
)
