"""Partners' pending changes (``core.pending``): holding one, showing it as a diff, accepting, rejecting.

Every door that lets a partner change a published record ends here: the import resources (spreadsheets,
workbooks, the API's writes) and the admin's change form call ``hold`` with the row's cells. A change is
kept as cells, the way an import reads them (relations by natural key), so that accepting it is an import
of that one row by the curator: the same validation, the same save path, the same history (with the
partner named in the change reason), and an undo like any import's.

Accepting never overwrites silently: if the record changed since the partner proposed the change (a cell
the change sets is neither what the partner saw nor what they propose), ``accept`` refuses with the
fields named, unless the curator accepts it anyway having seen the diff.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from import_export.results import RowResult

from core.choices import ChangedViaChoices, PendingStateChoices
from core.history import history_context
from core.imports.context import ImportContext
from core.imports.widgets import ManyNaturalKeysWidget
from core.pending import PendingChange, is_held, organisation_key
from core.registry import resource_class_for
from core.roles import partner_profile_of


class ChangeRefused(Exception):
    """A pending change that cannot be accepted as it stands; the message says why, in the user's language."""


def text(value):
    return "" if value is None else str(value)


def same(field, first, second):
    """Whether two cells of a column say the same value (``5`` and ``5.0000``; keys in another order)."""
    first, second = text(first), text(second)
    if first == second:
        return True
    try:
        values = [field.clean({field.column_name: cell}) for cell in (first, second)]
    except (ValueError, ValidationError):
        return False
    if isinstance(field.widget, ManyNaturalKeysWidget):
        return {item.pk for item in values[0]} == {item.pk for item in values[1]}
    return values[0] == values[1]


def import_fields(resource):
    return {field.column_name: field for field in resource.get_import_fields() if not field.readonly}


def cells_of(resource, record, columns):
    """The stored record's cells for ``columns``, as the resource exports them (relations by natural key)."""
    fields = import_fields(resource)
    return {column: text(fields[column].export(record)) for column in columns if column in fields}


def proposed_cells(resource, instance, row):
    """The cells of a row as the import read them: the instance's new values, exported as the resource
    exports them; many-to-many and other written-after-save columns as the row names them."""
    cells = {}
    concrete = {field.name for field in instance._meta.concrete_fields}
    for column, field in import_fields(resource).items():
        if column not in row:
            continue
        if isinstance(field.widget, ManyNaturalKeysWidget):
            items = field.clean(row)
            cells[column] = f" {field.widget.SEPARATOR} ".join(field.widget.item_widget.render(i) for i in items)
        elif field.attribute in concrete:
            cells[column] = text(field.export(instance))
        else:
            cells[column] = text(row[column]).strip()
    return cells


class HoldsPartnersChanges:
    """What the import resources (``PortalResource``) do with a partner's row that changes a published record:
    they keep it as a pending change instead of saving it (``save_instance`` asks ``is_held``), and count it
    apart from the updates."""

    held_rows = 0  # rows of the chunk held as pending changes

    def stored_status(self, instance):
        """The record's publication status before the import (None for a new row or a model without one)."""
        if instance.pk is None or "publication_status" not in self.before_states.get(instance.pk, {}):
            return None
        return self.before_states[instance.pk]["publication_status"]

    def is_held(self, instance):
        return self.partner_profile is not None and is_held(self.user, self.stored_status(instance))

    def hold(self, instance, row):
        """Keep the row as the partner's pending change; a check only counts it."""
        self.held_rows += 1
        if not self.context.dry_run:
            cells = proposed_cells(self, instance, row)
            hold(
                self._meta.model,
                instance.pk,
                cells,
                user=self.user,
                via=self.context.via,
                import_id=self.context.record.pk,
            )

    def count_held(self, result):
        """Rows held as pending changes are counted apart from the updates (they changed no record)."""
        result.totals[RowResult.IMPORT_TYPE_UPDATE] -= self.held_rows
        result.totals["pending"] = self.held_rows


