"""A job through each door (admin, command, API); progress; cancel; expiry; the per-user limit; no secrets."""

import json
import re
from datetime import timedelta
from functools import partial

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import APIToken
from core.imports import fast as fast_run
from core.imports import run as import_run
from core.imports.context import ImportContext
from core.jobs import runner
from core.jobs import service as jobs
from core.jobs.files import stored_path
from core.jobs.models import Job, JobState
from core.notices.models import Notice
from trade.models import TradeRecord

from . import run_queued_jobs

pytestmark = pytest.mark.django_db

IMPORT_URL = "/en/admin/trade/traderecord/import/"
HEADER = b"partner,year,value,source,source_locator,publication_status\n"
GOOD = HEADER + b"NZL,2019,7.5,eurasian-practice-2022,x,published\nNZL,2018,6.5,eurasian-practice-2022,x,published\n"


@pytest.fixture(autouse=True)
def background(settings, tmp_path):
    """Every file goes to a worker (none inline), uploads in a folder of the test's own."""
    settings.JOBS_INLINE_MAX_BYTES = 0
    settings.IMPORT_UPLOAD_DIR = tmp_path / "uploads"
    settings.JOBS_HEARTBEAT_SECONDS = 0.05


def upload(client, content=GOOD):
    return client.post(IMPORT_URL, {"import_file": SimpleUploadedFile("trade.csv", content), "format": ""})


def test_admin_door_check_preview_confirm_import(curator_client, curator):
    response = upload(curator_client)
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == f"/en/admin/jobs/job/{job.pk}/change/"
    page = curator_client.get(response.url).content.decode()
    assert "Queued" in page and 'class="job-bar"' in page and "job-refresh" in page and "job-cancel" in page
    run_queued_jobs()
    job.refresh_from_db()
    assert job.state == JobState.AWAITING_CONFIRMATION and job.report["totals"]["new"] == 2
    page = curator_client.get(response.url).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    assert 'class="import-new">2<' in page and not TradeRecord.objects.filter(partner__iso3="NZL", year=2019).exists()
    confirmed = curator_client.post(IMPORT_URL, {"token": token})
    assert confirmed.url == response.url
    replay = curator_client.post(IMPORT_URL, {"token": token}, follow=True)
    assert "already confirmed" in replay.content.decode()
    run_queued_jobs()
    job.refresh_from_db()
    assert job.state == JobState.COMPLETED and job.record.created == 2 and job.runs == 2
    assert TradeRecord.objects.filter(partner__iso3="NZL", year__in=[2018, 2019]).count() == 2
    assert job.stored_name == "" and not any(stored_path("x").parent.iterdir())  # the file went
    kinds = list(Notice.objects.filter(user=curator).values_list("kind", flat=True))
    assert sorted(kinds) == ["job_completed", "preview_ready"] and len(mail.outbox) == 2
    status = curator_client.get(f"/en/admin/jobs/job/{job.pk}/status/").json()
    assert status["state"] == "completed" and status["percent"] == 100 and status["rows_done"] == 2


def test_command_door(curator, tmp_path, capsys):
    path = tmp_path / "trade.csv"
    path.write_bytes(GOOD)
    call_command("import_data", "trade.TradeRecord", str(path), "--user", "curator", "--background")
    assert "Queued import job" in capsys.readouterr().out
    assert not TradeRecord.objects.filter(partner__iso3="NZL", year=2019).exists()
    run_queued_jobs()
    job = Job.objects.get()
    assert job.state == JobState.COMPLETED and job.via == "other" and job.runs == 1
    assert TradeRecord.objects.filter(partner__iso3="NZL", year=2019).exists()


