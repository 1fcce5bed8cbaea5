"""The pieces every app's admin shares: the audited base, publication actions, large-table helpers."""

import re

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import connections, models
from django.db.models import Max, Min
from django.http import Http404
from django.utils.formats import localize
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from .choices import ChangedViaChoices, PublicationStatusChoices
from .history import history_context
from .history_diff import set_delta_changes
from .imports.admin import ImportExportAdminMixin
from .partner_admin import PartnerEditingMixin
from .roles import may_review


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
            if not re.fullmatch(r"-?\d{1,9}", self.value()):  # the changelist answers "invalid filter"
                raise IncorrectLookupParameters(self.value())
            return queryset.filter(**{self.field_name: int(self.value())})
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


def set_publication_status(queryset, status, note=""):
    """Save each record (not ``update()``): its signals keep caches and history right. Returns the count.

    ``note`` is the review note the record's organisation reads (why it was rejected); publishing or
    returning a record to draft clears it.
    """
    records = queryset.exclude(publication_status=status, review_note=note)
    if status == PublicationStatusChoices.PUBLISHED:
        records = records.exclude(pk__in=queryset.citing_unpublished_sources().values("pk"))
    changed = 0
    for record in records:
        record.publication_status = status
        record.review_note = note
        record.save(update_fields=["publication_status", "review_note", "updated_at"])
        changed += 1
    return changed


def warn_of_unpublished_sources(request, queryset):
    """Before publishing: say which of the records stay unpublished because their source is not published yet."""
    waiting = queryset.citing_unpublished_sources().count()
    if waiting:
        message = ngettext(
            "%d record cites a source that is not published yet and was left unpublished: publish the source first.",
            "%d records cite a source that is not published yet and were left unpublished: publish the source first.",
            waiting,
        )
        messages.warning(request, message % waiting)


@admin.action(description=_("Publish the selected records"), permissions=["change"])
def publish(modeladmin, request, queryset):
    warn_of_unpublished_sources(request, queryset)
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


def admin_history_context(request, **values):
    """What the admin changes is recorded as made by the signed-in user, via the admin."""
    return history_context(user=request.user, changed_via=ChangedViaChoices.ADMIN, **values)


def require_key(model, value):
    """A 404 for an address whose key is not even of the model's key type (``/1/change/history/``)."""
    try:
        model._meta.pk.to_python(value)
    except ValidationError:
        raise Http404 from None


class VisibleRelatedListFilter(admin.RelatedFieldListFilter):
    """A sidebar filter by a related record that names only the records the user may see."""

    def field_choices(self, field, request, model_admin):
        ordering = self.field_admin_ordering(field, request, model_admin)
        related = field.related_model._default_manager.visible_to(request.user).order_by(*ordering)
        return [(record.pk, str(record)) for record in related]