def hold(model, pk, cells, *, user, via, import_id=None):
    """Keep ``cells`` as ``user``'s pending change to the stored record ``pk``; a second change of the same
    partner to the same record updates their open one. None when the cells change nothing."""
    live = model._default_manager.get(pk=pk)
    resource = resource_class_for(model)()
    base = cells_of(resource, live, cells)
    fields = import_fields(resource)
    if all(column not in base or same(fields[column], value, base[column]) for column, value in cells.items()):
        return None
    content_type = ContentType.objects.get_for_model(model)
    change = PendingChange.objects.open().filter(content_type=content_type, object_id=pk, submitted_by=user).first()
    if change is None:
        change = PendingChange(
            content_type=content_type,
            object_id=pk,
            submitted_by=user,
            organisation=organisation_key(partner_profile_of(user)),
            values={},
            base={},
        )
    change.values = {**change.values, **cells}
    change.base = {**base, **change.base}  # a cell keeps the value the partner first saw
    change.via, change.import_id = via, import_id
    change.save()
    return change


def with_diffs(changes):
    """Give each change ``record`` (the live record, None if deleted), ``diff`` (rows of ``field``, ``old``,
    ``new``, ``conflict``) and ``stale``; a few queries per table, however many changes."""
    changes = list(changes)
    by_model = {}
    for change in changes:
        by_model.setdefault(change.content_type_id, []).append(change)
    for group in by_model.values():
        model = ContentType.objects.get_for_id(group[0].content_type_id).model_class()
        resource = resource_class_for(model)()
        related = [f.name for f in model._meta.concrete_fields if f.is_relation]
        many = [f.name for f in model._meta.many_to_many]
        records = model._default_manager.select_related(*related).prefetch_related(*many)
        records = records.in_bulk([change.object_id for change in group])
        for change in group:
            change.record = records.get(change.object_id)
            change.diff = diff_rows(resource, change) if change.record is not None else []
            change.stale = any(row["conflict"] for row in change.diff)
    return changes


def diff_rows(resource, change):
    live = cells_of(resource, change.record, change.values)
    fields = import_fields(resource)
    rows = []
    for column, value in change.values.items():
        if column not in live or same(fields[column], value, live[column]):
            continue
        old, seen = live[column], change.base.get(column, live[column])
        rows.append(
            {
                "field": resource.label(column, get_language() or "en"),
                "old": old,
                "new": text(value),
                "conflict": not same(fields[column], seen, old),
            }
        )
    return rows


def decide_reason(change):
    """The change reason the record's history keeps: who proposed the change, accepted in review."""
    partner = change.submitted_by
    return _("Proposed by %(partner)s via %(via)s, accepted in review (pending change #%(id)s)") % {
        "partner": partner.get_username() if partner else "?",
        "via": change.get_via_display(),
        "id": change.pk,
    }


def accept(change, curator, *, anyway=False):
    """Apply ``change`` as an import of its row by ``curator``; ChangeRefused if it is decided already, its
    record is gone, it has gone stale (unless ``anyway``) or the row no longer passes the import."""
    from core.imports.engine import import_rows  # the engine's resources hold changes through this module

    with transaction.atomic():
        change = PendingChange.objects.select_for_update().get(pk=change.pk)
        if change.state != PendingStateChoices.PENDING:
            raise ChangeRefused(_("This change was decided already."))
        with_diffs([change])
        if change.record is None:
            raise ChangeRefused(_("The record this change was proposed for no longer exists."))
        if change.stale and not anyway:
            fields = ", ".join(row["field"] for row in change.diff if row["conflict"])
            raise ChangeRefused(
                _(
                    "The record changed after the partner proposed this change (%(fields)s): compare the values, "
                    "then accept it anyway or reject it."
                )
                % {"fields": fields}
            )
        context = ImportContext(
            user=curator,
            via=ChangedViaChoices.ADMIN,
            changed_via=ChangedViaChoices.ADMIN,
            file_name=_("pending change #%(id)s") % {"id": change.pk},
        )
        with history_context(reason=decide_reason(change)):
            report = import_rows(change.model, [(dict(change.values), 1, {})], context)
        if not report.ok:
            raise ChangeRefused("; ".join(str(problem) for problem in report.problems))
        close(change, curator, PendingStateChoices.ACCEPTED)
    return change


def reject(change, curator, reason):
    """Reject ``change`` (the record stays as it is); the partner reads ``reason``."""
    with transaction.atomic():
        change = PendingChange.objects.select_for_update().get(pk=change.pk)
        if change.state != PendingStateChoices.PENDING:
            raise ChangeRefused(_("This change was decided already."))
        close(change, curator, PendingStateChoices.REJECTED, reason)
    return change


def close(change, curator, state, reason=""):
    change.state, change.reason = state, reason
    change.decided_by, change.decided_at = curator, timezone.now()
    change.save(update_fields=["state", "reason", "decided_by", "decided_at", "updated_at"])
