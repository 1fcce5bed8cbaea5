"""The import engine: rows in, all or nothing out, every row validated, located and recorded.

Front-ends turn what they receive into rows: ``core.imports.files`` reads a file and maps its
headers, the API hands over the objects of a request body, the admin and the commands call the
file front-end. A row is ``(cells, spreadsheet row number, {field: the header as the file spells it})``;
cells are keyed by field name. ``import_rows(model, rows, context)`` imports one table;
``import_batches([Batch(...), ...], context)`` imports several tables (a workbook's sheets, in
dependency order) in one transaction under one ``ImportRecord``.

A real import takes the per-model lock, writes in bulk, records every row in history with the
import's id and keeps nothing unless every row is valid. A check (``context.dry_run``) takes no lock
and writes nothing: the resources validate every row, including the database's constraints,
by querying (``PortalResource.check_constraints``), so it never holds the database's write lock.
"""

import dataclasses
import gc
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export.signals import post_import

from core.history import history_context
from core.imports.context import ImportContext
from core.imports.fast import FastRun, takes
from core.imports.history import lock_model
from core.imports.reports import ImportReport, empty_totals
from core.imports.run import ImportRun
from core.models import ImportRecord, ImportStatusChoices
from core.registry import resource_class_for
from core.roles import may_import


@dataclass
class Batch:
    """One table's rows: a list, or a function that returns a fresh iterator (read twice if the database
    refuses a bulk write, to find the rows; a file's rows are never all in memory at once)."""

    model: type
    rows: Iterable | Callable[[], Iterable]
    sheet: str = ""

    def iter_rows(self):
        return self.rows() if callable(self.rows) else iter(self.rows)


def check_may_import(user, model):
    if not may_import(user, model):
        raise PermissionDenied(_("You may not import %(model)s.") % {"model": model._meta.verbose_name_plural})


def new_report(model, context, sha256=""):
    return ImportReport(model._meta.label, context.file_name, sha256, context.dry_run)


def import_rows(model, rows, context, *, report=None):
    """Import ``rows`` into ``model`` as ``context`` says; returns the ``ImportReport``."""
    return import_batches([Batch(model, rows, context.sheet)], context, report=report)


def import_batches(batches, context: ImportContext, *, report=None, record_fields=None):
    """Import several tables at once, in the order given: one transaction, one ImportRecord, one undo."""
    for batch in batches:
        check_may_import(context.user, batch.model)
    report = report or new_report(batches[0].model, context)
    if context.dry_run:
        run_batches(batches, context, report)  # no lock, no transaction, no write
        return report
    with transaction.atomic():
        for model in sorted({batch.model for batch in batches}, key=lambda m: m._meta.label):
            lock_model(model)
        context.record = ImportRecord.objects.create(
            **record_values(report, context, record_fields),
            status=ImportStatusChoices.COMPLETED,
        )
        with history_context(user=context.user, changed_via=context.history_via, import_id=context.record.pk):
            with transaction.atomic():  # the bulk pass, taken back whole if the database refuses a batch
                refused = run_batches(batches, context, report)
                if refused:
                    transaction.set_rollback(True)
            if refused:  # go again row by row, only to say which rows
                report.problems, report.totals, report.preview = [], empty_totals(), []
                run_batches(batches, context, report, precise=True)
        if report.problems:
            transaction.set_rollback(True)
            context.record = None
            return report
        record = context.record
        record.created, record.updated, record.unchanged = (report.totals[k] for k in ("new", "update", "skip"))
        record.finished_at = timezone.now()
        record.save()
        report.record = record
        for model in {batch.model for batch in batches}:
            post_import.send(sender=None, model=model)  # e.g. the portal's page cache
        if connection.vendor == "sqlite":
            transaction.on_commit(refresh_statistics)
    return report


def refresh_statistics():
    """Let SQLite analyze the tables an import changed. It keeps no statistics by itself (PostgreSQL's autovacuum
    analyzes a table that changed a lot), and without them its planner sorts a whole table for one page: the API's
    trade list ordered by country took 72 ms at 100,000 records, under 1 ms once analyzed. ``PRAGMA optimize``
    analyzes only the tables this connection used whose statistics are missing or stale."""
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA optimize")


def run_batches(batches, context, report, precise=False):
    """Run each batch; whether the database refused a bulk write."""
    refused = False
    for batch in batches:
        batch_context = dataclasses.replace(context, sheet=batch.sheet or context.sheet)
        batch_context.record, batch_context.preview_left = context.record, context.preview_size - len(report.preview)
        resource = resource_class_for(batch.model)(context=batch_context, precise=precise)
        run = (FastRun if takes(resource, batch_context, precise) else ImportRun)(resource, batch_context, report)
        with older_objects_frozen():
            run.run(batch.iter_rows())
        refused = refused or run.database_refused
        if refused and not precise:
            break
    return refused


@contextmanager
def older_objects_frozen():
    """Leave the objects that exist before the rows are read (Django, the apps, the request) out of the garbage
    collector's passes while the rows come and go: the rows' many small objects start a full pass every so often,
    and each walked all of them again (7–8% of an import's time)."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def record_values(report, context, extra=None):
    user = context.user
    return {
        "user": user if getattr(user, "pk", None) else None,
        "model_label": report.model_label,
        "file_name": storable_text(report.file_name),
        "sha256": report.sha256,
        "file_format": report.file_format,
        "encoding": report.encoding,
        "via": context.via,
        "rows": report.rows,
        **(extra or {}),
    }


def storable_text(text):
    """The text with NUL characters written out: PostgreSQL refuses them, and the report quotes bad values."""
    return text.replace("\x00", "\\x00")


def record_failure(report, context):
    """Record a failed real import (nothing of it was kept) and return the report."""
    if not report.dry_run and report.problems:
        report.record = ImportRecord.objects.create(
            **record_values(report, context),
            status=ImportStatusChoices.FAILED,
            errors=len(report.problems),
            finished_at=timezone.now(),
            error_summary=storable_text("\n".join(str(p) for p in report.problems[:100])),
        )
    return report
