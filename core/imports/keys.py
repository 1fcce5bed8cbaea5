"""How a resource reads cells: the strict widget of each model field, related records by natural key,
and existing records loaded once per chunk by natural key."""

from array import array

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


class SeenKeys:
    """The natural keys a file has given so far, by hash, with the row of each.

    A dict up to ``DICT_KEYS`` keys (the fastest); past that, two arrays with open addressing: a million keys take
    24 MB there, where a dict of their hashes to their rows takes about 130 MB. Two keys sharing a 64-bit hash in
    one file is a chance of about 1 in 10^7, as for ``PortalResource.seen_keys``.
    """

    DICT_KEYS = 1 << 17

    def __init__(self):
        self.small = {}
        self.size = self.count = 0
        self.hashes = self.rows = None

    def first_row(self, key_hash, row):
        """The row that gave this key first, or None: then the key is kept as given in ``row``."""
        key_hash = key_hash or 1  # 0 marks an empty slot
        if self.small is None:
            return self.in_arrays(key_hash, row)
        first = self.small.get(key_hash)
        if first is None:
            self.small[key_hash] = row
            if len(self.small) > self.DICT_KEYS:
                self.grow(self.DICT_KEYS * 4, self.small.items())
                self.small = None
        return first

    def in_arrays(self, key_hash, row):
        mask, hashes = self.size - 1, self.hashes
        index = key_hash & mask
        while True:
            found = hashes[index]
            if found == key_hash:
                return self.rows[index]
            if not found:
                hashes[index], self.rows[index] = key_hash, row
                self.count += 1
                if self.count * 2 > self.size:
                    self.grow(self.size * 2, zip(self.hashes, self.rows, strict=True))
                return None
            index = (index + 1) & mask

    def grow(self, size, pairs):
        self.size, self.count = size, 0
        self.hashes, self.rows = array("q", [0]) * size, array("i", [0]) * size  # no zeroed bytes copied in
        for key_hash, row in pairs:
            if key_hash:
                self.in_arrays(key_hash, row)
