from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.admin import LargeTablePaginator, SourcedAdmin, VisibleInlineMixin, YearRangeListFilter
from reference.models import Country

from .models import REPORTER_DEFAULT_ISO3, Indicator, Observation, TradeRecord


class ObservationInline(VisibleInlineMixin, admin.TabularInline):
    model = Observation
    extra = 0
    autocomplete_fields = ["country", "source"]
    fields = ["country", "year", "month", "value", "qualifier", "source", "source_locator", "publication_status"]


@admin.register(TradeRecord)
class TradeRecordAdmin(SourcedAdmin):
    """Built for a million rows: index-backed filters, no full count, ordering on indexed columns."""

    list_display = ["partner", "year", "flow", "value", "unit", "reporter", "publication_status"]
    list_filter = ["flow", YearRangeListFilter, "publication_status", "partner__region"]
    list_select_related = ["partner", "reporter"]
    search_fields = ["partner__iso3", "partner__name_en", "partner__name_zh"]  # see get_search_results
    autocomplete_fields = ["reporter", "partner", "source"]
    ordering = ["-year", "-flow", "-id"]
    paginator = LargeTablePaginator

    def get_changeform_initial_data(self, request):
        """China reports unless the curator says otherwise."""
        initial = super().get_changeform_initial_data(request)
        initial.setdefault(
            "reporter", Country.objects.filter(iso3=REPORTER_DEFAULT_ISO3).values_list("pk", flat=True).first()
        )
        return initial

    def get_search_results(self, request, queryset, search_term):
        """Search the countries first, then the records by indexed key, instead of a join scanned row by row."""
        term = search_term.strip()
        if not term:
            return queryset, False
        countries = Country.objects.filter(
            Q(iso3__iexact=term) | Q(iso2__iexact=term) | Q(name_en__icontains=term) | Q(name_zh__icontains=term)
        ).values("pk")
        return queryset.filter(Q(partner__in=countries) | Q(reporter__in=countries)), False

    fieldsets = [
        (None, {"fields": ["reporter", "partner", "year", "flow", "value", "unit"]}),
        (_("Note"), {"fields": ["note_en", "note_zh"]}),
        SourcedAdmin.source_fieldset,
        SourcedAdmin.timestamps_fieldset,
    ]


@admin.register(Indicator)
class IndicatorAdmin(SourcedAdmin):
    list_display = ["name_en", "name_zh", "unit_en", "source", "publication_status"]
    list_filter = ["publication_status", "source"]
    list_select_related = ["source"]
    search_fields = ["slug", "name_en", "name_zh", "description_en", "description_zh"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [ObservationInline]
    fieldsets = [
        (None, {"fields": ["slug", "name_en", "name_zh", "unit_en", "unit_zh", "description_en", "description_zh"]}),
        SourcedAdmin.source_fieldset,
        SourcedAdmin.timestamps_fieldset,
    ]


@admin.register(Observation)
class ObservationAdmin(SourcedAdmin):
    list_display = ["indicator", "country", "year", "month", "value", "qualifier", "publication_status"]
    list_filter = ["indicator", YearRangeListFilter, "qualifier", "publication_status"]
    list_select_related = ["indicator", "country"]
    search_fields = [
        "indicator__name_en",
        "indicator__name_zh",
        "country__iso3",
        "country__name_en",
        "country__name_zh",
    ]
    autocomplete_fields = ["indicator", "country", "source"]
    ordering = ["indicator", "-year"]
    paginator = LargeTablePaginator
    fieldsets = [
        (None, {"fields": ["indicator", "country", "year", "month", "value", "qualifier"]}),
        (_("Note"), {"fields": ["note_en", "note_zh"]}),
        SourcedAdmin.source_fieldset,
        SourcedAdmin.timestamps_fieldset,
    ]
