"""Public pages read a query string as the API does (core.filtersets): repeated values mean all of
them, and a parameter the page cannot read is named in the page, answered with a 400, never ignored."""

import pytest

from .helpers import page_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached")]
LISTS = [
    "/en/alliances/",
    "/en/institutions/",
    "/en/cooperation/projects/",
    "/en/cooperation/milestones/",
    "/en/problems/",
    "/en/statistics/",
]
from .helpers import uncached  # noqa: E402, F401


@pytest.mark.parametrize("url", [*LISTS, "/en/trade/"])
def test_a_misspelt_parameter_is_named_in_a_400_page(client, url):
    response = client.get(url, {"contry": "KAZ"})
    assert response.status_code == 400
    text = page_text(response)
    assert "contry" in text and "Show this page without them" in text


@pytest.mark.parametrize("url", LISTS)
def test_a_misspelt_parameter_lists_nothing(client, url):
    response = client.get(url, {"contry": "KAZ"})
    assert list(response.context["object_list"]) == []


def test_the_message_is_translated(client):
    response = client.get("/zh-hans/institutions/", {"contry": "KAZ"})
    assert response.status_code == 400
    assert "contry" in page_text(response) and "不" in page_text(response)


@pytest.mark.parametrize("url", [*LISTS, "/en/trade/"])
def test_parameters_that_sharing_adds_are_accepted(client, url):
    assert client.get(url, {"utm_source": "wechat", "from": "singlemessage", "page": "1"}).status_code == 200


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_the_explorers_downloads_refuse_a_misspelt_parameter(client, extension):
    response = client.get(f"/en/trade/data.{extension}", {"contry": "KAZ"})
    assert response.status_code == 400
    assert b"contry" in response.content


def test_repeated_values_mean_all_of_them(client):
    both = client.get("/en/institutions/", {"country": "KAZ,RUS"}).context["paginator"].count
    repeated = client.get("/en/institutions/", {"country": ["KAZ", "RUS"]}).context["paginator"].count
    only = client.get("/en/institutions/", {"country": "RUS"}).context["paginator"].count
    assert repeated == both > only


def test_a_single_valued_filter_given_twice_is_shown_at_its_field(client):
    response = client.get("/en/institutions/", {"q": ["Xi", "Gansu"]})
    assert response.status_code == 400
    assert "Give one value, not 2." in page_text(response)