class VisibleInlineMixin:
    """Inline rows are the records the user may see, like every other door; the rows of a many-to-many
    table, those whose both ends the user may see."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if hasattr(queryset, "visible_to"):
            return queryset.visible_to(request.user)
        for field in queryset.model._meta.concrete_fields:
            manager = field.related_model._default_manager if field.is_relation else None
            if hasattr(manager, "visible_to"):
                queryset = queryset.filter(**{f"{field.name}__in": manager.visible_to(request.user).values("pk")})
        return queryset


class AuditedAdmin(SimpleHistoryAdmin):
    """The base of every domain admin: each change made here goes into the record's history with its user
    and channel; the history page lists every version with who, when, how and each field changed (from what
    to what, in a bounded number of queries per page); curators and superusers may revert a record to an
    earlier version, which is recorded as a change in its turn. Partners see the history of the records they
    may see, and never revert."""

    object_history_list_template = "admin/history/object_history_list.html"
    history_list_per_page = 50

    def changeform_view(self, request, *args, **kwargs):
        with admin_history_context(request):
            return super().changeform_view(request, *args, **kwargs)

    def get_changeform_initial_data(self, request):
        """Values for the add form from its address, without those of relations that are no key of the
        related model (``?partner=abc``): the autocomplete widgets would look them up and fail."""
        initial = super().get_changeform_initial_data(request)
        for name, value in list(initial.items()):
            field = next((f for f in self.model._meta.get_fields() if f.name == name), None)
            if field is None or not field.is_relation or field.related_model is None:
                continue
            target = field.target_field if field.many_to_one or field.one_to_one else field.related_model._meta.pk
            try:
                for key in value if isinstance(value, list) else [value]:
                    target.clean(key, None)
            except ValidationError:
                del initial[name]
        return initial

    def changelist_view(self, request, *args, **kwargs):
        with admin_history_context(request):  # the actions (publish, return to draft)
            return super().changelist_view(request, *args, **kwargs)

    def delete_view(self, request, *args, **kwargs):
        with admin_history_context(request):
            return super().delete_view(request, *args, **kwargs)

    def history_view(self, request, object_id, extra_context=None):
        self.check_history_access(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self.check_history_access(request, object_id)
        require_key(self.model.history.model, version_id)
        if request.method == "POST" and not self.has_change_history_permission(request):
            raise PermissionDenied  # simple-history saves whatever is posted here: only reverters may post
        version = self.model.history.filter(pk=version_id).values_list("history_date", flat=True).first()
        reason = _("Reverted to the version of %(date)s") % {"date": localize(version)} if version else None
        with admin_history_context(request, reason=reason):
            return super().history_form_view(request, object_id, version_id, extra_context)

    def check_history_access(self, request, object_id):
        """Curators see the history of any record, deleted ones too; others only of the records they may see."""
        require_key(self.model, unquote(object_id))
        if may_review(request.user) and self.has_change_permission(request):
            return
        if self.get_object(request, unquote(object_id)) is None:
            raise Http404

    def has_change_history_permission(self, request, obj=None):
        """Reverting is for curators and superusers; a partner never reverts, whatever rights they hold."""
        return may_review(request.user) and self.has_change_permission(request, obj)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        set_delta_changes(self.model, historical_records)


class SourcedForm(forms.ModelForm):
    """The change form refuses to publish a record before its source (see ``citing_unpublished_sources``)."""

    def clean(self):
        cleaned = super().clean()
        source = cleaned.get("source")
        published = PublicationStatusChoices.PUBLISHED
        if cleaned.get("publication_status") == published and source and source.publication_status != published:
            self.add_error(
                "publication_status",
                _("Its source “%(source)s” is not published yet: publish the source first.") % {"source": source},
            )
        return cleaned


class SourcedAdmin(ImportExportAdminMixin, PartnerEditingMixin, AuditedAdmin):
    """Defaults for records that cite a source and carry a publication state; partners edit their
    organisation's records in the form, their changes to published ones held for review (``core.partner_admin``)."""

    form = SourcedForm
    formfield_overrides = URL_FIELD_OVERRIDES
    actions = [publish, unpublish]
    autocomplete_fields = ["source"]
    list_per_page = 50
    readonly_fields = ["created_at", "updated_at"]
    show_full_result_count = False

    def get_queryset(self, request):
        """A partner sees the published records and their own organisation's drafts, never other partners'."""
        return super().get_queryset(request).visible_to(request.user)

    def get_list_filter(self, request):
        """Filters by a related record list only the records the user may see."""
        return [
            (name, VisibleRelatedListFilter) if isinstance(name, str) and self.is_relation(name) else name
            for name in super().get_list_filter(request)
        ]

    def is_relation(self, name):
        try:
            field = self.model._meta.get_field(name)
        except FieldDoesNotExist:
            return False
        return field.is_relation and hasattr(field.related_model, "publication_status")

    source_fieldset = (
        _("Source and publication"),
        {"fields": ["source", "source_locator", "publication_status", "review_note"]},
    )
    timestamps_fieldset = (_("Record"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]})
