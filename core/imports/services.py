"""Import and export, the same for the admin, the command line and the API.

``import_file`` reads a file, maps its headers, runs the model's resource over it in
chunks inside one transaction, and keeps nothing unless every row is valid (a dry run
keeps nothing either, and reports exactly what the real import would). Each problem
is reported with the spreadsheet's row number, the column header as the file spells
it, the value and the reason, in the active language.
"""

import hashlib
import re
from dataclasses import dataclass, field

import tablib
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from import_export.signals import post_import

from core.choices import ChangedViaChoices
from core.history import history_context
from core.imports.history import lock_model, storable
from core.imports.readers import UnreadableFile, read_table
from core.models import ImportChange, ImportChangeActionChoices, ImportRecord, ImportStatusChoices
from core.registry import resource_class_for
from core.roles import may_export, may_import

CHUNK_ROWS = 20_000
PREVIEW_ROWS = 200


class ImportCancelled(Exception):
    """Raised between chunks when the ``cancelled`` hook says so; the transaction keeps nothing."""


YEAR_HEADER = re.compile(r"^\s*(\d{4})\s*(?:年)?\s*$")


@dataclass
class Problem:
    """One located problem in a file."""

    message: str
    row: int | None = None
    column: str | None = None
    value: object = None

    def __str__(self):
        where = []
        if self.row is not None:
            where.append(_("row %(row)s") % {"row": self.row})
        if self.column:
            where.append(_("column “%(column)s”") % {"column": self.column})
        if self.value not in (None, ""):
            where.append(_("value “%(value)s”") % {"value": str(self.value)[:80]})
        if not where:
            return str(self.message)
        return _("%(where)s: %(message)s") % {
            "where": pgettext("list separator", ", ").join(where),
            "message": self.message,
        }


@dataclass
class ImportReport:
    model_label: str
    file_name: str
    sha256: str
    dry_run: bool
    file_format: str = ""
    encoding: str = ""
    rows: int = 0
    totals: dict = field(default_factory=lambda: {"new": 0, "update": 0, "skip": 0})
    problems: list = field(default_factory=list)
    preview: list = field(default_factory=list)  # django-import-export RowResults of the first rows
    diff_headers: list = field(default_factory=list)
    record: ImportRecord | None = None

    @property
    def ok(self):
        return not self.problems

    def summary(self):
        return _(
            "%(model)s from %(file)s: %(rows)s rows, %(new)s new, %(update)s updated, %(skip)s unchanged, "
            "%(errors)s errors%(dry)s."
        ) % {
            "model": self.model_label,
            "file": self.file_name,
            "rows": self.rows,
            "new": self.totals["new"],
            "update": self.totals["update"],
            "skip": self.totals["skip"],
            "errors": len(self.problems),
            "dry": _(" (dry run: nothing written)") if self.dry_run else "",
        }

    def as_dict(self):
        return {
            "model": self.model_label,
            "file": self.file_name,
            "sha256": self.sha256,
            "dry_run": self.dry_run,
            "format": self.file_format,
            "encoding": self.encoding,
            "rows": self.rows,
            "totals": self.totals,
            "errors": [
                {
                    "row": p.row,
                    "field": p.column,
                    "value": None if p.value is None else str(p.value),
                    "message": str(p.message),
                }
                for p in self.problems
            ],
        }


@dataclass
class Layout:
    """How a file's columns map to the resource's fields."""

    columns: dict  # file header -> field name
    year_columns: list  # wide layout: headers that are years
    problems: list


def map_headers(resource, headers):
    """Each header to a field, by field name, English label or Chinese label; wide-layout year columns."""
    spellings = resource.header_spellings()
    wide_field = getattr(resource, "wide_layout_value_field", None)
    columns, years, problems, taken = {}, [], [], {}
    for header in headers:
        text = str(header)
        if wide_field and YEAR_HEADER.match(text):
            years.append(header)
            continue
        name = spellings.get(text.casefold())
        if name is None:
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
    return Layout(columns, years, problems)


def long_rows(table, layout):
    """The file's rows as dicts keyed by field name, one per year column in the wide layout.

    Yields ``(row_dict, spreadsheet_row, {field: header})`` so problems name the file's own headers.
    """
    headers = table.headers
    for index, values in enumerate(table.rows):
        number = table.row_number(index)
        base = {layout.columns[h]: v for h, v in zip(headers, values, strict=True) if h in layout.columns}
        spelled = {layout.columns[h]: str(h) for h in headers if h in layout.columns}
        if not layout.year_columns:
            yield base, number, spelled
            continue
        for header, value in zip(headers, values, strict=True):
            if header in layout.year_columns and value not in (None, ""):
                year = YEAR_HEADER.match(str(header)).group(1)
                yield (
                    {**base, "year": year, "value": value},
                    number,
                    {**spelled, "year": str(header), "value": str(header)},
                )


