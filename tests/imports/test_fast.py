"""The bulk path (``core.imports.fast``) against the row path: the same file gives the same report (problems, in
the same order and words, totals, preview) and the same records and history, in a check and in an import."""

import pytest
from django.db import transaction

from core.imports.context import ImportContext
from core.imports.fast import model_takes
from core.imports.history import undo_import
from core.imports.services import import_file
from trade.models import TradeRecord
from trade.resources import TradeRecordResource

pytestmark = pytest.mark.django_db

HEADER = "reporter,partner,year,flow,value,unit,note_en,source,source_locator,publication_status\n"
SOURCE = "eurasian-practice-2022"
KEY = ("reporter__iso3", "partner__iso3", "year", "flow")
STATE = [*KEY, "value", "unit", "note_en", "note_zh", "source__slug", "source_locator", "publication_status"]
HISTORY = [*STATE, "history_type", "changed_via", "history_user_id", "history_change_reason", "token_prefix"]

VALID = [
    f"CHN,NZL,2015,total,12.5,100m-usd,plain,{SOURCE},t1,published",
    f'CHN,New Zealand,2016,export,"1,071.0",,"tab\there, new\nline, back\\slash",{SOURCE},t1,draft',
    f"CHN,KAZ,２０１７,import,１２３．５,100m-usd,,{SOURCE},t1,",
    f"CHN,RUS,2013,total,892.5,100m-usd,changed note,{SOURCE},表1 (Table 1),published",  # an update of the seed
    f"CHN,RUS,2014,total,999.9,100m-usd,,{SOURCE},表1 (Table 1),published",  # an update of the seed
    f"CHN,NZL,2015,import,0,100m-usd,,{SOURCE},t1,published",
]
FAULTY = [
    *VALID,
    f"CHN,Atlantis,2015,total,1,100m-usd,,{SOURCE},t1,published",
    f"CHN,NZL,19x5,total,1,100m-usd,,{SOURCE},t1,published",
    f"CHN,NZL,1800,total,1,100m-usd,,{SOURCE},t1,published",
    f"CHN,NZL,2001,sideways,NaN,100m-usd,,{SOURCE},t1,published",
    f"CHN,NZL,2002,total,,bushels,,{SOURCE},t1,published",
    f"CHN,NZL,2003,total,1.123456,100m-usd,,{SOURCE},t1,published",
    f"CHN,NZL,2004,total,1e30,100m-usd,,{SOURCE},t1,maybe",
    f"CHN,,2005,total,1,100m-usd,,{SOURCE},t1,published",
    f"CHN,CHN,2006,total,1,100m-usd,,{SOURCE},t1,published",
    f"CHN,China,2007,total,1,100m-usd,,{SOURCE},t1,published",
    f"CHN,NZL,2015,total,13,100m-usd,,{SOURCE},t1,published",  # the same key as the first row
    f"CHN,NZL,2008,total,1,100m-usd,,no-such-source,{'x' * 300},published",
    f"CHN,RUS,2014,total,999.9,100m-usd,,{SOURCE},表1 (Table 1),published",  # repeats an update
    f"CHN,RUS,2015,total,1.5,100m-usd,,{SOURCE},,published",
]


def content(rows):
    return (HEADER + "".join(f"{row}\n" for row in rows)).encode()


def outcome(rows, user, *, dry_run, chunk_rows=4):
    """The report and what the database holds after importing ``rows`` by the path the resource says."""
    context = ImportContext(user=user, dry_run=dry_run, file_name="trade.csv", chunk_rows=chunk_rows, preview_size=7)
    report = import_file(TradeRecord, content(rows), "trade.csv", context=context)
    record = report.record
    history = []
    if record is not None and report.ok:
        imported = TradeRecord.history.filter(import_id=record.pk).order_by(*KEY, "history_type")
        history = [{**row} for row in imported.values(*HISTORY)]
    return {
        "problems": [str(problem) for problem in report.problems],
        "totals": dict(report.totals),
        "preview": [(row.import_type, list(row.diff)) for row in report.preview],
        "headers": list(report.diff_headers),
        "records": list(TradeRecord.objects.order_by(*KEY).values_list(*STATE)),
        "history": history,
        "baselines": TradeRecord.history.filter(import_id=None).count(),
    }


def both_paths(monkeypatch, rows, user, *, dry_run):
    """The outcome by the bulk path and by the row path, each from the same database (the first is undone)."""
    assert model_takes(TradeRecordResource())
    results = []
    for fast in (True, False):
        monkeypatch.setattr(TradeRecordResource, "fast_path", fast)
        with transaction.atomic():
            results.append(outcome(rows, user, dry_run=dry_run))
            transaction.set_rollback(True)
    return results


@pytest.mark.parametrize("dry_run", [True, False], ids=["check", "import"])
def test_a_faulty_file_is_reported_alike(monkeypatch, curator, dry_run):
    fast, row = both_paths(monkeypatch, FAULTY, curator, dry_run=dry_run)
    assert fast["problems"] == row["problems"]
    assert len(fast["problems"]) >= 15
    assert fast["totals"] == row["totals"] and fast["preview"] == row["preview"]
    assert fast["records"] == row["records"] and fast["history"] == row["history"] == []


@pytest.mark.parametrize("dry_run", [True, False], ids=["check", "import"])
def test_a_valid_file_is_written_alike(monkeypatch, curator, dry_run):
    fast, row = both_paths(monkeypatch, VALID, curator, dry_run=dry_run)
    assert fast["problems"] == row["problems"] == []
    assert fast["totals"] == row["totals"] and fast["totals"]["new"] == 4 and fast["totals"]["update"] == 2
    assert fast["preview"] == row["preview"] and fast["headers"] == row["headers"]
    assert fast["records"] == row["records"]
    assert fast["history"] == row["history"] and fast["baselines"] == row["baselines"]
    assert len(fast["history"]) == (0 if dry_run else 6)


def test_unchanged_rows_are_skipped_alike(monkeypatch, curator):
    import_file(TradeRecord, content(VALID), "trade.csv", user=curator)
    fast, row = both_paths(monkeypatch, VALID, curator, dry_run=False)
    assert fast == row and fast["totals"]["skip"] == 6


def test_the_bulk_path_is_undone_from_history(curator):
    before = list(TradeRecord.objects.order_by(*KEY).values_list(*STATE))
    report = import_file(TradeRecord, content(VALID), "trade.csv", user=curator)
    assert report.ok and TradeRecord.objects.count() == len(before) + 4
    undo_import(report.record, curator)
    assert list(TradeRecord.objects.order_by(*KEY).values_list(*STATE)) == before
