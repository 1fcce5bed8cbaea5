"""The trade explorer's and the home page's map: China's trade with every partner, one flow, by year."""

from django.utils.translation import gettext as _

from core.maps import country_map
from reference.models import Country

from .choices import TradeFlowChoices, TradeUnitChoices
from .models import REPORTER_DEFAULT_ISO3, TradeRecord


def trade_map(flow=TradeFlowChoices.TOTAL, reporter_iso3=REPORTER_DEFAULT_ISO3, group=None):
    """The flow's public records in their most common unit, as a map; ``group``: only its countries."""
    records = TradeRecord.objects.public().filter(reporter__iso3=reporter_iso3, flow=flow)
    if group is not None:
        records = records.filter(partner__in=group)
    units = records.order_by().values_list("unit", flat=True).distinct()
    unit = (
        max(units, key=lambda u: records.filter(unit=u).count(), default=None)
        if len(units) > 1
        else next(iter(units), None)
    )
    if unit is None:
        return None
    values = {}
    for iso3, year, value in records.filter(unit=unit).values_list("partner__iso3", "year", "value"):
        values.setdefault(iso3, {})[year] = value
    countries = Country.objects.filter(iso3__in=values).only("iso3", "name_en", "name_zh", "region")
    title = _("China's trade by partner country: %(flow)s") % {"flow": TradeFlowChoices(flow).label}
    return country_map(title, TradeUnitChoices(unit).label, values, countries)
