"""Escalation attempts, each refused with nothing changed in the database:

- a partner writing another organisation's record by naming its key in a spreadsheet row (admin,
  command line, API upload) or in an API body (PUT/PATCH changing the key, create, bulk);
- a partner publishing their own draft (import column, API field, admin);
- an anonymous visitor reaching a draft by its address (public page, API, embed, CSV, search, sitemap);
- a partner reading another organisation's draft (API, CSV, export);
- a partner seeing or deciding another organisation's pending change, or deciding their own (admin list and
  change page, its actions, the review queue, the partner home, the API, the record's history).
"""

import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client

from alliances.models import Alliance, Institution
from core.choices import PendingStateChoices
from core.pending import PendingChange
from reference.models import Country, Source
from tests.api.conftest import token_client
from tests.hostile.fingerprint import fingerprint
from trade.models import TradeRecord

from .conftest import INDICATOR

OUT_OF_SCOPE = "outside your organisation"
CURATORS_ONLY = "Only curators may set this column"
SOURCE = "bri-university-alliances"

# Rows partner A (Xi'an Jiaotong University) must not write: B's institution under its own key, a
# value keyed to B's published observation, a membership of B's institution.
FOREIGN_ROWS = {
    "alliances.Institution": (
        "slug,name_en,kind,country,source,source_locator\n"
        f"gansu-provincial-government,Taken over,government-body,CHN,{SOURCE},x\n"
    ),
    "trade.Observation": (
        f"indicator,year,value,reported_by,source,source_locator\n{INDICATOR},2033,1,xi-an-jiaotong-university,{SOURCE},x\n"
    ),
    "alliances.Membership": (
        f"alliance,institution,role,source,source_locator\nnew-silk-road,gansu-provincial-government,member,{SOURCE},x\n"
    ),
}
ADMIN_URLS = {
    "alliances.Institution": "/en/admin/alliances/institution/import/",
    "trade.Observation": "/en/admin/trade/observation/import/",
    "alliances.Membership": "/en/admin/alliances/membership/import/",
}
API_URLS = {
    "alliances.Institution": "/api/v1/institutions/",
    "trade.Observation": "/api/v1/observations/",
    "alliances.Membership": "/api/v1/memberships/",
}
OWN_PUBLISHED_ROW = (
    "indicator,year,value,reported_by,source,source_locator,publication_status\n"
    f"{INDICATOR},2031,6,xi-an-jiaotong-university,{SOURCE},x,published\n"
)


def import_as(entry, role, model, content, browsers, apis, users, tmp_path):
    """Import ``content`` as ``role`` through ``entry``; the text of the refusal (the import must be refused)."""
    if entry == "admin":
        response = browsers[role].post(
            ADMIN_URLS[model], {"import_file": SimpleUploadedFile("rows.csv", content.encode()), "format": ""}
        )
        assert response.status_code == 200
        page = response.content.decode()
        assert 'name="token"' not in page  # no confirm button: nothing can be imported
        return page
    if entry == "command":
        path = tmp_path / "rows.csv"
        path.write_text(content)
        err = io.StringIO()
        with pytest.raises(CommandError):
            call_command(
                "import_data", model, str(path), "--user", users[role].username, stdout=io.StringIO(), stderr=err
            )
        return err.getvalue()
    response = apis[role].post(
        f"{API_URLS[model]}bulk/", {"file": SimpleUploadedFile("rows.csv", content.encode())}, format="multipart"
    )
    assert response.status_code == 400, response.content
    return response.content.decode()


ENTRIES = ["admin", "command", "api"]


@pytest.mark.parametrize("entry", ENTRIES)
@pytest.mark.parametrize("model", FOREIGN_ROWS)
def test_a_partner_cannot_write_another_organisations_record_by_its_key(
    model, entry, browsers, apis, users, tmp_path, published_b
):
    before = fingerprint()
    said = import_as(entry, "partner A", model, FOREIGN_ROWS[model], browsers, apis, users, tmp_path)
    assert OUT_OF_SCOPE in said
    assert fingerprint() == before


