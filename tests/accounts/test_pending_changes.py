"""A partner's change to a published record waits as a pending change; the public keeps the published version.

Partner A speaks for Xi'an Jiaotong University (published in the seed data), partner B for the Gansu
Provincial Government. Every door is tried: a spreadsheet import, a workbook, the API, the admin's form.
"""

import json
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from alliances.models import Institution
from core.choices import ChangedViaChoices, PendingStateChoices, PublicationStatusChoices
from core.imports.pending import ChangeRefused, accept, reject, with_diffs
from core.imports.services import import_file
from core.pending import PendingChange
from core.roles import CURATORS
from reference.models import Source
from tests.api.conftest import PARTNER_A_INSTITUTION, PARTNER_B_INSTITUTION, partner, token_client
from trade.models import Indicator, Observation

SLUG = PARTNER_A_INSTITUTION
PUBLIC = f"/en/institutions/{SLUG}/"
HEADER = "slug,name_en,name_zh,kind,country,city_en,source,source_locator\n"
QUEUE = "/en/admin/review/"
INDICATOR = "international-students-in-china"


def row(name="Xi'an Jiaotong University", city="Xi'an"):
    """Partner A's institution as a spreadsheet row; unchanged unless told otherwise."""
    locator = Institution.objects.get(slug=SLUG).source_locator.replace('"', '""')
    return f'{SLUG},"{name}",西安交通大学,university,CHN,"{city}",bri-university-alliances,"{locator}"\n'


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def partner_a(db):
    user = partner("pend-partner-a", PARTNER_A_INSTITUTION)
    user.is_staff = True
    user.save()
    return user


@pytest.fixture
def partner_b(db):
    user = partner("pend-partner-b", PARTNER_B_INSTITUTION)
    user.is_staff = True
    user.save()
    return user


@pytest.fixture
def curator(db):
    user = User.objects.create_user("pend-curator", password="a-long-test-password", is_staff=True)
    user.groups.add(Group.objects.get(name=CURATORS))
    return user


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def import_as(user, content, dry_run=False):
    return import_file(Institution, content.encode(), "rows.csv", user=user, dry_run=dry_run)


def institution():
    return Institution.objects.get(slug=SLUG)


def versions():
    return institution().history.count()


# -- the journey, without a browser ---------------------------------------------------------------


def test_a_correction_waits_while_the_public_keeps_the_published_record(partner_a, curator, client):
    before = versions()
    report = import_as(partner_a, HEADER + row(name="Xi'an Jiaotong University (XJTU)"))
    assert report.ok, report.problems
    assert report.totals == {"new": 0, "update": 0, "skip": 0, "pending": 1}
    assert "1 change to a published record awaits a curator's review" in report.summary()
    record = institution()
    assert record.publication_status == PublicationStatusChoices.PUBLISHED
    assert record.name_en == "Xi'an Jiaotong University"
    assert versions() == before
    page = client.get(PUBLIC)
    assert page.status_code == 200
    assert "(XJTU)" not in page.content.decode()

    change = PendingChange.objects.get()
    assert change.submitted_by == partner_a and change.via == ChangedViaChoices.OTHER
    assert change.import_id == report.record.pk
    [shown] = with_diffs([change])
    assert [(r["field"], r["old"], r["new"]) for r in shown.diff] == [
        ("Name (English)", "Xi'an Jiaotong University", "Xi'an Jiaotong University (XJTU)")
    ]

    accept(change, curator)
    record = institution()
    assert record.name_en == "Xi'an Jiaotong University (XJTU)"
    assert record.publication_status == PublicationStatusChoices.PUBLISHED
    latest = record.history.first()
    assert latest.history_user == curator
    assert latest.changed_via == ChangedViaChoices.ADMIN
    assert "pend-partner-a" in latest.history_change_reason
    cache.clear()
    assert "(XJTU)" in client.get(PUBLIC).content.decode()
    change.refresh_from_db()
    assert change.state == PendingStateChoices.ACCEPTED and change.decided_by == curator


def test_the_admin_preview_counts_the_changes_held_for_review(partner_a):
    upload = SimpleUploadedFile("rows.csv", (HEADER + row(city="Xi'an, Shaanxi")).encode())
    page = signed_in(partner_a).post("/en/admin/alliances/institution/import/", {"import_file": upload})
    assert page.status_code == 200
    html = page.content.decode()
    assert '<td class="import-pending">1</td>' in html and '<td class="import-updated">0</td>' in html
    assert "Held for review" in html
    assert institution().city_en == "Xi'an" and not PendingChange.objects.exists()  # a check writes nothing


