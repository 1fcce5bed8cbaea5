"""The file front-end of the import engine: read a file, map its headers to fields, hand the rows on.

``import_file`` reads a file (``core.imports.readers``), maps its headers, and runs the engine over
its rows. Each problem is reported with the spreadsheet's row number, the column header as the file
spells it, the value and the reason, in the active language.

Headers map by field name, English or Chinese label, or the user's own mapping (``context.mapping``:
``{header: field, or "" to ignore}``); a file in a published format (UN Comtrade, World Bank WDI) goes
through its preset (``core.imports.presets``), named or found from the header. A row whose first cell is
``EXAMPLE`` or ``示例`` is the template's example and is skipped.
"""

import dataclasses
import hashlib
import re
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from core.imports import presets
from core.imports.context import ImportContext
from core.imports.creates import creation_batches
from core.imports.disk import sha256_of
from core.imports.engine import Batch, check_may_import, import_batches, new_report, record_failure
from core.imports.marked import is_problem_header
from core.imports.readers import UnreadableFile, objects_table, read_table
from core.imports.reports import Problem
from core.registry import resource_class_for

YEAR_HEADER = re.compile(r"^\s*(\d{4})\s*(?:年)?\s*$")
# The first cell of a template's example row: the row shows how to fill in the table, and is never imported.
EXAMPLE_MARKERS = {"EXAMPLE", "示例"}


@dataclass
class Layout:
    """How a file's columns map to the resource's fields."""

    columns: dict  # file header -> field name
    year_columns: list  # wide layout: headers that are years
    problems: list
    preset: object = None  # the ``presets.Preset`` the rows go through, if any
    unknown: list = dataclasses.field(default_factory=list)  # headers matching no column


def is_example_row(values):
    return bool(values) and str(values[0]).strip() in EXAMPLE_MARKERS


def map_headers(resource, headers, mapping=None):
    """Each header to a field, by ``mapping`` ({header: field, or "" to ignore it}), field name, English
    label or Chinese label; wide-layout year columns."""
    spellings = resource.header_spellings()
    fields = resource.get_import_field_names()
    wide_field = getattr(resource, "wide_layout_value_field", None)
    columns, years, problems, taken, unknown = {}, [], [], {}, []
    for header in headers:
        text = str(header)
        if is_problem_header(text):  # the Problems column of a marked file sent back
            continue
        if mapping and text in mapping and mapping[text] in ("", *fields):
            if not mapping[text]:  # ignored, as the user or the preset says
                continue
            name = mapping[text]
        elif wide_field and YEAR_HEADER.match(text):
            years.append(header)
            continue
        else:
            name = spellings.get(text.casefold())
        if name is None:
            unknown.append(text)
            problems.append(
                Problem(
                    _("Unknown column. The columns of this table are: %(columns)s.")
                    % {"columns": ", ".join(resource.get_import_field_names())},
                    row=1,
                    column=text,
                )
            )
        elif name in taken:
            problems.append(Problem(_("The same column as “%(other)s”.") % {"other": taken[name]}, row=1, column=text))
        else:
            columns[header] = taken[name] = name
    if years and wide_field in taken.values():
        problems.append(
            Problem(
                _("A table with one column per year has no “%(field)s” column.") % {"field": wide_field},
                row=1,
                column=next(h for h, n in columns.items() if n == wide_field),
            )
        )
    present = set(columns.values()) | set(resource.column_defaults) | ({"year", wide_field} if years else set())
    for name in resource.get_import_id_fields():
        if name not in present and not getattr(resource.model_field(resource.fields[name].attribute), "null", False):
            problems.append(Problem(_("A required column is missing: %(column)s.") % {"column": name}, row=1))
    return Layout(columns, years, problems, unknown=unknown)


def long_rows(table, layout):
    """The file's rows as dicts keyed by field name, one per year column in the wide layout.

    Yields ``(row_dict, spreadsheet_row, {field: header})`` so problems name the file's own headers.
    """
    headers = table.headers
    plan = layout.preset.plan(headers) if layout.preset else None
    picked = [(position, layout.columns[h]) for position, h in enumerate(headers) if h in layout.columns]
    spelled = {layout.columns[h]: str(h) for h in headers if h in layout.columns}
    for index, values in enumerate(table.rows):
        if is_example_row(values):
            continue
        if len(values) != len(headers):
            raise ValueError(f"row {index} has {len(values)} cells for {len(headers)} headers")
        if plan and not plan.keeps(values):
            continue
        number = table.row_number(index)
        base = {name: values[position] for position, name in picked}
        if not layout.year_columns:
            yield (plan.fill(base, values) if plan else base), number, spelled
            continue
        for header, value in zip(headers, values, strict=True):
            if header in layout.year_columns and value not in (None, ""):
                year = YEAR_HEADER.match(str(header)).group(1)
                row = {**base, "year": year, "value": value}
                yield (
                    plan.fill(row, values) if plan else row,
                    number,
                    {**spelled, "year": str(header), "value": str(header)},
                )


