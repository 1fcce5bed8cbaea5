"""The safe file reader: formats, encodings, strict CSV, headers, and hostile files refused.

Small good and faulty files live in files/; big and hostile ones are made here at run time.
No database: the reader is pure Python.
"""

import codecs
import datetime
import io
import math
import re
import signal
import time
import zipfile
from contextlib import contextmanager
from pathlib import Path

import openpyxl
import pytest
import tablib
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation
from django.utils.functional import Promise

from core.imports import readers
from core.imports.readers import FORMATS, ReadProblem, Table, UnreadableFile, read_table

FILES = Path(__file__).resolve().parent / "files"
MB = 1024 * 1024
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def refusal(content, file_name="data.csv", **options):
    """The problems read_table finds, as the sentences a curator reads."""
    with pytest.raises(UnreadableFile) as caught:
        read_table(content, file_name, **options)
    return [str(problem) for problem in caught.value.problems]


def problems_of(content, file_name="data.csv", **options):
    with pytest.raises(UnreadableFile) as caught:
        read_table(content, file_name, **options)
    return caught.value.problems


@contextmanager
def deadline(seconds):
    """Fail, rather than hang, if the block takes longer than ``seconds`` (a hostile file is winning)."""

    def expire(signum, frame):
        raise TimeoutError(f"took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def xlsx(*rows):
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_member(archive_bytes, name, data, *, keep=True):
    """The archive with member ``name`` replaced (or added), all else copied."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(archive_bytes)) as source, zipfile.ZipFile(buffer, "w") as target:
        for entry in source.infolist():
            if entry.filename != name and keep:
                target.writestr(entry, source.read(entry))
        target.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def read_member(archive_bytes, name):
    with zipfile.ZipFile(io.BytesIO(archive_bytes)) as archive:
        return archive.read(name).decode()


# Format


@pytest.mark.parametrize(
    ("file_name", "content", "expected"),
    [
        ("countries.csv", b"a,b\n1,2\n", "csv"),
        ("COUNTRIES.TXT", b"a,b\n1,2\n", "csv"),
        ("countries.tsv", b"a\tb\n1\t2\n", "tsv"),
        ("countries.json", b'[{"a": 1}]', "json"),
        ("countries.xlsx", None, "xlsx"),
    ],
)
def test_format_comes_from_the_extension(file_name, content, expected):
    content = content or xlsx(["a", "b"], [1, 2])
    assert read_table(content, file_name).format == expected
    assert expected in FORMATS


def test_a_declared_format_wins_over_the_extension():
    table = read_table(b"a\tb\n1\t2\n", "upload.bin", declared_format="TSV")
    assert (table.format, table.headers, table.rows) == ("tsv", ["a", "b"], [("1", "2")])


def test_legacy_xls_is_refused_with_the_fix():
    assert refusal(OLE2 + bytes(2000), "trade.xls") == ["Legacy Excel 97–2003 file: save it as .xlsx."]
    assert refusal(OLE2 + bytes(2000), "trade.csv") == ["Legacy Excel 97–2003 file: save it as .xlsx."]


@pytest.mark.parametrize(
    ("content", "file_name"),
    [
        (OLE2 + bytes(2000), "trade.xlsx"),  # an OLE2 container named .xlsx is Office's encrypted wrapper
        (OLE2 + bytes(600) + "EncryptedPackage".encode("utf-16-le") + bytes(600), "trade.xls"),
    ],
)
def test_an_encrypted_workbook_is_named_as_such(content, file_name):
    [message] = refusal(content, file_name)
    assert message.startswith("Password-protected (encrypted) Excel workbook: remove the password")


@pytest.mark.parametrize(
    ("content", "file_name", "looks_like"),
    [
        (xlsx(["a"], [1]), "trade.csv", "named as CSV but its content looks like an Excel workbook (.xlsx)"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "trade.csv", "looks like a PDF document"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "trade.json", "looks like a PNG image"),
        (with_member(xlsx(["a"]), "notes.txt", b"hello", keep=False), "trade.xlsx", "looks like a ZIP archive"),
        (b"a,b\n1,2\n", "trade.xlsx", "named as XLSX but its content looks like text"),
    ],
)
def test_a_mislabelled_file_is_refused_saying_what_it_looks_like(content, file_name, looks_like):
    [message] = refusal(content, file_name)
    assert looks_like in message


@pytest.mark.parametrize(("file_name", "declared"), [("trade.xml", None), ("trade", None), ("trade.csv", "xml")])
def test_an_unknown_format_lists_the_accepted_ones(file_name, declared):
    [message] = refusal(b"<xml/>", file_name, declared_format=declared)
    assert "accepted formats: CSV, TSV, XLSX, JSON" in message


def test_an_unknown_extension_with_recognisable_content_says_what_it_is():
    [message] = refusal(b"%PDF-1.4 ...", "report.pdf")
    assert message == "The file looks like a PDF document; accepted formats: CSV, TSV, XLSX, JSON."


def test_json_must_start_with_a_bracket_or_brace():
    assert refusal(b"iso3,name\nKAZ,Kazakhstan\n", "trade.json") == [
        "The file does not look like JSON: it should start with [ or {."
    ]
    assert read_table(codecs.BOM_UTF8 + b' \n [{"a": 1}]', "trade.json").rows == [(1,)]


# Size


def test_a_file_over_the_size_limit_is_refused_before_reading():
    content = b"a,b\n" + b"x" * (21 * MB)
    with deadline(2):
        assert refusal(content) == ["The file is 21.1 MB, more than the limit of 20 MB."]


def test_the_size_limit_is_a_parameter():
    assert refusal(b"a,b\n1,2\n", max_bytes=4) == ["The file is 0.1 MB, more than the limit of 0 MB."]
    assert read_table(b"a,b\n1,2\n", "data.csv", max_bytes=8).rows == [("1", "2")]


def test_an_empty_file_is_refused():
    assert refusal(b"") == ["The file is empty."]
    assert refusal(b"\n\r\n,,\n") == ["The file is empty."]
    assert refusal(xlsx([None], []), "empty.xlsx") == ["The file is empty."]


def test_a_header_without_rows_is_refused():
    assert refusal(b"iso3,name\n\n") == ["The file has a header row but no data rows."]
    assert refusal(xlsx(["iso3", "name"]), "trade.xlsx") == ["The file has a header row but no data rows."]
    assert refusal(b"[]", "trade.json") == ["The file has no data rows."]


# Rows


def test_more_rows_than_the_limit_are_refused():
    assert refusal(b"a\n1\n2\n3\n4\n", max_rows=3) == ["The file has more than 3 data rows."]
    assert read_table(b"a\n1\n\n2\n3\n", "data.csv", max_rows=3).rows == [("1",), ("2",), ("3",)]
    assert refusal(xlsx(["a"], [1], [2]), "data.xlsx", max_rows=1) == ["The file has more than 1 data rows."]
    assert refusal(b'[{"a": 1}, {"a": 2}]', "data.json", max_rows=1) == ["The file has more than 1 data rows."]


def test_a_million_and_one_rows_are_refused_within_seconds():
    content = b"iso3,value\n" + b"KAZ,1\n" * 1_000_001
    started = time.process_time()  # this process's own time: a busy machine does not make it fail
    with deadline(10):
        assert refusal(content) == ["The file has more than 1,000,000 data rows."]
    assert time.process_time() - started < 5


# Text encodings


def test_utf8_with_and_without_bom():
    plain = read_table("名称,值\n哈萨克斯坦,1\n".encode(), "data.csv")
    with_bom = read_table(codecs.BOM_UTF8 + "名称,值\n哈萨克斯坦,1\n".encode(), "data.csv")
    assert (plain.encoding, with_bom.encoding) == ("utf-8", "utf-8-sig")
    assert plain.headers == with_bom.headers == ["名称", "值"]  # no BOM left in the first header
    assert plain.rows == with_bom.rows == [("哈萨克斯坦", "1")]


@pytest.mark.parametrize("bom, codec", [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")])
def test_utf16_with_a_byte_order_mark(bom, codec):
    table = read_table(bom + "国家,名称\r\nKAZ,哈萨克斯坦\r\n".encode(codec), "data.csv")
    assert (table.encoding, table.headers, table.rows) == ("utf-16", ["国家", "名称"], [("KAZ", "哈萨克斯坦")])


def test_gb18030_as_excel_saves_it_on_chinese_windows():
    table = read_table((FILES / "countries_gb18030.csv").read_bytes(), "countries_gb18030.csv")
    assert table.encoding == "gb18030"
    assert table.headers == ["国家代码", "名称", "数值"]
    assert table.rows == [("KAZ", "哈萨克斯坦", "１２３"), ("PAK", "巴基斯坦", "４５６")]


def test_mixed_encodings_are_refused_with_the_row_and_the_bytes():
    content = "iso3,name\nKAZ,哈萨克斯坦\n".encode() + "CIV,Côte d'Ivoire\n".encode("latin-1")
    [message] = refusal(content)
    assert message.startswith("Row 3: the bytes f4 74 65 20 64 27 49 76 (at byte 35) cannot be read as UTF-8 / GB18030")


def test_invalid_utf8_after_a_bom_is_not_guessed_at():
    [message] = refusal(codecs.BOM_UTF8 + b"a,b\n1,\xff\n")
    assert message.startswith("Row 2: the bytes ff 0a (at byte 9) cannot be read as UTF-8:")


def test_a_nul_byte_is_refused_with_its_row():
    assert refusal(b"a,b\n1,2\n3,\x004\n") == [
        "Row 3: the row contains a NUL character: the file is damaged, binary, or UTF-16 without a byte order mark."
    ]


# CSV parsing


def test_a_good_csv_file():
    table = read_table((FILES / "countries.csv").read_bytes(), "countries.csv")
    assert table.headers == ["iso3", "name_en", "name_zh", "joined"]
    assert table.rows[2:] == [
        ("NZL", "New Zealand", "新西兰", "2017"),
        ("CIV", "Côte d'Ivoire, Republic of", "科特迪瓦", "2018"),
    ]
    assert [table.row_number(index) for index in range(len(table.rows))] == [2, 3, 4, 5]


def test_the_faulty_csv_file_reports_every_problem_with_its_row():
    problems = refusal((FILES / "countries_faulty.csv").read_bytes(), "countries_faulty.csv")
    assert problems == [
        "Row 3: the row has 3 cells but the header row has 4.",
        "Row 4: the row has 5 cells but the header row has 4.",
        "Row 6, column “name_zh”: unbalanced quote: the cell opened here never closes and swallows the rows after it.",
    ]


def test_an_unbalanced_quote_closed_by_a_later_quote_is_found_where_it_opens():
    content = b'iso3,name,note\nKAZ,Kazakhstan,fine\nCHN,China,"opens here\nPAK,Pakistan,"quoted"\n'
    assert refusal(content) == [
        "Row 3, column “note”: unbalanced quote: the cell opened here never closes and swallows the rows after it."
    ]


def test_a_swallowed_row_that_breaks_the_cell_count_is_reported_as_a_quote():
    content = b'iso3,name,note\nCHN,"China,ok\nPAK,Pakistan,ok\nNZL",New Zealand,ok\nITA,Italy,ok\n'
    [problem] = problems_of(content)
    assert (problem.row, problem.column) == (2, "name")
    assert "unbalanced quote" in str(problem.reason)


def test_a_stray_quote_after_a_quoted_cell_is_refused():
    [message] = refusal(b'a,b\n"1"2,3\n')
    assert message == 'Row 2, column “a”: a quote in the middle of a quoted cell: double it ("") or remove it.'


@pytest.mark.parametrize("header", [b"iso3;name;value", b"iso3;name;value (USD, million)"])
def test_a_semicolon_delimited_file_is_refused_naming_the_delimiter(header):
    [message] = refusal(header + b"\nKAZ;Kazakhstan;1,5\n")
    assert message == (
        "Row 1: the columns are separated by semicolons (;), not by commas (,): save the file as CSV (comma-separated)."
    )


def test_a_tsv_file_must_be_tab_separated():
    [message] = refusal(b"iso3,name\nKAZ,Kazakhstan\n", "data.tsv")
    assert (
        message
        == "Row 1: the columns are separated by commas (,), not by tabs: save the file as tab-separated text (.tsv)."
    )
    assert read_table(b"iso3\tname, full\nKAZ\tKazakhstan\n", "data.tsv").headers == ["iso3", "name, full"]


def test_rows_are_never_padded():
    problems = problems_of(b"a,b,c\n1,2\n1,2,3,4\n1,2,3\n")
    assert [(problem.row, str(problem.reason)) for problem in problems] == [
        (2, "the row has 2 cells but the header row has 3"),
        (3, "the row has 4 cells but the header row has 3"),
    ]


def test_mixed_line_endings_are_accepted():
    table = read_table(b"a,b\r\n1,2\n3,4\r5,6\r\n", "data.csv")
    assert table.rows == [("1", "2"), ("3", "4"), ("5", "6")]


def test_blank_lines_are_skipped_but_keep_their_row_numbers():
    table = read_table(b"a,b\n\n1,2\n,\n\n3,4\n5,6\n\n7,8\n\n", "data.csv")
    assert table.rows == [("1", "2"), ("3", "4"), ("5", "6"), ("7", "8")]
    assert [table.row_number(index) for index in range(4)] == [3, 6, 7, 9]
    problems = problems_of(b"a,b\n\n\n1\n")
    assert problems[0].row == 4


def test_a_multiline_quoted_cell_is_one_row():
    table = read_table(b'a,b\n1,"two\nlines"\n3,4\n', "data.csv")
    assert table.rows == [("1", "two\nlines"), ("3", "4")]
    assert [table.row_number(0), table.row_number(1)] == [2, 3]


def test_a_cell_may_be_as_long_as_excel_allows():
    longest = "x" * 32_767
    assert read_table(f"a,b\n1,{longest}\n".encode(), "data.csv").rows == [("1", longest)]
    [problem] = problems_of(f"a,b\n1,{longest}y\n".encode())
    assert (problem.row, problem.column, len(problem.value)) == (2, "b", 80)
    assert str(problem.reason) == "the cell is longer than the 32,767 characters a spreadsheet cell can hold"


def test_a_one_megabyte_cell_is_refused_with_its_row_and_column():
    content = b"a,b,c\n1,2,3\n4," + b"x" * MB + b",6\n"
    [problem] = problems_of(content)
    assert (problem.row, problem.column) == (3, "b")
    assert "longer than the 32,767 characters" in str(problem)


# Headers


def test_headers_are_kept_exactly_as_written():
    table = read_table("Country (国家),ISO3,value 2013\nKAZ,KAZ,1\n".encode(), "data.csv")
    assert table.headers == ["Country (国家)", "ISO3", "value 2013"]


def test_an_empty_header_is_refused_with_its_column():
    assert refusal(b"a,,c\n1,2,3\n") == ["Row 1, column “B”: the column has no header."]


def test_a_header_with_surrounding_space_is_named_in_quotes():
    assert refusal(b"iso3,name \n1,2\n") == [
        "Row 1, column “B”: the header “name ” starts or ends with a space: remove it."
    ]


def test_duplicate_headers_are_refused():
    assert refusal(b"iso3,name,iso3\n1,2,3\n") == [
        "Row 1, column “C”: the header “iso3” is also the header of column A: each header must be unique."
    ]


def test_more_than_a_thousand_columns_are_refused():
    header = ",".join(f"c{number}" for number in range(1001))
    assert refusal(f"{header}\n".encode()) == ["Row 1: the file has 1001 columns, more than 1000."]


# XLSX


def test_a_good_workbook_keeps_native_values():
    table = read_table((FILES / "countries.xlsx").read_bytes(), "countries.xlsx")
    assert (table.format, table.encoding) == ("xlsx", None)
    assert table.headers == ["iso3", "name_zh", "joined", "population", "share"]
    assert table.rows == [
        ("KAZ", "哈萨克斯坦", datetime.datetime(2013, 9, 7), 19_000_000, 0.25),
        ("PAK", "巴基斯坦", datetime.datetime(2015, 4, 20), 240_000_000, None),
        ("NZL", None, None, 5_100_000, 0.5),
    ]
    assert [table.row_number(index) for index in range(3)] == [2, 4, 5]


def test_a_workbook_value_beyond_the_headers_is_refused():
    assert refusal(xlsx(["a", "b"], [1, 2, None, 4]), "data.xlsx") == [
        "Row 2: the row has a value in column D, which has no header. Value: “4”."
    ]


def test_a_workbook_header_problem_names_the_letter():
    assert refusal(xlsx(["a", None, "a"], [1, 2, 3]), "data.xlsx") == [
        "Row 1, column “B”: the column has no header.",
        "Row 1, column “C”: the header “a” is also the header of column A: each header must be unique.",
    ]


def test_a_workbook_with_more_than_a_thousand_columns_is_refused():
    assert refusal(xlsx(["a"], [1] * 1001), "data.xlsx") == ["Row 2: the row has 1001 columns, more than 1000."]


def test_a_forged_dimension_cannot_pad_rows():
    content = xlsx(["a", "b"], *([number, number] for number in range(3000)))
    sheet = read_member(content, "xl/worksheets/sheet1.xml")
    forged = re.sub(r'<dimension ref="A1:B3001"\s*/>', '<dimension ref="A1:XFD1048576"/>', sheet)
    assert forged != sheet
    with deadline(2):  # 3,000 rows padded to 16,384 cells each would take far longer
        table = read_table(with_member(content, "xl/worksheets/sheet1.xml", forged), "data.xlsx")
    assert table.headers == ["a", "b"]
    assert table.rows[-1] == (2999, 2999)


def test_a_row_beyond_excels_last_row_is_refused():
    content = xlsx(["a"], [1])
    sheet = read_member(content, "xl/worksheets/sheet1.xml")
    forged = sheet.replace("</sheetData>", '<row r="5000000"><c r="A5000000"><v>1</v></c></row></sheetData>')
    with deadline(5):
        assert refusal(with_member(content, "xl/worksheets/sheet1.xml", forged), "data.xlsx") == [
            "The worksheet has rows beyond row 1,048,576, Excel's last row."
        ]


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
"""


@pytest.mark.parametrize("member", ["xl/worksheets/sheet1.xml", "xl/workbook.xml", "xl/styles.xml"])
def test_xml_entity_expansion_is_refused(member):
    content = xlsx(["a"], [1])
    original = read_member(content, member)
    hostile = BILLION_LAUGHS + original.split("?>", 1)[-1].replace("<v>1</v>", "<v>&lol3;</v>")
    assert refusal(with_member(content, member, hostile), "data.xlsx") == [
        "The workbook contains XML entity or DTD declarations, which can attack the server; refused."
    ]


def test_the_reader_refuses_to_run_without_defusedxml(monkeypatch):
    readers.require_defused_xml()
    monkeypatch.setattr(openpyxl, "DEFUSEDXML", False)
    with pytest.raises(ImproperlyConfigured, match="defusedxml"):
        readers.require_defused_xml()


def test_a_zip_bomb_is_refused_by_its_compression_ratio():
    bomb = with_member(xlsx(["a"], [1]), "xl/media/image1.bin", bytes(10 * MB))
    assert len(bomb) < 100_000
    [message] = refusal(bomb, "data.xlsx")
    assert message.startswith("The workbook is refused as a compressed bomb or oversized archive:")
    assert "“xl/media/image1.bin” is compressed" in message


def test_an_archive_expanding_beyond_200_mb_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/media/big.bin", "w", force_zip64=True) as member:
            chunk = bytes(MB)
            for _ in range(201):
                member.write(chunk)
    [message] = refusal(buffer.getvalue(), "data.xlsx")
    assert message.endswith("it would expand to 201.1 MB, more than 200 MB.")


def test_an_archive_with_too_many_entries_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for number in range(10_001):
            archive.writestr(f"xl/{number}.xml", "")
    [message] = refusal(buffer.getvalue(), "data.xlsx")
    assert "it holds 10001 files, more than 10000" in message


def test_a_damaged_workbook_is_refused():
    content = with_member(xlsx(["a"], [1]), "xl/workbook.xml", "<not-closed")
    [message] = refusal(content, "data.xlsx")
    assert message.startswith("The workbook is damaged (")
    assert message.endswith("open it in Excel and save it again.")


# JSON


def test_a_good_json_file():
    table = read_table((FILES / "countries.json").read_bytes(), "countries.json")
    assert table.headers == ["iso3", "name_en", "name_zh", "joined", "share"]
    assert table.rows[:2] == [
        ("KAZ", "Kazakhstan", "哈萨克斯坦", 2013, None),
        ("PAK", "Pakistan", "巴基斯坦", 2015, 0.25),
    ]
    assert table.rows[2][:4] == ("NZL", "New Zealand", None, None)
    assert math.isnan(table.rows[2][4])  # NaN is kept for field validation to judge
    assert [table.row_number(index) for index in range(3)] == [2, 3, 4]


def test_json_rows_may_be_wrapped_in_an_object():
    table = read_table(b'{"rows": [{"a": 1, "b": Infinity}]}', "data.json")
    assert (table.headers, table.rows) == (["a", "b"], [(1, math.inf)])


def test_the_faulty_json_file_reports_rows_as_a_spreadsheet_would():
    problems = problems_of((FILES / "countries_faulty.json").read_bytes(), "countries_faulty.json")
    assert [(problem.row, problem.column, str(problem.reason)) for problem in problems] == [
        (3, None, "the row is not an object {…}"),
        (
            4,
            "name_en",
            "the value is a list or an object; only text, numbers, true/false and null are accepted",
        ),
    ]


def test_invalid_json_says_where():
    assert refusal(b'[{"a": 1},\n {"a": 2,}]', "data.json") == [
        "Invalid JSON at line 2, column 10: Expecting property name enclosed in double quotes."
    ]


def test_a_repeated_json_key_is_not_silently_dropped():
    [problem] = problems_of(b'[{"a": 1, "a": 2}]', "data.json")
    assert (problem.row, problem.column) == (2, "a")


def test_deeply_nested_json_is_refused():
    assert refusal(b"[" * 200_000 + b"]" * 200_000, "data.json") == ["The JSON is nested too deeply."]


def test_json_keys_are_checked_like_headers():
    assert refusal(b'[{"iso3 ": 1, "": 2}]', "data.json") == [
        "Column “A”: the header “iso3 ” starts or ends with a space: remove it.",
        "Column “B”: the column has no header.",
    ]


# Problems and the table


def test_messages_are_translated_when_shown_not_when_found(monkeypatch):
    """A stand-in gettext marks each string it translates: both the location and the reason go through it."""
    [problem] = problems_of(b"a,b\n1\n")
    assert isinstance(problem.reason, Promise)
    monkeypatch.setattr(translation._trans, "gettext", lambda message: f"«{message}»", raising=False)
    assert str(problem) == "«Row 2: «the row has 1 cells but the header row has 2».»"


def test_a_problem_reads_as_a_sentence_in_the_active_language():
    problem = ReadProblem("the cell is wrong", row=3, column="name", value="v" * 200)
    assert problem.value == "v" * 79 + "…"
    assert str(problem) == f"Row 3, column “name”: the cell is wrong. Value: “{'v' * 79}…”."
    with translation.override("zh-hans"):
        assert "3" in str(problem)
    assert str(UnreadableFile([problem, ReadProblem("the file is empty")])).endswith("\nThe file is empty.")


def test_problems_of_one_kind_are_capped():
    content = b"a,b\n" + b"1\n" * 50 + b"1," + b"x" * 40_000 + b"\n"
    problems = problems_of(content)
    assert len(problems) == readers.MAX_PROBLEMS_PER_KIND + 1
    assert problems[-1].row == 52


def test_the_table_becomes_a_tablib_dataset():
    table = read_table(b"a,b\n1,2\n\n3,4\n", "data.csv")
    dataset = table.to_dataset()
    assert isinstance(dataset, tablib.Dataset)
    assert (dataset.headers, dataset[1]) == (["a", "b"], ("3", "4"))


def test_row_numbers_stay_right_across_many_gaps():
    rows = [("1",), ("2",), ("3",), ("4",), ("5",)]
    table = Table("csv", "utf-8", ["a"], rows, first_row_number=3, blank_row_offsets=[(1, 2), (3, 5)])
    assert [table.row_number(index) for index in range(5)] == [3, 6, 7, 11, 12]
