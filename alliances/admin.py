from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import SourcedAdmin, VisibleInlineMixin

from .models import Alliance, AllianceFigure, Institution, Membership


class MembershipInline(VisibleInlineMixin, admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["institution", "source"]
    fields = ["institution", "role", "joined_year", "source", "source_locator", "publication_status"]


class AllianceFigureInline(VisibleInlineMixin, admin.TabularInline):
    model = AllianceFigure
    extra = 0
    autocomplete_fields = ["country", "source"]
    fields = [
        "slug",
        "basis",
        "as_of_year",
        "as_of_month",
        "country",
        "member_count",
        "member_count_is_minimum",
        "country_count",
        "country_count_unit",
        "source",
        "source_locator",
        "publication_status",
    ]


@admin.register(Institution)
class InstitutionAdmin(SourcedAdmin):
    list_display = ["name_en", "name_zh", "kind", "country", "city_en", "publication_status"]
    list_filter = ["publication_status", "kind", ("country", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["country"]
    search_fields = ["slug", "name_en", "name_zh", "city_en", "city_zh"]
    autocomplete_fields = ["country", "source"]
    prepopulated_fields = {"slug": ["name_en"]}
    fieldsets = [
        (None, {"fields": ["slug", "name_en", "name_zh", "kind", "country", "city_en", "city_zh", "website"]}),
        (_("Description"), {"fields": ["description_en", "description_zh"]}),
        SourcedAdmin.source_fieldset,
        SourcedAdmin.timestamps_fieldset,
    ]


@admin.register(Alliance)
class AllianceAdmin(SourcedAdmin):
    list_display = ["name_en", "name_zh", "founded_year", "founding_city_en", "initiator", "publication_status"]
    list_filter = ["publication_status", "founded_year"]
    list_select_related = ["initiator"]
    search_fields = ["slug", "name_en", "name_zh", "acronym", "mission_en", "mission_zh"]
    autocomplete_fields = ["initiator", "source"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [AllianceFigureInline, MembershipInline]
    fieldsets = [
        (None, {"fields": ["slug", "name_en", "name_zh", "acronym", "website"]}),
        (
            _("Founding"),
            {"fields": ["founded_year", "founded_month", "founding_city_en", "founding_city_zh", "initiator"]},
        ),
        (_("Mission and funding"), {"fields": ["mission_en", "mission_zh", "funding_en", "funding_zh"]}),
        SourcedAdmin.source_fieldset,
        SourcedAdmin.timestamps_fieldset,
    ]


@admin.register(AllianceFigure)
class AllianceFigureAdmin(SourcedAdmin):
    list_display = [
        "alliance",
        "slug",
        "basis",
        "as_of_year",
        "country",
        "member_count",
        "country_count",
        "source",
        "publication_status",
    ]
    list_filter = ["publication_status", "basis", "alliance"]
    list_select_related = ["alliance", "country", "source"]
    search_fields = ["slug", "alliance__name_en", "alliance__name_zh", "note_en", "note_zh"]
    autocomplete_fields = ["alliance", "country", "source"]


@admin.register(Membership)
class MembershipAdmin(SourcedAdmin):
    list_display = ["institution", "alliance", "role", "joined_year", "publication_status"]
    list_filter = ["publication_status", "role", "alliance"]
    list_select_related = ["institution", "alliance"]
    search_fields = ["institution__name_en", "institution__name_zh", "alliance__name_en", "alliance__name_zh"]
    autocomplete_fields = ["alliance", "institution", "source"]
