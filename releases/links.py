"""The link from a record as it stood in a release to its current public page, if it is still public."""

from core.registry import record_url

from .tables import key_fields, related_key


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
    return record_url(record)
