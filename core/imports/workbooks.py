"""Workbooks of several tables, imported as one change request.

An XLSX with a sheet per table (named by the table's English or Chinese name, plural or singular, or its
``app.Model`` label; a sheet named README or 说明 is skipped), or a JSON object of arrays keyed the same way,
is checked and imported by the engine's ``import_batches``: the sheets in dependency order (a table before
the tables that refer to it), one transaction, one ``ImportRecord``, one undo, partner scope per sheet.
A check sees the keys the earlier sheets add (``ImportContext.pending``), so a membership may name an
institution added two sheets before. Problems name their sheet; ``report.sheets`` counts each sheet.
A sheet goes through a preset (``core.imports.presets``) as a file does: the one its headers match (metadata
lines above them skipped), the one it is named after (a sheet ``un-comtrade`` holds a Comtrade download), or
the one given for it (``context.preset``: ``SHEET=NAME,…``).
"""

import hashlib
import json
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import translation
from django.utils.translation import gettext as _

from core.imports import presets
from core.imports.context import ImportContext
from core.imports.engine import Batch, check_may_import, import_batches, new_report, record_failure
from core.imports.files import table_batches
from core.imports.readers import UnreadableFile, objects_table, read_table
from core.imports.readers.workbook import _read_worksheet, _read_xlsx
from core.imports.reports import Problem
from core.registry import importable_models, resource_class_for

# Sheets that explain the workbook (its README, data dictionary and the templates' drop-down lists).
SKIPPED_SHEETS = {"readme", "说明", "read me", "dictionary", "数据字典", "lists", "列表"}


@dataclass
class SheetSummary:
    sheet: str
    model_label: str
    rows: int = 0
    new: int = 0
    update: int = 0
    skip: int = 0
    pending: int = 0  # a partner's changes to published records, waiting for review
    errors: int = 0


def sheet_names():
    """{sheet name, case-folded: model}: each importable table by label, English and Chinese names."""
    names = {}
    for model in importable_models():
        opts = model._meta
        names[opts.label.casefold()] = names[opts.label_lower] = names[opts.model_name] = model
        for language in ("en", "zh-hans"):
            with translation.override(language):
                names[str(opts.verbose_name).casefold()] = names[str(opts.verbose_name_plural).casefold()] = model
    return names


def model_for_sheet(title, names=None):
    return (names or sheet_names()).get(str(title).strip().casefold()[:31]) or next(
        (model for name, model in (names or sheet_names()).items() if name[:31] == str(title).strip().casefold()),
        None,
    )


def dependency_order(models):
    """The models, each after those it refers to (foreign keys, many-to-many); otherwise in registry order."""
    order = importable_models()
    remaining = sorted(set(models), key=lambda m: order.index(m) if m in order else len(order))
    placed = []
    while remaining:
        for model in remaining:
            refers = {f.related_model for f in model._meta.get_fields() if f.concrete and f.is_relation}
            if not (refers - {model}) & set(remaining):
                break
        else:
            model = remaining[0]  # a cycle: registry order decides
        remaining.remove(model)
        placed.append(model)
    return placed


def preset_for_sheet(title, user):
    """The preset a sheet is named after (built-in, or saved and usable by ``user``), and its table; else None."""
    name = str(title).strip()
    found = presets.by_name(name) or next((p for p in presets.saved_presets(None, user) if p.name == name), None)
    return (found, apps.get_model(found.model_label)) if found else (None, None)


def named_presets(text):
    """{sheet, case-folded: preset name} from ``SHEET=NAME,SHEET=NAME`` (``import_data --workbook --preset``)."""
    pairs = (part.partition("=") for part in str(text or "").split(","))
    return {sheet.strip().casefold(): name.strip() for sheet, equals, name in pairs if equals and name.strip()}


