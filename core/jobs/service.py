"""Starting, confirming, cancelling and tidying import jobs: what every door (admin, command, API) calls.

A pass (the check, or the import) runs in a worker, or in the request itself when the file is at most
``JOBS_INLINE_MAX_BYTES`` (a small file still feels instant). Every state change is one conditional
UPDATE, so a confirmation is good once and two workers never start the same pass.
"""

import hashlib
import os
import socket
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.roles import may_import

from . import files
from .models import ACTIVE, RUNNING, UNFINISHED, WORKBOOK, Job, JobPhase, JobState

LOST = gettext_noop("The worker running this job stopped; nothing was written.")


class JobRefused(Exception):
    """The user has too many jobs waiting (``JOBS_MAX_QUEUED_PER_USER``)."""


def worker_name():
    return f"{socket.gethostname()}:{os.getpid()}"


def create_job(
    model,
    content,
    file_name,
    *,
    user,
    via,
    declared_format="",
    confirm=True,
    dry_run=False,
    language="en",
    options=None,
):
    """A queued job for ``content``; the file waits in the upload folder. Raises PermissionDenied or JobRefused.

    ``model`` None is a workbook (its sheets' tables are checked sheet by sheet); ``options`` says how the
    file is read (``{"preset": name, "mapping": {header: field}}``)."""
    if model is not None and not may_import(user, model):
        raise PermissionDenied(_("You may not import %(model)s.") % {"model": model._meta.verbose_name_plural})
    limit = settings.JOBS_MAX_QUEUED_PER_USER
    if getattr(user, "pk", None) and Job.objects.filter(user=user, state__in=ACTIVE).count() >= limit:
        raise JobRefused(_("You have %(count)s imports waiting or running; wait until one ends.") % {"count": limit})
    return Job.objects.create(
        user=user if getattr(user, "pk", None) else None,
        model_label=WORKBOOK if model is None else model._meta.label,
        file_name=file_name[:255],
        file_format=declared_format or "",
        file_size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        stored_name=files.store(content),
        via=via,
        language=language or settings.LANGUAGE_CODE,
        confirm=confirm,
        dry_run=dry_run,
        phase=JobPhase.CHECK if confirm or dry_run else JobPhase.IMPORT,
        options=options or {},
    )


def runs_inline(job):
    return job.file_size <= settings.JOBS_INLINE_MAX_BYTES


def start(job, *, inline=None):
    """Run the job's next pass here (a small file) or queue it for a worker. Returns the job, refreshed."""
    if runs_inline(job) if inline is None else inline:
        from .runner import run_pass

        run_pass(str(job.pk), inline=True)
    else:
        enqueue(job)
    job.refresh_from_db()
    return job


def enqueue(job, delay=None):
    from .tasks import run_job

    task = run_job.using(run_after=timezone.now() + timedelta(seconds=delay)) if delay else run_job
    result = task.enqueue(str(job.pk))
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id))


def confirm(job, user):
    """Queue the import of a checked job: once, by the user who uploaded it. Whether it was confirmed now."""
    confirmed = Job.objects.filter(
        pk=job.pk, user=user, state=JobState.AWAITING_CONFIRMATION, confirm=True, dry_run=False
    ).update(state=JobState.QUEUED, phase=JobPhase.IMPORT, rows_done=0, phase_started_at=None)
    return confirmed == 1


def cancel(job):
    """Cancel a job: at once if no worker runs it, else between two chunks (the worker rolls back)."""
    if end(
        job,
        JobState.CANCELLED,
        gettext_noop("Cancelled; nothing was written."),
        states=(JobState.QUEUED, JobState.AWAITING_CONFIRMATION),
    ):
        return True
    return Job.objects.filter(pk=job.pk, state__in=RUNNING).update(cancel_requested=True) == 1


def end(job, state, reason="", *, states=UNFINISHED, **fields):
    """Move ``job`` to a final state if it is in one of ``states``; its file goes. Whether it moved."""
    moved = Job.objects.filter(pk=job.pk, state__in=states).update(
        state=state, reason=reason, finished_at=timezone.now(), **fields
    )
    if moved:
        files.delete(job.stored_name)
        Job.objects.filter(pk=job.pk).update(stored_name="")
    return moved == 1


def fail_task(job):
    """A task row a vanished worker left ``RUNNING`` is marked failed too (the queue's own bookkeeping)."""
    from django_tasks_db.models import DBTaskResult

    if job.task_id:
        DBTaskResult.objects.filter(pk=job.task_id, status="RUNNING").update(
            status="FAILED", finished_at=timezone.now()
        )


def pid_alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")  # a zombie is dead
    except OSError:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True


def worker_vanished(job, now):
    """On this machine, the worker's process is gone; elsewhere, its heartbeat is older than the lease."""
    host, _sep, pid = job.worker.rpartition(":")
    if host == socket.gethostname() and pid.isdigit():
        return not pid_alive(int(pid))
    beat = job.heartbeat_at or job.phase_started_at
    return beat is None or beat < now - timedelta(seconds=settings.JOBS_LEASE_SECONDS)


def sweep(jobs=None):
    """Fail the jobs whose worker vanished and expire the checks nobody confirmed; delete their files."""
    now = timezone.now()
    jobs = Job.objects.all() if jobs is None else jobs
    for job in jobs.filter(state__in=RUNNING):
        if worker_vanished(job, now) and end(job, JobState.FAILED, LOST, states=(job.state,)):
            fail_task(job)
    cutoff = now - timedelta(seconds=settings.JOBS_CONFIRM_MAX_AGE)
    for job in jobs.filter(state=JobState.AWAITING_CONFIRMATION, phase_started_at__lt=cutoff):
        expire(job)


def expire(job):
    return end(
        job,
        JobState.EXPIRED,
        gettext_noop("Not confirmed in time; upload the file again."),
        states=(JobState.AWAITING_CONFIRMATION,),
    )


def progress(job):
    """What a progress bar shows: phase, rows done of rows, rate (rows a second) and seconds left."""
    rate = eta = None
    if job.state in RUNNING and job.phase_started_at and job.rows_done:
        elapsed = max((timezone.now() - job.phase_started_at).total_seconds(), 0.001)
        rate = job.rows_done / elapsed
        if job.rows_total:
            eta = max(job.rows_total - job.rows_done, 0) / rate
    total = job.rows_total or 0
    percent = (
        100
        if job.state in (JobState.COMPLETED, JobState.AWAITING_CONFIRMATION)
        else (min(100, round(100 * job.rows_done / total)) if total else 0)
    )
    return {
        "rows_done": job.rows_done,
        "rows_total": job.rows_total,
        "percent": percent,
        "rate": round(rate) if rate else None,
        "seconds_left": round(eta) if eta is not None else None,
    }
