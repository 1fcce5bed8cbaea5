"""CSV for every list: streamed over the database cursor, so a million rows take constant memory.

The columns are the serializer's writable fields, named as the import reads them, so a CSV taken
from the API can be edited in a spreadsheet and sent back to the bulk endpoint. Relations are
written by natural key, several in one cell separated by `` | ``. Text a spreadsheet would run as
a formula is escaped with a leading ``'`` (``core.downloads.escape_formula``). The file starts
with a UTF-8 byte order mark so that Excel reads Chinese text correctly.
"""

import codecs
import csv
from dataclasses import dataclass
from itertools import islice

from django.db.models import Q
from rest_framework import renderers, serializers

from core.downloads import escape_formula
from core.imports.widgets import ManyNaturalKeysWidget

CHUNK = 2000
JOINER = f" {ManyNaturalKeysWidget.SEPARATOR} "


@dataclass
class Column:
    """A CSV column: ``paths`` are the ORM paths of its values; ``many`` when the record has several."""

    name: str
    paths: tuple
    many: bool = False
    template: str = "{}"


def column_of(name, field):
    """How a serializer field is written to CSV."""
    if hasattr(field, "csv_column"):
        return field.csv_column(name)
    if isinstance(field, serializers.ManyRelatedField):
        return Column(name, (f"{field.source}__{field.child_relation.slug_field}",), many=True)
    if isinstance(field, serializers.SlugRelatedField):
        return Column(name, (f"{field.source}__{field.slug_field}",))
    return Column(name, (field.source,))


def columns_of(serializer):
    return [column_of(name, field) for name, field in serializer.fields.items() if not field.read_only]


class Echo:
    """A file-like object whose ``write`` hands back what it is given, for ``csv.writer``."""

    def write(self, value):
        return value


def cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return escape_formula(value)


def stream(queryset, columns, related_filters=None):
    """Yield the CSV text of ``queryset``: a header line, then one line per record, CHUNK records at a time.

    ``related_filters`` maps a many-valued column to a ``Q`` limiting which related records it names.
    """
    writer = csv.writer(Echo())
    yield codecs.BOM_UTF8.decode() + writer.writerow([column.name for column in columns])
    single = [column for column in columns if not column.many]
    many = [column for column in columns if column.many]
    rows = queryset.prefetch_related(None).values_list("pk", *(column.paths[0] for column in single))
    model = queryset.model
    for chunk in chunks(rows.iterator(chunk_size=CHUNK)):
        pks = [row[0] for row in chunk]
        extra = {column.name: related_values(model, pks, column, related_filters) for column in many}
        lines = []
        for pk, *values in chunk:
            cells = dict(zip((column.name for column in single), values, strict=True))
            cells.update((column.name, JOINER.join(extra[column.name].get(pk, ()))) for column in many)
            lines.append(writer.writerow([cell(cells[column.name]) for column in columns]))
        yield "".join(lines)


def chunks(iterator):
    while chunk := list(islice(iterator, CHUNK)):
        yield chunk


def related_values(model, pks, column, related_filters):
    """{record pk: [formatted related values]} for a many-valued column, in one query."""
    condition = Q(pk__in=pks, **{f"{column.paths[0]}__isnull": False})
    if related_filters and column.name in related_filters:
        condition &= related_filters[column.name]  # one filter() call, so one join
    found = {}
    rows = model._default_manager.filter(condition).order_by("pk", *column.paths).values_list("pk", *column.paths)
    for pk, *values in rows:
        found.setdefault(pk, []).append(column.template.format(*values))
    return found


class CSVRenderer(renderers.BaseRenderer):
    """Announces ``?format=csv`` for lists; the list view streams the file itself (see ``core.api.views``)."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        raise NotImplementedError("CSV lists are streamed by the view.")
