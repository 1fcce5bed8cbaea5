"""XLSX: refused as a zip bomb or XML attack before anything is expanded, read through defusedxml, a single table's
rows read again from the workbook at each pass."""

import zipfile
from collections.abc import Sequence
from itertools import chain, islice

import openpyxl
from defusedxml import DefusedXmlException
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from openpyxl.worksheet import _reader as openpyxl_sheet_reader

from core.imports.disk import binary_stream
from core.imports.readers.base import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    UnreadableFile,
    _cell_too_long,
    _check_headers,
    _column,
    _fill,
    _finish,
    _letter,
    _megabytes,
    _Problems,
    _refuse,
    _Rows,
)

XLSX_MAX_ENTRIES = 10_000


XLSX_MAX_COMPRESSION_RATIO = 100


XLSX_MAX_ROW_NUMBER = 1_048_576  # Excel's last row; openpyxl yields an empty row for every number skipped


def require_defused_xml():
    """Refuse to run unless openpyxl parses workbook XML through defusedxml.

    openpyxl only uses defusedxml when it is installed and OPENPYXL_DEFUSEDXML is not "False";
    without it a crafted workbook can expand XML entities until the server runs out of memory.
    """
    if (
        not openpyxl.DEFUSEDXML
        or openpyxl.LXML  # lxml expands entities; bri_portal/__init__.py turns it off
        or not openpyxl_sheet_reader.iterparse.__module__.startswith("defusedxml")
    ):
        raise ImproperlyConfigured("openpyxl must parse XML with defusedxml: install defusedxml (requirements.txt).")


require_defused_xml()


def _check_archive(content):
    """Refuse a zip bomb from its directory alone, before anything is decompressed.

    zipfile stops at each entry's declared size and checks its CRC, so these sizes cannot understate.
    """
    try:
        with binary_stream(content) as stream, zipfile.ZipFile(stream) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        _refuse(_("the workbook is damaged (%(error)s): open it in Excel and save it again"), error=str(error))
    bomb = _("the workbook is refused as a compressed bomb or oversized archive: %(detail)s")
    if len(entries) > XLSX_MAX_ENTRIES:
        detail = _fill(_("it holds %(count)s files, more than %(limit)s"), count=len(entries), limit=XLSX_MAX_ENTRIES)
        _refuse(bomb, detail=detail)
    expanded, limit = sum(entry.file_size for entry in entries), settings.IMPORT_MAX_EXPANDED_SIZE
    if expanded > limit:
        detail = _fill(
            _("it would expand to %(size)s MB, more than %(limit)s MB"),
            size=_megabytes(expanded, round_up=True),
            limit=_megabytes(limit),
        )
        _refuse(bomb, detail=detail)
    for entry in entries:
        ratio = entry.file_size / max(entry.compress_size, 1)
        if ratio > XLSX_MAX_COMPRESSION_RATIO:
            detail = _fill(
                _("“%(name)s” is compressed %(ratio)s times, more than %(limit)s"),
                name=entry.filename,
                ratio=int(ratio),
                limit=XLSX_MAX_COMPRESSION_RATIO,
            )
            _refuse(bomb, detail=detail)


def _read_xlsx(content, max_rows, read=None, find_header=None):
    """Read the first worksheet's values (cached results for formulas), keeping their types; or, given
    ``read(workbook)``, whatever it reads from the open workbook (a workbook of several tables)."""
    _check_archive(content)
    try:
        stream = binary_stream(content)
        workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True)
        try:
            if read:
                return read(workbook)
            return _read_worksheet(
                workbook,
                max_rows,
                again=lambda count, width, top: WorksheetRows(content, count, width, top),
                find_header=find_header,
            )
        finally:
            workbook.close()
            stream.close()
    except UnreadableFile:
        raise
    except Exception as error:  # openpyxl raises almost anything on a damaged workbook
        causes = list(_causes(error))
        if any(isinstance(cause, DefusedXmlException) for cause in causes):
            _refuse(_("the workbook contains XML entity or DTD declarations, which can attack the server; refused"))
        detail = (str(causes[-1]).strip().splitlines() or [type(causes[-1]).__name__])[0]
        _refuse(_("the workbook is damaged (%(error)s): open it in Excel and save it again"), error=detail)


