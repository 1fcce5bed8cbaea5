"""The API's permission matrix (tests/api/test_permissions.py) extended to the admin: every role
against every admin page and import/export action, on observations (a model partners keep).

A cell is what the role gets: an HTTP status, ``login`` (sent to the admin's login page),
``missing`` (the admin's "does not exist" redirect: the record is not in the role's queryset),
or, for actions that write, what became of the database (``held``: a pending change waits for review, the
record unchanged).
"""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.pending import PendingChange
from tests.hostile.fingerprint import fingerprint
from trade.models import Observation

from .conftest import INDICATOR, ROLES

OBSERVATIONS = "/en/admin/trade/observation/"

# page: the outcome for each role, in the order of ROLES (anonymous, partner A, partner B, curator, superuser).
MATRIX = {
    "changelist": ["login", 200, 200, 200, 200],
    "changelist lists A's draft": ["login", True, False, True, True],
    "change view of a published record": ["login", 200, 200, 200, 200],
    # B's published record: A may not touch it; B's change is held for review (the record unchanged).
    "save a published record": ["login", 403, "held", "saved", "saved"],
    "change view of A's draft": ["login", 200, "missing", 200, 200],
    "add": ["login", 403, 403, 200, 200],
    "delete A's draft": ["login", 403, 403, "deleted", "deleted"],
    "publish action on A's draft": ["login", "unchanged", "unchanged", "published", "published"],
    "import page": ["login", 200, 200, 200, 200],
    "import and confirm a row of A's": ["login", "imported", "refused", "imported", "imported"],
    "export lists A's draft": ["login", True, False, True, True],
    "history of a published record": ["login", 200, 200, 200, 200],
    "history of A's draft": ["login", 200, 404, 200, 200],
    "import records": ["login", 403, 403, 200, 200],
}


def outcome(response):
    if response.status_code == 302:
        if "/admin/login/" in response["Location"]:
            return "login"
        if response["Location"].rstrip("/").endswith("/admin"):
            return "missing"
    return response.status_code


def a_row_of_partner_a(year=2040):
    return (
        "indicator,year,value,reported_by,source,source_locator\n"
        f"{INDICATOR},{year},9,xi-an-jiaotong-university,bri-university-alliances,x\n"
    ).encode()


def act(page, client, draft, published):
    change = f"{OBSERVATIONS}{published.pk}/change/"
    draft_change = f"{OBSERVATIONS}{draft.pk}/change/"
    if page == "changelist":
        return outcome(client.get(OBSERVATIONS))
    if page == "changelist lists A's draft":
        response = client.get(OBSERVATIONS, {"year__gte": 2031, "year__lte": 2031})
        if outcome(response) != 200:
            return outcome(response)
        return f"/{draft.pk}/change/" in response.content.decode()
    if page == "change view of a published record":
        return outcome(client.get(change))
    if page == "save a published record":
        before = fingerprint()
        data = {
            "indicator": published.indicator_id,
            "year": published.year,
            "value": "999",
            "qualifier": published.qualifier,
            "source": published.source_id,
            "source_locator": "changed",
            "publication_status": "published",
        }
        response = client.post(change, data)
        if outcome(response) != 302:
            assert fingerprint() == before
            return outcome(response)
        published.refresh_from_db()
        if PendingChange.objects.open().exists():
            assert fingerprint() == before
            return "held"
        return "saved" if published.source_locator == "changed" else outcome(response)
    if page == "change view of A's draft":
        return outcome(client.get(draft_change))
    if page == "add":
        return outcome(client.get(f"{OBSERVATIONS}add/"))
    if page == "delete A's draft":
        before = fingerprint()
        result = outcome(client.post(f"{OBSERVATIONS}{draft.pk}/delete/", {"post": "yes"}))
        if Observation.objects.filter(pk=draft.pk).exists():
            assert fingerprint() == before
            return result
        return "deleted"
    if page == "publish action on A's draft":
        before = fingerprint()
        response = client.post(OBSERVATIONS, {"action": "publish", "_selected_action": [draft.pk]})
        draft.refresh_from_db()
        if draft.publication_status == "published":
            return "published"
        assert fingerprint() == before
        return outcome(response) if outcome(response) == "login" else "unchanged"
    if page == "import page":
        return outcome(client.get(f"{OBSERVATIONS}import/"))
    if page == "import and confirm a row of A's":
        url = f"{OBSERVATIONS}import/"
        before = fingerprint()
        preview = client.post(url, {"import_file": SimpleUploadedFile("a.csv", a_row_of_partner_a()), "format": ""})
        if outcome(preview) != 200:
            return outcome(preview)
        token = re.search(r'name="token" value="([^"]+)"', preview.content.decode())
        if token is None:
            assert "outside your organisation" in preview.content.decode()
            assert fingerprint() == before
            return "refused"
        assert outcome(client.post(url, {"token": token.group(1)})) == 302
        imported = Observation.objects.get(indicator__slug=INDICATOR, year=2040)
        if client.user.is_superuser or not hasattr(client.user, "partner_profile"):
            return "imported"
        return "imported" if imported.publication_status == "draft" else "published by a partner"
    if page == "export lists A's draft":
        response = client.get(f"{OBSERVATIONS}export/", {"format": "csv"})
        if outcome(response) != 200:
            return outcome(response)
        return any(line.split(",")[2:3] == ["2031"] for line in response.content.decode("utf-8-sig").splitlines())
    if page == "history of a published record":
        return outcome(client.get(f"{OBSERVATIONS}{published.pk}/history/"))
    if page == "history of A's draft":
        return outcome(client.get(f"{OBSERVATIONS}{draft.pk}/history/"))
    if page == "import records":
        return outcome(client.get("/en/admin/core/importrecord/"))
    raise AssertionError(page)


@pytest.mark.parametrize("page", MATRIX)
@pytest.mark.parametrize("role", ROLES)
def test_admin_permission_matrix(page, role, browsers, draft_a, published_b):
    assert act(page, browsers[role], draft_a, published_b) == MATRIX[page][ROLES.index(role)]