class ImportRun:
    """One pass over a file's rows with a resource; collects totals, problems, a preview and the changes."""

    def __init__(self, model, resource, report, record, progress=None, cancelled=None):
        self.model = model
        self.progress, self.cancelled, self.done = progress, cancelled, 0
        self.resource = resource
        self.report = report
        self.record = record
        self.database_refused = False
        resource.audited = record is not None

    def run(self, rows):
        chunk = []
        for item in rows:
            chunk.append(item)
            if len(chunk) == CHUNK_ROWS:
                self.import_chunk(chunk)
                chunk = []
        if chunk:
            self.import_chunk(chunk)

    def import_chunk(self, chunk):
        if self.cancelled is not None and self.cancelled():
            raise ImportCancelled
        names = list(dict.fromkeys(name for row, _number, _spelled in chunk for name in row))
        dataset = tablib.Dataset(headers=names)
        for row, _number, _spelled in chunk:
            dataset.append([row.get(name, "") for name in names])
        self.resource.row_numbers = [number for _row, number, _spelled in chunk]
        self.resource.before_states = {}
        self.resource.preview_limit = PREVIEW_ROWS - len(self.report.preview)
        result = self.resource.import_data(
            dataset,
            dry_run=False,
            use_transactions=True,
            rollback_on_validation_errors=True,
            raise_errors=False,
            retain_instance_in_row_result=True,
        )
        self.report.diff_headers = self.resource.get_export_headers()
        for key in ("new", "update", "skip"):
            self.report.totals[key] += result.totals.get(key, 0)
        if result.base_errors:
            self.database_refused = True
            for error in result.base_errors:
                self.report.problems.append(
                    Problem(_("The database refused the rows: %(error)s") % {"error": error.error})
                )
        for invalid in result.invalid_rows:
            row, number, spelled = chunk[invalid.number - 1]
            for field_name, messages in invalid.error_dict.items():
                column = None if field_name == NON_FIELD_ERRORS else spelled.get(field_name, field_name)
                value = None if field_name == NON_FIELD_ERRORS else row.get(field_name)
                for message in messages:
                    self.report.problems.append(Problem(message, number, column, value))
        for number, errors in result.row_errors():
            row, spreadsheet_row, _spelled = chunk[number - 1]
            for error in errors:
                self.report.problems.append(Problem(str(error.error), spreadsheet_row))
        self.report.preview.extend(row for row in result.rows if row.diff)
        if self.record is not None and not self.report.problems:
            self.record_changes(result)
        self.done += len(chunk)
        if self.progress is not None:
            self.progress(self.done, self.report.rows)

    def record_changes(self, result):
        changes = []
        for row_result in result.rows:
            if row_result.import_type == "new":
                changes.append(
                    ImportChange(
                        record=self.record, action=ImportChangeActionChoices.CREATED, object_pk=row_result.instance.pk
                    )
                )
            elif row_result.import_type == "update":
                pk = row_result.instance.pk
                changes.append(
                    ImportChange(
                        record=self.record,
                        action=ImportChangeActionChoices.UPDATED,
                        object_pk=pk,
                        before=storable(self.resource.before_states[pk]),
                    )
                )
        ImportChange.objects.bulk_create(changes, batch_size=2000)


