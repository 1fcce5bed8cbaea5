"""The compare page: two to four countries side by side, each number read from the records."""

import pytest

from alliances.models import Institution, Membership
from cooperation.models import CooperationProject, PartnershipMilestone
from trade.models import TradeRecord

from .helpers import get_page, page_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_countries_side_by_side(client, language):
    response = get_page(client, f"/{language}/compare/?country=KAZ,RUS,UZB")
    columns = response.context["columns"]
    assert [column["country"].iso3 for column in columns] == ["KAZ", "RUS", "UZB"]
    for column in columns:
        country = column["country"]
        latest = (
            TradeRecord.objects.public()
            .filter(reporter__iso3="CHN", partner=country, flow="total")
            .order_by("-year")
            .first()
        )
        assert (column["trade_year"], column["trade_value"]) == (latest.year, latest.value)
        assert column["institutions"] == Institution.objects.public().filter(country=country).count()
        assert column["projects"] == CooperationProject.objects.public().filter(countries=country).count()
        assert column["milestone_count"] == PartnershipMilestone.objects.public().filter(country=country).count()
    text = page_text(response)
    assert ("Partnership milestones" if language == "en" else "伙伴关系") in text


def test_columns_name_alliance_memberships_and_statistics(client):
    response = get_page(client, "/en/compare/?country=RUS&country=CHN")
    russia, china = response.context["columns"]
    assert russia["statistics_count"] > 5 and len(russia["statistics"]) == 5
    expected = Membership.objects.public().filter(institution__country__iso3="CHN")
    assert sorted(slug for slug, _name, _count in china["memberships"]) == sorted(
        expected.values_list("alliance__slug", flat=True)
    )
    assert sum(count for _slug, _name, count in china["memberships"]) == expected.count()
    assert "New Silk Road" in page_text(response)


def test_one_country_asks_for_another_and_the_country_page_links_here(client):
    response = get_page(client, "/en/compare/?country=KAZ")
    assert "Choose at least 2 countries." in page_text(response)
    assert '<option value="KAZ" selected>' in response.content.decode()
    country_page = get_page(client, "/en/countries/KAZ/").content.decode()
    assert 'href="/en/compare/?country=KAZ"' in country_page


def test_more_than_four_are_cut_and_unknown_codes_named(client):
    response = get_page(client, "/en/compare/?country=KAZ,RUS,UZB,KGZ,TJK,XXX")
    assert len(response.context["columns"]) == 4
    text = page_text(response)
    assert "At most 4 countries" in text and "XXX" in text