def api_client(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {APIToken.objects.issue(user)}")
    return client


def test_api_door_202_then_the_report(curator):
    client = api_client(curator)
    response = client.post(
        "/api/v1/trade/bulk/?background=1", {"file": SimpleUploadedFile("t.csv", GOOD)}, format="multipart"
    )
    assert response.status_code == 202 and response["Location"].endswith(f"/api/v1/jobs/{Job.objects.get().pk}/")
    assert client.get(response["Location"]).json()["state"] == "queued"
    run_queued_jobs()
    done = client.get(response["Location"]).json()
    assert done["state"] == "completed" and done["result"]["totals"] == {"new": 2, "update": 0, "skip": 0, "pending": 0}
    assert done["rows_done"] == done["rows_total"] == 2
    # a JSON body too, with errors located as the synchronous endpoint locates them
    bad = [
        {"partner": "NZL", "year": 2017, "value": "seven", "source": "eurasian-practice-2022", "source_locator": "x"}
    ]
    queued = client.post("/api/v1/trade/bulk/?background=1", bad, format="json")
    run_queued_jobs()
    failed = client.get(queued["Location"]).json()
    assert failed["state"] == "failed" and failed["errors"][0]["field"] == "value" and failed["errors"][0]["row"] == 2
    other = api_client(type(curator).objects.create_user("someone", password="x"))
    assert other.get(response["Location"]).status_code == 404


# The row path and the bulk path (``core.imports.fast``) each import chunk by chunk: both are watched.
RUNS = [import_run.ImportRun, fast_run.FastRun]


def test_progress_is_reported_chunk_by_chunk(curator, monkeypatch):
    monkeypatch.setattr(runner, "ImportContext", partial(ImportContext, chunk_rows=1))
    seen = []

    for run_class in RUNS:

        def watch(run, chunk, real=run_class.import_chunk):
            going_on = real(run, chunk)
            seen.append((run.done, run.context.total_rows))
            return going_on

        monkeypatch.setattr(run_class, "import_chunk", watch)
    job = jobs.create_job(TradeRecord, GOOD, "t.csv", user=curator, via="api", confirm=False)
    jobs.start(job)
    run_queued_jobs()
    job.refresh_from_db()
    assert seen == [(1, 2), (2, 2)] and job.rows_done == 2 and job.rows_total == 2
    assert jobs.progress(job)["percent"] == 100


def test_progress_of_a_running_job(curator):
    job = jobs.create_job(TradeRecord, GOOD, "t.csv", user=curator, via="api", confirm=False)
    Job.objects.filter(pk=job.pk).update(
        state=JobState.IMPORTING, rows_done=250, rows_total=1000, phase_started_at=timezone.now() - timedelta(seconds=5)
    )
    job.refresh_from_db()
    shown = jobs.progress(job)
    assert shown["percent"] == 25 and 45 <= shown["rate"] <= 50 and 14 <= shown["seconds_left"] <= 15


def test_the_bar_keeps_the_checked_total_until_the_first_chunk(curator):
    job = jobs.create_job(TradeRecord, GOOD, "t.csv", user=curator, via="admin")
    Job.objects.filter(pk=job.pk).update(state=JobState.IMPORTING, rows_done=0, rows_total=2)
    runner.Heartbeat(job.pk).beat()  # the import has read no chunk yet
    job.refresh_from_db()
    assert (job.rows_done, job.rows_total) == (0, 2) and job.heartbeat_at is not None


def test_cancel_mid_import_keeps_nothing(curator, monkeypatch):
    monkeypatch.setattr(runner, "ImportContext", partial(ImportContext, chunk_rows=1))
    job = jobs.create_job(TradeRecord, GOOD, "t.csv", user=curator, via="api", confirm=False)
    jobs.start(job)
    for run_class in RUNS:

        def cancel_after_first_chunk(run, chunk, real=run_class.import_chunk):
            going_on = real(run, chunk)
            Job.objects.filter(pk=job.pk).update(cancel_requested=True)
            run.context.cancelled.__self__.beat()  # the heartbeat reads the flag (as its thread would, a moment later)
            return going_on

        monkeypatch.setattr(run_class, "import_chunk", cancel_after_first_chunk)
    run_queued_jobs()
    job.refresh_from_db()
    assert job.state == JobState.CANCELLED and job.stored_name == ""
    assert not TradeRecord.objects.filter(partner__iso3="NZL", year__in=[2018, 2019]).exists()


def test_cancel_a_queued_job_and_the_admin_button(curator_client):
    response = upload(curator_client)
    job = Job.objects.get()
    path = stored_path(job.stored_name)
    page = curator_client.post(f"/en/admin/jobs/job/{job.pk}/cancel/", follow=True).content.decode()
    job.refresh_from_db()
    assert job.state == JobState.CANCELLED and not path.exists() and "Cancelled" in page
    run_queued_jobs()  # the worker finds nothing to do
    assert Job.objects.get().runs == 0 and response.status_code == 302


def test_expiry_cleans_the_upload(curator_client):
    upload(curator_client)
    run_queued_jobs()
    job = Job.objects.get(state=JobState.AWAITING_CONFIRMATION)
    path = stored_path(job.stored_name)
    assert path.exists()
    Job.objects.filter(pk=job.pk).update(phase_started_at=timezone.now() - timedelta(hours=2))
    call_command("purge_uploads")
    job.refresh_from_db()
    assert job.state == JobState.EXPIRED and not path.exists()


def test_per_user_limit_on_queued_jobs(curator_client, settings):
    settings.JOBS_MAX_QUEUED_PER_USER = 2
    assert upload(curator_client).status_code == 302
    assert upload(curator_client).status_code == 302
    refused = upload(curator_client)
    assert refused.status_code == 200 and "wait until one ends" in refused.content.decode()
    assert Job.objects.count() == 2


def test_no_secrets_in_jobs_or_the_queue(curator_client, curator):
    from django_tasks_db.models import DBTaskResult

    upload(curator_client)
    run_queued_jobs()
    session = curator_client.session.session_key
    token = APIToken.objects.issue(curator)
    stored = json.dumps(list(Job.objects.values()), default=str) + json.dumps(
        list(DBTaskResult.objects.values("args_kwargs", "return_value", "traceback")), default=str
    )
    assert session not in stored and token not in stored and "password" not in stored


def test_small_files_run_inline(curator_client, settings):
    settings.JOBS_INLINE_MAX_BYTES = 10_000
    preview = upload(curator_client)
    assert preview.status_code == 200 and 'class="import-new">2<' in preview.content.decode()
    assert Job.objects.get().state == JobState.AWAITING_CONFIRMATION
