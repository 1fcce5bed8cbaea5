"""Maps: boundary-neutral by default, the table beneath gives the map's numbers, a country opens its profile."""

import json
import re

import pytest

from trade.models import TradeRecord

from .helpers import get_page

pytestmark = pytest.mark.django_db


def island(html, map_id):
    match = re.search(rf'<script id="{map_id}-data" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


@pytest.mark.parametrize("url, map_id", [("/en/trade/", "trade-map"), ("/en/", "home-map"), ("/zh-hans/", "home-map")])
def test_the_map_matches_the_table_beneath_it(client, url, map_id):
    response = get_page(client, url)
    data = island(response.content.decode(), map_id)
    assert data["base"] == "tiles" and data["years"]
    table = {country.iso3: values for country, values in response.context["map"].rows}
    for year, values in data["values"].items():
        for iso3, value in values.items():
            assert float(table[iso3][int(year)]) == value
    shown = sum(len(values) for values in data["values"].values())
    assert shown == sum(len(values) for values in table.values())
    published = TradeRecord.objects.public().filter(
        reporter__iso3="CHN",
        flow="total",
        unit=TradeRecord.objects.filter(reporter__iso3="CHN", flow="total").values_list("unit", flat=True).first(),
    )
    assert shown == published.count()
    assert all(cell[4] == f"/{url.split('/')[1]}/countries/{cell[2]}/" for cell in data["cells"])


def test_an_approved_map_shows_its_approval_number(client, settings):
    settings.PORTAL_BASE_MAP, settings.PORTAL_MAP_FILE, settings.PORTAL_MAP_APPROVAL = (
        "approved",
        "maps/x.json",
        "GS(2024)1234",
    )
    settings.PORTAL_CACHE_SECONDS = 0
    html = get_page(client, "/en/trade/").content.decode()
    assert "GS(2024)1234" in html and island(html, "trade-map")["base"] == "approved"
