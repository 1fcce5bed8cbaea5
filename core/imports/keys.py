"""How a resource reads cells: the strict widget of each model field, related records by natural key,
and existing records loaded once per chunk by natural key."""

from django.db import models
from import_export.instance_loaders import BaseInstanceLoader

from core.imports import widgets
from core.registry import resource_class_for


def key_widget(related_model):
    """The widget that reads a related record by its natural key: the related model's resource may name
    its own (``key_widget_class``; countries are read by code or name), else its slug."""
    resource = resource_class_for(related_model)
    widget_class = getattr(resource, "key_widget_class", None)
    return widget_class() if widget_class else widgets.NaturalKeyWidget(related_model)


def widget_for(django_field):
    """The strict widget for a model field."""
    if isinstance(django_field, models.ForeignKey):
        return key_widget(django_field.related_model)
    if isinstance(django_field, models.ManyToManyField):
        return widgets.ManyNaturalKeysWidget(key_widget(django_field.related_model))
    if django_field.choices:
        return widgets.ChoiceWidget(django_field.choices, blank=None if django_field.has_default() else "")
    if isinstance(django_field, models.BooleanField):
        return widgets.BooleanWidget()
    if isinstance(django_field, models.DecimalField):
        return widgets.DecimalWidget()
    if isinstance(django_field, models.IntegerField):
        if django_field.name == "year" or django_field.name.endswith("_year"):
            return widgets.YearWidget()
        return widgets.IntegerWidget()
    return widgets.TextWidget()


class NaturalKeyInstanceLoader(BaseInstanceLoader):
    """Loads the existing records a dataset names in one query, keyed by natural key."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.instances = {}
        if dataset is None:
            return
        keys = [resource.natural_key_of(dict(zip(dataset.headers, row, strict=False))) for row in dataset]
        keys = [key for key in keys if key is not None]
        if keys:
            self.instances = resource.existing_by_key(keys)

    def get_instance(self, row):
        key = self.resource.natural_key_of(row)
        return None if key is None else self.instances.get(key)
