"""The base of every serializer: natural keys for relations, ``api_url`` and ``display``, fields
documented from the models' labels, and writable exactly where the model's import resource is.

Serializers describe the records' shape (for reading, for the schema and for CSV columns); they
do not validate writes. Writes go through the import resource (see ``core.api.writes``), so the API,
the admin import and the command line refuse the same rows with the same messages.
"""

from functools import cache

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.relations import PKOnlyObject

from core.api.lookups import LOOKUPS
from core.registry import resource_class_for


@cache
def natural_key_field(model):
    """The field a model is named by in the API: the one field of its import key (``iso3`` for countries),
    else ``slug``. Declared by each model's resource, never named here."""
    resource_class = resource_class_for(model)
    key = tuple(resource_class._meta.import_id_fields) if resource_class else ()
    return key[0] if len(key) == 1 else "slug"


@cache
def import_columns(model):
    """The columns the model's import resource reads: the API's writable fields."""
    resource_class = resource_class_for(model)
    return frozenset(resource_class().get_import_field_names()) if resource_class else frozenset()


def record_fields(model, *extra):
    """A record's fields in the API: its address and name, the import's columns in the import's order
    (so the API, the CSV and the spreadsheets agree), ``extra`` read-only fields, the curators' review
    note (why a record was rejected, for its partner to read) and the timestamps."""
    review = ["review_note"] if hasattr(model, "review_note") else []
    return ["api_url", "display", *resource_class_for(model)().get_import_field_names(), *extra, *review, *STAMPS]


STAMPS = ["created_at", "updated_at"]


class NaturalKeyRelatedField(serializers.SlugRelatedField):
    """A related record by its natural key: ``"KAZ"``, ``"new-silk-road"``."""

    def __init__(self, slug_field=None, **kwargs):
        queryset = kwargs.get("queryset")
        if slug_field is None and queryset is not None:
            slug_field = natural_key_field(queryset.model)
        super().__init__(slug_field=slug_field or "slug", **kwargs)


class RecordField(serializers.Field):
    """A read-only value worked out from the whole record."""

    description = ""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, source="*", help_text=self.description, **kwargs)


@extend_schema_field(OpenApiTypes.URI)
class ApiUrlField(RecordField):
    description = _("The record's address in the API, by its natural key.")

    def to_representation(self, instance):
        model = type(instance)
        bases = self.context.setdefault("api_list_urls", {})
        if model not in bases:
            path = reverse(f"api:{model._meta.model_name}-list")
            request = self.context.get("request")
            bases[model] = request.build_absolute_uri(path) if request else path
        return f"{bases[model]}{LOOKUPS[model].path(instance)}/"


@extend_schema_field(OpenApiTypes.STR)
class DisplayField(RecordField):
    description = _("How the portal names the record, in the request's language.")

    def to_representation(self, instance):
        return str(instance)


SKIP = object()


def field_reader(field, model):
    """A function from a record to ``field``'s output, as DRF's ``Serializer.to_representation`` gives it.

    A model's own column and a relation named by natural key are read directly (one ``getattr`` each, no
    walk through ``source_attrs``); any other field through DRF's own steps. ``SKIP`` when DRF skips it.
    """
    name = field.source_attrs[0] if len(field.source_attrs) == 1 else None
    try:
        model_field = model._meta.get_field(name) if name else None
    except FieldDoesNotExist:
        model_field = None
    kind = type(field)
    if model_field is None or not model_field.concrete:
        pass
    elif (
        model_field.many_to_one
        and isinstance(field, serializers.SlugRelatedField)
        and kind.get_attribute is serializers.RelatedField.get_attribute
        and kind.to_representation is serializers.SlugRelatedField.to_representation
        and not field.use_pk_only_optimization()
        and "." not in field.slug_field
    ):
        slug = field.slug_field

        def read_natural_key(instance):
            related = getattr(instance, name)
            return None if related is None else getattr(related, slug)

        return read_natural_key
    elif not model_field.is_relation and kind.get_attribute is serializers.Field.get_attribute:
        represent = field.to_representation

        def read_column(instance):
            value = getattr(instance, name)
            return None if value is None else represent(value)

        return read_column

    def read(instance):
        try:
            attribute = field.get_attribute(instance)
        except serializers.SkipField:
            return SKIP
        value = attribute.pk if isinstance(attribute, PKOnlyObject) else attribute
        return None if value is None else field.to_representation(attribute)

    return read


class PortalListSerializer(serializers.ListSerializer):
    """Many records (a page of up to 1000): the way to each field's value is worked out once per list, not
    once per record and field; the output is DRF's. A serializer with its own ``to_representation`` is
    left to DRF."""

    def to_representation(self, data):
        child = self.child
        if type(child).to_representation is not serializers.Serializer.to_representation:
            return super().to_representation(data)
        model = child.Meta.model
        readers = [(field.field_name, field_reader(field, model)) for field in child._readable_fields]
        rows = []
        for instance in data.all() if isinstance(data, models.manager.BaseManager) else data:
            row = {}
            for name, read in readers:
                value = read(instance)
                if value is not SKIP:
                    row[name] = value
            rows.append(row)
        return rows


