"""Import and export on every changelist, with a preview that must be confirmed, and the import history."""

import secrets
import time
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from core.downloads import attachment, file_response
from core.imports.context import ImportContext
from core.imports.forms import ConfirmImportForm, ImportForm, MappingForm
from core.imports.mapping import save_preset, unknown_columns
from core.imports.marked import can_mark, marked_file
from core.imports.services import EXPORT_FORMATS, export_file
from core.jobs import service as jobs
from core.jobs.admin import CONFIRM_SALT, confirm_token, session_fingerprint
from core.jobs.files import upload_dir
from core.jobs.models import Job, JobState
from core.jobs.runner import report_of
from core.notices.service import remember_language
from core.roles import may_export, may_import

__all__ = ["CONFIRM_MAX_AGE", "CONFIRM_SALT", "ImportExportAdminMixin", "purge_expired_uploads", "upload_dir"]

CONFIRM_MAX_AGE = settings.JOBS_CONFIRM_MAX_AGE
MARKED_SALT = "imports.marked"
PROBLEMS_SALT = "imports.problems"
UPLOAD_SALT = "imports.upload"


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


def store_upload(request, content, file_name, **extra):
    """Keep an upload for an hour under a random name (like every upload without a job, purged after it);
    a token naming it, signed for this user and session, carrying ``extra``."""
    purge_expired_uploads()
    stored = secrets.token_hex(16)
    (upload_dir() / stored).write_bytes(content)
    payload = {"file": stored, "name": file_name, "user": request.user.pk, "session": session_fingerprint(request)}
    return signing.dumps({**payload, **extra}, salt=UPLOAD_SALT)


