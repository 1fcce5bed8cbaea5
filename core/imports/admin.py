"""Import and export on every changelist, with a preview that must be confirmed, and the import history."""

import time

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from core.downloads import file_response
from core.imports.forms import ConfirmImportForm, ImportForm
from core.imports.services import EXPORT_FORMATS, export_file
from core.jobs import service as jobs
from core.jobs.admin import CONFIRM_SALT, confirm_token, session_fingerprint
from core.jobs.files import upload_dir
from core.jobs.models import Job, JobState
from core.notices.service import remember_language
from core.roles import may_export, may_import

__all__ = ["CONFIRM_MAX_AGE", "CONFIRM_SALT", "ImportExportAdminMixin", "purge_expired_uploads", "upload_dir"]

CONFIRM_MAX_AGE = settings.JOBS_CONFIRM_MAX_AGE


def purge_expired_uploads():
    """Tidy the jobs (lost workers, expired checks), then delete the files older than the confirmation's
    lifetime: a check's file expires its job; a queued or running job keeps its file. Returns how many went."""
    jobs.sweep()
    cutoff = time.time() - CONFIRM_MAX_AGE
    waiting = {job.stored_name: job for job in Job.objects.exclude(stored_name="")}
    expired = [stored for stored in upload_dir().iterdir() if stored.is_file() and stored.stat().st_mtime < cutoff]
    purged = 0
    for stored in expired:
        job = waiting.get(stored.name)
        if job is None or job.state == JobState.AWAITING_CONFIRMATION:
            if job is not None:
                jobs.expire(job)
            stored.unlink(missing_ok=True)
            purged += 1
    return purged


def job_page(job):
    return reverse("admin:jobs_job_change", args=[job.pk])


class ImportExportAdminMixin:
    """Adds ``import/`` and ``export/`` to a ModelAdmin; imports run as jobs (``core.jobs``) through
    ``core.imports.services``, exports at once.

    The confirm step carries a signed token bound to the user, the session, the model and
    the file's hash; it is good once, for an hour. The file waits in a private folder under
    a random name and is deleted when its job ends or expires.
    """

    change_list_template = "admin/imports/change_list.html"

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name=f"{name}_import"),
            path("export/", self.admin_site.admin_view(self.export_view), name=f"{name}_export"),
            *super().get_urls(),
        ]

    def has_import_permission(self, request):
        return may_import(request.user, self.model)

    def has_export_permission(self, request):
        return may_export(request.user, self.model)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "has_import_permission": self.has_import_permission(request),
            "has_export_permission": self.has_export_permission(request),
            "export_formats": EXPORT_FORMATS,
        }
        return super().changelist_view(request, extra_context)

    def import_view(self, request):
        """Upload → a job that checks the file: a small file at once (its preview on this page), a large one
        in a worker (its job page shows the progress). The preview's confirmation queues the import."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        if request.method == "POST" and "token" in request.POST:
            return self.confirm_import(request)
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["import_file"]
            remember_language(request.user, request.LANGUAGE_CODE)
            purge_expired_uploads()
            try:
                job = jobs.create_job(
                    self.model,
                    upload.read(),
                    upload.name,
                    user=request.user,
                    via="admin",
                    declared_format=form.cleaned_data["format"],
                    language=request.LANGUAGE_CODE,
                )
            except jobs.JobRefused as refused:
                messages.error(request, str(refused))
                return self.render_import(request, {"form": form})
            if not jobs.runs_inline(job):
                jobs.start(job)
                return HttpResponseRedirect(job_page(job))
            job = jobs.start(job)
            context = {"form": form, "report": job.report}
            if job.state == JobState.AWAITING_CONFIRMATION:
                context["confirm_form"] = ConfirmImportForm(initial={"token": confirm_token(request, job)})
            return self.render_import(request, context)
        return self.render_import(request, {"form": form})

    def confirm_import(self, request):
        """The signed token names the job and binds it to the user, the session, the model and the file;
        moving the job out of "awaiting confirmation" makes it good once."""
        form = ConfirmImportForm(request.POST)
        pending = None
        if form.is_valid():
            try:
                pending = signing.loads(form.cleaned_data["token"], salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
            except signing.SignatureExpired:  # genuine but too old: its job expires and its file goes
                expired = signing.loads(form.cleaned_data["token"], salt=CONFIRM_SALT)
                for job in Job.objects.filter(pk=expired.get("job"), user=request.user):
                    jobs.expire(job)
            except (signing.BadSignature, ValueError):
                pass
        if (
            not isinstance(pending, dict)
            or pending.get("user") != request.user.pk
            or pending.get("model") != self.model._meta.label
            or pending.get("session") != session_fingerprint(request)
        ):
            messages.error(request, _("This import cannot be confirmed: upload the file again."))
            return HttpResponseRedirect(self.import_url())
        job = Job.objects.filter(pk=pending["job"], sha256=pending["sha256"]).first()
        if job is None or not jobs.confirm(job, request.user):
            messages.error(request, _("This import was already confirmed or has expired: upload the file again."))
            return HttpResponseRedirect(self.import_url())
        if not jobs.runs_inline(job):
            jobs.start(job)
            return HttpResponseRedirect(job_page(job))
        job = jobs.start(job)
        if job.state != JobState.COMPLETED:
            return self.render_import(request, {"form": ImportForm(), "report": job.report})
        messages.success(request, job.report["summary"])
        opts = self.model._meta
        return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))

    def import_url(self):
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_import")

    def render_import(self, request, context):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import %(model)s") % {"model": self.model._meta.verbose_name_plural},
            "templates_url": None,
            **context,
        }
        return TemplateResponse(request, "admin/imports/import.html", context)

    def export_view(self, request):
        if not self.has_export_permission(request):
            raise PermissionDenied
        params = request.GET.copy()
        file_format = params.pop("format", ["csv"])[-1]
        if file_format not in EXPORT_FORMATS:
            file_format = "csv"
        request.GET = params  # the rest are the changelist's filters, which the export follows
        changelist = self.get_changelist_instance(request)
        data = export_file(self.model, file_format, user=request.user, queryset=changelist.get_queryset(request))
        return file_response(data, f"{self.model._meta.model_name}.{file_format}")
