"""What every reader shares: the table it returns, the problems it reports (in the curator's language, with the
row number they see), the limits, and how a file's format is told from its name and first bytes."""

import codecs
import csv
import io
import math
import zipfile
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import PurePath

import tablib
from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from openpyxl.utils import get_column_letter

from core.imports.disk import binary_stream

FORMATS = ("csv", "tsv", "xlsx", "json")


FORMAT_OF_EXTENSION = {".csv": "csv", ".txt": "csv", ".tsv": "tsv", ".xlsx": "xlsx", ".json": "json"}


DELIMITER_OF_FORMAT = {"csv": ",", "tsv": "\t"}


MB = 1024 * 1024


MAX_CELL_CHARS = 32_767  # Excel's own limit: a longer cell cannot have come from a spreadsheet.


MAX_COLUMNS = 1_000


MAX_PROBLEMS_PER_KIND = 10  # a broken million-row file gives a readable list, not a million lines


VALUE_PREVIEW_CHARS = 80


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
        with binary_stream(content) as stream, zipfile.ZipFile(stream) as archive:
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


def _text_encodings(content):
    """``(bom, codec, encoding's name)`` to try in turn: the byte order mark's, or UTF-8 then GB18030."""
    for bom, codec, name in TEXT_BOMS:
        if content.startswith(bom):
            return ((bom, codec, name),)
    return ((b"", "utf-8", "utf-8"), (b"", "gb18030", "gb18030"))


def _cell_too_long(number, column, value, problems):
    problems.add(
        "cell length",
        _("the cell is longer than the %(limit)s characters a spreadsheet cell can hold"),
        row=number,
        column=column,
        value=value,
        limit=f"{MAX_CELL_CHARS:,}",
    )


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
