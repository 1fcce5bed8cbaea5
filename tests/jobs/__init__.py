"""Helpers for the jobs' tests: run the queued tasks here, as a worker would."""

from unittest import mock

from django.core.management import call_command


def run_queued_jobs():
    """One worker's pass over the queue (``db_worker --batch``), in this process. The worker closes its
    connection between tasks, which would close the test's transaction: not here."""
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command(
            "db_worker", queue_name="imports", batch=True, reload=False, startup_delay=False, interval=0, verbosity=0
        )
