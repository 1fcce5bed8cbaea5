"""One pass of a job (the check or the import) in a worker, or inline in a request.

The pass calls the import engine's file front-end (``core.imports.files.import_file``) with an
``ImportContext`` whose hooks are the job's: ``progress`` after each chunk and ``cancelled`` before
each. A heartbeat thread, on its own database connection and outside the import's transaction,
writes the rows done and the time every ``JOBS_HEARTBEAT_SECONDS`` and reads whether someone asked
to cancel. A real import keeps everything in one transaction, so a cancelled, failed or killed pass
leaves the database as it was; a check writes nothing.
"""

import dataclasses
import logging
import threading

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from core.imports.context import SHOWN_PROBLEMS as SHOWN_ON_PAGE
from core.imports.context import ImportCancelled, ImportContext
from core.imports.disk import FileOnDisk
from core.imports.files import import_file
from core.imports.reports import ImportReport, Problem
from core.imports.workbooks import import_workbook
from core.notices.service import notify

from . import files
from .models import RUNNING, Job, JobPhase, JobState
from .service import end, enqueue, sweep, worker_name

logger = logging.getLogger(__name__)
SHOWN_PROBLEMS = 1000
FAILED = gettext_noop("The file has problems; nothing was written.")
CRASHED = gettext_noop("The import stopped with an error; nothing was written.")
GONE = gettext_noop("The uploaded file is gone; upload it again.")
CANCELLED = gettext_noop("Cancelled; nothing was written.")


def call_engine(job, content, *, dry_run, progress, cancelled):
    """The engine's public entry point, with the job's hooks: the one place that knows its signature."""
    context = ImportContext(
        user=job.user,
        dry_run=dry_run,
        via=job.via,
        file_name=job.file_name,
        language=job.language,
        progress=progress,
        cancelled=cancelled,
        preset=job.options.get("preset", ""),
        mapping=job.options.get("mapping"),
    )
    if job.is_workbook:
        return import_workbook(content, job.file_name, context=context)
    return import_file(job.model, content, job.file_name, declared_format=job.file_format or None, context=context)


class Heartbeat(threading.Thread):
    """Writes progress and the time to the job's row, and reads its cancel flag, on its own connection."""

    def __init__(self, job_id):
        super().__init__(daemon=True, name=f"heartbeat-{job_id}")
        self.job_id, self.done, self.total = job_id, 0, None
        self.cancel, self.stopping = threading.Event(), threading.Event()

    def progress(self, done, total):
        self.done, self.total = done, total

    def cancelled(self):
        return self.cancel.is_set()

    def run(self):
        try:
            if connection.vendor == "sqlite":  # SQLite lets one writer in: skip a beat rather than wait
                with connection.cursor() as cursor:
                    cursor.execute("PRAGMA busy_timeout = 100")
            while not self.stopping.wait(settings.JOBS_HEARTBEAT_SECONDS):
                self.beat()
        finally:
            connection.close()

    def beat(self):
        try:
            if Job.objects.filter(pk=self.job_id, cancel_requested=True).exists():
                self.cancel.set()
            # Before the pass's first chunk the total is not known: the check's total stays on the bar.
            known = {"rows_total": self.total} if self.total is not None else {}
            Job.objects.filter(pk=self.job_id).update(heartbeat_at=timezone.now(), rows_done=self.done, **known)
        except DatabaseError:
            pass

    def stop(self):
        self.stopping.set()
        if self.is_alive():
            self.join()


class Inline:
    """The hooks of a pass run inside a request: small files, no thread."""

    done = total = None

    def progress(self, done, total):
        self.done, self.total = done, total

    def cancelled(self):
        return False


def run_pass(job_id, inline=False):
    """Run the next pass of the job if it is queued; a second worker (or a replay) finds nothing to do."""
    sweep(Job.objects.filter(model_label__in=Job.objects.filter(pk=job_id).values("model_label")))
    job = Job.objects.filter(pk=job_id, state=JobState.QUEUED).first()
    if job is None:
        return "nothing to do"
    if job.phase == JobPhase.IMPORT and not inline and another_import_runs(job):
        enqueue(job, delay=settings.JOBS_IMPORT_WAIT_SECONDS)  # one model's imports one after another
        return "waiting for another import of the same table"
    running = JobState.CHECKING if job.phase == JobPhase.CHECK else JobState.IMPORTING
    now, me = timezone.now(), worker_name()
    claimed = Job.objects.filter(pk=job.pk, state=JobState.QUEUED, phase=job.phase).update(
        state=running, worker=me, runs=F("runs") + 1, phase_started_at=now, heartbeat_at=now, rows_done=0
    )
    if not claimed:
        return "nothing to do"
    job.refresh_from_db()
    execute(job, inline)
    return job.state


def another_import_runs(job):
    return Job.objects.filter(model_label=job.model_label, state=JobState.IMPORTING).exclude(pk=job.pk).exists()


