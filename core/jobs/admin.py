"""The admin's job pages: the list of a user's jobs, and each job's page with its progress bar, its
preview or report, and its Cancel and Confirm buttons. ``status/`` answers the page's script in JSON."""

import hashlib

from django.contrib import admin, messages
from django.core import signing
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .models import FINISHED, RUNNING, Job, JobState
from .service import cancel, progress, sweep

CONFIRM_SALT = "imports.confirm"


def session_fingerprint(request):
    return hashlib.sha256((request.session.session_key or "").encode()).hexdigest()[:16]


def confirm_token(request, job):
    """The signed confirmation of a checked job: bound to its user, the session, the model and the file."""
    return signing.dumps(
        {
            "job": str(job.pk),
            "user": request.user.pk,
            "model": job.model_label,
            "session": session_fingerprint(request),
            "sha256": job.sha256,
        },
        salt=CONFIRM_SALT,
    )


def import_url(job):
    if job.is_workbook:
        return reverse("admin:imports_workbook")  # core.imports.workbook_admin
    opts = job.model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_import")


def status(job):
    """The job as the page's script and the API see it: state, phase, progress; never a file path or a user."""
    return {
        "id": str(job.pk),
        "state": job.state,
        "state_label": str(job.get_state_display()),
        "phase": job.phase,
        "phase_label": str(job.get_phase_display()),
        "model": job.model_label,
        "file": job.file_name,
        "finished": job.state in FINISHED,
        "reason": _(job.reason) if job.reason else "",
        **progress(job),
    }


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["file_name", "model_label", "state", "rows_done", "rows_total", "created_at", "finished_at"]
    list_filter = ["state"]
    date_hierarchy = None

    def get_queryset(self, request):
        jobs = super().get_queryset(request)
        return jobs if request.user.is_superuser else jobs.filter(user=request.user)

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        sweep(self.get_queryset(request))
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<uuid:pk>/status/", view(self.status_view), name="jobs_job_status"),
            path("<uuid:pk>/cancel/", view(require_POST(self.cancel_view)), name="jobs_job_cancel"),
            *super().get_urls(),
        ]

    def job_of(self, request, pk):
        job = self.get_queryset(request).filter(pk=pk).first()
        if job is None:
            raise Http404
        if job.state in RUNNING:
            sweep(Job.objects.filter(pk=job.pk))
            job.refresh_from_db()
        return job

    def status_view(self, request, pk):
        return JsonResponse(status(self.job_of(request, pk)))

    def cancel_view(self, request, pk):
        job = self.job_of(request, pk)
        if cancel(job):
            messages.info(request, _("The job is being cancelled; nothing of it is kept."))
        else:
            messages.error(request, _("This job has ended; it can no longer be cancelled."))
        return HttpResponseRedirect(reverse("admin:jobs_job_change", args=[job.pk]))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        job = self.job_of(request, object_id)
        awaiting = job.state == JobState.AWAITING_CONFIRMATION and job.user_id == request.user.pk
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import of %(file)s") % {"file": job.file_name},
            "job": job,
            "status": status(job),
            "running": job.state not in FINISHED and job.state != JobState.AWAITING_CONFIRMATION,
            "report": job.report,
            "confirm_token": confirm_token(request, job) if awaiting else None,
            "confirm_url": import_url(job) if awaiting else None,
        }
        return TemplateResponse(request, "admin/jobs/job.html", context)
