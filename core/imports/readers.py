"""Turn an uploaded spreadsheet into headers and rows, or say precisely why it cannot be read.

This is the one place where a curator's raw bytes are read. It decides the format from the
name and checks the content agrees, decodes text the way Excel writes it on English and
Chinese Windows, refuses hostile files (zip bombs, XML entity expansion, forged worksheet
sizes) before they cost memory or time, and reports every problem it can with the row
number the curator sees in their spreadsheet (the header row is row 1). It maps nothing:
headers come back exactly as written, for the import resources to match to fields.

Every message is translatable and says what to do, because the reader of the error is a
curator with a spreadsheet, not a developer.
"""

import codecs
import csv
import io
import json
import math
import re
import zipfile
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import PurePath

import openpyxl
import tablib
from defusedxml import DefusedXmlException
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from openpyxl.utils import get_column_letter
from openpyxl.worksheet import _reader as openpyxl_sheet_reader

from core.imports.json_stream import array_items, json_object

FORMATS = ("csv", "tsv", "xlsx", "json")
FORMAT_OF_EXTENSION = {".csv": "csv", ".txt": "csv", ".tsv": "tsv", ".xlsx": "xlsx", ".json": "json"}
DELIMITER_OF_FORMAT = {"csv": ",", "tsv": "\t"}

MB = 1024 * 1024
MAX_CELL_CHARS = 32_767  # Excel's own limit: a longer cell cannot have come from a spreadsheet.
MAX_COLUMNS = 1_000
MAX_PROBLEMS_PER_KIND = 10  # a broken million-row file gives a readable list, not a million lines
VALUE_PREVIEW_CHARS = 80
XLSX_MAX_ENTRIES = 10_000
XLSX_MAX_COMPRESSION_RATIO = 100
XLSX_MAX_ROW_NUMBER = 1_048_576  # Excel's last row; openpyxl yields an empty row for every number skipped

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003, and Office's encrypted wrapper
ZIP_MAGIC = b"PK\x03\x04"
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")  # stream name inside an encrypted .xlsx
TEXT_BOMS = (
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)
SIGNATURES = (
    (b"%PDF-", _("a PDF document")),
    (b"\x89PNG\r\n\x1a\n", _("a PNG image")),
    (b"\xff\xd8\xff", _("a JPEG image")),
    (b"GIF8", _("a GIF image")),
    (b"\x1f\x8b", _("a gzip archive")),
    (b"Rar!\x1a\x07", _("a RAR archive")),
    (b"7z\xbc\xaf\x27\x1c", _("a 7-Zip archive")),
)
DELIMITER_NAMES = {",": _("commas (,)"), ";": _("semicolons (;)"), "\t": _("tabs"), "|": _("vertical bars (|)")}
SAVE_AS = {"csv": _("CSV (comma-separated)"), "tsv": _("tab-separated text (.tsv)")}


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


def _percent(message, params):
    return message % params


_interpolate = lazy(_percent, str)  # a named function, so the lazy messages can be pickled


def _fill(message, **params):
    """Fill a lazy message's placeholders only when it is shown, so it speaks the language active then."""
    return _interpolate(message, params) if params else message


@dataclass
class ReadProblem:
    """One problem in a file, located as the curator sees it in their spreadsheet."""

    reason: str  # lazy-translated, without the location: "unbalanced quote: the cell never closes"
    row: int | None = None  # spreadsheet row number: the header row is 1
    column: str | None = None  # the column's header, or its letter when it has none
    value: str | None = None  # the offending value, shortened

    def __post_init__(self):
        if self.value is not None:
            self.value = str(self.value)
            if len(self.value) > VALUE_PREVIEW_CHARS:
                self.value = self.value[: VALUE_PREVIEW_CHARS - 1] + "…"

    def __str__(self):
        if self.row is not None and self.column is not None:
            sentence = _("Row %(row)s, column “%(column)s”: %(reason)s.")
        elif self.row is not None:
            sentence = _("Row %(row)s: %(reason)s.")
        elif self.column is not None:
            sentence = _("Column “%(column)s”: %(reason)s.")
        else:
            sentence = _("%(reason)s.")
        params = {"row": self.row, "column": self.column, "reason": self.reason}
        if self.row is None and self.column is None:
            params["reason"] = capfirst(str(self.reason))
        text = sentence % params
        if self.value is not None:
            text = _("%(problem)s Value: “%(value)s”.") % {"problem": text, "value": self.value}
        return text


