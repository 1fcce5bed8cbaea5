"""Admin for reference data, and the pieces every app's admin shares."""

from django.contrib import admin, messages
from django.core.paginator import Paginator
from django.db import connections, models
from django.db.models import Max, Min
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from imports.admin import ImportExportAdminMixin
from imports.registry import resource_class_for

from .choices import PublicationStatusChoices
from .models import Country, Source


class YearRangeListFilter(admin.SimpleListFilter):
    """Filter on a year column that stays fast on large tables.

    Django's default lists ``SELECT DISTINCT year`` over the whole table; this asks the
    index for the minimum and maximum only.
    """

    title = _("year")
    parameter_name = "year"
    field_name = "year"

    def lookups(self, request, model_admin):
        bounds = model_admin.get_queryset(request).aggregate(low=Min(self.field_name), high=Max(self.field_name))
        if bounds["low"] is None:
            return []
        return [(str(year), str(year)) for year in range(bounds["high"], bounds["low"] - 1, -1)]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{self.field_name: self.value()})
        return queryset


class LargeTablePaginator(Paginator):
    """Counts an unfiltered PostgreSQL table from the planner's estimate instead of ``COUNT(*)``.

    Counting a million rows costs more than fetching the page; an exact total is only
    worth it when a filter has narrowed the list, or while the table is small.
    """

    EXACT_BELOW = 100_000

    @cached_property
    def count(self):
        query = self.object_list.query
        connection = connections[self.object_list.db]
        if connection.vendor == "postgresql" and not query.where:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [query.model._meta.db_table]
                )
                estimate = cursor.fetchone()[0]
            if estimate >= self.EXACT_BELOW:
                return estimate
        return super().count


def set_publication_status(queryset, status):
    """Save each record (not ``update()``): its signals keep caches and history right. Returns the count."""
    changed = 0
    for record in queryset.exclude(publication_status=status):
        record.publication_status = status
        record.save(update_fields=["publication_status", "updated_at"])
        changed += 1
    return changed


@admin.action(description=_("Publish the selected records"), permissions=["change"])
def publish(modeladmin, request, queryset):
    changed = set_publication_status(queryset, PublicationStatusChoices.PUBLISHED)
    modeladmin.message_user(
        request, ngettext("%d record published.", "%d records published.", changed) % changed, messages.SUCCESS
    )


@admin.action(description=_("Return the selected records to draft"), permissions=["change"])
def unpublish(modeladmin, request, queryset):
    changed = set_publication_status(queryset, PublicationStatusChoices.DRAFT)
    modeladmin.message_user(
        request, ngettext("%d record returned to draft.", "%d records returned to draft.", changed) % changed
    )


# Web addresses typed without a scheme are taken as https (Django 6's default, today).
URL_FIELD_OVERRIDES = {models.URLField: {"assume_scheme": "https"}}


class SourcedAdmin(ImportExportAdminMixin, admin.ModelAdmin):
    """Defaults for records that cite a source and carry a publication state."""

    formfield_overrides = URL_FIELD_OVERRIDES
    actions = [publish, unpublish]
    autocomplete_fields = ["source"]
    list_per_page = 50
    readonly_fields = ["created_at", "updated_at"]
    show_full_result_count = False

    def get_queryset(self, request):
        """A partner sees the published records and their own organisation's drafts, never other partners'."""
        queryset = super().get_queryset(request)
        if request.user.is_superuser or not hasattr(request.user, "partner_profile"):
            return queryset
        own = resource_class_for(self.model)(user=request.user).partner_queryset().values("pk")
        return queryset.filter(models.Q(publication_status=PublicationStatusChoices.PUBLISHED) | models.Q(pk__in=own))

    source_fieldset = (_("Source and publication"), {"fields": ["source", "source_locator", "publication_status"]})
    timestamps_fieldset = (_("Record"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]})


@admin.register(Source)
class SourceAdmin(ImportExportAdminMixin, admin.ModelAdmin):
    formfield_overrides = URL_FIELD_OVERRIDES
    list_display = ["slug", "title_original", "title_en", "language", "year", "file_name"]
    list_filter = ["language", "year"]
    search_fields = ["slug", "title_original", "title_en", "title_zh", "authors", "publication"]
    readonly_fields = ["created_at", "updated_at"]
    prepopulated_fields = {"slug": ["title_en"]}


@admin.register(Country)
class CountryAdmin(ImportExportAdminMixin, admin.ModelAdmin):
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
