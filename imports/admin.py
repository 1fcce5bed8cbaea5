"""The import history in the admin: every import with the records it touched (from history), and undo."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.imports.history import WRITTEN_BY_IMPORTS, UndoRefused, audited_models, undo_import
from core.imports.workbook_admin import WorkbookImport
from core.models import ImportRecord

TOUCHED_PER_PAGE = 100


@admin.action(description=gettext_lazy("Undo the selected imports"), permissions=["change"])
def undo_imports(modeladmin, request, queryset):
    """Asks first: a page lists the imports; only its confirmation (a POST with ``confirm``) undoes them."""
    if request.POST.get("confirm") != "yes":
        return TemplateResponse(
            request,
            "admin/imports/undo_confirmation.html",
            {
                **modeladmin.admin_site.each_context(request),
                "opts": modeladmin.model._meta,
                "title": _("Undo these imports?"),
                "records": list(queryset),
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )
    for record in queryset:
        try:
            undo_import(record, request.user)
        except UndoRefused as refusal:
            modeladmin.message_user(
                request,
                _("%(record)s cannot be undone: %(reason)s") % {"record": record, "reason": refusal},
                messages.ERROR,
            )
        else:
            modeladmin.message_user(request, _("%(record)s undone.") % {"record": record}, messages.SUCCESS)
    return None


def touched_rows(record):
    """The import's historical rows in every audited model, as (model, queryset), newest model first."""
    for model in audited_models():
        rows = model.history.filter(import_id=record.pk, changed_via__in=WRITTEN_BY_IMPORTS)
        yield model, rows


@admin.register(ImportRecord)
class ImportRecordAdmin(admin.ModelAdmin):
    list_display = [
        "started_at",
        "model_label",
        "file_name",
        "user",
        "via",
        "status",
        "rows",
        "created",
        "updated",
        "unchanged",
        "errors",
    ]
    list_filter = ["status", "model_label", "via"]
    search_fields = ["file_name", "sha256", "user__username"]
    list_select_related = ["user"]
    actions = [undo_imports]
    readonly_fields = [f.name for f in ImportRecord._meta.fields]
    change_form_template = "admin/imports/importrecord_change_form.html"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        """Records are read-only; the change right is what lets a curator undo an import."""
        if obj is not None and request.method == "POST":
            return False
        return request.user.has_perm("core.change_importrecord")

    def get_urls(self):
        return [
            *WorkbookImport(self.admin_site).urls(),
            path(
                "<path:object_id>/undo/",
                self.admin_site.admin_view(self.undo_view),
                name="core_importrecord_undo",
            ),
            *super().get_urls(),
        ]

    def undo_view(self, request, object_id):
        """Undo one import from its page: a confirmation page on GET, the undo on its POST."""
        record = self.get_object(request, object_id)
        if record is None or not self.has_change_permission(request):
            raise PermissionDenied
        if request.method != "POST":
            return undo_imports(self, request, ImportRecord.objects.filter(pk=record.pk))
        undo_imports(self, request, ImportRecord.objects.filter(pk=record.pk))
        return HttpResponseRedirect(reverse("admin:core_importrecord_change", args=[record.pk]))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        record = self.get_object(request, object_id)
        extra_context = {**(extra_context or {}), **self.touched_context(request, record)} if record else extra_context
        return super().change_view(request, object_id, form_url, extra_context)

    def touched_context(self, request, record):
        """The records the import touched, read from history: one page of each model's, a few queries each."""
        sections = []
        for model, rows in touched_rows(record):
            page_number = request.GET.get(f"p-{model._meta.model_name}", 1)
            paginator = Paginator(rows.order_by("history_date", "history_id"), TOUCHED_PER_PAGE)
            page = paginator.get_page(page_number)
            if not paginator.count:
                continue
            sections.append(
                {
                    "name": model._meta.verbose_name_plural,
                    "param": f"p-{model._meta.model_name}",
                    "page": page,
                    "rows": [
                        {
                            "type": row.get_history_type_display(),
                            "id": row.id,
                            "label": getattr(row, "slug", "") or f"#{row.id}",
                            "url": self.history_link(model, row.id),
                        }
                        for row in page.object_list
                    ],
                }
            )
        return {"touched": sections, "undo_url": reverse("admin:core_importrecord_undo", args=[record.pk])}

    def history_link(self, model, pk):
        opts = model._meta
        try:
            return reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[pk])
        except Exception:
            return ""


# The saved presets of the mapping step (their own module).
from imports.preset_admin import ImportPresetAdmin  # noqa: E402, F401
