"""A series of values by country and year, read once and drawn many ways: the maps and the rankings.

A series is China's trade in one flow (keys ``trade.total``, ``trade.export``, ``trade.import``: a slug
never holds a dot, so they cannot meet an indicator's) or an indicator with values for countries (its
slug). ``members`` (a group's countries) narrows any series to those countries.
"""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from core.maps import TIMELESS
from reference.models import Country, Source

from .choices import TradeFlowChoices, TradeUnitChoices
from .models import REPORTER_DEFAULT_ISO3, Indicator, Observation, TradeRecord

TRADE_PREFIX = "trade."
DEFAULT_SERIES = f"{TRADE_PREFIX}{TradeFlowChoices.TOTAL}"
COUNTRY_FIELDS = ("iso3", "name_en", "name_zh", "region")


@dataclass
class Series:
    key: str
    title: str
    unit: str
    values: dict  # {iso3: {year: Decimal}}; a series with no dates has the one year TIMELESS
    countries: list  # the Country records named in values
    records: list = field(default_factory=list)  # what the values come from, for the citations
    path: str = ""  # the page the series comes from
    left_out: int = 0  # records with a country but no year, in a dated series (not in values)
    place: str = "partner"  # the records' country field
    decimals: int | None = 1  # how the tables print the values (trade: one decimal; None: as each has)

    def records_of(self, iso3s):
        """The records of these countries, for a citation of what a page shows of the series."""
        return [record for record in self.records if getattr(record, self.place).iso3 in iso3s]

    @property
    def years(self):
        return sorted({year for by_year in self.values.values() for year in by_year if year != TIMELESS})

    @property
    def timeless(self):
        return bool(self.values) and not self.years


def trade_series(flow=TradeFlowChoices.TOTAL, members=None, reporter_iso3=REPORTER_DEFAULT_ISO3):
    """The flow's public records in their most common unit (one unit, so values can be compared)."""
    records = TradeRecord.objects.public().filter(reporter__iso3=reporter_iso3, flow=flow)
    if members is not None:
        records = records.filter(partner__in=members)
    units = list(records.order_by().values_list("unit", flat=True).distinct())
    unit = max(units, key=lambda u: records.filter(unit=u).count()) if len(units) > 1 else next(iter(units), None)
    title = _("China's trade by partner country: %(flow)s") % {"flow": TradeFlowChoices(flow).label}
    path = f"{reverse('trade:explorer')}?flow={flow}"  # the explorer's default countries, this flow
    if unit is None:
        return Series(f"{TRADE_PREFIX}{flow}", title, "", {}, [], path=path)
    rows = list(
        records.filter(unit=unit)
        .select_related("partner")
        .only("year", "value", "source", "source_locator", "updated_at", *(f"partner__{f}" for f in COUNTRY_FIELDS))
        .order_by()
    )
    sources = Source.objects.in_bulk({record.source_id for record in rows})
    values, countries = {}, {}
    for record in rows:
        record.source = sources[record.source_id]
        values.setdefault(record.partner.iso3, {})[record.year] = record.value
        countries[record.partner.iso3] = record.partner
    unit_text = TradeUnitChoices(unit).label
    return Series(f"{TRADE_PREFIX}{flow}", title, str(unit_text), values, list(countries.values()), rows, path)


def indicator_series(indicator, observations=None, members=None):
    """The indicator's public values for countries; several in a year (by month): the latest month's.

    ``observations``: the indicator's public observations, with their countries and sources, if the
    caller has them already (the indicator's page). Undated values make a timeless series only when
    no value is dated; otherwise they are left out and counted.
    """
    if observations is None:
        observations = (
            indicator.observations.public()
            .filter(country__isnull=False)
            .select_related("country")
            .prefetch_related("source")
            .order_by("year", "month")
        )
    member_ids = None if members is None else {country.pk for country in members}
    placed = [o for o in observations if o.country_id and (member_ids is None or o.country_id in member_ids)]
    dated = [o for o in placed if o.year is not None]
    shown = dated or placed
    values, countries = {}, {}
    for observation in sorted(shown, key=lambda o: (o.year or 0, o.month or 0)):
        year = observation.year if dated else TIMELESS
        values.setdefault(observation.country.iso3, {})[year] = observation.chart_value
        countries[observation.country.iso3] = observation.country
    path = reverse("trade:indicator_detail", args=[indicator.slug])
    return Series(
        indicator.slug,
        indicator.name,
        indicator.unit,
        values,
        list(countries.values()),
        shown,
        path,
        left_out=len(placed) - len(shown),
        place="country",
        decimals=None,
    )


def series_choices():
    """Every series with values for countries: the trade flows, then the indicators, [(key, label)]."""
    china = Country.objects.filter(iso3=REPORTER_DEFAULT_ISO3).values_list("pk", flat=True).first()
    trade = TradeRecord.objects.public().filter(reporter=china)
    flows = set(trade.order_by().values_list("flow", flat=True).distinct())
    choices = [
        (f"{TRADE_PREFIX}{value}", _("Trade: %(flow)s") % {"flow": label})
        for value, label in TradeFlowChoices.choices
        if value in flows
    ]
    placed = Observation.objects.public().filter(indicator=OuterRef("pk"), country__isnull=False)
    indicators = Indicator.objects.public().filter(Exists(placed)).only("slug", "name_en", "name_zh")
    return choices + sorted(((indicator.slug, indicator.name) for indicator in indicators), key=lambda c: c[1])


def series_by_key(key, members=None):
    """The series a key names (see the module's docstring), or None if it names none that is public."""
    if key.startswith(TRADE_PREFIX):
        flow = key[len(TRADE_PREFIX) :]
        return trade_series(flow, members) if flow in TradeFlowChoices.values else None
    indicator = Indicator.objects.public().filter(slug=key).first()
    return indicator_series(indicator, members=members) if indicator else None
