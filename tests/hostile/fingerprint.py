"""What the database holds, as one comparable value: "unchanged" means every row of every table the same.

Used by the hostile-input, escalation and fault tests, which all promise that a refused or
interrupted write leaves nothing behind — not one row, not one changed timestamp.
"""

import hashlib

from django.apps import apps

from core.registry import domain_apps


def tables(with_imports=True):
    """Every domain model with its many-to-many tables and its history, which holds what imports changed
    (``with_imports`` is kept for the callers: the history is always in)."""
    models = [
        model for label in domain_apps() for model in apps.get_app_config(label).get_models(include_auto_created=True)
    ]
    # What imports changed is in the domain models' history (their historical models are among these).
    return models


def fingerprint(with_imports=True, using="default"):
    """{table: (row count, digest of every row in key order)}; two equal fingerprints mean equal tables."""
    result = {}
    for model in tables(with_imports):
        names = [field.attname for field in model._meta.concrete_fields]
        rows = model._base_manager.using(using).order_by("pk").values_list(*names)
        digest, count = hashlib.sha256(), 0
        for row in rows.iterator(chunk_size=5000):
            digest.update(repr(row).encode())
            count += 1
        result[model._meta.db_table] = (count, digest.hexdigest()[:16])
    return result


def completed_imports():
    """How many imports completed: a refused file may leave a *failed* import record, never a completed one."""
    return apps.get_model("core", "ImportRecord").objects.filter(status="completed").count()
