"""A release (or "now") as downloads in open-data standards: a Frictionless Data Package (a CSV per table and
``datapackage.json`` with a Table Schema generated from the models), one XLSX workbook (README and data
dictionary sheets, a sheet per table) and JSON.

The Table Schema states each column's type, its constraints (required, maximum length, allowed values,
unique), the table's primary key (its natural key) and its foreign keys (a relation names the related
record by its natural key), with English and Chinese titles and descriptions from the models' verbose
names and help texts (``title``/``description`` in English, ``title_zh``/``description_zh`` in Chinese).
"""

import csv
import io
import json
import zipfile

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import translation
from openpyxl import Workbook

from core.downloads import escape_formula

from .tables import columns, key_fields, related_key, table_name, tables

LIST_SEPARATOR = "|"
TYPES = (
    (models.BooleanField, "boolean"),
    (models.IntegerField, "integer"),
    (models.DecimalField, "number"),
    (models.FloatField, "number"),
    (models.DateTimeField, "datetime"),
    (models.DateField, "date"),
)


def _in(language, text):
    with translation.override(language):
        return str(text) if text else ""


def field_type(field):
    if field.is_relation:
        return "string"
    return next((name for cls, name in TYPES if isinstance(field, cls)), "string")


def field_descriptor(field):
    descriptor = {
        "name": field.name,
        "type": field_type(field),
        "title": _in("en", field.verbose_name),
        "title_zh": _in("zh-hans", field.verbose_name),
    }
    if field.help_text:
        descriptor["description"] = _in("en", field.help_text)
        descriptor["description_zh"] = _in("zh-hans", field.help_text)
    if field.many_to_many:
        descriptor["description"] = (
            descriptor.get("description", "") + f" Keys separated by '{LIST_SEPARATOR}'."
        ).strip()
        return descriptor
    constraints = {}
    if not field.null and not field.blank:
        constraints["required"] = True
    if field.choices and not field.is_relation:
        constraints["enum"] = [str(value) for value, _label in field.flatchoices]
    if isinstance(field, models.CharField) and field.max_length and not field.is_relation:
        constraints["maxLength"] = field.max_length
    if isinstance(field, models.PositiveIntegerField | models.PositiveSmallIntegerField):
        constraints["minimum"] = 0
    if field.unique and not field.primary_key:
        constraints["unique"] = True
    if field_type(field) == "datetime":
        descriptor["format"] = "any"
    if constraints:
        descriptor["constraints"] = constraints
    return descriptor


def table_schema(model):
    fields = columns(model)
    schema = {
        "fields": [field_descriptor(field) for field in fields],
        "missingValues": [""],
        "primaryKey": list(key_fields(model)),
    }
    in_release = set(tables())
    foreign = [
        {
            "fields": field.name,
            "reference": {"resource": table_name(field.related_model), "fields": related_key(field.related_model)},
        }
        for field in fields
        if field.is_relation and not field.many_to_many and field.related_model in in_release
    ]
    if foreign:
        schema["foreignKeys"] = foreign
    return schema


def descriptor(meta):
    """``datapackage.json``: ``meta`` gives name, version, title, description, url, created."""
    licence = settings.DATA_LICENSE
    return {
        "name": meta["name"],
        "title": meta["title"],
        "description": meta.get("description", ""),
        "version": meta["version"],
        "homepage": meta.get("url", ""),
        "created": meta.get("created", ""),
        "licenses": [{"name": licence["name"].replace(" ", "-"), "path": licence["url"], "title": licence["name"]}],
        "resources": [
            {
                "name": table_name(model),
                "path": f"data/{table_name(model)}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "title": _in("en", model._meta.verbose_name_plural),
                "title_zh": _in("zh-hans", model._meta.verbose_name_plural),
                "description": " ".join((model.__doc__ or "").split()),
                "schema": table_schema(model),
            }
            for model in tables()
        ],
    }


def cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(item) for item in value)
    return value


def table_csv(model, table_rows):
    out = io.StringIO()
    names = [field.name for field in columns(model)]
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(names)
    for row in table_rows:
        writer.writerow([cell(row.get(name)) for name in names])
    return out.getvalue()


def data_package(snapshot, meta):
    """The Data Package as the bytes of a zip file."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("datapackage.json", json.dumps(descriptor(meta), ensure_ascii=False, indent=2))
        for model in tables():
            archive.writestr(f"data/{table_name(model)}.csv", table_csv(model, snapshot.table_rows(table_name(model))))
    return buffer.getvalue()


def json_download(snapshot, meta):
    document = {
        "release": meta,
        "license": settings.DATA_LICENSE,
        "tables": {table_name(model): list(snapshot.table_rows(table_name(model))) for model in tables()},
    }
    return json.dumps(document, ensure_ascii=False, cls=DjangoJSONEncoder)


def workbook(snapshot, meta):
    """One XLSX: a README sheet, a data dictionary sheet, then a sheet per table (import column names)."""
    book = Workbook(write_only=True)
    readme = book.create_sheet("README")
    for line in (
        [meta["title"]],
        ["version", meta["version"]],
        ["published", meta.get("created", "")],
        ["url", meta.get("url", "")],
        ["license", settings.DATA_LICENSE["name"], settings.DATA_LICENSE["url"]],
        ["cite as", meta.get("citation", "")],
        [],
        ["table", "title", "标题", "records"],
    ):
        readme.append(line)
    for model in tables():
        table = table_name(model)
        names = (_in("en", model._meta.verbose_name_plural), _in("zh-hans", model._meta.verbose_name_plural))
        readme.append([table, *names, len(snapshot.index.get(table, {}))])
    dictionary = book.create_sheet("dictionary")
    dictionary.append(["table", "column", "type", "required", "title", "标题", "description", "说明"])
    for model in tables():
        table = table_name(model)
        for field in table_schema(model)["fields"]:
            dictionary.append(
                [
                    table,
                    field["name"],
                    field["type"],
                    "yes" if field.get("constraints", {}).get("required") else "",
                    field["title"],
                    field["title_zh"],
                    field.get("description", ""),
                    field.get("description_zh", ""),
                ]
            )
        sheet = book.create_sheet(table[:31])
        names = [field.name for field in columns(model)]
        sheet.append(names)
        for row in snapshot.table_rows(table):
            sheet.append([escape_formula(cell(row.get(name))) for name in names])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
