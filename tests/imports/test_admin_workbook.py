"""The admin's workbook page: one upload, one job, a preview per sheet, one confirmation, one import record."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from alliances.models import Institution, Membership
from cooperation.models import CooperationProject
from core.jobs.models import Job
from core.models import ImportRecord
from tests.imports.test_workbooks import INSTITUTIONS, MEMBERSHIPS, PROJECTS, SOURCE, workbook

pytestmark = pytest.mark.django_db

URL = "/en/admin/core/importrecord/workbook/"
SHEETS = {"Cooperation projects": PROJECTS, "memberships": MEMBERSHIPS, "institutions": INSTITUTIONS}


def upload(client, content, url=URL):
    return client.post(url, {"import_file": SimpleUploadedFile("book.xlsx", content)})


def token_of(response):
    return re.search(r'name="token" value="([^"]+)"', response.content.decode()).group(1)


def sheet_counts(page):
    """[(sheet, new, errors)] from the page's table of sheets."""
    rows = re.findall(
        r"<tr><td>([^<]*)</td><td>[^<]*</td><td>\d+</td>\s*<td class=\"sheet-new\">(\d+)</td>.*?"
        r"<td class=\"sheet-errors\">(\d+)</td></tr>",
        page,
        re.S,
    )
    return [(sheet, int(new), int(errors)) for sheet, new, errors in rows]


def test_the_import_pages_link_to_the_workbook_page(curator_client):
    assert URL in curator_client.get("/en/admin/trade/traderecord/import/").content.decode()
    page = curator_client.get(URL).content.decode()
    assert "/data/templates/workbook.xlsx" in page and 'type="file"' in page


def test_a_workbook_is_previewed_per_sheet_then_imported_as_one(curator_client):
    preview = upload(curator_client, workbook(SHEETS))
    page = preview.content.decode()
    assert sheet_counts(page) == [("institutions", 1, 0), ("memberships", 1, 0), ("Cooperation projects", 1, 0)]
    assert "Changes in “institutions”" in page and "Lanzhou Test University" in page
    assert not Institution.objects.filter(slug="lanzhou-test-university").exists()
    assert Job.objects.get().model_label == "workbook"
    done = curator_client.post(URL, {"token": token_of(preview)})
    assert done.status_code == 302
    record = ImportRecord.objects.get(status="completed", via="admin")
    assert (record.created, Job.objects.get().record_id) == (3, record.pk)
    assert Membership.objects.filter(institution__slug="lanzhou-test-university").exists()
    assert CooperationProject.objects.filter(slug="test-joint-lab").exists()


def test_a_bad_row_in_the_last_sheet_is_located_and_nothing_can_be_confirmed(curator_client):
    bad = [{**PROJECTS[0], "participants": "no-such-university:lead"}]
    page = upload(curator_client, workbook({**SHEETS, "Cooperation projects": bad})).content.decode()
    assert 'name="confirm"' not in page
    assert "Cooperation projects" in page and "no-such-university" in page
    assert ("Cooperation projects", 0, 1) in sheet_counts(page)
    assert not Institution.objects.filter(slug="lanzhou-test-university").exists()


def test_the_confirmation_is_bound_to_the_workbook_page(curator_client):
    token = token_of(upload(curator_client, workbook(SHEETS)))
    refused = curator_client.post("/en/admin/alliances/institution/import/", {"token": token}, follow=True)
    assert "upload the file again" in refused.content.decode()
    assert not Institution.objects.filter(slug="lanzhou-test-university").exists()


def test_a_partner_is_refused_the_sheets_of_tables_they_may_not_import(client, partner):
    client.force_login(partner)
    trade = [{"partner": "KAZ", "year": 2031, "value": 1, **SOURCE}]
    page = upload(client, workbook({"trade records": trade})).content.decode()
    assert "You may not import trade records" in page and 'name="confirm"' not in page


def test_the_page_speaks_chinese(curator_client):
    page = upload(curator_client, workbook(SHEETS), "/zh-hans/admin/core/importrecord/workbook/").content.decode()
    assert "确认导入" in page and "工作表" in page


def test_visitors_are_sent_to_sign_in(client):
    assert client.get(URL).status_code == 302
