"""Turn an uploaded spreadsheet into headers and rows, or say precisely why it cannot be read.

This is the one place where a curator's raw bytes are read. It decides the format from the
name and checks the content agrees, decodes text the way Excel writes it on English and
Chinese Windows, refuses hostile files (zip bombs, XML entity expansion, forged worksheet
sizes) before they cost memory or time, and reports every problem it can with the row
number the curator sees in their spreadsheet (the header row is row 1). It maps nothing:
headers come back exactly as written, for the import resources to match to fields.

Every message is translatable and says what to do, because the reader of the error is a
curator with a spreadsheet, not a developer.

The package has a module per kind of file (``delimited``: CSV and TSV, ``workbook``: XLSX, ``objects``: JSON and
parsed objects) over ``base``, what they share; ``read_table`` picks one from the file's name and first bytes.
"""

from django.utils.translation import gettext_lazy as _

from core.imports.readers.base import (
    FORMATS,
    MAX_PROBLEMS_PER_KIND,
    MB,
    ReadProblem,
    Table,
    UnreadableFile,
    _choose_format,
    _megabytes,
    _refuse,
)
from core.imports.readers.delimited import DelimitedRows, _read_delimited
from core.imports.readers.objects import JSONRows, _read_json, objects_table
from core.imports.readers.workbook import WorksheetRows, _read_xlsx, require_defused_xml

__all__ = [
    "FORMATS",
    "MAX_PROBLEMS_PER_KIND",
    "DelimitedRows",
    "JSONRows",
    "ReadProblem",
    "Table",
    "UnreadableFile",
    "WorksheetRows",
    "objects_table",
    "read_table",
    "require_defused_xml",
]


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