def _causes(error):
    """``error`` and the errors it was raised from: openpyxl wraps XML parse errors in ValueError."""
    while error is not None:
        yield error
        error = error.__cause__ or error.__context__


def _worksheet_lines(sheet):
    """The worksheet's rows that hold a value: ``(row number, values, width without the empty cells at the end)``."""
    sheet.reset_dimensions()  # a forged <dimension> would otherwise pad every row to 16,384 columns
    for number, values in enumerate(sheet.iter_rows(min_row=1, min_col=1, values_only=True), start=1):
        if number > XLSX_MAX_ROW_NUMBER:
            _refuse(
                _("the worksheet has rows beyond row %(limit)s, Excel's last row"), limit=f"{XLSX_MAX_ROW_NUMBER:,}"
            )
        width = len(values)
        while width and values[width - 1] in (None, ""):
            width -= 1
        if width:  # an empty row: skipped, but still numbered
            yield number, values, width


def _from_header(lines, find_header):
    """The worksheet's lines from its header on: with ``find_header`` (see ``read_table``), the metadata lines
    above it left out; else every line."""
    if find_header is None:
        return lines
    limit, is_header = find_header
    head = list(islice(lines, limit + 1))
    start = next(
        (i for i, (_n, values, width) in enumerate(head) if is_header([_header_text(v) for v in values[:width]])), 0
    )
    return chain(head[start:], lines)


class WorksheetRows(Sequence):
    """The data rows of a single-table workbook, read again from the file at each pass instead of held in memory
    (as ``DelimitedRows``): ``read_table`` has checked every row once; a million rows held as tuples take about
    700 MB."""

    def __init__(self, content, count, width, top=1):
        self.content, self.count, self.width, self.top = content, count, width, top

    def __len__(self):
        return self.count

    def __iter__(self):
        with binary_stream(self.content) as stream:
            workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True)
            try:
                for number, values, width in _worksheet_lines(workbook.worksheets[0]):
                    if number > self.top:  # below the header
                        yield tuple(values[:width]) + (None,) * (self.width - width)
            finally:
                workbook.close()

    def __getitem__(self, index):
        return list(self)[index]

    def __eq__(self, other):
        return list(self) == list(other) if isinstance(other, Sequence) else NotImplemented

    __hash__ = None


def _read_worksheet(workbook, max_rows, sheet=None, again=None, find_header=None):
    """Read ``sheet`` (the first worksheet if None) of an open workbook into a ``Table``; with ``again(count,
    width, header row)``, the rows it returns (read again from the file) instead of the rows held."""
    if not workbook.worksheets:
        _refuse(_("the workbook has no worksheet"))
    sheet = workbook.worksheets[0] if sheet is None else sheet
    problems, rows, headers, data_rows, top = _Problems(), _Rows(keep=again is None), None, 0, 1
    for number, values, width in _from_header(_worksheet_lines(sheet), find_header):
        if width > MAX_COLUMNS:
            _refuse(_("the row has %(count)s columns, more than %(limit)s"), row=number, count=width, limit=MAX_COLUMNS)
        if headers is None:
            headers, top = [_header_text(value) for value in values[:width]], number
            _check_headers(headers, problems, row=number)
            continue
        data_rows += 1
        if data_rows > max_rows:
            problems.add("rows", _("the file has more than %(limit)s data rows"), limit=f"{max_rows:,}")
            break
        if width > len(headers):
            problems.add(
                "cell count",
                _("the row has a value in column %(letter)s, which has no header"),
                row=number,
                value=values[width - 1],
                letter=_letter(width),
            )
            continue
        row = tuple(values[:width]) + (None,) * (len(headers) - width)
        for index, value in enumerate(row):
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                _cell_too_long(number, _column(headers, index), value, problems)
        rows.add(number, row)
    _finish(problems, headers, data_rows)
    return rows.table("xlsx", None, headers, again(rows.count, len(headers), top) if again else None)


def _header_text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


# JSON