def load_upload(request, token):
    """(content, file name, the token's data) of an upload ``store_upload`` kept for this user and session,
    or None (a forged, expired or foreign token, or a file already gone)."""
    try:
        pending = signing.loads(token, salt=UPLOAD_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:
        return None
    stored = upload_dir() / Path(pending["file"]).name
    if pending["user"] != request.user.pk or pending["session"] != session_fingerprint(request) or not stored.exists():
        return None
    content = stored.read_bytes()
    stored.unlink()  # good once: a new check keeps its own copy
    return content, pending["name"], pending


def store_marked(request, marked, address):
    """Store a marked file ``(bytes, name, content type)`` under a random name; its download address, signed
    for this user and session. Like every upload without a job, it is purged after an hour."""
    purge_expired_uploads()
    data, name, content_type = marked
    stored = secrets.token_hex(16)
    (upload_dir() / stored).write_bytes(data)
    token = signing.dumps(
        {
            "file": stored,
            "name": name,
            "type": content_type,
            "user": request.user.pk,
            "session": session_fingerprint(request),
        },
        salt=MARKED_SALT,
    )
    return f"{address}?{urlencode({'token': token})}"


def marked_response(request):
    """The marked file a signed address names, for the user and session it was made for, within the hour."""
    try:
        pending = signing.loads(request.GET.get("token", ""), salt=MARKED_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:
        raise Http404 from None
    stored = upload_dir() / Path(pending["file"]).name
    if pending["user"] != request.user.pk or pending["session"] != session_fingerprint(request) or not stored.exists():
        raise Http404
    return attachment(HttpResponse(stored.read_bytes(), content_type=pending["type"]), pending["name"])


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
            path("import/marked/", self.admin_site.admin_view(self.marked_view), name=f"{name}_import_marked"),
            path("import/problems/", self.admin_site.admin_view(self.problems_view), name=f"{name}_import_problems"),
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
        in a worker (its job page shows the progress). The preview's confirmation queues the import; a check
        that met unknown columns offers the mapping step, whose answer checks the same file again."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        if request.method == "POST" and "token" in request.POST and "mapping" in request.POST:
            return self.mapped_import(request)
        if request.method == "POST" and "token" in request.POST:
            return self.confirm_import(request)
        form = self.upload_form(request.POST or None, request.FILES or None, user=request.user)
        if request.method == "POST" and form.is_valid():
            upload, declared_format = form.cleaned_data["import_file"], form.cleaned_data.get("format", "")
            options = {"preset": form.cleaned_data["preset"]} if form.cleaned_data.get("preset") else {}
            return self.check_file(request, upload.read(), upload.name, declared_format, options, form)
        return self.render_import(request, {"form": form})

    # What the page imports: the admin's model; the workbook page (``core.imports.workbook_admin``) says a workbook.

    def import_target(self):
        """The model the job imports; None for a workbook."""
        return self.model

    def import_label(self):
        return self.model._meta.label

    def upload_form(self, data=None, files=None, user=None):
        return ImportForm(data, files, model=self.model, user=user)

    def done_url(self):
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")

    def check_file(self, request, content, file_name, declared_format, options, form):
        remember_language(request.user, request.LANGUAGE_CODE)
        purge_expired_uploads()
        try:
            job = jobs.create_job(
                self.import_target(),
                content,
                file_name,
                user=request.user,
                via="admin",
                declared_format=declared_format,
                language=request.LANGUAGE_CODE,
                options=options,
            )
        except jobs.JobRefused as refused:
            messages.error(request, str(refused))
            return self.render_import(request, {"form": form})
        if not jobs.runs_inline(job):
            jobs.start(job)
            return HttpResponseRedirect(job_page(job))
        job = jobs.start(job)
        context = {"form": form, "report": job.report, **self.problem_links(request, job, content)}
        if job.state == JobState.AWAITING_CONFIRMATION:
            context["confirm_form"] = ConfirmImportForm(initial={"token": confirm_token(request, job)})
        elif job.state == JobState.FAILED:
            context["mapping_form"] = self.mapping_form(request, content, job, options)
        return self.render_import(request, context)

    def mapping_form(self, request, content, job, options):
        """The mapping step's form if the file has headers the table does not know (else None); the file
        waits for an hour under a random name, its signed token bound to the user and session."""
        if self.import_target() is None:
            return None
        context = ImportContext(user=request.user, preset=options.get("preset", ""), mapping=options.get("mapping"))
        headers, proposals, fields, kept = unknown_columns(self.model, content, job.file_name, context)
        if not headers:
            return None
        stored = store_upload(request, content, job.file_name, options=options, headers=headers, kept=kept)
        return MappingForm(initial={"token": stored}, headers=headers, fields=fields, proposals=proposals)

    def mapped_import(self, request):
        """The mapping step's answer: the same file checked again, its headers mapped as the user chose; with a
        name, the choice saved as a preset first, and the file checked through it."""
        pending = load_upload(request, request.POST.get("token", ""))
        if pending is None:
            messages.error(request, _("This import cannot be confirmed: upload the file again."))
            return HttpResponseRedirect(self.import_url())
        content, file_name, upload = pending
        mapping = {header: request.POST.get(f"column-{index}", "") for index, header in enumerate(upload["headers"])}
        options = {**upload["options"], "mapping": {**upload["options"].get("mapping", {}), **mapping}}
        name = request.POST.get("preset_name", "").strip()
        if name:
            try:
                saved = save_preset(request.user, self.model, name, upload["kept"], options["mapping"])
            except ValidationError as error:
                problems = "; ".join(message for messages_ in error.message_dict.values() for message in messages_)
                messages.error(request, _("The preset was not saved: %(problems)s") % {"problems": problems})
            else:
                messages.success(request, _("Saved as the preset “%(preset)s”.") % {"preset": saved.name})
                options = {"preset": saved.name}
        return self.check_file(request, content, file_name, "", options, self.upload_form(user=request.user))

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
            or pending.get("model") != self.import_label()
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
            form = self.upload_form(user=request.user)
            context = {"form": form, "report": job.report, **self.problem_links(request, job)}
            return self.render_import(request, context)
        messages.success(request, job.report["summary"])
        return HttpResponseRedirect(self.done_url())

    def problem_links(self, request, job, content=None):
        """A failed check's downloads: every problem (CSV), and the file with its problems marked."""
        report = report_of(job)
        if report is None or report.ok:
            return {}
        links = {"problems_url": self.store_problems(request, report)}
        if content is not None and can_mark(report, job.file_name):
            links["marked_url"] = self.store_marked(request, content, job.file_name, report)
        return links

    def store_marked(self, request, content, file_name, report):
        """Keep the user's file with its problems marked for an hour; the address to download it."""
        return store_marked(request, marked_file(content, file_name, report), f"{self.import_url()}marked/")

    def marked_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        return marked_response(request)

    def store_problems(self, request, report):
        """Keep the full list of problems (CSV) for its owner, for an hour; the page shows only the first ones."""
        if report.ok:
            return None
        stored = f"problems-{secrets.token_hex(16)}"
        (upload_dir() / stored).write_bytes(report.problems_csv())
        token = signing.dumps({"file": stored, "user": request.user.pk}, salt=PROBLEMS_SALT)
        return f"{self.import_url()}problems/?token={token}"

    def problems_view(self, request):
        """The full problem list of a check, for the user who ran it."""
        try:
            pending = signing.loads(request.GET.get("token", ""), salt=PROBLEMS_SALT, max_age=CONFIRM_MAX_AGE)
        except signing.BadSignature:
            raise Http404 from None
        stored = upload_dir() / Path(pending["file"]).name
        if pending["user"] != request.user.pk or not stored.exists():
            raise Http404
        return file_response(stored.read_bytes(), f"{self.import_label().rpartition('.')[2].lower()}-problems.csv")

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
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            messages.error(request, _("The export's filters are not valid; choose them again on the list."))
            return HttpResponseRedirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"))
        data = export_file(self.model, file_format, user=request.user, queryset=changelist.get_queryset(request))
        return file_response(data, f"{self.model._meta.model_name}.{file_format}")