@pytest.mark.parametrize("entry", ENTRIES)
def test_a_partner_cannot_publish_their_draft_with_an_import_column(entry, browsers, apis, users, tmp_path, draft_a):
    before = fingerprint()
    said = import_as(entry, "partner A", "trade.Observation", OWN_PUBLISHED_ROW, browsers, apis, users, tmp_path)
    assert CURATORS_ONLY in said
    assert fingerprint() == before


OBSERVATION_A = f"/api/v1/observations/{INDICATOR}/-/2031/"
# What the API says outside bulk writes (DRF's standard shape has messages, not codes).
MESSAGES = {
    "key_changed": "The key names another record",
    "invalid_row": "outside your organisation",
    "exists": "already exists",
}


def reasons(response):
    """The codes of a bulk write's errors; elsewhere, the codes whose messages the answer gives."""
    body = response.json()
    if "errors" in body:
        return {e["code"] for e in body["errors"]}
    said = " ".join(message for messages in body.values() for message in messages)
    return {code for code, message in MESSAGES.items() if message in said}


def fields(response):
    body = response.json()
    return [e["field"] for e in body["errors"]] if "errors" in body else list(body)


def api_row(year, **fields):
    return {
        "indicator": INDICATOR,
        "year": year,
        "value": "1",
        "reported_by": "xi-an-jiaotong-university",
        "source": SOURCE,
        "source_locator": "x",
        **fields,
    }


@pytest.mark.parametrize(
    ("method", "url", "body", "code"),
    [
        # the key of A's draft changed to the key of B's published value
        ("patch", OBSERVATION_A, {"year": 2033}, "key_changed"),
        ("put", OBSERVATION_A, api_row(2033), "key_changed"),
        # A's own institution renamed to B's
        (
            "patch",
            "/api/v1/institutions/xi-an-jiaotong-university/",
            {"slug": "gansu-provincial-government"},
            "key_changed",
        ),
        # B's records addressed directly
        ("patch", "/api/v1/institutions/gansu-provincial-government/", {"name_en": "Taken over"}, "invalid_row"),
        ("patch", f"/api/v1/observations/{INDICATOR}/-/2033/", {"value": "0"}, "invalid_row"),
        ("post", "/api/v1/observations/", api_row(2033), "exists"),
        ("post", "/api/v1/observations/bulk/", [api_row(2033)], "invalid_row"),
        (
            "post",
            "/api/v1/memberships/bulk/",
            [
                {
                    "alliance": "new-silk-road",
                    "institution": "gansu-provincial-government",
                    "role": "member",
                    "source": SOURCE,
                    "source_locator": "x",
                }
            ],
            "invalid_row",
        ),
    ],
)
def test_a_partner_cannot_reach_another_organisations_record_through_an_api_body(
    method, url, body, code, apis, draft_a, published_b
):
    before = fingerprint()
    response = getattr(apis["partner A"], method)(url, body)
    assert response.status_code == 400, response.content
    assert code in reasons(response), response.content
    assert fingerprint() == before


@pytest.mark.parametrize(
    ("method", "url", "body"),
    [
        ("post", "/api/v1/observations/", api_row(2035, publication_status="published")),
        ("put", OBSERVATION_A, api_row(2031, publication_status="published")),
        ("post", "/api/v1/observations/bulk/", [api_row(2031, publication_status="published")]),
        ("post", "/api/v1/observations/bulk/?dry_run=1", [api_row(2036, publication_status="published")]),
    ],
)
def test_a_partner_cannot_publish_through_the_api(method, url, body, apis, draft_a):
    before = fingerprint()
    response = getattr(apis["partner A"], method)(url, body)
    assert response.status_code == 400, response.content
    assert fields(response) == ["publication_status"]
    assert fingerprint() == before


def test_a_partner_cannot_publish_their_draft_in_the_admin(browsers, draft_a):
    before = fingerprint()
    url = f"/en/admin/trade/observation/{draft_a.pk}/change/"
    form = {
        "indicator": draft_a.indicator_id,
        "year": 2031,
        "value": "5",
        "reported_by": draft_a.reported_by_id,
        "source": draft_a.source_id,
        "source_locator": "test",
        "publication_status": "published",
    }
    # A partner edits their draft in the form, whose status they cannot set: the field is not even there.
    assert 'name="publication_status"' not in browsers["partner A"].get(url).content.decode()
    assert browsers["partner A"].post(url, form).status_code in (200, 302)
    action = {"action": "publish", "_selected_action": [draft_a.pk]}
    browsers["partner A"].post("/en/admin/trade/observation/", action)
    assert fingerprint() == before


