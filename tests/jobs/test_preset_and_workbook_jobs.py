"""A preset's and a workbook's imports as background jobs: the job carries the preset, a worker runs the workbook."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from alliances.models import Institution
from core.jobs.models import Job, JobState
from reference.models import Source
from tests.imports.test_admin_workbook import SHEETS, URL
from tests.imports.test_presets import COMTRADE
from tests.imports.test_workbooks import workbook
from trade.models import TradeRecord

from . import run_queued_jobs

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def background(settings, tmp_path):
    """Every file goes to a worker (none inline)."""
    settings.JOBS_INLINE_MAX_BYTES = 0
    settings.IMPORT_UPLOAD_DIR = tmp_path / "uploads"
    settings.JOBS_HEARTBEAT_SECONDS = 0.05


def test_the_apis_background_import_keeps_the_preset(curator):
    Source.objects.create(slug="un-comtrade", title_original="UN Comtrade Database", language="en")
    client = APIClient()
    client.force_authenticate(curator)
    with COMTRADE.open("rb") as upload:
        response = client.post(
            "/api/v1/trade/bulk/?background=1&preset=un-comtrade", {"file": upload}, format="multipart"
        )
    assert response.status_code == 202
    assert Job.objects.get().options == {"preset": "un-comtrade"}
    run_queued_jobs()
    assert Job.objects.get().state == JobState.COMPLETED
    assert TradeRecord.objects.filter(source__slug="un-comtrade").count() == 5


def test_a_large_workbook_is_checked_and_imported_by_a_worker(curator_client):
    response = curator_client.post(URL, {"import_file": SimpleUploadedFile("book.xlsx", workbook(SHEETS))})
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == f"/en/admin/jobs/job/{job.pk}/change/"
    run_queued_jobs()
    page = curator_client.get(response.url).content.decode()
    assert 'class="import-sheets"' in page and f'action="{URL}"' in page
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    assert curator_client.post(URL, {"token": token}).url == response.url
    run_queued_jobs()
    job.refresh_from_db()
    assert job.state == JobState.COMPLETED and job.record.created == 3
    assert Institution.objects.filter(slug="lanzhou-test-university").exists()
