"""The import history in the admin: every import with what it changed, and undo."""

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.imports.history import UndoRefused, undo_import
from core.models import ImportRecord


@admin.action(description=gettext_lazy("Undo the selected imports"), permissions=["change"])
def undo_imports(modeladmin, request, queryset):
    for record in queryset:
        try:
            undo_import(record, request.user)
        except UndoRefused as refusal:
            modeladmin.message_user(request, f"{record}: {refusal}", messages.ERROR)
        else:
            modeladmin.message_user(request, _("%(record)s undone.") % {"record": record}, messages.SUCCESS)


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

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        """Records are read-only; the change right is what lets a curator undo an import."""
        if obj is not None and request.method == "POST":
            return False
        return request.user.has_perm("core.change_importrecord")