class PortalSerializer(serializers.ModelSerializer):
    """See the module docstring. ``Meta.fields`` defaults to ``record_fields``; the description (in the
    schema) is the model's docstring unless the subclass has its own."""

    serializer_related_field = NaturalKeyRelatedField

    api_url = ApiUrlField()
    display = DisplayField()

    def __init_subclass__(cls, **kwargs):
        """Default ``Meta.fields`` to ``record_fields`` with the fields the class declares; the model's
        docstring describes the serializer in the schema unless it has its own."""
        super().__init_subclass__(**kwargs)
        model = getattr(getattr(cls, "Meta", None), "model", None)
        if model is None:
            return
        if not hasattr(cls.Meta, "list_serializer_class"):
            cls.Meta.list_serializer_class = PortalListSerializer
        if not hasattr(cls.Meta, "fields"):
            fields = record_fields(model)
            cls.Meta.fields = record_fields(model, *(name for name in cls._declared_fields if name not in fields))
        if not cls.__dict__.get("__doc__"):
            cls.__doc__ = model.__doc__

    def build_relational_field(self, field_name, relation_info):
        field_class, kwargs = super().build_relational_field(field_name, relation_info)
        if issubclass(field_class, serializers.SlugRelatedField):
            kwargs["slug_field"] = natural_key_field(relation_info.related_model)
        return field_class, kwargs

    def get_fields(self):
        fields = super().get_fields()
        columns = import_columns(self.Meta.model)
        defaults = resource_class_for(self.Meta.model).column_defaults  # e.g. the reporter is China
        for name, field in fields.items():
            if name not in columns and not field.read_only:
                field.read_only, field.required = True, False
            elif name in defaults:
                field.required = False
            document(name, field)
        return fields


def document(name, field):
    """Give every field a description: its help text, else its label; say how relations are named."""
    label = capfirst(field.label or name.replace("_", " "))
    relation = field.child_relation if isinstance(field, serializers.ManyRelatedField) else field
    if isinstance(relation, serializers.SlugRelatedField) and not getattr(field, "documented", False):
        what = _("ISO 3166 alpha-3 code") if relation.slug_field == "iso3" else _("slug")
        text = f"{label}: {what}" + (_(", a list") if relation is not field else "")
        field.help_text = f"{text}. {field.help_text}" if field.help_text else f"{text}."
        field.documented = True
    elif not field.help_text:
        field.help_text = label


class BriefSerializer(PortalSerializer):
    """A small read-only form of a record, for nesting in another."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(*args, **kwargs)


class DetailSerializer(serializers.Serializer):
    """An error response outside bulk writes (Django REST framework's standard shape)."""

    detail = serializers.CharField(help_text=_("What is wrong and what to do, in the request's language."))


class ErrorSerializer(serializers.Serializer):
    """One problem with a request."""

    row = serializers.IntegerField(
        allow_null=True, help_text=_("For bulk imports: the spreadsheet row (header row 1, first data row 2).")
    )
    field = serializers.CharField(allow_null=True, help_text=_("The field, column or query parameter at fault."))
    value = serializers.CharField(allow_null=True, help_text=_("The value at fault, as sent."))
    code = serializers.CharField(help_text=_("A stable, machine-readable code, e.g. invalid, required, not_found."))
    message = serializers.CharField(help_text=_("What is wrong and what to do, in the request's language."))


class ErrorsSerializer(serializers.Serializer):
    """The error response of bulk writes: every problem of the file, located."""

    errors = ErrorSerializer(many=True, help_text=_("The problems found, all at once."))


class ImportTotalsSerializer(serializers.Serializer):
    new = serializers.IntegerField(help_text=_("Records created."))
    update = serializers.IntegerField(help_text=_("Records changed."))
    skip = serializers.IntegerField(help_text=_("Records that were already as given."))
    pending = serializers.IntegerField(
        help_text=_("A partner's changes to published records, held as pending changes for a curator's review.")
    )


class ImportReportSerializer(serializers.Serializer):
    """What a bulk import did (or, in a dry run, would do)."""

    model = serializers.CharField(help_text=_("The model imported into."))
    dry_run = serializers.BooleanField(help_text=_("True when nothing was written."))
    rows = serializers.IntegerField(help_text=_("Rows read."))
    totals = ImportTotalsSerializer(help_text=_("Rows by outcome."))
    message = serializers.CharField(help_text=_("What waits for a curator's review, in the request's language."))
