from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import SourcedAdmin, VisibleInlineMixin, YearRangeListFilter

from .models import (
    CooperationForm,
    CooperationMode,
    CooperationProject,
    PartnershipMilestone,
    PolicyProblem,
    ProjectParticipant,
    Recommendation,
)

TEXT_FIELDSET = (None, {"fields": ["slug", "title_en", "title_zh", "description_en", "description_zh"]})
TITLE_SEARCH = ["slug", "title_en", "title_zh", "description_en", "description_zh"]


class CooperationFormInline(VisibleInlineMixin, admin.TabularInline):
    model = CooperationForm
    extra = 0
    autocomplete_fields = ["source"]
    fields = ["slug", "title_en", "title_zh", "sort_order", "source", "source_locator", "publication_status"]
    show_change_link = True


class ProjectParticipantInline(VisibleInlineMixin, admin.TabularInline):
    model = ProjectParticipant
    extra = 0
    autocomplete_fields = ["institution", "source"]
    fields = ["institution", "role", "source", "source_locator"]


class RecommendationInline(VisibleInlineMixin, admin.TabularInline):
    """The recommendations that answer a problem, edited from the problem's page."""

    model = Recommendation.problems.through
    extra = 0
    autocomplete_fields = ["recommendation"]
    verbose_name = _("recommendation answering this problem")
    verbose_name_plural = _("recommendations answering this problem")


@admin.register(CooperationMode)
class CooperationModeAdmin(SourcedAdmin):
    list_display = ["title_en", "title_zh", "sort_order", "source", "publication_status"]
    list_filter = ["publication_status"]
    list_select_related = ["source"]
    search_fields = TITLE_SEARCH
    inlines = [CooperationFormInline]
    fieldsets = [
        TEXT_FIELDSET,
        (_("Order"), {"fields": ["sort_order"]}),
        SourcedAdmin.source_fieldset,
        SourcedAdmin.timestamps_fieldset,
    ]


@admin.register(CooperationForm)
class CooperationFormAdmin(SourcedAdmin):
    list_display = ["title_en", "title_zh", "mode", "sort_order", "publication_status"]
    list_filter = ["publication_status", "mode"]
    list_select_related = ["mode"]
    search_fields = TITLE_SEARCH
    autocomplete_fields = ["mode", "source"]
    fieldsets = [
        TEXT_FIELDSET,
        (_("Mode"), {"fields": ["mode", "sort_order"]}),
        SourcedAdmin.source_fieldset,
        SourcedAdmin.timestamps_fieldset,
    ]


@admin.register(CooperationProject)
class CooperationProjectAdmin(SourcedAdmin):
    list_display = ["title_en", "title_zh", "kind", "mode", "start_year", "status", "publication_status"]
    list_filter = [
        "publication_status",
        "kind",
        "sector",
        "mode",
        "status",
        ("start_year", admin.AllValuesFieldListFilter),
    ]
    list_select_related = ["mode"]
    search_fields = TITLE_SEARCH
    autocomplete_fields = ["mode", "form", "countries", "source"]
    inlines = [ProjectParticipantInline]
    fieldsets = [
        TEXT_FIELDSET,
        (_("Classification"), {"fields": ["kind", "sector", "mode", "form", "countries"]}),
        (
            _("Timing and outcome"),
            {"fields": ["start_year", "start_month", "end_year", "status", "outcomes_en", "outcomes_zh"]},
        ),
        SourcedAdmin.source_fieldset,
        SourcedAdmin.timestamps_fieldset,
    ]


@admin.register(PolicyProblem)
class PolicyProblemAdmin(SourcedAdmin):
    list_display = ["title_en", "title_zh", "category", "scope", "source", "publication_status"]
    list_filter = ["publication_status", "scope", "category", "source"]
    list_select_related = ["source"]
    search_fields = TITLE_SEARCH
    inlines = [RecommendationInline]
    fieldsets = [
        TEXT_FIELDSET,
        (_("Classification"), {"fields": ["category", "scope"]}),
        SourcedAdmin.source_fieldset,
        SourcedAdmin.timestamps_fieldset,
    ]


@admin.register(Recommendation)
class RecommendationAdmin(SourcedAdmin):
    list_display = ["title_en", "title_zh", "number", "scope", "source", "publication_status"]
    list_filter = ["publication_status", "scope", "source"]
    list_select_related = ["source"]
    search_fields = TITLE_SEARCH + ["number"]
    autocomplete_fields = ["problems", "source"]
    fieldsets = [
        TEXT_FIELDSET,
        (_("Answers"), {"fields": ["number", "scope", "problems"]}),
        SourcedAdmin.source_fieldset,
        SourcedAdmin.timestamps_fieldset,
    ]


@admin.register(PartnershipMilestone)
class PartnershipMilestoneAdmin(SourcedAdmin):
    list_display = ["title_en", "title_zh", "country", "counterpart_en", "kind", "date_display", "publication_status"]
    list_filter = ["publication_status", "kind", YearRangeListFilter, ("country", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["country"]
    search_fields = TITLE_SEARCH + ["level_en", "level_zh", "counterpart_en", "counterpart_zh"]
    autocomplete_fields = ["country", "source"]
    fieldsets = [
        TEXT_FIELDSET,
        (_("Counterpart"), {"fields": ["country", "counterpart_en", "counterpart_zh"]}),
        (_("Date and level"), {"fields": ["kind", "year", "month", "day", "end_year", "level_en", "level_zh"]}),
        SourcedAdmin.source_fieldset,
        SourcedAdmin.timestamps_fieldset,
    ]

    @admin.display(description=_("date"), ordering="year")
    def date_display(self, obj):
        return obj.date_display
