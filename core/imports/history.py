"""What an import changed, and how to take it back."""

import json
import zlib

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export.signals import post_import
from simple_history.utils import get_history_manager_for_model

from core.choices import ChangedViaChoices
from core.history import delete_with_history, historical_attrs, history_context, history_user
from core.models import ImportChangeActionChoices, ImportStatusChoices


def lock_model(model):
    """Serialise imports of one model: overlapping rows from two imports never race (PostgreSQL advisory lock)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [zlib.crc32(model._meta.label_lower.encode())])


def snapshot(instance):
    """The stored state of a record: concrete fields and many-to-many keys, for undo."""
    state = {f.attname: f.value_from_object(instance) for f in instance._meta.concrete_fields}
    for m2m in instance._meta.many_to_many:
        state[m2m.name] = list(getattr(instance, m2m.name).values_list("pk", flat=True))
    if hasattr(instance, "participations"):
        state["participations"] = list(
            instance.participations.values("institution_id", "role", "source_id", "source_locator")
        )
    return state


def storable(state):
    """A snapshot as JSON-safe values (decimals and dates as strings), for ``ImportChange.before``."""
    return json.loads(json.dumps(state, cls=DjangoJSONEncoder))


class UndoRefused(Exception):
    pass


def undo_import(record, user):
    """Restore every record the import touched to its state before it, in one transaction.

    The history records it as an undo of the import: a deletion per record the import created,
    and the restored state of each record it updated (written in bulk).
    """
    model = apps.get_model(record.model_label)
    if record.status != ImportStatusChoices.COMPLETED:
        raise UndoRefused(_("Only a completed import can be undone."))
    with transaction.atomic(), history_context(user=user, changed_via=ChangedViaChoices.UNDO, import_id=record.pk):
        lock_model(model)
        changes = list(record.changes.all())
        touched = model._default_manager.filter(
            pk__in=[c.object_pk for c in changes], updated_at__gt=record.finished_at
        )
        if touched.exists():
            raise UndoRefused(
                _("%(count)s of the records have changed since the import; undo them by hand.")
                % {"count": touched.count()}
            )
        updated = {c.object_pk for c in changes if c.action == ImportChangeActionChoices.UPDATED}
        deleted = updated - set(model._default_manager.filter(pk__in=updated).values_list("pk", flat=True))
        if deleted:
            raise UndoRefused(
                _("%(count)s of the records have been deleted since the import; undo them by hand.")
                % {"count": len(deleted)}
            )
        created = [c.object_pk for c in changes if c.action == ImportChangeActionChoices.CREATED]
        delete_with_history(model._default_manager.filter(pk__in=created))
        restored = [
            restore(model, change.object_pk, change.before)
            for change in changes
            if change.action == ImportChangeActionChoices.UPDATED and change.before
        ]
        get_history_manager_for_model(model).bulk_history_create(
            restored, update=True, default_user=history_user(), custom_historical_attrs=historical_attrs()
        )
        post_import.send(sender=None, model=model)
        record.status = ImportStatusChoices.UNDONE
        record.undone_at = timezone.now()
        record.undone_by = user if getattr(user, "pk", None) else None
        record.save()


def restore(model, pk, state):
    state = dict(state)
    m2m = {f.name: state.pop(f.name, None) for f in model._meta.many_to_many}
    participations = state.pop("participations", None)
    instance = model._default_manager.get(pk=pk)
    for field in model._meta.concrete_fields:
        if field.attname in state:
            setattr(instance, field.attname, field.to_python(state[field.attname]))
    models.Model.save_base(instance, raw=True)
    for name, keys in m2m.items():
        if keys is not None:
            getattr(instance, name).set(keys)
    if participations is not None:
        instance.participations.all().delete()
        for participation in participations:
            instance.participations.create(**participation)
    return instance