def test_a_second_correction_updates_the_open_change(partner_a):
    import_as(partner_a, HEADER + row(name="First try"))
    import_as(partner_a, HEADER + row(name="First try", city="Xi’an, Shaanxi"))
    change = PendingChange.objects.get()
    assert change.values["name_en"] == "First try" and change.values["city_en"] == "Xi’an, Shaanxi"
    assert change.base["name_en"] == "Xi'an Jiaotong University"


def test_a_rejected_change_leaves_the_record_and_tells_the_partner(partner_a, curator):
    import_as(partner_a, HEADER + row(name="Wrong name"))
    change = reject(PendingChange.objects.get(), curator, "The charter spells it otherwise.")
    assert change.state == PendingStateChoices.REJECTED
    assert institution().name_en == "Xi'an Jiaotong University"
    home = signed_in(partner_a).get("/en/admin/").content.decode()
    assert "The charter spells it otherwise." in home


def test_a_stale_change_is_refused_until_accepted_anyway(partner_a, curator):
    import_as(partner_a, HEADER + row(name="Partner's name"))
    Institution.objects.filter(slug=SLUG).update(name_en="Curator's name")
    change = PendingChange.objects.get()
    with pytest.raises(ChangeRefused, match="changed after the partner proposed"):
        accept(change, curator)
    assert institution().name_en == "Curator's name"
    accept(change, curator, anyway=True)
    assert institution().name_en == "Partner's name"


def test_a_change_is_accepted_once(partner_a, curator):
    import_as(partner_a, HEADER + row(name="Once"))
    change = PendingChange.objects.get()
    accept(change, curator)
    with pytest.raises(ChangeRefused, match="decided already"):
        accept(change, curator)


# -- unchanged rows change nothing ------------------------------------------------------------------


def test_an_unchanged_row_changes_nothing(partner_a):
    before, updated = versions(), institution().updated_at
    report = import_as(partner_a, HEADER + row())
    assert report.ok, report.problems
    assert report.totals == {"new": 0, "update": 0, "skip": 1, "pending": 0}
    assert institution().publication_status == PublicationStatusChoices.PUBLISHED
    assert institution().updated_at == updated
    assert versions() == before
    assert not PendingChange.objects.exists()


def test_an_unchanged_api_write_changes_nothing(partner_a):
    api = token_client(partner_a)
    before = versions()
    record = api.get(f"/api/v1/institutions/{SLUG}/").json()
    response = api.patch(f"/api/v1/institutions/{SLUG}/", {"name_en": record["name_en"]}, format="json")
    assert response.status_code == 200, response.content
    assert institution().publication_status == PublicationStatusChoices.PUBLISHED
    assert versions() == before
    assert not PendingChange.objects.exists()


# -- the other doors ------------------------------------------------------------------------------------


def test_an_api_write_is_held(partner_a):
    api = token_client(partner_a)
    response = api.patch(f"/api/v1/institutions/{SLUG}/", {"city_en": "Xi'an, Shaanxi"}, format="json")
    assert response.status_code == 202, response.content
    assert "awaits a curator's review" in response.json()["detail"]
    assert response.json()["record"]["city_en"] == "Xi'an"
    assert institution().city_en == "Xi'an"
    change = PendingChange.objects.get()
    assert change.via == ChangedViaChoices.API and change.values["city_en"] == "Xi'an, Shaanxi"