class UnreadableFile(Exception):
    """The upload cannot become a table; ``problems`` lists every reason found."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__(self.problems)

    def __str__(self):
        return "\n".join(str(problem) for problem in self.problems)


@dataclass
class Table:
    """A file's headers and data rows, ready for the import resources.

    Values are strings for CSV and TSV, and the file's own types for XLSX and JSON.
    """

    format: str
    encoding: str | None
    headers: list[str]
    rows: Sequence[tuple]
    first_row_number: int = 2
    # (index, skipped): from rows[index] on, rows sit `skipped` rows lower than their index suggests,
    # because that many blank rows (in all) were skipped before them. One entry per gap, not per row.
    blank_row_offsets: list[tuple[int, int]] = field(default_factory=list)

    def row_number(self, index):
        """The spreadsheet row number of ``rows[index]``."""
        run = bisect_right(self.blank_row_offsets, index, key=lambda offset: offset[0])
        skipped = self.blank_row_offsets[run - 1][1] if run else 0
        return self.first_row_number + index + skipped

    def to_dataset(self):
        return tablib.Dataset(*self.rows, headers=self.headers)


def read_table(content, file_name, declared_format=None, *, max_bytes=20 * MB, max_rows=1_000_000, find_header=None):
    """Read ``content`` (named ``file_name``) into a ``Table``.

    The format is ``declared_format`` if given, else the file's extension; the content must
    agree. Raises ``UnreadableFile`` with every problem found: all kinds, up to
    MAX_PROBLEMS_PER_KIND of each, stopping early only where reading on would mean guessing.
    ``find_header`` (``(lines, is_header(cells))``): in a workbook, the header is the first of the first
    ``lines + 1`` rows that ``is_header`` accepts (the metadata lines above it are skipped, rows keep their
    numbers), else the first row. A text file's metadata lines are the presets' to trim (``Preset.trim``).
    """
    if len(content) > max_bytes:
        _refuse(
            _("the file is %(size)s MB, more than the limit of %(limit)s MB"),
            size=_megabytes(len(content), round_up=True),
            limit=_megabytes(max_bytes),
        )
    if not content:
        _refuse(_("the file is empty"))
    file_format = _choose_format(content, file_name, declared_format)
    if file_format == "xlsx":
        return _read_xlsx(content, max_rows, find_header=find_header)
    if file_format == "json":
        return _read_json(content, max_rows)
    return _read_delimited(content, file_format, max_rows)


class _Problems(list):
    """The problems found so far, keeping only the first few of each kind."""

    def __init__(self):
        super().__init__()
        self.counts = Counter()

    def add(self, kind, message, *, row=None, column=None, value=None, **params):
        self.counts[kind] += 1
        if self.counts[kind] <= MAX_PROBLEMS_PER_KIND:
            self.append(ReadProblem(_fill(message, **params), row, column, value))


class _Rows:
    """Data rows with their spreadsheet numbers, storing runs of skipped rows rather than every number.

    With ``keep=False`` only the numbering is kept: the caller gives the table rows it can read again.
    """

    def __init__(self, keep=True):
        self.rows, self.count, self.keep = [], 0, keep
        self.first_number, self.offsets, self.next_number = None, [], None

    def add(self, number, row):
        if self.first_number is None:
            self.first_number = number
        elif number != self.next_number:
            skipped = (self.offsets[-1][1] if self.offsets else 0) + number - self.next_number
            self.offsets.append((self.count, skipped))
        if self.keep:
            self.rows.append(row)
        self.count += 1
        self.next_number = number + 1

    def table(self, file_format, encoding, headers, rows=None):
        rows = self.rows if rows is None else rows
        return Table(file_format, encoding, headers, rows, self.first_number, self.offsets)


class DelimitedRows(Sequence):
    """The data rows of a CSV or TSV file, parsed again from the file's bytes at each pass instead of held in memory.

    ``read_table`` has checked every row once; a million rows held as tuples of strings take about
    700 MB, the decoded text about a tenth of that, and the bytes (which the caller holds anyway) nothing more.
    """

    def __init__(self, content, offset, codec, delimiter, count):
        self.content, self.offset, self.codec = content, offset, codec
        self.delimiter, self.count = delimiter, count

    def __len__(self):
        return self.count

    def __iter__(self):
        stream = io.BytesIO(self.content)  # shares the bytes, copies nothing
        stream.seek(self.offset)
        text = io.TextIOWrapper(stream, encoding=self.codec, newline="")
        header_seen = False
        for cells in csv.reader(text, delimiter=self.delimiter, strict=True):
            if not any(cells):
                continue
            if header_seen:
                yield tuple(cells)
            header_seen = True

    def __getitem__(self, index):
        return list(self)[index]

    def __eq__(self, other):
        return list(self) == list(other) if isinstance(other, Sequence) else NotImplemented

    __hash__ = None


def _refuse(message, *, row=None, column=None, **params):
    raise UnreadableFile([ReadProblem(_fill(message, **params), row, column)])


def _megabytes(size, round_up=False):
    megabytes = math.ceil(size / MB * 10) / 10 if round_up else round(size / MB, 1)
    return f"{megabytes:g}"


def _letter(position):
    """The spreadsheet letter of a 1-based column position (A, B, …, AA)."""
    return get_column_letter(position) if position <= 18_278 else str(position)


def _column(headers, index):
    """A column as the curator knows it: its header, or its letter when it has none."""
    if headers and index < len(headers) and headers[index] not in (None, ""):
        return str(headers[index])
    return _letter(index + 1)


# Format


def _choose_format(content, file_name, declared_format):
    """The format to read, after checking that the content is what the name or declaration says."""
    looks_like, description = _sniff(content)
    extension = PurePath(file_name).suffix.lower()
    if declared_format:
        file_format = declared_format.lower().lstrip(".")
    else:
        file_format = FORMAT_OF_EXTENSION.get(extension)
    if looks_like == "ole2":
        if ENCRYPTED_PACKAGE in content or file_format == "xlsx":
            _refuse(
                _(
                    "password-protected (encrypted) Excel workbook: remove the password in Excel "
                    "(File › Info › Protect Workbook) and save it again as .xlsx"
                )
            )
        _refuse(_("legacy Excel 97–2003 file: save it as .xlsx"))
    if extension == ".xls" and not declared_format:
        _refuse(_("legacy Excel 97–2003 file: save it as .xlsx"))
    if file_format not in FORMATS:
        accepted = ", ".join(name.upper() for name in FORMATS)
        if description is not None and looks_like != "xlsx":
            _refuse(
                _("the file looks like %(actual)s; accepted formats: %(formats)s"),
                actual=description,
                formats=accepted,
            )
        _refuse(
            _("“%(name)s” is not an accepted format; accepted formats: %(formats)s"),
            name=declared_format or extension or file_name,
            formats=accepted,
        )
    if looks_like != ("xlsx" if file_format == "xlsx" else "text"):
        _refuse(
            _("the file is named as %(expected)s but its content looks like %(actual)s"),
            expected=file_format.upper(),
            actual=description or _("text"),
        )
    return file_format


def _sniff(content):
    """What the first bytes say the file is: (kind, description), kind one of xlsx, ole2, zip, binary, text."""
    if content.startswith(OLE2_MAGIC):
        return "ole2", _("a legacy Excel 97–2003 file")
    if content.startswith(ZIP_MAGIC):
        return _sniff_zip(content)
    for magic, description in SIGNATURES:
        if content.startswith(magic):
            return "binary", description
    return "text", None


def _sniff_zip(content):
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return "zip", _("a damaged ZIP archive")
    if any(name.startswith("xl/") for name in names):
        return "xlsx", _("an Excel workbook (.xlsx)")
    if "content.xml" in names:
        return "zip", _("an OpenDocument file (.ods or .odt)")
    if any(name.startswith("word/") for name in names):
        return "zip", _("a Word document (.docx)")
    return "zip", _("a ZIP archive")


# CSV and TSV


def _decode(content, delimiter=None):
    """Decode text as Excel writes it: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030.

    GB18030 is a superset of GBK and GB2312, Excel's default on Chinese Windows. Each is tried
    strictly; when none fits, the error shows the bytes at the point the likeliest one failed.
    """
    attempts = _text_encodings(content)
    bom = attempts[0][0]
    body, failures = content[len(bom) :], []
    for _bom, codec, name in attempts:
        try:
            return body.decode(codec), name
        except UnicodeDecodeError as error:
            failures.append((error.start, codec))
    start, codec = max(failures)  # the encoding that read furthest is the file's likeliest
    text_before = body[:start].decode(codec)
    _refuse(
        _(
            "the bytes %(bytes)s (at byte %(offset)s) cannot be read as %(encodings)s: the file mixes "
            "text encodings or is not text; save it again as CSV UTF-8"
        ),
        row=_row_at(text_before, delimiter) if delimiter else None,
        bytes=body[start : start + 8].hex(" "),
        offset=len(bom) + start,
        encodings=" / ".join(codec.upper() for _bom, codec, _name in attempts),
    )


def _row_at(text_before, delimiter):
    """The spreadsheet row in which the text just after ``text_before`` sits."""
    reader = csv.reader(io.StringIO(text_before + "x", newline=""), delimiter=delimiter)
    try:
        return sum(1 for _record in reader)
    except csv.Error:  # a cell too long to parse: count lines instead
        return text_before.count("\n") + text_before.count("\r") - text_before.count("\r\n") + 1


def _read_delimited(content, file_format, max_rows):
    """Read CSV or TSV strictly: a row with the wrong number of cells is an error, never padded.

    The text is decoded as it is parsed, a block at a time, with each encoding the file may be in: the decoded text
    of a million rows would be another copy of the file in memory. A file that no encoding reads is refused by
    ``_decode``, which names the bytes and the row where it fails.
    """
    delimiter = DELIMITER_OF_FORMAT[file_format]
    for bom, codec, encoding in _text_encodings(content):
        try:
            return _scan_delimited(content, len(bom), codec, encoding, file_format, max_rows)
        except UnicodeDecodeError:
            continue
    _decode(content, delimiter)  # raises UnreadableFile: no encoding reads the file


def _text_encodings(content):
    """``(bom, codec, encoding's name)`` to try in turn: the byte order mark's, or UTF-8 then GB18030."""
    for bom, codec, name in TEXT_BOMS:
        if content.startswith(bom):
            return ((bom, codec, name),)
    return ((b"", "utf-8", "utf-8"), (b"", "gb18030", "gb18030"))


def _text_before(content, start, codec, end):
    """The decoded text from ``start`` up to the byte ``end`` (to name the row a fault is on)."""
    return content[start:end].decode(codec, errors="replace")


def _scan_delimited(content, start, codec, encoding, file_format, max_rows):
    """Check every row of the file read as ``codec`` from byte ``start``; the table's rows are read again from the
    bytes at each pass (``DelimitedRows``). Raises ``UnicodeDecodeError`` when the bytes are not in ``codec``."""
    delimiter = DELIMITER_OF_FORMAT[file_format]
    nul = _nul_position(content, start, codec)
    if nul is not None:
        _refuse(
            _("the row contains a NUL character: the file is damaged, binary, or UTF-16 without a byte order mark"),
            row=_row_at(_text_before(content, start, codec, nul), delimiter),
        )
    stream = io.BytesIO(content)  # shares the bytes, copies nothing
    stream.seek(start)
    problems, rows, headers = _Problems(), _Rows(keep=False), None
    number = lines_read = data_rows = 0
    reader = csv.reader(io.TextIOWrapper(stream, encoding=codec, newline=""), delimiter=delimiter, strict=True)
    try:
        for number, cells in enumerate(reader, start=1):
            lines_read = reader.line_num
            if not any(cells):  # blank line, or only delimiters: skipped, but still numbered
                continue
            if headers is None:
                _check_delimiter(cells, file_format, row=number)
                _check_headers(cells, problems, row=number)
                headers = cells
                continue
            data_rows += 1
            if data_rows > max_rows:
                problems.add("rows", _("the file has more than %(limit)s data rows"), limit=f"{max_rows:,}")
                break
            if len(cells) != len(headers):
                _wrong_cell_count(cells, headers, number, problems)
                continue
            if max(map(len, cells)) > MAX_CELL_CHARS:
                for index, cell in enumerate(cells):
                    if len(cell) > MAX_CELL_CHARS:
                        _cell_too_long(number, _column(headers, index), cell, problems)
                continue
            rows.add(number, None)
    except csv.Error as error:
        text = _text_before(content, start, codec, len(content))
        _csv_error(error, text, lines_read + 1, number + 1, headers, delimiter, problems)
    _finish(problems, headers, data_rows)
    return rows.table(file_format, encoding, headers, DelimitedRows(content, start, codec, delimiter, rows.count))


def _nul_position(content, start, codec):
    """The byte offset of the first NUL character, or None. In UTF-8 and GB18030 a zero byte is always the character
    NUL; UTF-16's characters are two bytes each, so it is looked for in its text."""
    if codec.startswith("utf-16"):
        text = content[start:].decode(codec)
        position = text.find("\x00")
        return None if position == -1 else start + len(text[:position].encode(codec))
    position = content.find(b"\x00", start)
    return None if position == -1 else position


def _check_delimiter(header, file_format, row):
    """Refuse a file whose header is split by another delimiter, as Excel in much of Europe saves "CSV"."""
    expected = DELIMITER_OF_FORMAT[file_format]
    header_text = "".join(header)
    for found, name in DELIMITER_NAMES.items():
        if found != expected and header_text.count(found) > len(header) - 1:
            _refuse(
                _("the columns are separated by %(found)s, not by %(expected)s: save the file as %(save_as)s"),
                row=row,
                found=name,
                expected=DELIMITER_NAMES[expected],
                save_as=SAVE_AS[file_format],
            )


def _wrong_cell_count(cells, headers, number, problems):
    for index, cell in enumerate(cells):
        if "\n" in cell or "\r" in cell:  # a quote that closed lines later swallowed them into one cell
            problems.add(
                "quote",
                _("unbalanced quote: the cell opened here runs over several lines and swallows the rows after it"),
                row=number,
                column=_column(headers, index),
                value=cell,
            )
            return
    problems.add(
        "cell count",
        _("the row has %(found)s cells but the header row has %(expected)s"),
        row=number,
        found=len(cells),
        expected=len(headers),
    )


def _cell_too_long(number, column, value, problems):
    problems.add(
        "cell length",
        _("the cell is longer than the %(limit)s characters a spreadsheet cell can hold"),
        row=number,
        column=column,
        value=value,
        limit=f"{MAX_CELL_CHARS:,}",
    )


def _csv_error(error, text, line, number, headers, delimiter, problems):
    """Explain a parse error at the record starting on physical ``line``; reading cannot go on after it."""
    raw = next(islice(io.StringIO(text, newline=""), line - 1, None), "")
    index, fault = _faulty_cell(raw, delimiter)
    column = _column(headers, index)
    if "field larger than field limit" in str(error):
        _cell_too_long(number, column, None, problems)
    elif fault == "open":
        problems.add(
            "quote",
            _("unbalanced quote: the cell opened here never closes and swallows the rows after it"),
            row=number,
            column=column,
        )
    else:
        problems.add(
            "quote",
            _('a quote in the middle of a quoted cell: double it ("") or remove it'),
            row=number,
            column=column,
        )


def _faulty_cell(line, delimiter):
    """Split a raw line as csv does; return (index, "open" or "stray") for a broken quoted cell.

    Without one, the longest cell is the likely culprit: (its index, None).
    """
    line = line.rstrip("\r\n")
    index = position = 0
    longest = (-1, 0)
    while position <= len(line):
        start = position
        if line[position : position + 1] == '"':
            position += 1
            while True:
                close = line.find('"', position)
                if close == -1:
                    return index, "open"
                position = close + 1
                if line[position : position + 1] != '"':
                    break
                position += 1
            if position < len(line) and line[position] != delimiter:
                return index, "stray"
        else:
            end = line.find(delimiter, position)
            position = len(line) if end == -1 else end
        longest = max(longest, (position - start, -index))
        index += 1
        position += 1
    return -longest[1], None


def _check_headers(headers, problems, row=None):
    """Headers must be present, unique and exactly spelled; the importer matches them as written."""
    if len(headers) > MAX_COLUMNS:
        _refuse(
            _("the file has %(count)s columns, more than %(limit)s"), row=row, count=len(headers), limit=MAX_COLUMNS
        )
    first_seen = {}
    for position, header in enumerate(headers, start=1):
        letter = _letter(position)
        if header is None or not str(header).strip():
            problems.add("empty header", _("the column has no header"), row=row, column=letter)
        elif header != header.strip():
            problems.add(
                "header space",
                _("the header “%(header)s” starts or ends with a space: remove it"),
                row=row,
                column=letter,
                header=header,
            )
        elif header in first_seen:
            problems.add(
                "duplicate header",
                _("the header “%(header)s” is also the header of column %(first)s: each header must be unique"),
                row=row,
                column=letter,
                header=header,
                first=first_seen[header],
            )
        first_seen.setdefault(header, letter)


def _finish(problems, headers, data_rows):
    if headers is None:
        _refuse(_("the file is empty"))
    if not data_rows and not problems:
        problems.add("no rows", _("the file has a header row but no data rows"))
    if problems:
        raise UnreadableFile(problems)


# XLSX


def _check_archive(content):
    """Refuse a zip bomb from its directory alone, before anything is decompressed.

    zipfile stops at each entry's declared size and checks its CRC, so these sizes cannot understate.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
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
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
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
        workbook = openpyxl.load_workbook(io.BytesIO(self.content), read_only=True, data_only=True)
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


UNPAIRED_SURROGATE = re.compile("[\ud800-\udfff]")


def _check_characters(value, number, key, problems):
    """JSON's escapes can write what no spreadsheet cell holds and no database stores: NUL, half a character."""
    if "\x00" in value:
        problems.add(
            "nul",
            _("the text contains a NUL character (\\u0000), which a database cannot store"),
            row=number,
            column=key,
        )
    if UNPAIRED_SURROGATE.search(value):
        problems.add(
            "surrogate",
            _("the text contains half of a character (an unpaired surrogate such as \\ud800): it is not valid Unicode"),
            row=number,
            column=key,
        )


class JSONRows(Sequence):
    """The rows of a JSON array of objects, parsed again from the file's bytes at each pass instead of held (as
    ``DelimitedRows``): a million parsed objects take gigabytes, the decoded text another copy of the file."""

    def __init__(self, content, start, codec, headers, count):
        self.content, self.start, self.codec, self.headers, self.count = content, start, codec, headers, count

    def __len__(self):
        return self.count

    def __iter__(self):
        for item in array_items(self.content, self.start, self.codec):
            yield tuple(item.get(header) for header in self.headers)

    def __getitem__(self, index):
        return list(self)[index]

    def __eq__(self, other):
        return list(self) == list(other) if isinstance(other, Sequence) else NotImplemented

    __hash__ = None


def _read_json(content, max_rows):
    """Read a list of objects, or {"rows": [...]}; headers are the keys in the order first seen.

    Row numbers follow the spreadsheet convention: the first object is row 2 (its index + 2),
    as if the keys were a header row. A key an object lacks reads as None. NaN and Infinity are
    kept as floats, for field validation to judge. An array is read an object at a time from the bytes, in each
    encoding the file may be in (``json_stream``), and read again for the import rather than held.
    """
    for bom, codec, encoding in _text_encodings(content):
        try:
            return _read_json_array(content, len(bom), codec, encoding, max_rows)
        except UnicodeDecodeError:
            continue
        except (ValueError, RecursionError):
            pass  # an object, or not JSON: read whole, which says what is wrong
        try:
            text = content[len(bom) :].decode(codec)
        except UnicodeDecodeError:
            continue
        return _read_json_whole(text, encoding, max_rows)
    _decode(content)  # raises UnreadableFile: no encoding reads the file


def _read_json_array(content, start, codec, encoding, max_rows):
    count = sum(1 for _item in array_items(content, start, codec))
    _check_object_count(count, max_rows)
    headers = _object_headers(array_items(content, start, codec))
    return Table("json", encoding, headers, JSONRows(content, start, codec, headers, count))


def _read_json_whole(text, encoding, max_rows):
    if not text.lstrip().startswith(("[", "{")):
        _refuse(_("the file does not look like JSON: it should start with [ or {"))
    try:
        data = json.loads(text, object_pairs_hook=json_object)
    except json.JSONDecodeError as error:
        _refuse(
            _("invalid JSON at line %(line)s, column %(col)s: %(error)s"),
            line=error.lineno,
            col=error.colno,
            error=error.msg,
        )
    except RecursionError:
        _refuse(_("the JSON is nested too deeply"))
    except ValueError as error:  # e.g. an integer with more digits than Python converts
        _refuse(_("invalid JSON: %(error)s"), error=str(error))
    items = data.get("rows") if isinstance(data, dict) else data
    if not isinstance(items, list):
        _refuse(_("the JSON should be a list of objects, or an object whose “rows” is such a list"))
    return objects_table(items, encoding, max_rows)


def objects_table(items, encoding="utf-8", max_rows=1_000_000):
    """A ``Table`` from parsed objects (a JSON file's, or an API request body's), checked as a JSON file is:
    the first object is row 2, a key an object lacks reads as None; raises ``UnreadableFile``."""
    _check_object_count(len(items) if items else 0, max_rows)
    headers = _object_headers(items)
    rows = [tuple(item.get(header) for header in headers) for item in items]
    return Table("json", encoding, headers, rows)


def _check_object_count(count, max_rows):
    if not count:
        _refuse(_("the file has no data rows"))
    if count > max_rows:
        _refuse(_("the file has more than %(limit)s data rows"), limit=f"{max_rows:,}")


def _object_headers(items):
    """The keys of the objects, in the order first seen, each object checked; raises ``UnreadableFile``."""
    problems, headers = _Problems(), {}
    for number, item in enumerate(items, start=2):
        if not isinstance(item, dict):
            problems.add("not object", _("the row is not an object {…}"), row=number, value=json.dumps(item)[:100])
            continue
        for key in getattr(item, "duplicate_keys", ()):
            problems.add("duplicate key", _("the key appears more than once in the object"), row=number, column=key)
        for key, value in item.items():
            headers.setdefault(key)
            if isinstance(value, list | dict):
                problems.add(
                    "nested",
                    _("the value is a list or an object; only text, numbers, true/false and null are accepted"),
                    row=number,
                    column=key,
                    value=json.dumps(value)[:100],
                )
            elif isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                _cell_too_long(number, key, value, problems)
            elif isinstance(value, str):
                _check_characters(value, number, key, problems)
    headers = list(headers)
    if not headers and not problems:
        _refuse(_("the objects have no keys, so the file has no columns"))
    _check_headers(headers, problems)
    if problems:
        raise UnreadableFile(problems)
    return headers
