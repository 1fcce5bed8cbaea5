"""The import presets in the admin: curators read, edit and export the saved column mappings.

A preset saved from the mapping step (``core.imports.mapping.save_preset``) is data like any other: a
curator corrects its columns or adds a unit conversion here, and exports presets as JSON (the same parts
the built-in presets have) to keep them, share them or load them elsewhere.
"""

import json

from django.contrib import admin
from django.utils.translation import gettext_lazy

from alliances.models import Alliance, Institution
from core.admin import URL_FIELD_OVERRIDES
from core.downloads import file_response
from core.import_presets import JSON_PARTS, ImportPreset

EXPORTED = ("name", "label", "table", "organisation", "signature", *JSON_PARTS, "preamble_rows", "documentation")


def preset_data(preset):
    """The preset's parts as JSON holds them, in a stable order."""
    return {part: getattr(preset, part) for part in EXPORTED}


@admin.action(description=gettext_lazy("Export the selected presets (JSON)"), permissions=["view"])
def export_presets(modeladmin, request, queryset):
    data = [preset_data(preset) for preset in queryset.order_by("table", "name")]
    return file_response(json.dumps(data, ensure_ascii=False, indent=2), "import-presets.json")


@admin.register(ImportPreset)
class ImportPresetAdmin(admin.ModelAdmin):
    list_display = ["name", "label", "table", "organisation_name", "created_by", "updated_at"]
    list_filter = ["table"]
    search_fields = ["name", "label", "organisation"]
    list_select_related = ["created_by"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    actions = [export_presets]
    formfield_overrides = URL_FIELD_OVERRIDES
    fieldsets = [
        (None, {"fields": ["name", "label", "table", "organisation", "documentation"]}),
        (gettext_lazy("Which files, which columns"), {"fields": ["signature", "preamble_rows", "columns"]}),
        (
            gettext_lazy("Values and rows"),
            {"fields": ["fixed", "value_maps", "scale", "decimals", "slugs", "keep", "drop", "creates"]},
        ),
        (None, {"fields": ["created_by", "created_at", "updated_at"]}),
    ]

    @admin.display(description=gettext_lazy("organisation"), ordering="organisation")
    def organisation_name(self, preset):
        """The partner organisation's name (the preset stores its key, ``institution:<id>``); everyone's: —."""
        kind, _sep, pk = preset.organisation.partition(":")
        model = {"institution": Institution, "alliance": Alliance}.get(kind)
        found = model.objects.filter(pk=pk).first() if model and pk.isdigit() else None
        return str(found) if found else preset.organisation or "—"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
