"""Keeping the search index current: on every save and delete, every import and every undo.

A record's row is written while the record is public and removed when it is not (a draft, a
deleted record, a form whose mode was unpublished, a country no published record names). A save
also refreshes the searchable records it names (a new institution can give its country a profile)
and those that name it (unpublishing a mode hides its forms). Imports and undo write in bulk and
send ``post_import`` per model: its records and their neighbours are indexed again, in one pass.
Commands that write in bulk without signals call ``rebuild()`` (``manage.py rebuild_search_index``).
"""

from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from import_export.signals import post_import

from core.bulk import in_bulk_write

from ..models import SearchEntry, SearchTrigram, SearchWord
from .documents import BY_MODEL, SPECS, document
from .text import TOKEN

BATCH = 500
_paused = []


def _write(spec, records):
    """Write the rows of ``records`` (public ones of ``spec``), replacing any they had."""
    rows = {record.pk: document(spec, record) for record in records}
    SearchEntry.objects.filter(record_type=spec.key, object_id__in=rows).delete()
    countries = {object_id: values.pop("countries") for object_id, values in rows.items()}
    SearchEntry.objects.bulk_create(
        [SearchEntry(record_type=spec.key, object_id=object_id, **values) for object_id, values in rows.items()],
        batch_size=BATCH,
    )
    through = SearchEntry.countries.through
    created = SearchEntry.objects.filter(record_type=spec.key, object_id__in=rows).values_list("object_id", "pk")
    through.objects.bulk_create(
        [through(searchentry_id=pk, country_id=c) for object_id, pk in created for c in countries[object_id]],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    remember_words(" ".join(values["names"] for values in rows.values()))


def remember_words(text):
    """Add the Latin words of records' names to the typo-tolerance vocabulary."""
    words = {word for word in TOKEN.findall(text) if word.isascii() and 4 <= len(word) <= 64 and not word.isdigit()}
    if not words:
        return
    known = set(SearchWord.objects.filter(word__in=words).values_list("word", flat=True))
    new = [SearchWord(word=word) for word in sorted(words - known)]
    SearchWord.objects.bulk_create(new, batch_size=BATCH, ignore_conflicts=True)
    if connection.vendor == "postgresql" or not new:
        return
    ids = dict(SearchWord.objects.filter(word__in=[w.word for w in new]).values_list("word", "pk"))
    SearchTrigram.objects.bulk_create(
        [SearchTrigram(word_id=ids[word], trigram=gram) for word in ids for gram in trigrams(word)],
        batch_size=BATCH,
        ignore_conflicts=True,
    )


def trigrams(word):
    padded = f"  {word} "
    return sorted({padded[i : i + 3] for i in range(len(padded) - 2)})


def index_records(spec, ids):
    """Index the given records of one type again: the public ones written, the others removed."""
    ids = list(ids)
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        public = list(spec.public().filter(pk__in=chunk))
        _write(spec, public)
        gone = set(chunk) - {record.pk for record in public}
        if gone:
            SearchEntry.objects.filter(record_type=spec.key, object_id__in=gone).delete()


def rebuild(keys=None):
    """Index every record of the given types (all by default) from scratch."""
    for key in keys or SPECS:
        spec = SPECS[key]
        SearchEntry.objects.filter(record_type=key).delete()
        ids = list(spec.public().values_list("pk", flat=True))
        for start in range(0, len(ids), BATCH):
            _write(spec, list(spec.public().filter(pk__in=ids[start : start + BATCH])))


def neighbours(model, ids, instance=None):
    """Searchable records that name these records, or that they name: ``{spec: ids}``.

    ``ids`` may be a queryset of primary keys; ``instance`` (a deleted record) gives what it named.
    """
    found = {}
    for spec in SPECS.values():
        for field in spec.model._meta.get_fields():
            if field.concrete and field.is_relation and field.related_model is model:
                naming = spec.model.objects.filter(**{f"{field.name}__in": ids}).values_list("pk", flat=True)
                found.setdefault(spec, set()).update(naming)
    for field in model._meta.get_fields():
        spec = BY_MODEL.get(field.related_model)
        if not (spec and field.concrete and field.is_relation):
            continue
        if instance is not None:
            named = [getattr(instance, field.attname)] if field.many_to_one else []
        else:
            named = model.objects.filter(pk__in=ids).exclude(**{f"{field.name}__isnull": True})
            # each named record once, from the database: an import of a million rows names a few hundred
            named = named.values_list(field.name, flat=True).order_by().distinct()
        found.setdefault(spec, set()).update(pk for pk in named if pk is not None)
    return found


def refresh(model, ids, deleted=None):
    """Index these records of ``model`` and their searchable neighbours again (``deleted``: the deleted record)."""
    spec = BY_MODEL.get(model)
    if spec and deleted is not None:
        SearchEntry.objects.filter(record_type=spec.key, object_id__in=ids).delete()
    elif spec:
        index_records(spec, ids)
    for other, other_ids in neighbours(model, ids, deleted).items():
        if other_ids:
            index_records(other, other_ids)


def watched(model):
    return model in BY_MODEL or any(
        field.related_model in BY_MODEL for field in model._meta.get_fields() if field.is_relation
    )


def on_save(sender, instance, raw=False, **kwargs):
    if not (_paused or in_bulk_write()):
        refresh(sender, [instance.pk])


def on_delete(sender, instance, **kwargs):
    if not (_paused or in_bulk_write()):
        refresh(sender, [instance.pk], deleted=instance)


def on_m2m(sender, instance, action, model=None, pk_set=None, **kwargs):
    if _paused or in_bulk_write() or not action.startswith("post_"):
        return
    refresh(type(instance), [instance.pk])
    if pk_set:
        refresh(model, pk_set)


def on_import(sender, model=None, **kwargs):
    """An import or an undo wrote ``model`` in bulk: index all its records and their neighbours."""
    if _paused or model is None:
        return
    spec = BY_MODEL.get(model)
    if spec:
        SearchEntry.objects.filter(record_type=spec.key).exclude(object_id__in=spec.model.objects.values("pk")).delete()
    with transaction.atomic():
        refresh(model, model.objects.values_list("pk", flat=True))


def _senders():
    for model in {spec.model for spec in SPECS.values()} | set(_related_models()):
        uid = f"search-{model._meta.label}"
        yield post_save, on_save, model, uid
        yield post_delete, on_delete, model, uid
        for field in model._meta.local_many_to_many:
            yield m2m_changed, on_m2m, field.remote_field.through, f"{uid}-{field.name}"


def connect():
    for signal, receiver, sender, uid in _senders():
        signal.connect(receiver, sender=sender, dispatch_uid=uid)
    post_import.connect(on_import, dispatch_uid="search-imports")


def disconnect():
    for signal, _receiver, sender, uid in _senders():
        signal.disconnect(sender=sender, dispatch_uid=uid)
    post_import.disconnect(dispatch_uid="search-imports")


def _related_models():
    """Models whose changes can change a searchable record's row (memberships: an alliance's countries).

    Not the change history's models (``instance_type``): a past version changes no row, and watching them
    indexed a record's countries again for every version saved and every version deleted."""
    from django.apps import apps

    return [
        model
        for model in apps.get_models()
        if model._meta.app_label in ("reference", "alliances", "cooperation", "trade")
        and not hasattr(model, "instance_type")
        and watched(model)
    ]


@contextmanager
def paused():
    """For a command writing many records at once: no indexing per record (and no receivers, so Django
    deletes querysets without loading their rows), one rebuild at the end."""
    _paused.append(True)
    disconnect()
    try:
        yield
    finally:
        _paused.pop()
        connect()
    if not _paused:
        with transaction.atomic():
            rebuild()
