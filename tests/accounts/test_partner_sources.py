"""A partner adds the documents they cite as draft sources and cites them at once, in the same workbook;
nobody else sees or cites them until a curator publishes them.

Partner A speaks for Xi'an Jiaotong University, partner B for the Gansu Provincial Government.
"""

import io

import openpyxl
import pytest
from django.core.cache import cache
from django.test import Client

from core.choices import PublicationStatusChoices
from core.imports.services import import_file
from core.imports.workbooks import import_workbook
from reference.models import Source
from tests.api.conftest import PARTNER_A_INSTITUTION, PARTNER_B_INSTITUTION, partner, token_client
from trade.models import Observation

SLUG = "xjtu-annual-report-2025"
REPORT = {
    "slug": SLUG,
    "title_original": "西安交通大学2025年年度报告",
    "title_en": "Xi'an Jiaotong University annual report 2025",
    "language": "zh",
    "year": 2025,
}
OBSERVATION = {
    "indicator": "international-students-in-china",
    "year": 2091,
    "value": 3100,
    "reported_by": PARTNER_A_INSTITUTION,
    "source": SLUG,
    "source_locator": "p. 12",
}


def workbook(sheets):
    """An XLSX: {sheet name: [row dicts]}, sheets in the order given (here: the citing sheet first)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        headers = list(dict.fromkeys(key for row in rows for key in row))
        sheet.append(headers)
        for row in rows:
            sheet.append([row.get(h) for h in headers])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


BOOK = {"Observations": [OBSERVATION], "Sources": [REPORT]}


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def partner_a(db):
    return partner("src-partner-a", PARTNER_A_INSTITUTION)


@pytest.fixture
def partner_b(db):
    return partner("src-partner-b", PARTNER_B_INSTITUTION)


def test_a_partner_adds_a_source_and_cites_it_in_the_same_workbook(partner_a):
    check = import_workbook(workbook(BOOK), "book.xlsx", user=partner_a, dry_run=True)
    assert check.ok, [str(p) for p in check.problems]
    assert [s.model_label for s in check.sheets] == ["reference.Source", "trade.Observation"]
    assert not Source.objects.filter(slug=SLUG).exists()
    report = import_workbook(workbook(BOOK), "book.xlsx", user=partner_a)
    assert report.ok, [str(p) for p in report.problems]
    source = Source.objects.get(slug=SLUG)
    assert source.publication_status == PublicationStatusChoices.DRAFT
    observation = Observation.objects.get(year=2091)
    assert observation.source == source and observation.publication_status == PublicationStatusChoices.DRAFT
    assert "2 new records are drafts awaiting review" in report.summary()
    assert Source.objects.for_organisation(partner_a.partner_profile).get() == source


def test_the_public_and_other_partners_neither_see_nor_cite_a_draft_source(partner_a, partner_b, client):
    import_workbook(workbook(BOOK), "book.xlsx", user=partner_a)
    assert client.get(f"/en/sources/{SLUG}/").status_code == 404
    assert SLUG not in client.get("/en/sources/").content.decode()
    assert token_client(partner_b).get(f"/api/v1/sources/{SLUG}/").status_code == 404
    assert token_client(partner_a).get(f"/api/v1/sources/{SLUG}/").status_code == 200
    rows = "indicator,year,value,reported_by,source,source_locator\n"
    rows += f"international-students-in-china,2092,1,{PARTNER_B_INSTITUTION},{SLUG},x\n"
    report = import_file(Observation, rows.encode(), "o.csv", user=partner_b)
    assert not report.ok and report.problems[0].column == "source"
    b_admin = Client()
    partner_b.is_staff = True
    partner_b.save()
    b_admin.force_login(partner_b)
    assert SLUG not in b_admin.get("/en/admin/reference/source/").content.decode()


def test_a_published_source_is_public(partner_a, client):
    import_workbook(workbook(BOOK), "book.xlsx", user=partner_a)
    Source.objects.filter(slug=SLUG).update(publication_status=PublicationStatusChoices.PUBLISHED)
    assert client.get(f"/en/sources/{SLUG}/").status_code == 200


def test_a_curators_new_source_is_published_as_before(db):
    source = Source.objects.create(slug="curators-source", title_original="A report", language="en")
    assert source.publication_status == PublicationStatusChoices.PUBLISHED


def test_no_record_is_published_before_its_draft_source(partner_a, curator_client):
    import_workbook(workbook(BOOK), "book.xlsx", user=partner_a)
    observation = Observation.objects.get(year=2091)
    draft = PublicationStatusChoices.DRAFT

    # the changelist's action publishes nothing and says why
    action = {"action": "publish", "_selected_action": [observation.pk]}
    page = curator_client.post("/en/admin/trade/observation/", action, follow=True)
    assert "1 record cites a source that is not published yet" in page.content.decode()
    observation.refresh_from_db()
    assert observation.publication_status == draft

    # the change form refuses, naming the source
    form = curator_client.get(f"/en/admin/trade/observation/{observation.pk}/change/").context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(publication_status="published", source=observation.source_id, _save="Save")
    page = curator_client.post(f"/en/admin/trade/observation/{observation.pk}/change/", data)
    assert page.status_code == 200
    assert "is not published yet: publish the source first" in page.content.decode()
    observation.refresh_from_db()
    assert observation.publication_status == draft

    # the review queue publishes the source first when both are chosen
    source = Source.objects.get(slug=SLUG)
    chosen = [f"trade.observation:{observation.pk}", f"reference.source:{source.pk}"]
    curator_client.post("/en/admin/review/", {"action": "publish", "selected": chosen})
    observation.refresh_from_db()
    source.refresh_from_db()
    assert observation.publication_status == source.publication_status == PublicationStatusChoices.PUBLISHED