def test_an_api_bulk_write_counts_pending_changes_and_drafts(partner_a):
    api = token_client(partner_a)
    current = api.get(f"/api/v1/institutions/{SLUG}/").json()
    fields = ["slug", "name_en", "kind", "country", "source", "source_locator"]
    rows = [
        {**{k: current[k] for k in fields}, "name_en": "XJTU"},
        {**{k: current[k] for k in fields}, "slug": "xjtu-new-campus", "name_en": "XJTU Innovation Harbour"},
    ]
    response = api.post("/api/v1/institutions/bulk/", json.dumps(rows), content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["totals"] == {"new": 1, "update": 0, "skip": 0, "pending": 1}
    assert "1 new record is a draft awaiting review" in response.json()["message"]
    assert Institution.objects.get(slug="xjtu-new-campus").publication_status == PublicationStatusChoices.DRAFT


def test_the_admin_form_holds_the_change(partner_a):
    record = institution()
    browser = signed_in(partner_a)
    url = f"/en/admin/alliances/institution/{record.pk}/change/"
    page = browser.get(url)
    assert page.status_code == 200
    assert 'name="publication_status"' not in page.content.decode()
    form = {
        "slug": SLUG,
        "name_en": "XJTU",
        "name_zh": record.name_zh,
        "kind": record.kind,
        "country": record.country_id,
        "city_en": record.city_en,
        "city_zh": record.city_zh,
        "description_en": record.description_en,
        "description_zh": record.description_zh,
        "source": record.source_id,
        "source_locator": record.source_locator,
        "publication_status": "draft",
    }
    response = browser.post(url, form, follow=True)
    assert response.status_code == 200
    assert "awaits a curator" in response.content.decode()
    assert institution().name_en == "Xi'an Jiaotong University"
    assert institution().publication_status == PublicationStatusChoices.PUBLISHED
    change = PendingChange.objects.get()
    assert change.via == ChangedViaChoices.ADMIN and change.values["name_en"] == "XJTU"


def test_a_partner_may_not_open_another_organisations_record_for_editing(partner_a):
    other = Institution.objects.get(slug=PARTNER_B_INSTITUTION)
    browser = signed_in(partner_a)
    assert browser.post(f"/en/admin/alliances/institution/{other.pk}/change/", {"name_en": "x"}).status_code == 403
    assert not PendingChange.objects.exists()


# -- the review: queue, admin list, counts ------------------------------------------------------------


def published_observations(years):
    """Published observations reported by partner A's institution, one per year."""
    source = Source.objects.get(slug="bri-university-alliances")
    indicator = Indicator.objects.get(slug=INDICATOR)
    reporter = institution()
    for year in years:
        Observation.objects.create(
            indicator=indicator,
            year=year,
            value=Decimal(5),
            reported_by=reporter,
            source=source,
            source_locator="t",
            publication_status=PublicationStatusChoices.PUBLISHED,
        )


def correct_observations(user, years, value=7):
    rows = "".join(f"{INDICATOR},{year},{value},{SLUG},bri-university-alliances,t\n" for year in years)
    content = "indicator,year,value,reported_by,source,source_locator\n" + rows
    report = import_file(Observation, content.encode(), "o.csv", user=user)
    assert report.ok, [str(p) for p in report.problems]
    return report


def test_the_queue_shows_the_diff_and_accepts_in_bulk(partner_a, curator):
    published_observations([2051, 2052])
    report = correct_observations(partner_a, [2051, 2052])
    assert report.totals["pending"] == 2
    browser = signed_in(curator)
    assert "Changes to published records" in browser.get("/en/admin/").content.decode()  # the curators' count
    page = browser.get(QUEUE).content.decode()
    assert "<del>5" in page and "<ins>7</ins>" in page
    selected = [f"pending:{change.pk}" for change in PendingChange.objects.all()]
    assert browser.post(QUEUE, {"action": "publish", "selected": selected}).status_code == 302
    values = Observation.objects.filter(year__in=[2051, 2052]).values_list("value", "publication_status")
    assert set(values) == {(Decimal(7), PublicationStatusChoices.PUBLISHED)}
    assert set(PendingChange.objects.values_list("state", flat=True)) == {PendingStateChoices.ACCEPTED}


def test_the_admin_rejects_in_bulk_with_a_reason(partner_a, curator):
    published_observations([2053])
    correct_observations(partner_a, [2053])
    browser = signed_in(curator)
    change = PendingChange.objects.get()
    action = {"action": "reject_selected", "_selected_action": [change.pk], "reason": ""}
    browser.post("/en/admin/core/pendingchange/", action)
    assert PendingChange.objects.get().state == PendingStateChoices.PENDING  # no reason, no rejection
    browser.post("/en/admin/core/pendingchange/", {**action, "reason": "Not in the annual report."})
    change.refresh_from_db()
    assert (change.state, change.reason, change.decided_by) == (
        PendingStateChoices.REJECTED,
        "Not in the annual report.",
        curator,
    )
    assert Observation.objects.get(year=2053).value == Decimal(5)
    assert "Not in the annual report." in signed_in(partner_a).get("/en/admin/").content.decode()


def test_the_queue_runs_a_bounded_number_of_queries(partner_a, curator, django_assert_max_num_queries):
    published_observations(range(2060, 2080))
    correct_observations(partner_a, [2060, 2061])
    browser = signed_in(curator)
    with django_assert_max_num_queries(200) as few:
        browser.get(QUEUE)
    correct_observations(partner_a, range(2062, 2080))
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = browser.get(QUEUE)
    assert page.content.decode().count('name="selected" value="pending:') == 20
