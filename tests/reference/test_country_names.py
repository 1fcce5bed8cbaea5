"""A country cell reads every name official tables print: ISO, CLDR, UN M49, World Bank, UN Comtrade, the MFA."""

import io

import pycountry
import pytest
from babel import Locale
from django.core.management import call_command
from django.utils import translation
from rest_framework.test import APIClient

from core.imports.services import import_file
from reference.country_names import listed_names, name_key, standard_names
from reference.models import Country
from reference.resources import CountryWidget
from trade.models import TradeRecord

pytestmark = pytest.mark.django_db

HEADER = "partner,year,flow,value,unit,source,source_locator\n"

# The issue's examples, as UN, World Bank, ISO and Chinese government tables print them.
ISSUE_EXAMPLES = {
    "Viet Nam": "VNM",
    "Turkey": "TUR",
    "Russian Federation": "RUS",
    "Korea, Rep.": "KOR",
    "Iran, Islamic Rep.": "IRN",
    "Lao PDR": "LAO",
    "Bolivia (Plurinational State of)": "BOL",
    "Moldova, Republic of": "MDA",
    "Hong Kong SAR, China": "HKG",
    "UK": "GBR",
    "俄罗斯联邦": "RUS",
}
MORE = {
    "Republic of Korea": "KOR",
    "Rep. of Korea": "KOR",
    "Korea, Dem. People's Rep.": "PRK",
    "Congo, Dem. Rep.": "COD",
    "Congo, Rep.": "COG",
    "Venezuela, RB": "VEN",
    "Egypt, Arab Rep.": "EGY",
    "St. Vincent and the Grenadines": "VCT",
    "Türkiye": "TUR",
    "TURKIYE": "TUR",
    "Côte d'Ivoire": "CIV",
    "cote d ivoire": "CIV",
    "China, Hong Kong SAR": "HKG",
    "United States of America": "USA",
    "哈萨克斯坦共和国": "KAZ",
    "大不列颠及北爱尔兰联合王国": "GBR",
    "伊朗（伊斯兰共和国）": "IRN",
    "刚果（金）": "COD",
    "韩国": "KOR",
    "156": "CHN",
    "398": "KAZ",
    "004": "AFG",
    "842": "USA",  # UN Comtrade's code for the USA
    156: "CHN",
    398.0: "KAZ",
}


@pytest.fixture
def widget(db):
    return CountryWidget()


def every_listed_name():
    """Every name of every list, for every country of the portal (all of ISO 3166-1): about 1,200 distinct names."""
    portal = {c.alpha_3 for c in pycountry.countries}
    return sorted(
        {(iso3, name) for iso3, entries in standard_names().items() if iso3 in portal for _s, name in entries}
    )


@pytest.mark.parametrize(("name", "iso3"), [*ISSUE_EXAMPLES.items(), *MORE.items()])
def test_real_world_names_resolve(widget, name, iso3):
    assert widget.clean(name).iso3 == iso3


def test_every_name_of_every_list_resolves_to_its_country(widget):
    cases = every_listed_name()
    assert len(cases) > 1100
    wrong = [(iso3, name, widget.clean(name).iso3) for iso3, name in cases if widget.clean(name).iso3 != iso3]
    assert not wrong


def test_cldr_and_iso_names_are_read_in_every_spelling(widget):
    """Generated from Babel and pycountry: names upper-cased, without accents, with the comma turned round."""
    english, chinese = Locale("en").territories, Locale("zh").territories
    checked = 0
    for country in pycountry.countries:
        for name in (english.get(country.alpha_2), chinese.get(country.alpha_2), country.name, country.numeric):
            if name:
                assert widget.clean(name.upper()).iso3 == country.alpha_3, name
                checked += 1
        if ", " in country.name:
            head, tail = country.name.split(", ", 1)
            assert widget.clean(f"{tail} {head}").iso3 == country.alpha_3
    assert checked > 900


def test_the_transcribed_lists_name_only_known_countries_and_no_name_twice():
    codes = {c.alpha_3 for c in pycountry.countries}
    keys = {}
    for iso3, source, name in listed_names():
        assert iso3 in codes and source in {"wb", "comtrade", "m49", "m49-zh", "mfa", "mfa-full", "common"}
        keys.setdefault(name_key(name), set()).add(iso3)
    assert all(len(found) == 1 for found in keys.values())


def test_suggestions_are_unique_and_ranked(widget):
    with pytest.raises(ValueError) as error:
        widget.clean("Moldva")
    message = str(error.value)
    assert message.count("MDA") == 1
    assert message.index("MDA") < message.index("?")


def trade_file(*partners):
    rows = "".join(f'"{p}",{2000 + i},total,1.5,100m-usd,eurasian-practice-2022,t\n' for i, p in enumerate(partners))
    return (HEADER + rows).encode("utf-8")


def test_a_trade_file_of_the_issues_names_imports():
    report = import_file(TradeRecord, trade_file(*ISSUE_EXAMPLES), "trade.csv")
    assert report.ok, [str(p) for p in report.problems]
    assert report.totals["new"] == len(ISSUE_EXAMPLES)
    assert TradeRecord.objects.filter(partner__iso3="LAO", year=2005).exists()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_rows_whose_country_failed_get_no_same_key_error(language):
    content = (HEADER + "Atlantis,2013,total,1,100m-usd,eurasian-practice-2022,t\n" * 3).encode()
    with translation.override(language):
        report = import_file(TradeRecord, content, "trade.csv", dry_run=True)
        messages = [str(p.message) for p in report.problems]
    assert len(messages) == 3
    assert not any("row 2" in m or "第 2 行" in m for m in messages)
    assert all("Atlantis" in m for m in messages)


def test_the_command_and_the_api_read_the_names(tmp_path, curator):
    path = tmp_path / "trade.csv"
    path.write_bytes(trade_file("Korea, Rep.", "Lao PDR"))
    call_command("import_data", "trade.TradeRecord", str(path), stdout=io.StringIO())
    assert TradeRecord.objects.filter(partner__iso3="KOR", year=2000).exists()
    body = {"partner": "Iran, Islamic Rep.", "year": 2013, "value": "1.5", "source": "eurasian-practice-2022"}
    api = APIClient()
    api.force_authenticate(curator)
    response = api.post("/api/v1/trade/", {**body, "source_locator": "t"})
    assert response.status_code == 201, response.content
    assert response.json()["partner"] == "IRN"


def test_the_portals_own_aliases_come_first(widget):
    assert Country.objects.get(iso3="KGZ").aliases
    assert widget.clean("吉尔吉尔斯斯坦").iso3 == "KGZ"
