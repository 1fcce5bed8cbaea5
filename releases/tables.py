"""The tables of a release and how a record becomes a row: every importable domain model (the registry's),
its public records, fields by name, relations by natural key, and the hash that addresses a version."""

import hashlib
import json
from datetime import date, datetime
from decimal import Decimal
from functools import cache

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from core.registry import importable_models, resource_class_for

# Kept out of a release: bookkeeping, not facts (every release holds only published records).
LEFT_OUT = {"id", "created_at", "updated_at", "publication_status", "review_note"}
KEY_SEPARATOR = "/"


def tables():
    """The models a release holds, in dependency (app) order."""
    return importable_models()


def table_name(model):
    """A model's table in releases, URLs and downloads: ``traderecord``."""
    return model._meta.model_name


@cache
def model_of(name):
    for model in tables():
        if table_name(model) == name:
            return model
    raise LookupError(name)


@cache
def key_fields(model):
    """The fields of the natural key (the import's ``import_id_fields``)."""
    return tuple(resource_class_for(model)._meta.import_id_fields)


@cache
def related_key(model):
    """The one field naming a related record (``iso3``, ``slug``)."""
    fields = key_fields(model)
    if len(fields) != 1:
        raise ValueError(f"{model._meta.label} has a composite key; it cannot be referred to by one value.")
    return fields[0]


def columns(model):
    """The stored fields of a model: concrete ones, then auto-created many-to-many sets."""
    fields = [f for f in model._meta.concrete_fields if f.name not in LEFT_OUT]
    many = [f for f in model._meta.many_to_many if f.remote_field.through._meta.auto_created]
    return fields + many


def empty_value(field):
    """What a field holds when empty: ``[]`` for a set, None where the column may be null, "" for text;
    None for a field that is never empty (a number, a date, a key that is required)."""
    if field.many_to_many:
        return []
    if field.null:
        return None
    return "" if isinstance(field, models.CharField | models.TextField) else NEVER_EMPTY


NEVER_EMPTY = object()


@cache
def empties(model):
    """{field name: its empty value} for the fields that can be empty, in column order."""
    return {f.name: value for f in columns(model) if (value := empty_value(f)) is not NEVER_EMPTY}


def stored(model, row):
    """A row as a release stores it: fields at their empty value left out (most notes and optional fields
    are empty, and a release stores every record); ``restored`` puts them back."""
    empty = empties(model)
    return {name: value for name, value in row.items() if name not in empty or value != empty[name]}


def restored(model, data):
    """A stored row with every column (in column order), as ``rows`` gives it; versions stored whole are
    returned as they are."""
    empty, full = empties(model), {}
    for name in (field.name for field in columns(model)):
        if name in data:
            full[name] = data[name]
        elif name in empty:
            full[name] = [] if empty[name] == [] else empty[name]  # a new list each time: callers may change it
    return {**full, **data}


def value_path(field):
    return f"{field.name}__{related_key(field.related_model)}" if field.is_relation else field.name


def plain(value):
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def rows(model, queryset=None):
    """Every public record of ``model`` as a dict of stored fields, in key order."""
    queryset = model._default_manager.public() if queryset is None else queryset
    concrete = [f for f in columns(model) if not f.many_to_many]
    many = [f for f in columns(model) if f.many_to_many]
    paths = [value_path(f) for f in concrete]
    sets = {f.name: m2m_sets(model, f) for f in many}
    for values in queryset.order_by(*[value_path(model._meta.get_field(n)) for n in key_fields(model)]).values(
        "pk", *paths
    ):
        row = {f.name: plain(values[path]) for f, path in zip(concrete, paths, strict=True)}
        for name, members in sets.items():
            row[name] = sorted(members.get(values["pk"], ()))
        yield row


def m2m_sets(model, field):
    through = field.remote_field.through
    source = field.m2m_field_name()
    target = field.m2m_reverse_field_name()
    members = {}
    key = related_key(field.related_model)
    for owner, value in through.objects.values_list(f"{source}_id", f"{target}__{key}").iterator():
        members.setdefault(owner, []).append(value)
    return members


def key_of(model, row):
    return KEY_SEPARATOR.join("-" if row[name] is None else str(row[name]) for name in key_fields(model))


def canonical(data):
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), cls=DjangoJSONEncoder)


def digest(table, data):
    """The address of a version: 128 bits of SHA-256 over the table and the canonical JSON of the fields."""
    return hashlib.sha256(f"{table}\n{canonical(data)}".encode()).hexdigest()[:32]


def label(model, field_name, language):
    """The verbose name of a field in ``language``."""
    from django.utils import translation

    with translation.override(language):
        return str(model._meta.get_field(field_name).verbose_name)


def is_relation(field):
    return isinstance(field, models.ForeignKey | models.ManyToManyField)