def prepared_rows(resource, table, layout):
    """The rows ready for the resource, one at a time: a million of them never sit in memory at once."""
    for row, number, spelled in long_rows(table, layout):
        resource.prepare_row(row)
        yield row, number, spelled


def file_layout(resource, table, context, preset=None):
    """How the table's columns map: the preset's (named, or found from the header) and the user's mapping."""
    if preset is None and not context.preset:
        preset = presets.detected(resource._meta.model, table.headers, context.user)
    mapping = {**(preset.mapping(table.headers) if preset else {}), **(context.mapping or {})}
    layout = map_headers(resource, table.headers, mapping)
    layout.preset = preset
    return layout


def file_rows(model, table, context, preset=None, report=None):
    """The rows of a read table for the engine, or the layout's problems, and the preset the rows go through;
    ``report`` notes the preset used."""
    preparer = resource_class_for(model)(context=context)
    layout = file_layout(preparer, table, context, preset)
    if report is not None:
        report.preset = layout.preset.name if layout.preset else ""
    if layout.problems:
        return None, layout.problems, layout.preset
    return (lambda: prepared_rows(preparer, table, layout)), [], layout.preset


def table_batches(model, table, context, preset=None, report=None):
    """(the batches that import the table, problems): its rows, after the records its preset creates
    (``core.imports.creates``: the indicators of a WDI download the portal lacks)."""
    rows, problems, preset = file_rows(model, table, context, preset, report)
    if problems:
        return [], problems
    created, problems = creation_batches(model, table, preset, context, is_example_row)
    return [*created, Batch(model, rows, context.sheet)], problems


def chosen_preset(model, context, content):
    """The preset ``context.preset`` names ("none": no preset), or the one the file's first lines show."""
    if context.preset == "none":
        return None
    if context.preset:
        return presets.named(model, context.preset, context.user)
    return presets.sniffed(model, content, context.user)


def import_file(
    model, content, file_name, *, user=None, dry_run=False, declared_format=None, via=None, preset="", context=None
):
    """Import the file ``content`` into ``model``; returns an ``ImportReport`` (see the module docstring)."""
    if context is None:
        context = ImportContext(
            user=user, dry_run=dry_run, file_name=file_name, preset=preset, **({"via": via} if via else {})
        )
    check_may_import(context.user, model)
    report = new_report(model, context, sha256_of(content))
    try:
        preset, table = read_file(model, context, content, file_name, declared_format)
    except presets.UnknownPreset as error:
        report.problems = [Problem(str(error), sheet=context.sheet)]
        return record_failure(report, context)
    except UnreadableFile as error:
        report.problems = [Problem(p.reason, p.row, p.column, p.value, context.sheet) for p in error.problems]
        return record_failure(report, context)
    return import_table(model, table, context, report, preset)


def read_file(model, context, content, file_name, declared_format=None):
    """``(preset, table)``: the file read with its preset (named, or found from its first lines): the metadata
    lines above the header skipped (a CSV's trimmed, a workbook's passed over), rows and problems keeping the
    numbers they have in the user's file. Raises ``UnreadableFile`` or ``presets.UnknownPreset``."""
    preset = chosen_preset(model, context, content)
    trimmed, skipped = preset.trim(content) if preset else (content, 0)
    try:
        table = read_table(
            trimmed,
            file_name,
            declared_format,
            max_bytes=settings.IMPORT_MAX_FILE_SIZE,
            max_rows=settings.IMPORT_MAX_ROWS,
            find_header=None if context.preset == "none" else presets.header_finder(model, context.user, preset),
        )
    except UnreadableFile as error:
        for problem in error.problems:
            problem.row = problem.row + skipped if problem.row else problem.row
        raise
    table.first_row_number += skipped
    return preset, table


def import_table(model, table, context, report, preset=None):
    """Import a table already read (a file's, or objects turned into one); returns ``report``."""
    report.file_format, report.encoding, report.rows = table.format, table.encoding or "", len(table.rows)
    context.total_rows = report.rows
    batches, problems = table_batches(model, table, context, preset, report)
    if problems:
        report.problems = problems
        return record_failure(report, context)
    if len(batches) > 1 and context.dry_run:
        context.pending = {}  # the check of the rows sees the records the first batches would add
    import_batches(batches, context, report=report)
    if len(batches) > 1:  # the preview shows the table's rows (its headers are the table's)
        report.preview = [row for row in report.preview if isinstance(getattr(row, "instance", None), model)]
    return record_failure(report, context)


def import_objects(model, items, context):
    """Import parsed objects ({column: value}, e.g. an API request body), checked as a JSON file's rows."""
    check_may_import(context.user, model)
    report = new_report(model, context, hashlib.sha256(repr(items).encode("utf-8", "backslashreplace")).hexdigest())
    report.file_format = "json"
    try:
        table = objects_table(items, max_rows=settings.IMPORT_MAX_ROWS)
    except UnreadableFile as error:
        report.problems = [Problem(p.reason, p.row, p.column, p.value, context.sheet) for p in error.problems]
        return record_failure(report, context)
    return import_table(model, table, context, report)
