"""One pass of one resource over a table's rows, chunk by chunk: totals, located problems, the preview."""

import tablib
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import DatabaseError
from django.utils.translation import gettext as _

from core.imports.reports import Problem


def database_refusal():
    """What a row the database refused is told: never the database's own words (they quote ids)."""
    return _("The database refused this row: it breaks a rule of the table (for example, a key used twice).")


def located_problems(row, number, spelled, errors, sheet):
    """A row's problems from its errors ({field name: [message]}), each naming row, column (as the file spells
    it) and value; the row's own problems (``NON_FIELD_ERRORS``) name neither column nor value."""
    problems = []
    for field_name, messages in errors.items():
        column = None if field_name == NON_FIELD_ERRORS else (spelled or {}).get(field_name, field_name)
        value = None if field_name == NON_FIELD_ERRORS else row.get(field_name)
        problems.extend(Problem(message, number, column, value, sheet) for message in messages)
    return problems


class ImportRun:
    """Feeds the rows to ``resource`` in chunks of ``context.chunk_rows``; collects what the report says."""

    def __init__(self, resource, context, report):
        self.resource = resource
        self.context = context
        self.report = report
        self.database_refused = False
        self.done = 0

    def run(self, rows):
        chunk = []
        for item in rows:
            chunk.append(item)
            if len(chunk) == self.context.chunk_rows:
                self.import_chunk(chunk)
                chunk = []
        if chunk:
            self.import_chunk(chunk)

    def import_chunk(self, chunk):
        context, report = self.context, self.report
        context.check_cancelled()
        report.partner = context.partner_profile is not None
        names = list(dict.fromkeys(name for row, _number, _spelled in chunk for name in row))
        dataset = tablib.Dataset(headers=names)
        for row, _number, _spelled in chunk:
            dataset.append([row.get(name, "") for name in names])
        context.row_numbers = [number for _row, number, _spelled in chunk]
        result = self.resource.import_data(
            dataset,
            dry_run=False,  # a check writes nothing because the resource does not write (see the engine)
            use_transactions=not context.dry_run,
            rollback_on_validation_errors=True,
            raise_errors=False,
            retain_instance_in_row_result=True,
        )
        report.diff_headers = self.resource.get_export_headers()
        if result.base_errors:
            self.database_refused = True
            for _error in result.base_errors:
                report.problems.append(Problem(database_refusal(), sheet=context.sheet))
        failed = set()
        for invalid in result.invalid_rows:
            failed.add(invalid.number)
            row, number, spelled = chunk[invalid.number - 1]
            report.problems.extend(located_problems(row, number, spelled, invalid.error_dict, context.sheet))
        for number, errors in result.row_errors():
            failed.add(number)
            _row, spreadsheet_row, _spelled = chunk[number - 1]
            for error in errors:
                message = database_refusal() if isinstance(error.error, DatabaseError) else str(error.error)
                report.problems.append(Problem(message, spreadsheet_row, sheet=context.sheet))
        if not result.base_errors:  # a refused batch counts nothing: the rows are gone through again
            for key in ("new", "update", "skip", "pending"):
                report.totals[key] += result.totals.get(key, 0)
        report.preview.extend(row for row in result.rows if row.diff)
        self.done += len(chunk)
        if context.progress is not None:
            context.progress(self.done, context.total_rows)
