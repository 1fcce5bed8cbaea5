"""Every record of every model, in a form two databases can be compared by (``python -m tests.production.snapshot``).

Records are serialised with natural keys, so a restore that renumbers primary keys still compares
equal; a model without a natural key keeps its primary key, which a restore must then keep too.
"""

import json

from django.apps import apps
from django.core import serializers

from bri_portal.backups import EXCLUDED


def excluded(model):
    return model._meta.app_label in EXCLUDED or model._meta.label_lower in EXCLUDED


def snapshot():
    records = {}
    for model in apps.get_models():
        if model._meta.proxy or excluded(model):
            continue
        rows = serializers.serialize(
            "python", model._base_manager.all(), use_natural_foreign_keys=True, use_natural_primary_keys=True
        )
        records[model._meta.label] = sorted(json.dumps(row, sort_keys=True, default=str) for row in rows)
    return records


if __name__ == "__main__":
    import django

    django.setup()
    print(json.dumps(snapshot()))
