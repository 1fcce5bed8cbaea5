"""Maps: boundary-neutral by default, the table beneath gives the map's numbers, a country opens its profile."""

import json
import re

import pytest

from cooperation.models import CooperationProject
from core.maps import TIMELESS
from trade.models import Observation, TradeRecord

from .helpers import get_page, uncached  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached")]


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


def table_of(response):
    """The map's table as {iso3: {year: value}}, from the page's context (what the template prints)."""
    return {country.iso3: values for country, values in response.context["map"].rows}


def assert_island_is_table(data, table):
    for year, values in data["values"].items():
        for iso3, value in values.items():
            key = year if year == TIMELESS else int(year)
            assert float(table[iso3][key]) == value
    assert sum(len(values) for values in data["values"].values()) == sum(len(values) for values in table.values())


@pytest.mark.parametrize(
    "url, map_id",
    [
        ("/en/statistics/chinese-visa-free-tourists-to-russia/", "indicator-map"),
        ("/en/alliances/new-silk-road/", "alliance-map"),
        ("/zh-hans/alliances/belt-and-road-university-strategic-alliance/", "alliance-map"),
        ("/en/cooperation/", "projects-map"),
        ("/en/cooperation/projects/", "projects-map"),
        ("/zh-hans/cooperation/projects/?country=KAZ", "projects-map"),
        ("/en/groups/central-asia/", "group-map"),
    ],
)
def test_every_map_has_its_table_its_citation_and_its_embed(client, url, map_id):
    response = get_page(client, url)
    html = response.content.decode()
    assert_island_is_table(island(html, map_id), table_of(response))
    drawn = response.context["map"]
    assert f'id="{map_id}-table"' in html and f'id="{map_id}-cite-heading"' in html
    assert drawn.cite["text"] and drawn.embed_url.startswith("http://testserver/")
    embed = get_page(client, drawn.embed_url.removeprefix("http://testserver"))
    assert response["X-Frame-Options"] == "DENY" and "X-Frame-Options" not in embed  # only the embed is framed
    assert '<meta name="robots" content="noindex">' in embed.content.decode()
    assert island(embed.content.decode(), "embed-map") == island(html, map_id)
    assert all(cell[4] == f"/{url.split('/')[1]}/countries/{cell[2]}/" for cell in island(html, map_id)["cells"])


def test_an_indicator_map_has_its_years_and_the_observations_values(client):
    response = get_page(client, "/en/statistics/chinese-visa-free-tourists-to-russia/")
    data = island(response.content.decode(), "indicator-map")
    observations = Observation.objects.public().filter(indicator__slug="chinese-visa-free-tourists-to-russia")
    assert data["years"] == sorted(observations.values_list("year", flat=True))
    for observation in observations:
        assert data["values"][str(observation.year)]["RUS"] == float(observation.chart_value)


def test_an_undated_indicator_map_has_one_column_and_no_slider(client):
    response = get_page(client, "/en/statistics/xi-meetings-with-heads-of-state/")
    html = response.content.decode()
    data = island(html, "indicator-map")
    assert data["years"] == [TIMELESS] and set(data["values"][TIMELESS]) == {"KAZ", "RUS"}
    assert 'id="indicator-map-year"' not in html


def test_the_alliance_map_counts_the_members_by_country(client):
    response = get_page(client, "/en/alliances/new-silk-road/")
    members = response.context["members"]
    data = island(response.content.decode(), "alliance-map")
    expected = {group["country"].iso3: float(members.size(group)) for group in members.groups}
    assert data["values"][TIMELESS] == expected and expected


def test_the_projects_map_counts_projects_begun_by_each_year(client):
    response = get_page(client, "/en/cooperation/projects/")
    data = island(response.content.decode(), "projects-map")
    projects = CooperationProject.objects.public().prefetch_related("countries")
    for year in data["years"]:
        expected = {}
        for project in projects:
            if project.start_year is not None and project.start_year <= year:
                for country in project.countries.all():
                    expected[country.iso3] = expected.get(country.iso3, 0) + 1
        assert data["values"][str(year)] == {iso3: float(n) for iso3, n in expected.items()}, year
    undated = sum(1 for project in projects if project.start_year is None and project.countries.all())
    assert response.context["map"].note == (
        f"{undated} projects with no start year are not on the map." if undated > 1 else response.context["map"].note
    )


def test_a_filtered_project_list_maps_only_its_projects(client):
    response = get_page(client, "/en/cooperation/projects/?country=RUS")
    data = island(response.content.decode(), "projects-map")
    assert "RUS" in data["values"][str(data["years"][-1])]
    assert "?country=RUS" in response.context["map"].embed_url


def test_the_trade_map_of_a_group_shows_only_its_countries(client):
    response = get_page(client, "/en/trade/?group=central-asia")
    data = island(response.content.decode(), "trade-map")
    assert {cell[2] for cell in data["cells"]} == {"KAZ", "KGZ", "TJK", "TKM", "UZB"}
    assert "group=central-asia" in response.context["map"].embed_url


@pytest.mark.parametrize(
    "url",
    [
        "/en/embed/maps/nothing/",
        "/en/embed/maps/trade/?flow=sideways",
        "/en/embed/maps/statistics/no-such-indicator/",
        "/en/embed/maps/alliances/no-such-alliance/",
        "/en/embed/maps/projects/?colour=red",
    ],
)
def test_a_map_embed_that_names_nothing_is_not_found(client, url):
    get_page(client, url, status=404)
