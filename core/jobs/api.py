"""The API's side of the jobs: ``bulk/?background=1`` queues a job and answers 202 with its URL;
``/api/v1/jobs/<id>/`` gives its state and progress and, once it ends, what a synchronous bulk
import answers (the totals, or the located errors); ``POST .../cancel/`` cancels it."""

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.exceptions import APIErrors, error
from core.api.writes import problem_error
from core.imports.reports import Problem

from . import service
from .admin import status as job_status
from .models import Job, JobState


def body(request, job):
    data = {**job_status(job), "url": request.build_absolute_uri(reverse("api:job", args=[job.pk]))}
    report = job.report
    if job.state == JobState.COMPLETED and report:
        data["result"] = {k: report[k] for k in ("model", "dry_run", "rows", "totals")}
    elif job.state == JobState.FAILED and report:
        data["errors"] = [problem_error(Problem(**p)) for p in report["problems"]]
    return data


def queue_bulk(model, request, content, file_name, file_format, dry_run, options=None):
    try:
        job = service.create_job(
            model,
            content,
            file_name,
            user=request.user,
            via="api",
            declared_format=file_format,
            confirm=False,
            dry_run=dry_run,
            language=request.LANGUAGE_CODE,
            options=options,
        )
    except service.JobRefused as refused:
        raise APIErrors([error(str(refused), "too_many_jobs")], status.HTTP_429_TOO_MANY_REQUESTS) from None
    job = service.start(job)
    data = body(request, job)
    return Response(data, status=status.HTTP_202_ACCEPTED, headers={"Location": data["url"]})


JOB_ID = OpenApiParameter(
    "id",
    OpenApiTypes.UUID,
    OpenApiParameter.PATH,
    description=gettext_lazy("The job's identifier, from the Location header of the 202 answer."),
)
JOB_STATE = {
    200: OpenApiTypes.OBJECT,
    202: OpenApiTypes.OBJECT,
}


class JobView(APIView):
    permission_classes = [IsAuthenticated]

    def job(self, request, pk):
        job = Job.objects.filter(pk=pk, user=request.user).first()
        if job is None:
            raise Http404
        service.sweep(Job.objects.filter(pk=job.pk))
        job.refresh_from_db()
        return job

    @extend_schema(
        parameters=[JOB_ID],
        responses=JOB_STATE,
        description=gettext_lazy("A background import's state and progress; at its end, the import's report."),
    )
    def get(self, request, pk):
        return Response(body(request, self.job(request, pk)))


class CancelJobView(JobView):
    @extend_schema(
        parameters=[JOB_ID],
        request=None,
        responses=JOB_STATE,
        description=gettext_lazy("Cancel a queued or running background import: nothing of it is kept."),
    )
    def post(self, request, pk):
        job = self.job(request, pk)
        if not service.cancel(job):
            raise APIErrors([error(_("This job has ended; it can no longer be cancelled."), "finished")])
        job.refresh_from_db()
        return Response(body(request, job), status=status.HTTP_202_ACCEPTED)
