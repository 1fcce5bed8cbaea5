"""Requests that used to end in a server error (500) are refused cleanly, whoever sends them:

- a NUL character in any query parameter of the portal (PostgreSQL refuses it in a query);
- a value that is not a year in the admin's year filter, on the changelist and on its export;
- a value that is not a key in a relation of an add form's address (``?partner=abc``, autocomplete widgets);
- undoing an import after one of the records it updated was deleted.
"""

import pytest
from django.test import Client

from core.imports.history import UndoRefused, undo_import
from core.imports.services import import_file
from trade.models import TradeRecord

SOURCE = "eurasian-practice-2022"


def browser(user=None):
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/en/search/?q=%00",
        "/zh-hans/search/?q=a%00b",
        "/en/trade/?reporter=%00",
        "/en/trade/?country=KAZ%00",
        "/en/institutions/?q=%00",
        "/en/projects/?country=%00",
        "/en/embed/trade/?reporter=%00",
        "/en/search/?%00=x",
    ],
)
def test_a_nul_character_in_a_portal_address_is_a_bad_request(db, url):
    response = browser().get(url)
    assert response.status_code == 400
    expected = "地址中不允许出现空字符" if url.startswith("/zh-hans/") else "Null characters are not allowed"
    assert expected in response.content.decode()


def test_a_nul_character_in_an_admin_address_is_a_bad_request(users):
    response = browser(users["curator"]).get("/en/admin/trade/traderecord/?q=%00")
    assert response.status_code == 400


@pytest.mark.parametrize(
    "url",
    [
        "/en/admin/trade/traderecord/?year=abc",
        "/en/admin/trade/traderecord/?year=99999999999999999999",
        "/en/admin/trade/observation/?year=abc",
    ],
)
def test_a_year_filter_that_is_not_a_year_is_refused_not_a_500(users, url):
    response = browser(users["curator"]).get(url)
    assert response.status_code == 302 and response["Location"].endswith("?e=1")


@pytest.mark.parametrize(
    "query", ["year=abc", "format=xlsx&year=abc", "partner__iso3__in=%00", "year__gte=abc", "no_such_field=1"]
)
def test_an_export_with_a_bad_filter_is_refused_not_a_500(users, query):
    client = browser(users["curator"])
    response = client.get(f"/en/admin/trade/traderecord/export/?{query}")
    assert response.status_code in (302, 400), response.status_code
    if response.status_code == 302:
        assert response["Location"] == "/en/admin/trade/traderecord/"
        assert "not valid" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/en/admin/trade/traderecord/add/?partner=abc",
        "/en/admin/trade/traderecord/add/?partner=1.5&source=x",
        "/en/admin/trade/observation/add/?indicator=abc",
        "/en/admin/alliances/membership/add/?institution=abc&alliance=-",
        "/en/admin/cooperation/cooperationproject/add/?countries=1,abc",
    ],
)
def test_an_add_form_with_a_value_that_is_no_key_opens_empty_not_a_500(users, url):
    response = browser(users["superuser"]).get(url)
    assert response.status_code == 200


def test_undo_after_a_record_was_deleted_is_refused_cleanly(users):
    curator = users["curator"]
    first = f"partner,year,flow,value,source,source_locator\nKAZ,2031,total,1,{SOURCE},x\n".encode()
    second = f"partner,year,flow,value,source,source_locator\nKAZ,2031,total,2,{SOURCE},x\n".encode()
    assert import_file(TradeRecord, first, "a.csv", user=curator).ok
    report = import_file(TradeRecord, second, "b.csv", user=curator)
    assert report.ok
    TradeRecord.objects.filter(partner__iso3="KAZ", year=2031).delete()
    with pytest.raises(UndoRefused, match="after this import|deleted since this import"):
        undo_import(report.record, curator)
