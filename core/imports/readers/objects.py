"""JSON: an array of objects (read an object at a time, ``core.imports.json_stream``) or {"rows": [...]}; parsed
objects from an API request body are checked the same way (``objects_table``)."""

import json
import re
from collections.abc import Sequence

from django.utils.translation import gettext_lazy as _

from core.imports.json_stream import array_items, json_object
from core.imports.readers.base import (
    MAX_CELL_CHARS,
    Table,
    UnreadableFile,
    _cell_too_long,
    _check_headers,
    _decode,
    _Problems,
    _refuse,
    _text_encodings,
)

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
