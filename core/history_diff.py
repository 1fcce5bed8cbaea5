"""What each version of a record changed, for the admin's history page, in a bounded number of queries.

simple-history's own diff asks the database twice per version for every many-to-many field; this
reads the many-to-many rows of the whole page at once, and the related records they name at once.
"""

from collections import defaultdict

from django.db.models import ForeignKey
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from simple_history.utils import get_m2m_reverse_field_name


def shown(field, value):
    """A stored value as the admin shows it: a choice's label, a related record's name, "—" for nothing."""
    if value in (None, ""):
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def set_delta_changes(model, records):
    """Give each historical record of ``records`` (newest first) ``history_delta_changes``: a list of
    ``{"field", "old", "new"}`` against the version before it, and ``history_m2m`` (the sets it had)."""
    records = list(records)
    if not records:
        return
    previous = records[-1].prev_record  # the version before the page's oldest, if any
    versions = records + ([previous] if previous is not None else [])
    history_model = type(records[0])
    m2m_sets = many_to_many_sets(history_model, versions)
    tracked = {f.attname for f in history_model.tracked_fields}
    fields = [f for f in model._meta.concrete_fields if f.editable and f.attname in tracked]
    for newer, older in zip(versions, versions[1:], strict=False):
        changes = []
        for field in fields:
            old, new = getattr(older, field.attname), getattr(newer, field.attname)
            if old == new:
                continue
            if isinstance(field, ForeignKey):
                old, new = related_name(older, field, old), related_name(newer, field, new)
            changes.append({"field": capfirst(field.verbose_name), "old": shown(field, old), "new": shown(field, new)})
        for label, by_version in m2m_sets:
            old, new = by_version.get(older.history_id, []), by_version.get(newer.history_id, [])
            if old != new:
                changes.append({"field": label, "old": ", ".join(old) or "—", "new": ", ".join(new) or "—"})
        newer.history_delta_changes = changes


def related_name(record, field, pk):
    """The related record's name (loaded with the page by ``select_related``), or a note that it is gone."""
    if pk is None:
        return None
    related = getattr(record, field.name, None)
    return str(related) if related is not None else _("deleted record %(pk)s") % {"pk": pk}


def many_to_many_sets(history_model, versions):
    """[(label, {history id: sorted names of the related records}), ...], two queries per field."""
    sets = []
    for field in history_model._history_m2m_fields:
        through = getattr(history_model, field.name).model
        target = get_m2m_reverse_field_name(field)
        rows = list(
            through.objects.filter(history__in=[v.history_id for v in versions]).values_list(
                "history_id", f"{target}_id"
            )
        )
        names = {
            obj.pk: str(obj) for obj in field.related_model._default_manager.filter(pk__in={pk for _h, pk in rows})
        }
        by_version = defaultdict(list)
        for history_id, pk in rows:
            by_version[history_id].append(names.get(pk, _("deleted record %(pk)s") % {"pk": pk}))
        sets.append((capfirst(field.verbose_name), {k: sorted(v) for k, v in by_version.items()}))
    return sets