def execute(job, inline):
    try:
        path = files.stored_path(job.stored_name)
        # A workbook of several tables is read whole; a table's file is read from the disk at each pass.
        content = path.read_bytes() if job.is_workbook else FileOnDisk(path)
    except OSError:
        return finish(job, JobState.FAILED, GONE)
    hooks = Inline() if inline else Heartbeat(job.pk)
    if not inline:
        hooks.start()
    dry_run = job.phase == JobPhase.CHECK or job.dry_run
    try:
        with translation.override(job.language):
            report = call_engine(job, content, dry_run=dry_run, progress=hooks.progress, cancelled=hooks.cancelled)
            stored = stored_report(report)
    except ImportCancelled:
        return finish(job, JobState.CANCELLED, CANCELLED)
    except Exception as error:  # noqa: BLE001 - any failure ends the job; the transaction kept nothing
        logger.error("Import job %s failed: %s", job.pk, type(error).__name__)  # no values: they may be personal
        return finish(job, JobState.FAILED, CRASHED, rows_done=hooks.done or 0)
    finally:
        if not inline:
            hooks.stop()
    counts = {"rows_done": report.rows, "rows_total": report.rows, "report": stored}
    if not report.ok:
        finish(job, JobState.FAILED, FAILED, **counts)
    elif job.phase == JobPhase.CHECK and not job.dry_run:
        Job.objects.filter(pk=job.pk, state=JobState.CHECKING).update(
            state=JobState.AWAITING_CONFIRMATION, phase_started_at=timezone.now(), **counts
        )
        job.refresh_from_db()
        tell(job, "preview_ready")
    else:
        finish(job, JobState.COMPLETED, "", record=report.record, **counts)


def finish(job, state, reason, **fields):
    """End the pass; the worker's own verdict wins over a sweep that took it for lost."""
    end(job, state, reason, states=(*RUNNING, JobState.FAILED), worker=job.worker, **fields)
    job.refresh_from_db()
    if state != JobState.CANCELLED:
        tell(job, "job_completed" if state == JobState.COMPLETED else "job_failed")


def tell(job, kind):
    if job.user is None:
        return
    report = job.report or {}
    with translation.override(job.language):
        params = {
            "file": job.file_name,
            "model": str(job.table_name),
            "summary": report.get("summary", ""),
            "reason": translation.gettext(job.reason) if job.reason else "",
        }
    notify(job.user, kind, params, url=job_url(job))


def job_url(job):
    from django.urls import reverse

    with translation.override(job.language):
        return reverse("admin:jobs_job_change", args=[job.pk])


def stored_report(report):
    """The report as JSON: what the job page and the API show, without the engine's objects."""
    data = report.as_dict()
    data.pop("errors")
    problems = [
        {
            "row": p.row,
            "column": p.column,
            "value": None if p.value is None else str(p.value)[:200],
            "sheet": p.sheet,
            "message": str(p.message),
        }
        for p in report.problems[:SHOWN_PROBLEMS]
    ]
    preview = [{"import_type": r.import_type, "diff": [str(c) for c in (r.diff or [])]} for r in report.preview]
    return {
        **data,
        "file_name": report.file_name,
        "file_format": report.file_format,
        "summary": report.summary(),
        "problem_count": len(report.problems),
        "problems": problems,
        # What a page shows (admin/imports/includes/problems.html); the rest are in the downloadable list.
        "shown_problems": problems[:SHOWN_ON_PAGE],
        "hidden_problems": max(0, len(report.problems) - SHOWN_ON_PAGE),
        "diff_headers": [str(h) for h in report.diff_headers],
        "preview": preview,
        "changed_preview": [row for row in preview if row["import_type"] != "skip"],
        "sheets": [sheet_report(summary) for summary in getattr(report, "sheets", ())],
        "unchanged_preview": [row for row in preview if row["import_type"] == "skip"],
        "record": report.record.pk if report.record else None,
    }


def sheet_report(summary):
    """A workbook's sheet as its page shows it: its counts, and its first changed rows under its headers."""
    preview = getattr(summary, "preview", ())  # none for a workbook whose sheets could not be read
    rows = [{"import_type": r.import_type, "diff": [str(c) for c in (r.diff or [])]} for r in preview]
    return {
        **dataclasses.asdict(summary),
        "headers": [str(h) for h in getattr(summary, "headers", ())],
        "preview": [row for row in rows if row["import_type"] != "skip"],
    }


def report_of(job):
    """The job's stored report as an ``ImportReport`` (its first problems only), for the problem list and the
    marked file; None before the job has one."""
    stored = job.report
    if not stored:
        return None
    report = ImportReport(
        stored.get("model", job.model_label),
        stored.get("file_name", job.file_name),
        stored.get("sha256", ""),
        stored.get("dry_run", False),
        file_format=stored.get("file_format", ""),
        encoding=stored.get("encoding", ""),
        rows=stored.get("rows", 0),
        totals=stored.get("totals") or {"new": 0, "update": 0, "skip": 0, "pending": 0},
        preset=stored.get("preset", ""),
    )
    report.problems = [
        Problem(p["message"], p.get("row"), p.get("column"), p.get("value"), p.get("sheet", ""))
        for p in stored.get("problems", [])
    ]
    return report
