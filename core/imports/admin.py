"""Import and export on every changelist, with a preview that must be confirmed, and the import history."""

import hashlib
import secrets
import time
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from core.choices import ChangedViaChoices
from core.downloads import attachment, file_response
from core.imports.forms import ConfirmImportForm, ImportForm
from core.imports.marked import can_mark, marked_file
from core.imports.services import EXPORT_FORMATS, export_file, import_file
from core.roles import may_export, may_import

CONFIRM_SALT = "imports.confirm"
MARKED_SALT = "imports.marked"
PROBLEMS_SALT = "imports.problems"
CONFIRM_MAX_AGE = 3600


def upload_dir():
    directory = Path(settings.IMPORT_UPLOAD_DIR)
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    return directory


def purge_expired_uploads():
    """Delete uploaded files whose confirm token has expired (never confirmed); return how many."""
    cutoff = time.time() - CONFIRM_MAX_AGE
    expired = [stored for stored in upload_dir().iterdir() if stored.is_file() and stored.stat().st_mtime < cutoff]
    for stored in expired:
        stored.unlink(missing_ok=True)
    return len(expired)


def session_fingerprint(request):
    return hashlib.sha256((request.session.session_key or "").encode()).hexdigest()[:16]


def store_marked(request, marked, address):
    """Store a marked file ``(bytes, name, content type)`` under a random name; its download address, signed
    for this user and session."""
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


class ImportExportAdminMixin:
    """Adds ``import/`` and ``export/`` to a ModelAdmin; both go through ``core.imports.services``.

    The confirm step carries a signed token bound to the user, the session, the model and
    the file's hash; it is good once, for an hour. The file waits in a private folder under
    a random name and is deleted when the import completes, fails or is confirmed again.
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
        if not self.has_import_permission(request):
            raise PermissionDenied
        if request.method == "POST" and "token" in request.POST:
            return self.confirm_import(request)
        form = ImportForm(request.POST or None, request.FILES or None)
        context = {"form": form}
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["import_file"]
            content = upload.read()
            report = import_file(
                self.model,
                content,
                upload.name,
                user=request.user,
                dry_run=True,
                declared_format=form.cleaned_data["format"] or None,
                via=ChangedViaChoices.ADMIN,
            )
            context["report"] = report
            context["problems_url"] = self.store_problems(request, report)
            if can_mark(report, upload.name):
                context["marked_url"] = self.store_marked(request, content, upload.name, report)
            if report.ok:
                purge_expired_uploads()
                stored = secrets.token_hex(16)
                (upload_dir() / stored).write_bytes(content)
                token = signing.dumps(
                    {
                        "file": stored,
                        "name": upload.name,
                        "user": request.user.pk,
                        "model": self.model._meta.label,
                        "session": session_fingerprint(request),
                        "sha256": report.sha256,
                        "format": form.cleaned_data["format"],
                    },
                    salt=CONFIRM_SALT,
                )
                context["confirm_form"] = ConfirmImportForm(initial={"token": token})
        return self.render_import(request, context)

    def store_marked(self, request, content, file_name, report):
        """Keep the user's file with its problems marked for an hour; the address to download it."""
        return store_marked(request, marked_file(content, file_name, report), f"{self.import_url()}marked/")

    def marked_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        return marked_response(request)

    def confirm_import(self, request):
        form = ConfirmImportForm(request.POST)
        pending = None
        if form.is_valid():
            try:
                pending = signing.loads(form.cleaned_data["token"], salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
            except signing.SignatureExpired:  # genuine but too old: its file goes too
                expired = signing.loads(form.cleaned_data["token"], salt=CONFIRM_SALT)
                (upload_dir() / Path(expired["file"]).name).unlink(missing_ok=True)
            except signing.BadSignature:
                pass
        if (
            not pending
            or pending["user"] != request.user.pk
            or pending["model"] != self.model._meta.label
            or (pending["session"] != session_fingerprint(request))
        ):
            messages.error(request, _("This import cannot be confirmed: upload the file again."))
            return HttpResponseRedirect(self.import_url())
        stored = upload_dir() / Path(pending["file"]).name
        if not cache.add(f"imports:confirmed:{pending['file']}", True, CONFIRM_MAX_AGE) or not stored.exists():
            messages.error(request, _("This import was already confirmed or has expired: upload the file again."))
            return HttpResponseRedirect(self.import_url())
        try:
            content = stored.read_bytes()
        finally:
            stored.unlink(missing_ok=True)
        if hashlib.sha256(content).hexdigest() != pending["sha256"]:
            messages.error(request, _("The uploaded file changed; upload it again."))
            return HttpResponseRedirect(self.import_url())
        report = import_file(
            self.model,
            content,
            pending["name"],
            user=request.user,
            dry_run=False,
            declared_format=pending["format"] or None,
            via=ChangedViaChoices.ADMIN,
        )
        if not report.ok:
            problems_url = self.store_problems(request, report)
            return self.render_import(request, {"form": ImportForm(), "report": report, "problems_url": problems_url})
        messages.success(request, report.summary())
        opts = self.model._meta
        return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))

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
        return file_response(stored.read_bytes(), f"{self.model._meta.model_name}-problems.csv")

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
