"""What an import changed, and how to take it back: read from the records' history alone.

Every row an import writes has a historical row with the import's id (``core.history``). Before an
import changes a record whose history holds no earlier version (seed data loaded with history off),
it writes that version first (``write_baselines``), so the history always holds the state to go back to.
Undo reads the import's historical rows, in every audited model (the rows a resource writes beside its
own, such as a project's participants, carry the id too), and restores each record's previous version; the
pending changes the import held for review (a partner's, ``core.pending``) and that still wait are withdrawn.
"""

import zlib
from datetime import timedelta

from django.apps import apps
from django.db import connection, models, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export.signals import post_import
from simple_history.utils import get_history_manager_for_model

from core.bulk import bulk_write
from core.choices import ChangedViaChoices
from core.history import HistoricalChange, delete_with_history, historical_attrs, history_context, history_user
from core.models import ImportRecord, ImportStatusChoices
from core.pending import PendingChange

BASELINE_REASON = "Version before an import (no earlier version was recorded)"


def lock_model(model):
    """Serialise imports of one model: overlapping rows from two imports never race (PostgreSQL advisory lock)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [zlib.crc32(model._meta.label_lower.encode())])


def snapshot(instance):
    """The stored state of a record: concrete fields and many-to-many keys, to find unchanged rows."""
    state = {f.attname: f.value_from_object(instance) for f in instance._meta.concrete_fields}
    for m2m in instance._meta.many_to_many:
        state[m2m.name] = list(getattr(instance, m2m.name).values_list("pk", flat=True))
    return state


def audited_models():
    """Every model whose history records how each change was made."""
    return [
        model
        for model in apps.get_models()
        if hasattr(model._meta, "simple_history_manager_attribute")
        and issubclass(model.history.model, HistoricalChange)
    ]


def m2m_history_models(history_model):
    """{m2m field: the historical model of its links} for the many-to-many fields the history tracks."""
    related = {r.related_model._meta.model_name: r.related_model for r in history_model._meta.related_objects}
    return {
        field: related[f"{history_model._meta.model_name}_{field.name}".lower()]
        for field in getattr(history_model, "_history_m2m_fields", [])
    }


def write_baselines(model, pks, before=None):
    """Record the stored state of the records ``pks`` whose history holds no version yet (bulk, before a write).

    ``before`` (the migration of old imports) gives the states instead: {pk: (state, date)}.
    """
    if not hasattr(model._meta, "simple_history_manager_attribute"):
        return []
    history_model = model.history.model
    known = set(history_model.objects.filter(id__in=pks).values_list("id", flat=True).distinct())
    missing = [pk for pk in pks if pk not in known]
    if not missing:
        return []
    now = timezone.now() - timedelta(microseconds=1)
    if before is None:
        states = {
            r.pk: ({f.attname: getattr(r, f.attname) for f in history_model.tracked_fields}, now)
            for r in model._default_manager.filter(pk__in=missing)
        }
    else:
        states = {pk: before[pk] for pk in missing if pk in before}
    rows = [
        history_model(
            history_type="~",
            history_date=date,
            history_change_reason=BASELINE_REASON,
            changed_via=ChangedViaChoices.OTHER,
            **{f.attname: state.get(f.attname) for f in history_model.tracked_fields},
        )
        for state, date in states.values()
    ]
    history_model.objects.bulk_create(rows, batch_size=2000)
    for field, link_model in m2m_history_models(history_model).items():
        through = getattr(model, field.name).through
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        by_pk = {
            row.id: row for row in history_model.objects.filter(id__in=states, history_change_reason=BASELINE_REASON)
        }
        if before is None:
            links = [
                (r[0], r[1])
                for r in through.objects.filter(**{f"{source}_id__in": states}).values_list(
                    f"{source}_id", f"{target}_id"
                )
            ]
        else:
            links = [(pk, key) for pk, (state, _date) in states.items() for key in state.get(field.name) or ()]
        link_model.objects.bulk_create(
            [link_model(history=by_pk[pk], **{f"{source}_id": pk, f"{target}_id": key}) for pk, key in links],
            batch_size=2000,
        )
    return rows


WRITTEN_BY_IMPORTS = (ChangedViaChoices.IMPORT, ChangedViaChoices.API)


class UndoRefused(Exception):
    pass


def describe(model, record_id, version=None):
    name = str(version.instance) if version is not None else ""
    return _("%(model)s #%(id)s%(name)s") % {
        "model": model._meta.verbose_name,
        "id": record_id,
        "name": f" ({name})" if name else "",
    }


def touched(record):
    """{model: {record id: [the import's historical rows, oldest first]}} across every audited model."""
    found = {}
    for model in audited_models():
        rows = model.history.filter(import_id=record.pk, changed_via__in=WRITTEN_BY_IMPORTS)
        for row in rows.order_by("history_date", "history_id"):
            found.setdefault(model, {}).setdefault(row.id, []).append(row)
    return found


def previous_versions(model, first_rows):
    """{record id: its historical row just before the import's first row for it} (None when there is none)."""
    history = model.history.model
    before = history.objects.filter(id=models.OuterRef("id")).filter(
        Q(history_date__lt=models.OuterRef("history_date"))
        | Q(history_date=models.OuterRef("history_date"), history_id__lt=models.OuterRef("history_id"))
    )
    ids = history.objects.filter(history_id__in=[row.history_id for row in first_rows]).annotate(
        previous=models.Subquery(before.order_by("-history_date", "-history_id").values("history_id")[:1])
    )
    pairs = dict(ids.values_list("id", "previous"))
    versions = history.objects.in_bulk([pk for pk in pairs.values() if pk])
    return {record_id: versions.get(previous) for record_id, previous in pairs.items()}


def blocker(record, model, rows_by_id):
    """Why a record the import touched cannot go back: a later change (named, with who and when), or the record
    gone without a trace; None if every one can. A few queries per model and 2,000 records, never one per record."""
    ids = list(rows_by_id)
    for start in range(0, len(ids), 2000):
        last = {pk: rows_by_id[pk][-1] for pk in ids[start : start + 2000]}
        since = min(row.history_date for row in last.values())
        later = (
            model.history.filter(id__in=last, history_date__gte=since)
            .exclude(import_id=record.pk, changed_via__in=WRITTEN_BY_IMPORTS)
            .exclude(import_id__in=ImportRecord.objects.filter(status=ImportStatusChoices.UNDONE).values("pk"))
            .select_related("history_user")
            .order_by("history_date", "history_id")
        )
        for row in later.iterator():
            mine = last[row.id]
            if (row.history_date, row.history_id) > (mine.history_date, mine.history_id):
                return _("%(record)s was changed after this import: %(how)s by %(user)s on %(date)s.") % {
                    "record": describe(model, row.id, row),
                    "how": row.how,
                    "user": row.history_user or _("someone"),
                    "date": timezone.localtime(row.history_date).strftime("%Y-%m-%d %H:%M"),
                }
        stored = dict(model._default_manager.filter(pk__in=last).values_list("pk", "updated_at"))
        latest = dict(
            model.history.filter(id__in=last)
            .values("id")
            .annotate(latest=Max("history_date"))
            .values_list("id", "latest")
        )
        for pk, row in last.items():
            if row.history_type != "-" and pk not in stored:
                return _("%(record)s has been deleted since this import.") % {"record": describe(model, pk, row)}
            if pk in stored and stored[pk] > latest[pk]:
                return _("%(record)s was changed after this import (the change is not in its history).") % {
                    "record": describe(model, pk, row)
                }
    return None


def undo_import(record, user):
    """Restore every record the import touched to its version before it, in one transaction, or refuse,
    naming the first record that blocks and the change that came after the import."""
    if record.status != ImportStatusChoices.COMPLETED:
        raise UndoRefused(_("Only a completed import can be undone."))
    model = apps.get_model(record.model_label)
    with transaction.atomic(), history_context(user=user, changed_via=ChangedViaChoices.UNDO, import_id=record.pk):
        lock_model(model)
        found = touched(record)
        for each, rows_by_id in found.items():
            reason = blocker(record, each, rows_by_id)
            if reason:
                raise UndoRefused(reason)
        # Children before the tables they refer to among deletions (a workbook touches several), the reverse
        # among restorations; the imported model last among deletions.
        from core.imports.workbooks import dependency_order

        for each in found:
            lock_model(each)
        order = sorted(reversed(dependency_order(found)), key=lambda m: m is model)
        with bulk_write():  # one post_import at the end, not a receiver call per row
            for each in order:
                created = [rid for rid, rows in found[each].items() if rows[0].history_type == "+"]
                delete_with_history(each._default_manager.filter(pk__in=created))
            for each in reversed(order):
                restore_versions(each, [rows[0] for rows in found[each].values() if rows[0].history_type != "+"])
        for each in order:
            post_import.send(sender=None, model=each)
        PendingChange.objects.open().filter(import_id=record.pk).delete()  # the changes it held for review
        record.status = ImportStatusChoices.UNDONE
        record.undone_at = timezone.now()
        record.undone_by = user if getattr(user, "pk", None) else None
        record.save()


def restore_versions(model, first_rows):
    """Put each record back as its version before the import says (recreated if the import deleted it)."""
    if not first_rows:
        return
    previous = previous_versions(model, first_rows)
    first_rows_by_id = {row.id: row for row in first_rows}
    history = model.history.model
    links = m2m_history_models(history)
    restored = []
    for record_id, version in previous.items():
        if version is None and first_rows_by_id[record_id].history_type == "-":
            version = first_rows_by_id[record_id]  # deleted by the import: the state it deleted
        if version is None or version.history_type == "-":
            continue
        instance = model(**{f.attname: getattr(version, f.attname) for f in history.tracked_fields})
        stored = model._default_manager.filter(pk=record_id).values_list("created_at", "updated_at").first()
        if stored is not None and not any(f.attname == "created_at" for f in history.tracked_fields):
            instance.created_at = stored[0]
        instance.updated_at = timezone.now()
        models.Model.save_base(instance, raw=True)
        for field, link_model in links.items():
            target = f"{field.m2m_reverse_field_name()}_id"
            keys = link_model.objects.filter(history=version).values_list(target, flat=True)
            getattr(instance, field.name).set(list(keys))
        restored.append(instance)
    get_history_manager_for_model(model).bulk_history_create(
        restored, update=True, default_user=history_user(), custom_historical_attrs=historical_attrs()
    )
