"""A file on disk is imported as its bytes are, without the engine holding them (``core.imports.disk``)."""

import hashlib
import io
import json

import openpyxl
import pytest

from core.imports import disk
from core.imports.disk import FileOnDisk, sha256_of
from core.imports.services import import_file
from trade.models import TradeRecord

HEADER = ["reporter", "partner", "year", "flow", "value", "unit", "source", "source_locator"]
ROWS = [
    ["CHN", "KAZ", str(year), "total", "1.5", "100m-usd", "eurasian-practice-2022", "p. 1"]
    for year in range(1950, 1990)
]
BAD = [*ROWS[:-1], ["CHN", "Atlantis", "1989", "total", "x", "100m-usd", "eurasian-practice-2022", "p. 1"]]


def as_file(rows, file_format):
    if file_format == "csv":
        return ("\n".join(",".join(row) for row in [HEADER, *rows]) + "\n").encode("gb18030")
    if file_format == "json":
        return json.dumps([dict(zip(HEADER, row, strict=True)) for row in rows], ensure_ascii=False).encode()
    workbook = openpyxl.Workbook()
    for row in [HEADER, *rows]:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_what_the_engine_asks_of_the_bytes_is_read_from_the_file(tmp_path, monkeypatch):
    monkeypatch.setattr(disk, "BLOCK_BYTES", 7)
    content = b"\xef\xbb\xbfreporter,partner\nCHN,KAZ\x00,RUS\n" * 5
    path = tmp_path / "trade.csv"
    path.write_bytes(content)
    on_disk = FileOnDisk(path)
    assert len(on_disk) == len(content) and on_disk[:3] == content[:3] and on_disk[5:40] == content[5:40]
    assert on_disk.startswith((b"PK", b"\xef\xbb\xbf")) and not on_disk.startswith(b"PK")
    for needle, start in ((b"\x00", 0), (b"\x00", 40), (b"KAZ\x00,R", 9), (b"absent", 0)):
        assert on_disk.find(needle, start) == content.find(needle, start)
    assert b"RUS" in on_disk and b"BRA" not in on_disk
    assert sha256_of(on_disk) == hashlib.sha256(content).hexdigest() == sha256_of(content)
    assert on_disk.decode("utf-8-sig") == content.decode("utf-8-sig")


@pytest.mark.django_db
@pytest.mark.parametrize("file_format", ["csv", "json", "xlsx"])
@pytest.mark.parametrize("rows", [ROWS, BAD], ids=["valid", "faulty"])
def test_a_file_on_disk_imports_as_its_bytes_do(tmp_path, file_format, rows):
    content = as_file(rows, file_format)
    path = tmp_path / f"trade.{file_format}"
    path.write_bytes(content)
    reports = []
    for source in (content, FileOnDisk(path)):
        report = import_file(TradeRecord, source, path.name, dry_run=True)
        reports.append(
            (report.ok, report.totals, report.encoding, report.rows, report.sha256, [str(p) for p in report.problems])
        )
    assert reports[0] == reports[1]
    assert reports[0][0] is (rows is ROWS)
    report = import_file(TradeRecord, FileOnDisk(path), path.name)
    assert report.ok is (rows is ROWS)
    assert TradeRecord.objects.filter(source_locator="p. 1", year__lt=1990).count() == (40 if rows is ROWS else 0)