def read_sheets(content, file_name, user=None, named=None):
    """[(sheet, model, Table, the preset it is named after or given, or None)] and the problems of sheets that
    cannot be read or matched to a table. ``named``: {sheet, case-folded: the preset it goes through}."""
    names, sheets, problems = sheet_names(), [], []

    def add(title, read):
        if str(title).strip().casefold() in SKIPPED_SHEETS:
            return
        wanted = (named or {}).get(str(title).strip().casefold())
        if wanted:
            preset, model = preset_for_sheet(wanted, user)
            if preset is None:
                problems.append(Problem(_("No preset is called “%(preset)s”.") % {"preset": wanted}, sheet=str(title)))
                return
        else:
            model = model_for_sheet(title, names)
            preset, named_model = (None, None) if model else preset_for_sheet(title, user)
            model = model or named_model
        if model is None:
            message = _("No table is called “%(sheet)s”; name each sheet after its table (%(tables)s).") % {
                "sheet": title,
                "tables": ", ".join(str(m._meta.verbose_name_plural) for m in importable_models()),
            }
            problems.append(Problem(message, sheet=str(title)))
            return
        try:
            sheets.append((str(title), model, read(presets.header_finder(model, user, preset)), preset))
        except UnreadableFile as error:
            problems.extend(Problem(p.reason, p.row, p.column, p.value, str(title)) for p in error.problems)

    max_rows = settings.IMPORT_MAX_ROWS
    if str(file_name).lower().endswith(".json") or content.lstrip()[:1] == b"{":
        try:
            data = json.loads(content.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError) as error:
            raise UnreadableFile([Problem(_("invalid JSON: %(error)s") % {"error": error})]) from None
        if not isinstance(data, dict):
            raise UnreadableFile([Problem(_("A workbook in JSON is an object of arrays, one per table."))])
        for key, items in data.items():
            add(
                key,
                lambda _finder, items=items: objects_table(
                    items if isinstance(items, list) else [items], "utf-8", max_rows
                ),
            )
        return sheets, problems, "json"
    if len(content) > settings.IMPORT_MAX_FILE_SIZE:
        read_table(content, file_name, max_bytes=settings.IMPORT_MAX_FILE_SIZE)  # refuses it, with the message

    def each_sheet(workbook):
        for worksheet in workbook.worksheets:
            add(
                worksheet.title,
                lambda finder, worksheet=worksheet: _read_worksheet(workbook, max_rows, worksheet, find_header=finder),
            )

    _read_xlsx(content, max_rows, read=each_sheet)
    return sheets, problems, "xlsx"


def import_workbook(content, file_name, *, user=None, dry_run=False, via=None, context=None):
    """Check or import every sheet of a workbook as one change request; returns an ``ImportReport``
    whose ``sheets`` lists a ``SheetSummary`` per sheet."""
    if context is None:
        context = ImportContext(user=user, dry_run=dry_run, file_name=file_name, **({"via": via} if via else {}))
    context.pending = {}
    try:
        sheets, problems, file_format = read_sheets(content, file_name, context.user, named_presets(context.preset))
    except UnreadableFile as error:
        sheets, problems, file_format = [], [Problem(p.reason, p.row, p.column, p.value) for p in error.problems], ""
    order = dependency_order([sheet[1] for sheet in sheets])
    sheets.sort(key=lambda sheet: order.index(sheet[1]))
    root = order[0] if order else importable_models()[0]
    report = new_report(root, context, hashlib.sha256(content).hexdigest())
    report.file_format, report.sheets = (
        file_format,
        [SheetSummary(t, m._meta.label, len(tb.rows)) for t, m, tb, _preset in sheets],
    )
    report.rows = sum(summary.rows for summary in report.sheets)
    batches, marks, made = [], [], []
    for (title, model, table, preset), summary in zip(sheets, report.sheets, strict=True):
        sheet_context = ImportContext(
            user=context.user, dry_run=context.dry_run, sheet=title, preset=preset.name if preset else ""
        )
        try:
            check_may_import(context.user, model)
        except PermissionDenied as error:
            problems.append(Problem(str(error), sheet=title))
            continue
        sheet_batches, sheet_problems = table_batches(model, table, sheet_context, preset)
        for problem in sheet_problems:
            problem.sheet = title
        problems.extend(sheet_problems)
        if sheet_batches and not sheet_problems:
            *created, rows = sheet_batches
            for batch in created:  # the records the sheet's preset creates, before its rows, counted apart
                extra = SheetSummary(f"{title} › {batch.model._meta.verbose_name_plural}", batch.model._meta.label)
                extra.rows = len(batch.rows)
                made.append((summary, extra))
                batches.append(Batch(batch.model, counted(lambda b=batch: iter(b.rows), report, marks, extra), title))
            batches.append(Batch(model, counted(rows.rows, report, marks, summary), title))
    for summary, extra in made:
        report.sheets.insert(report.sheets.index(summary), extra)
    if problems or not batches:
        report.problems = problems or [Problem(_("The workbook has no sheet named after a table."))]
        return record_failure(report, context)
    context.total_rows = report.rows
    import_batches(batches, context, report=report)
    finish_counts(report, marks)
    return record_failure(report, context)


def counted(rows, report, marks, summary):
    """The batch's rows, noting the report's totals when the batch starts (the counts of each sheet)."""

    def start():
        marks[:] = [mark for mark in marks if mark[0] is not summary]
        marks.append((summary, dict(report.totals), len(report.problems), len(report.preview)))
        return rows()

    return start


def finish_counts(report, marks):
    """Each sheet's counts, and its rows of the preview (``summary.preview``, with ``summary.headers``)."""
    ends = [mark[1:] for mark in marks[1:]] + [(dict(report.totals), len(report.problems), len(report.preview))]
    for (summary, totals, problems, preview), (end_totals, end_problems, end_preview) in zip(marks, ends, strict=True):
        for key in ("new", "update", "skip", "pending"):
            setattr(summary, key, end_totals.get(key, 0) - totals.get(key, 0))
        summary.errors = end_problems - problems
        summary.preview = report.preview[preview:end_preview]
        summary.headers = resource_class_for(apps.get_model(summary.model_label))().get_export_headers()
