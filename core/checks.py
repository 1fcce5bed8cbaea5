"""System checks of the registry of domain models: ``manage.py check`` (and runserver, migrate) fails
when a domain model misses one of its parts.

core.E001  declared importable without a resource
core.E002  a domain model (a model of an app that declares domain models, or one that cites a source)
           is not in the registry
core.E003  a part's dotted path does not import
core.E004  a part belongs to another model
core.E005  public, searchable or in the sitemap without what that needs (a public URL; search fields;
           a URL name and key)
core.E006  a list URL that does not reverse
"""

from django.apps import apps
from django.core import checks
from django.urls import NoReverseMatch, reverse
from simple_history.models import HistoricalChanges

from . import registry
from .models import SourcedModel


def _part_model(name, part):
    if name == "resource":
        return part._meta.model
    if name == "filterset":
        return part._meta.model
    if name == "serializer":
        return part.Meta.model
    return part.queryset.model  # viewset


def check_entry(entry):
    """The problems of one registry entry."""
    label = entry.model._meta.label
    errors = []
    if entry.importable and not entry.resource:
        errors.append(
            checks.Error(
                f"{label} is declared importable but has no resource.",
                hint="Name its resource in the app's registry.py (resource=...), or set importable=False.",
                obj=entry.model,
                id="core.E001",
            )
        )
    for name in registry.PARTS:
        if not getattr(entry, name):
            continue
        try:
            part = entry.part(name)
        except ImportError as error:
            errors.append(
                checks.Error(
                    f"{label}'s {name} {getattr(entry, name)!r} cannot be imported: {error}",
                    obj=entry.model,
                    id="core.E003",
                )
            )
            continue
        if _part_model(name, part) is not entry.model:
            errors.append(
                checks.Error(f"{label}'s {name} {part.__name__} is for another model.", obj=entry.model, id="core.E004")
            )
    errors += _check_pages(entry, label)
    return errors


def _check_pages(entry, label):
    errors = []

    def error(message):
        errors.append(checks.Error(f"{label}: {message}", obj=entry.model, id="core.E005"))

    if (entry.public or entry.searchable or entry.in_sitemap) and not entry.url:
        error("public, searchable or in the sitemap, but it declares no public URL (url=...).")
    if entry.url and not entry.public:
        error("it declares a public URL but is not public (public=True).")
    if entry.searchable and not entry.search_fields:
        error("searchable, but its FilterSet declares no search_fields.")
    if entry.in_sitemap and not entry.url_key:
        error("in the sitemap, but its URL is not a URL name and key (url=(name, key)).")
    if entry.list_url:
        try:
            reverse(entry.list_url)
        except NoReverseMatch:
            message = f"{label}'s list URL {entry.list_url!r} does not reverse."
            errors.append(checks.Error(message, obj=entry.model, id="core.E006"))
    return errors


def domain_models():
    """The models the registry must hold: every concrete model of an app that declares domain models
    (not its history tables or many-to-many tables), and any model that cites a source."""
    labels = registry.domain_apps()
    for model in apps.get_models():
        if issubclass(model, HistoricalChanges):
            continue
        if model._meta.app_label in labels or issubclass(model, SourcedModel):
            yield model


def check_registry(app_configs=None, entries=None, **kwargs):
    """Every registered model has its parts, and every domain model is registered."""
    entries = registry.entries() if entries is None else entries
    errors = [error for entry in entries for error in check_entry(entry)]
    registered = {entry.model for entry in entries}
    for model in domain_models():
        if model not in registered:
            errors.append(
                checks.Error(
                    f"{model._meta.label} is a domain model missing from the registry.",
                    hint=f"Declare it in {model._meta.app_label}/registry.py with core.registry.register().",
                    obj=model,
                    id="core.E002",
                )
            )
    return errors
