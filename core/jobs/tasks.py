"""The one task the workers run. Its only argument is the job's id: no file, user or secret goes into the queue.

django-tasks is the backport of Django 6's ``django.tasks``; on Django 6 the import below becomes
``from django.tasks import task`` and nothing else changes.
"""

from django_tasks import task

QUEUE = "imports"


@task(queue_name=QUEUE)
def run_job(job_id: str) -> str:
    from .runner import run_pass

    return run_pass(job_id)