def import_file(
    model,
    content,
    file_name,
    *,
    user=None,
    dry_run=False,
    declared_format=None,
    via="command line",
    progress=None,
    cancelled=None,
):
    """Import ``content`` into ``model``; see the module docstring. Returns an ``ImportReport``.

    Background jobs pass ``progress(rows done, rows)``, called after each chunk, and ``cancelled()``,
    asked before each (``ImportCancelled`` then leaves the database as it was)."""
    if not may_import(user, model):
        raise PermissionDenied(_("You may not import %(model)s.") % {"model": model._meta.verbose_name_plural})
    report = ImportReport(model._meta.label, file_name, hashlib.sha256(content).hexdigest(), dry_run)
    try:
        table = read_table(
            content,
            file_name,
            declared_format,
            max_bytes=settings.IMPORT_MAX_FILE_SIZE,
            max_rows=settings.IMPORT_MAX_ROWS,
        )
    except UnreadableFile as error:
        report.problems = [Problem(p.reason, p.row, p.column, p.value) for p in error.problems]
        return finish(report, model, user, via)
    report.file_format, report.encoding, report.rows = table.format, table.encoding or "", len(table.rows)
    resource_class = resource_class_for(model)
    layout = map_headers(resource_class(user=user), table.headers)
    if layout.problems:
        report.problems = layout.problems
        return finish(report, model, user, via)
    preparer = resource_class(user=user)
    with transaction.atomic():
        lock_model(model)
        record = (
            None
            if dry_run
            else ImportRecord.objects.create(
                user=user if getattr(user, "pk", None) else None,
                model_label=model._meta.label,
                file_name=file_name,
                sha256=report.sha256,
                file_format=table.format,
                encoding=table.encoding or "",
                via=via,
                status=ImportStatusChoices.COMPLETED,
                rows=len(table.rows),
            )
        )
        run = ImportRun(model, resource_class(user=user), report, record, progress, cancelled)
        with history_context(
            user=user,
            changed_via=ChangedViaChoices.API if via == "api" else ChangedViaChoices.IMPORT,
            import_id=record and record.pk,
        ):
            run.run(prepared_rows(preparer, table, layout))
        if run.database_refused:
            # The database refused a bulk write: go again row by row, only to say which rows.
            report.problems, report.totals, report.preview = [], {"new": 0, "update": 0, "skip": 0}, []
            ImportRun(model, resource_class(user=user, precise=True), report, None).run(
                prepared_rows(preparer, table, layout)
            )
        if report.problems or dry_run:
            transaction.set_rollback(True)
        else:
            record.created, record.updated, record.unchanged = (report.totals[k] for k in ("new", "update", "skip"))
            record.finished_at = timezone.now()
            record.save()
            report.record = record
            post_import.send(sender=None, model=model)  # e.g. the portal's page cache
    return finish(report, model, user, via) if report.problems else report


def prepared_rows(resource, table, layout):
    """The rows ready for the resource, one at a time: a million of them never sit in memory at once."""
    for row, number, spelled in long_rows(table, layout):
        resource.prepare_row(row)
        yield row, number, spelled


def storable_text(text):
    """The text with NUL characters written out: PostgreSQL refuses them, and the report quotes bad values."""
    return text.replace("\x00", "\\x00")


def finish(report, model, user, via):
    """Record a failed real import (nothing of it was kept) and return the report."""
    if not report.dry_run and report.problems:
        report.record = ImportRecord.objects.create(
            user=user if getattr(user, "pk", None) else None,
            model_label=model._meta.label,
            file_name=storable_text(report.file_name),
            sha256=report.sha256,
            file_format=report.file_format,
            encoding=report.encoding,
            via=via,
            status=ImportStatusChoices.FAILED,
            rows=report.rows,
            errors=len(report.problems),
            finished_at=timezone.now(),
            error_summary=storable_text("\n".join(str(p) for p in report.problems[:100])),
        )
    return report


EXPORT_FORMATS = ("csv", "tsv", "xlsx", "json")


def export_queryset(model, user=None):
    """What ``user`` may export: everything for curators, their organisation's rows for partners."""
    if not may_export(user, model):
        raise PermissionDenied(_("You may not export %(model)s.") % {"model": model._meta.verbose_name_plural})
    resource = resource_class_for(model)(user=user)
    queryset = resource.get_queryset()
    if resource.partner_profile is not None:
        queryset = queryset.for_organisation(resource.partner_profile)
    elif user is not None:
        queryset = queryset.visible_to(user)
    return resource, queryset


def export_file(model, file_format="csv", *, user=None, queryset=None):
    """The export of ``model`` (or of ``queryset``, already limited to what the user may see) as bytes.

    Headers are the labels of the active language; every text cell a spreadsheet would run as
    a formula is escaped.
    """
    if file_format not in EXPORT_FORMATS:
        raise ValueError(
            _("Unknown format “%(format)s”; use one of %(formats)s.")
            % {"format": file_format, "formats": ", ".join(EXPORT_FORMATS)}
        )
    resource, allowed = export_queryset(model, user)
    dataset = resource.export(queryset if queryset is not None else allowed)
    data = dataset.export(file_format)
    return data.encode("utf-8") if isinstance(data, str) else data