# -- drafts by address --------------------------------------------------------------------------

SECRET = "Zqxjv secret draft"


@pytest.fixture
def drafts(db):
    """A draft institution, alliance and trade value, each with a name or value found nowhere else."""
    source = Source.objects.get(slug=SOURCE)
    common = {"source": source, "source_locator": "x", "publication_status": "draft"}
    institution = Institution.objects.create(
        slug="zqxjv-institution", name_en=SECRET, kind="university", country=Country.objects.get(iso3="KAZ"), **common
    )
    alliance = Alliance.objects.create(slug="zqxjv-alliance", name_en=SECRET, founded_year=2015, **common)
    trade = TradeRecord.objects.create(
        reporter=Country.objects.get(iso3="CHN"),
        partner=Country.objects.get(iso3="KAZ"),
        year=2030,
        value=Decimal("424242.4242"),
        **common,
    )
    return {"institution": institution, "alliance": alliance, "trade": trade}


DRAFT_ADDRESSES = [
    "/en/institutions/zqxjv-institution/",
    "/zh-hans/institutions/zqxjv-institution/",
    "/en/alliances/zqxjv-alliance/",
    "/en/embed/alliances/zqxjv-alliance/",
    "/api/v1/institutions/zqxjv-institution/",
    "/api/v1/alliances/zqxjv-alliance/",
    "/api/v1/trade/CHN-KAZ-2030-total/",
]


@pytest.mark.parametrize("url", DRAFT_ADDRESSES)
def test_a_draft_is_not_found_at_its_address(url, drafts):
    assert Client().get(url).status_code == 404


@pytest.mark.parametrize("url", DRAFT_ADDRESSES)
def test_the_same_address_answers_once_published(url, drafts):
    """The control: each address above is a real one, not a 404 for every record."""
    for record in drafts.values():  # as a curator publishes: saved, so the search index hears of it
        record.publication_status = "published"
        record.save()
    assert Client().get(url).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/en/search/?q=Zqxjv",
        "/zh-hans/search/?q=Zqxjv",
        "/en/institutions/?q=Zqxjv",
        "/api/v1/institutions/?search=Zqxjv",
        "/api/v1/institutions/?format=csv",
        "/api/v1/alliances/?format=csv",
        "/api/v1/trade/?format=csv&country=KAZ",  # `partner` is no filter: refused now, no longer ignored
        "/api/v1/trade/series/?country=KAZ",
        "/en/trade/?country=KAZ",
        "/en/trade/data.csv?country=KAZ",
        "/en/countries/KAZ/",
    ],
)
def test_a_draft_is_not_listed_anywhere_public(url, drafts):
    assert not shows_a_draft(public_text(url))


@pytest.mark.parametrize(
    "url", ["/en/search/?q=Zqxjv", "/api/v1/institutions/?format=csv", "/en/trade/data.csv?country=KAZ"]
)
def test_the_same_pages_show_it_once_published(url, drafts):
    """The control: the checks above would see the records if they were public."""
    for record in drafts.values():  # as a curator publishes: saved, so the search index hears of it
        record.publication_status = "published"
        record.save()
    assert shows_a_draft(public_text(url))


def public_text(url):
    response = Client().get(url)
    assert response.status_code == 200, url
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8-sig")


def shows_a_draft(text):
    """Whether the page shows a record of ``drafts`` (the query itself may be echoed: "Zqxjv")."""
    return any(mark in text.casefold() for mark in ("secret draft", "zqxjv-")) or "424242" in text.replace(",", "")


def test_the_sitemap_leaves_drafts_out(drafts):
    client = Client()
    index = client.get("/sitemap.xml").content.decode()
    sections = re.findall(r"<loc>https?://[^/]+(/[^<]+)</loc>", index)
    assert sections
    for section in sections:
        response = client.get(section)
        assert response.status_code == 200
        assert "zqxjv" not in response.content.decode()


