"""CSV and TSV: decoded as Excel writes them (UTF-8, UTF-16 with a byte order mark, GB18030), checked strictly, a
row with the wrong number of cells refused with its row and column, the rows read again from the file at each pass."""

import csv
import io
from collections.abc import Sequence
from itertools import islice

from django.utils.translation import gettext_lazy as _

from core.imports.disk import binary_stream
from core.imports.readers.base import (
    DELIMITER_OF_FORMAT,
    MAX_CELL_CHARS,
    _cell_too_long,
    _check_headers,
    _column,
    _decode,
    _finish,
    _Problems,
    _refuse,
    _row_at,
    _Rows,
    _text_encodings,
)

DELIMITER_NAMES = {",": _("commas (,)"), ";": _("semicolons (;)"), "\t": _("tabs"), "|": _("vertical bars (|)")}


SAVE_AS = {"csv": _("CSV (comma-separated)"), "tsv": _("tab-separated text (.tsv)")}


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
        with binary_stream(self.content) as stream:
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
    stream = binary_stream(content)
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
    finally:
        stream.close()
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
