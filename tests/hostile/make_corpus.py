"""Write the corpus's binary files (workbooks, archives, odd encodings) into corpus/.

Run from the repository root after changing a recipe here, and commit what it writes:
``.venv/bin/python -m tests.hostile.make_corpus`` (the workbook helpers are the reader tests').
Text files in corpus/ are written by hand.
Files too large to keep in git (a 1 MB cell, a million rows) are made at test time by cases.py.
"""

from pathlib import Path

from tests.imports.test_readers import BILLION_LAUGHS, OLE2, read_member, with_member, xlsx

CORPUS = Path(__file__).resolve().parent / "corpus"
TRADE_HEADER = ["partner", "year", "flow", "value", "source", "source_locator"]


GOOD_BOOK = xlsx(TRADE_HEADER, ["NZL", 2019, "total", 7.5, "eurasian-practice-2022", "x"])
SHEET = "xl/worksheets/sheet1.xml"

FILES = {
    # 10 MB of zeros in 10 kB: refused by its compression ratio before anything is inflated.
    "zip_bomb.xlsx": with_member(GOOD_BOOK, "xl/media/image1.bin", bytes(10 * 1024 * 1024)),
    # Billion laughs in the worksheet, then in the shared workbook part.
    "billion_laughs_sheet.xlsx": with_member(
        GOOD_BOOK,
        SHEET,
        BILLION_LAUGHS + read_member(GOOD_BOOK, SHEET).split("?>", 1)[-1].replace("<v>7.5</v>", "<v>&lol3;</v>"),
    ),
    "billion_laughs_workbook.xlsx": with_member(
        GOOD_BOOK, "xl/workbook.xml", BILLION_LAUGHS + read_member(GOOD_BOOK, "xl/workbook.xml").split("?>", 1)[-1]
    ),
    # An external entity pointing at a local file (XXE).
    "external_entity.xlsx": with_member(
        GOOD_BOOK,
        SHEET,
        '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
        + read_member(GOOD_BOOK, SHEET).split("?>", 1)[-1].replace("<v>7.5</v>", "<v>&xxe;</v>"),
    ),
    # A sheet whose <dimension> claims 16,384 columns and a million rows: read as its real two rows.
    "forged_dimension.xlsx": with_member(
        GOOD_BOOK,
        SHEET,
        read_member(GOOD_BOOK, SHEET).replace('<dimension ref="A1:F2"', '<dimension ref="A1:XFD1048576"'),
    ),
    # Office wraps a password-protected .xlsx in an OLE2 container with an "EncryptedPackage" stream.
    "password_protected.xlsx": OLE2 + bytes(600) + "EncryptedPackage".encode("utf-16-le") + bytes(600),
    "legacy_excel.xls": OLE2 + bytes(2000),
    "workbook_named.csv": GOOD_BOOK,
    "png_named.xlsx": b"\x89PNG\r\n\x1a\n" + bytes(64),
    "pdf_named.csv": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
    "zip_named.xlsx": with_member(GOOD_BOOK, "notes.txt", b"hello", keep=False),
    "gzip_named.json": b"\x1f\x8b\x08\x00" + bytes(32),
    "damaged.xlsx": GOOD_BOOK[: len(GOOD_BOOK) // 2],
    # Encodings: UTF-16 without its byte order mark (NUL bytes everywhere), and Latin-1 that no
    # encoding Excel writes can read (é before a comma).
    "utf16_without_bom.csv": "partner,year,value,source,source_locator\nNZL,2019,1,eurasian-practice-2022,x\n".encode(
        "utf-16-le"
    ),
    "latin1.csv": "partner,year,value,source,source_locator\nNZL,2019,1,eurasian-practice-2022,Café\n".encode(
        "latin-1"
    ),
    # UTF-8 rows, then a row saved by another program in GBK.
    "mixed_encodings.csv": (
        "partner,year,value,source,source_locator\nNZL,2019,1,eurasian-practice-2022,第一行\n".encode()
        + "NZL,2020,1,eurasian-practice-2022,第二行\n".encode("gbk")
    ),
    # What Excel on Chinese Windows and on macOS save: accepted, Chinese names and all.
    "gb18030_chinese_names.csv": "对象国,年份,数值,来源,来源位置\n新西兰,2019,7.5,eurasian-practice-2022,表一\n".encode(
        "gb18030"
    ),
    "utf16_with_bom.tsv": (
        "\ufeffpartner\tyear\tvalue\tsource\tsource_locator\n新西兰\t2019\t7.5\teurasian-practice-2022\tx\n"
    ).encode("utf-16-le"),
    "nul_byte.csv": b"partner,year,value,source,source_locator\nNZL,2019,1,eurasian-\x00practice-2022,x\n",
}


def main():
    CORPUS.mkdir(exist_ok=True)
    for name, content in FILES.items():
        (CORPUS / name).write_bytes(content)
    print(f"wrote {len(FILES)} files to {CORPUS}")


if __name__ == "__main__":
    main()