# -- another organisation's draft ---------------------------------------------------------------


def test_partner_b_cannot_read_partner_as_draft(apis, browsers, users, draft_a, tmp_path):
    b = apis["partner B"]
    assert b.get(OBSERVATION_A).status_code == 404
    assert b.get("/api/v1/observations/", {"year": 2031}).json()["count"] == 0
    csv_text = b"".join(b.get("/api/v1/observations/", {"format": "csv", "year": 2031}).streaming_content).decode()
    assert len(csv_text.strip().splitlines()) == 1  # the header alone
    assert b.get("/api/v1/observations/series/", {"year": 2031}).json() == []
    admin = browsers["partner B"]
    assert admin.get(f"/en/admin/trade/observation/{draft_a.pk}/change/").status_code == 302
    export = admin.get("/en/admin/trade/observation/export/", {"format": "json"}).content.decode()
    assert '"year": 2031' not in export.replace('"Year": 2031', '"year": 2031')
    out = tmp_path / "export.csv"
    call_command("export_data", "trade.Observation", "--user", users["partner B"].username, "--output", str(out))
    assert not any(",2031," in line for line in out.read_text(encoding="utf-8-sig").splitlines())
    assert apis["partner A"].get(OBSERVATION_A).status_code == 200  # the draft is there, and A's


# -- another organisation's pending changes -------------------------------------------------------


@pytest.fixture
def change_a(users):
    """Partner A's pending change to their published institution (through the API)."""
    url = "/api/v1/institutions/xi-an-jiaotong-university/"
    response = token_client(users["partner A"]).patch(url, {"city_en": "Zqxjv pending city"}, format="json")
    assert response.status_code == 202, response.content
    return PendingChange.objects.get()


def test_partner_b_cannot_see_or_decide_partner_as_pending_change(browsers, apis, change_a):
    b = browsers["partner B"]
    for url in ("/en/admin/core/pendingchange/", "/en/admin/", "/en/admin/alliances/institution/"):
        page = b.get(url)
        assert page.status_code == 200
        assert "Zqxjv" not in page.content.decode()
    assert b.get(f"/en/admin/core/pendingchange/{change_a.pk}/change/").status_code == 302  # "does not exist"
    assert b.get("/en/admin/review/").status_code == 403
    assert b.post("/en/admin/review/", {"action": "publish", "selected": f"pending:{change_a.pk}"}).status_code == 403
    b.post("/en/admin/core/pendingchange/", {"action": "accept_selected", "_selected_action": [change_a.pk]})
    institution = "/api/v1/institutions/xi-an-jiaotong-university/"
    assert "Zqxjv" not in apis["partner B"].get(institution).content.decode()
    assert apis["partner B"].patch(institution, {"city_en": "Taken over"}, format="json").status_code == 400
    change_a.refresh_from_db()
    assert change_a.state == PendingStateChoices.PENDING and change_a.values["city_en"] == "Zqxjv pending city"


def test_a_partner_sees_their_pending_change_but_cannot_accept_it(browsers, change_a):
    a = browsers["partner A"]
    assert "Zqxjv" in a.get("/en/admin/").content.decode()  # their home lists it
    assert "Zqxjv" in a.get(f"/en/admin/core/pendingchange/{change_a.pk}/change/").content.decode()
    assert a.post("/en/admin/review/", {"action": "publish", "selected": f"pending:{change_a.pk}"}).status_code == 403
    a.post("/en/admin/core/pendingchange/", {"action": "accept_selected", "_selected_action": [change_a.pk]})
    change_a.refresh_from_db()
    assert change_a.state == PendingStateChoices.PENDING
    assert Institution.objects.get(slug="xi-an-jiaotong-university").city_en == "Xi'an"


def test_partner_b_cannot_read_the_history_of_partner_as_draft(browsers, draft_a):
    assert browsers["partner B"].get(f"/en/admin/trade/observation/{draft_a.pk}/history/").status_code == 404
    assert browsers["partner A"].get(f"/en/admin/trade/observation/{draft_a.pk}/history/").status_code == 200
