"""Real worker processes (``manage.py db_worker``) on the test database: two workers on one queue run
each job once; a worker killed with SIGKILL mid-import leaves no row, and its job is marked failed."""

import signal

import pytest

from core.jobs import service as jobs
from core.jobs.models import FINISHED, Job, JobState
from trade.models import TradeRecord

from . import start_worker, stop_worker, trade_csv, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def background(settings, tmp_path, seeded_transactional_db):
    settings.JOBS_INLINE_MAX_BYTES = 0
    settings.IMPORT_UPLOAD_DIR = tmp_path / "uploads"
    settings.JOBS_MAX_QUEUED_PER_USER = 10
    workers = []
    yield workers
    for worker in workers:
        stop_worker(worker)


def test_two_workers_run_each_job_once(background, settings, curator):
    started = []
    for n in range(6):  # four checks and two imports of one table (run one after the other)
        content = trade_csv(20, first_year=1900 + n)
        job = jobs.create_job(TradeRecord, content, f"{n}.csv", user=curator, via="api", confirm=False, dry_run=n < 4)
        started.append(jobs.start(job))
    background.extend([start_worker(settings), start_worker(settings)])
    assert wait_for(lambda: Job.objects.filter(state__in=FINISHED).count() == 6)
    assert set(Job.objects.values_list("state", "runs")) == {(JobState.COMPLETED, 1)}
    assert TradeRecord.objects.filter(source_locator="jobs-test").count() == 40


@pytest.mark.postgresql
def test_a_worker_killed_mid_import_leaves_nothing_and_a_failed_job(background, settings, curator, monkeypatch):
    content = trade_csv(60_000)
    job = jobs.start(jobs.create_job(TradeRecord, content, "big.csv", user=curator, via="api", confirm=False))
    worker = start_worker(settings)
    background.append(worker)
    assert wait_for(lambda: Job.objects.filter(pk=job.pk, state=JobState.IMPORTING, rows_done__gt=0).exists())
    worker.send_signal(signal.SIGKILL)
    worker.wait(10)
    job.refresh_from_db()
    assert job.state == JobState.IMPORTING  # until someone looks
    jobs.sweep()
    job.refresh_from_db()
    assert job.state == JobState.FAILED and "worker" in job.reason and job.stored_name == ""
    assert not TradeRecord.objects.filter(source_locator="jobs-test").exists()
