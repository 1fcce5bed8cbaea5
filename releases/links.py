"""The link from a record as it stood in a release to its current public page, if it is still public."""

from .tables import key_fields, related_key

_record_url = None


def register_record_url(function):
    """The portal gives its ``record_url`` (record → public page) at start-up; this app sits below it."""
    global _record_url
    _record_url = function


def current_record(model, key):
    values = key.split("/")
    fields = key_fields(model)
    if len(values) != len(fields):
        return None
    filters = {}
    for name, value in zip(fields, values, strict=True):
        field = model._meta.get_field(name)
        path = f"{name}__{related_key(field.related_model)}" if field.is_relation else name
        filters[path] = None if value == "-" else value
    try:
        return model._default_manager.public().filter(**filters).first()
    except (ValueError, TypeError):
        return None


def current_url(model, key):
    record = current_record(model, key)
    if record is None:
        return None
    try:
        from core.registry import record_url  # the registry's, once it has landed
    except ImportError:
        record_url = _record_url
    return record_url(record) if record_url else None
