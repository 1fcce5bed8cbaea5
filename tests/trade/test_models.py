"""Trade records and observations: constraints and behaviour."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from reference.models import Country
from trade.models import Indicator, Observation, TradeRecord

from ..factories import sourced

pytestmark = pytest.mark.django_db


def country(iso3):
    return Country.objects.get(iso3=iso3)


def test_flow_and_unit_default_to_the_sources_usage():
    record = TradeRecord(**sourced(partner=country("NZL"), year=2013, value=Decimal("1.5")))
    assert (record.flow, record.unit) == ("total", "100m-usd")


def test_admin_proposes_china_as_reporter(curator_client):
    form = curator_client.get("/en/admin/trade/traderecord/add/").context["adminform"].form
    assert form.initial["reporter"] == country("CHN").pk


def test_one_value_per_reporter_partner_year_and_flow():
    TradeRecord.objects.create(**sourced(reporter=country("CHN"), partner=country("NZL"), year=2013, value=1))
    TradeRecord.objects.create(
        **sourced(reporter=country("CHN"), partner=country("NZL"), year=2013, flow="export", value=1)
    )
    duplicate = TradeRecord(**sourced(reporter=country("CHN"), partner=country("NZL"), year=2013, value=2))
    with pytest.raises(ValidationError, match="already a value"):
        duplicate.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_a_country_does_not_trade_with_itself():
    record = TradeRecord(**sourced(reporter=country("CHN"), partner=country("CHN"), year=2013, value=1))
    with pytest.raises(ValidationError, match="itself"):
        record.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        record.save()


@pytest.mark.parametrize("year", [1899, 2101])
def test_years_out_of_range_are_refused(year):
    with pytest.raises(ValidationError):
        TradeRecord(**sourced(partner=country("NZL"), year=year, value=1)).full_clean()


def make_indicator():
    return Indicator.objects.create(**sourced(slug="test-indicator", name_en="Test", unit_en="persons"))


@pytest.mark.parametrize(
    "iso3, year, month", [("RUS", 2020, None), (None, 2020, None), (None, None, None), (None, 2020, 11)]
)
def test_one_observation_per_indicator_country_and_period_even_when_blank(iso3, year, month):
    indicator = make_indicator()
    where = country(iso3) if iso3 else None
    Observation.objects.create(**sourced(indicator=indicator, country=where, year=year, month=month, value=1))
    duplicate = Observation(**sourced(indicator=indicator, country=where, year=year, month=month, value=2))
    with pytest.raises(ValidationError, match="already a value"):
        duplicate.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_observation_natural_key_with_blank_country():
    indicator = make_indicator()
    observation = Observation.objects.create(**sourced(indicator=indicator, year=2018, value=Decimal("492200")))
    assert observation.natural_key() == ("test-indicator", None, 2018, None)
    assert Observation.objects.get_by_natural_key(*observation.natural_key()) == observation


def test_a_month_needs_a_year():
    with pytest.raises(ValidationError, match="month needs a year"):
        Observation(**sourced(indicator=make_indicator(), month=3, value=1)).full_clean()
