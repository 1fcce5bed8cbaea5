"""Who may do what: every role against every action, on a model partners keep (observations) and on
one they do not (trade records). Partner A speaks for Xi'an Jiaotong University; the draft and the
rows written below are A's."""

from decimal import Decimal

import pytest

from alliances.models import Institution
from reference.models import Source
from trade.models import Indicator, Observation

from .conftest import PARTNER_A_INSTITUTION

ROLES = ["anonymous", "reader", "partner A", "partner B", "curator", "superuser"]
OBSERVATIONS = "/api/v1/observations/"
INDICATOR = "international-students-in-china"

# action: the status each role gets, in the order of ROLES.
MATRIX = {
    "read published": [200, 200, 200, 200, 200, 200],
    "read draft": [404, 404, 200, 404, 200, 200],
    "list drafts": [0, 0, 1, 0, 1, 1],  # how many of A's drafts the list shows
    "create": [401, 403, 201, 400, 201, 201],
    "update": [401, 403, 200, 404, 200, 200],
    "delete": [401, 403, 403, 403, 204, 204],
    "bulk": [401, 403, 200, 400, 200, 200],
    "create outside partner models": [401, 403, 403, 403, 201, 201],
}


@pytest.fixture
def draft(db):
    """A draft observation reported by partner A's institution."""
    return Observation.objects.create(
        indicator=Indicator.objects.get(slug=INDICATOR),
        year=2031,
        value=Decimal("5"),
        reported_by=Institution.objects.get(slug=PARTNER_A_INSTITUTION),
        source=Source.objects.get(slug="bri-university-alliances"),
        source_locator="test",
        publication_status="draft",
    )


def row(year):
    return {
        "indicator": INDICATOR,
        "year": year,
        "value": "12",
        "reported_by": PARTNER_A_INSTITUTION,
        "source": "bri-university-alliances",
        "source_locator": "reported by the university",
    }


def act(action, client, draft):
    """Do ``action`` as ``client``; the status code (or, for "list drafts", a count)."""
    draft_url = f"{OBSERVATIONS}{INDICATOR}/-/2031/"
    if action == "read published":
        return client.get(f"{OBSERVATIONS}{INDICATOR}/-/2018/").status_code
    if action == "read draft":
        return client.get(draft_url).status_code
    if action == "list drafts":
        return client.get(OBSERVATIONS, {"year": 2031}).json()["count"]
    if action == "create":
        return client.post(OBSERVATIONS, row(2032)).status_code
    if action == "update":
        return client.patch(draft_url, {"value": "6"}).status_code
    if action == "delete":
        return client.delete(draft_url).status_code
    if action == "bulk":
        return client.post(f"{OBSERVATIONS}bulk/", [row(2033), row(2034)]).status_code
    if action == "create outside partner models":
        body = {"partner": "NZL", "year": 2030, "value": "1", "source": "eurasian-practice-2022", "source_locator": "x"}
        return client.post("/api/v1/trade/", body).status_code
    raise AssertionError(action)


@pytest.mark.parametrize("action", MATRIX)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(action, role, clients, draft):
    assert act(action, clients[role], draft) == MATRIX[action][ROLES.index(role)]


def test_what_a_partner_creates_starts_as_a_draft_and_stays_theirs(partner_a, partner_b, anonymous):
    response = partner_a.post(OBSERVATIONS, row(2032))
    assert response.json()["publication_status"] == "draft"
    url = response.json()["api_url"]
    assert partner_a.get(url).status_code == 200
    assert partner_b.get(url).status_code == 404
    assert anonymous.get(url).status_code == 404


def test_a_partner_may_not_publish(partner_a, draft):
    response = partner_a.patch(f"{OBSERVATIONS}{INDICATOR}/-/2031/", {"publication_status": "published"})
    assert response.status_code == 400
    assert list(response.json()) == ["publication_status"]
    draft.refresh_from_db()
    assert draft.publication_status == "draft"


def test_a_partner_may_send_back_the_status_they_read(partner_a, draft):
    url = f"{OBSERVATIONS}{INDICATOR}/-/2031/"
    record = partner_a.get(url).json()
    record["value"] = "7"
    response = partner_a.put(url, record)
    assert response.status_code == 200, response.content
    assert response.json()["value"] == "7.0000"


def test_a_partner_may_not_move_a_row_out_of_their_organisation(partner_a, draft):
    response = partner_a.patch(f"{OBSERVATIONS}{INDICATOR}/-/2031/", {"reported_by": "gansu-provincial-government"})
    assert response.status_code == 400
    assert list(response.json()) == ["non_field_errors"]
    draft.refresh_from_db()
    assert draft.reported_by.slug == PARTNER_A_INSTITUTION


def test_a_partner_sees_nested_drafts_of_their_own_only(partner_a, partner_b, anonymous):
    from alliances.models import Alliance, Membership

    membership = Membership.objects.get(alliance__slug="new-silk-road", institution__slug=PARTNER_A_INSTITUTION)
    Membership.objects.filter(pk=membership.pk).update(publication_status="draft")
    alliance = Alliance.objects.get(slug="new-silk-road")

    def members(client):
        data = client.get(f"/api/v1/alliances/{alliance.slug}/").json()
        return [m["institution"]["slug"] for m in data["memberships"]]

    assert PARTNER_A_INSTITUTION in members(partner_a)
    assert PARTNER_A_INSTITUTION not in members(partner_b)
    assert PARTNER_A_INSTITUTION not in members(anonymous)


def test_an_invalid_token_is_refused(anonymous):
    anonymous.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = anonymous.get(OBSERVATIONS)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {"detail": "Invalid token."}
