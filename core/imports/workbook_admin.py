"""The admin's workbook page: one workbook of several tables, one job, one preview per sheet, one confirmation.

The same door as a table's import page (``ImportExportAdminMixin``: upload, a job that checks, a signed
confirmation good once, the problem list and the marked file), aimed at ``core.imports.workbooks``
through the job runner: the sheets are checked and imported in dependency order under one import record,
with one undo. Each sheet's table is checked against the user's rights (partner scope per sheet).
"""

from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from core.imports.admin import ImportExportAdminMixin
from core.imports.forms import WorkbookForm
from core.jobs.models import WORKBOOK
from core.registry import importable_models
from core.roles import may_import

URL_NAME = "imports_workbook"


class WorkbookImport(ImportExportAdminMixin):
    """Not a ModelAdmin: the pages of a workbook's import, mounted by an admin (``urls()``)."""

    def __init__(self, admin_site):
        self.admin_site = admin_site

    def urls(self):
        view = self.admin_site.admin_view
        return [
            path("workbook/", view(self.import_view), name=URL_NAME),
            path("workbook/marked/", view(self.marked_view), name=f"{URL_NAME}_marked"),
            path("workbook/problems/", view(self.problems_view), name=f"{URL_NAME}_problems"),
        ]

    def has_import_permission(self, request):
        """Anyone who may import one of the tables; each sheet is then checked against its own table."""
        return any(may_import(request.user, model) for model in importable_models())

    def import_target(self):
        return None

    def import_label(self):
        return WORKBOOK

    def upload_form(self, data=None, files=None, user=None):
        return WorkbookForm(data, files)

    def import_url(self):
        return reverse(f"admin:{URL_NAME}")

    def done_url(self):
        return reverse("admin:index")

    def render_import(self, request, context):
        tables = [model._meta.verbose_name_plural for model in importable_models() if may_import(request.user, model)]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import a workbook"),
            "tables": tables,
            "with_sheets": True,
            **context,
        }
        return TemplateResponse(request, "admin/imports/workbook.html", context)
