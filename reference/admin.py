"""Admin for reference data: sources and countries."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import URL_FIELD_OVERRIDES, AuditedAdmin, publish, unpublish
from core.imports.admin import ImportExportAdminMixin
from core.partner_admin import PartnerEditingMixin

from .models import Country, CountryGroup, Source


@admin.register(Source)
class SourceAdmin(ImportExportAdminMixin, PartnerEditingMixin, AuditedAdmin):
    """Sources, with a publication state: a partner's own are drafts until a curator publishes them."""

    formfield_overrides = URL_FIELD_OVERRIDES
    list_display = ["slug", "title_original", "title_en", "language", "year", "file_name", "publication_status"]
    list_filter = ["publication_status", "language", "year"]
    actions = [publish, unpublish]
    search_fields = ["slug", "title_original", "title_en", "title_zh", "authors", "publication"]
    readonly_fields = ["created_at", "updated_at"]
    prepopulated_fields = {"slug": ["title_en"]}

    def get_queryset(self, request):
        """A partner sees the published sources and their organisation's drafts, never other partners'."""
        return super().get_queryset(request).visible_to(request.user)


@admin.register(Country)
class CountryAdmin(ImportExportAdminMixin, AuditedAdmin):
    list_display = ["iso3", "iso2", "name_en", "name_zh", "region", "bri_status", "recognition_status"]
    list_filter = ["region", "bri_status", "recognition_status"]
    search_fields = ["iso3", "iso2", "name_en", "name_zh", "official_name_en"]
    autocomplete_fields = ["bri_status_source", "recognition_status_source"]
    list_select_related = ["bri_status_source", "recognition_status_source"]
    readonly_fields = ["created_at", "updated_at"]
    show_full_result_count = False
    fieldsets = [
        (None, {"fields": ["iso3", "iso2", "name_en", "name_zh", "official_name_en", "region"]}),
        (_("Belt and Road"), {"fields": ["bri_status", "bri_status_source", "bri_status_locator"]}),
        (
            _("Qualification recognition"),
            {"fields": ["recognition_status", "recognition_status_source", "recognition_status_locator"]},
        ),
        (_("Record"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]


@admin.register(CountryGroup)
class CountryGroupAdmin(ImportExportAdminMixin, AuditedAdmin):
    list_display = ["slug", "name_en", "name_zh", "basis", "source"]
    list_filter = ["basis"]
    search_fields = ["slug", "name_en", "name_zh"]
    autocomplete_fields = ["source"]
    filter_horizontal = ["members"]
    list_select_related = ["source"]
    readonly_fields = ["created_at", "updated_at"]
    prepopulated_fields = {"slug": ["name_en"]}
