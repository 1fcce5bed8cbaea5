"""Which resource imports and exports each model: ``<app>.resources.<Model>Resource``, by convention."""

from django.apps import apps
from django.utils.module_loading import import_string

DOMAIN_APPS = ("reference", "alliances", "cooperation", "trade")


def resource_class_for(model):
    try:
        return import_string(f"{model._meta.app_label}.resources.{model.__name__}Resource")
    except ImportError:
        return None


def importable_models():
    """Every domain model that has a resource, in app order."""
    return [
        model
        for app_label in DOMAIN_APPS
        for model in apps.get_app_config(app_label).get_models()
        if resource_class_for(model) is not None
    ]


def model_from_label(label):
    """``trade.TradeRecord`` (any case) to the model; LookupError names the importable ones."""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        model = None
    if model is None or resource_class_for(model) is None:
        known = ", ".join(m._meta.label for m in importable_models())
        raise LookupError(f"Unknown model {label!r}; importable models: {known}")
    return model
