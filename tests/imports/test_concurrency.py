"""Two imports of overlapping rows started at the same moment end consistent, with no duplicate."""

import threading

from django.db import connection

from core.imports.services import import_file
from trade.models import TradeRecord


def rows(value):
    lines = "".join(f"NZL,{year},total,{value},eurasian-practice-2022,x\n" for year in range(1990, 2000))
    return ("partner,year,flow,value,source,source_locator\n" + lines).encode()


def test_overlapping_imports_at_once(seeded_transactional_db):
    barrier = threading.Barrier(2)
    reports = []

    def run(value):
        try:
            barrier.wait()
            reports.append(import_file(TradeRecord, rows(value), f"{value}.csv"))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(value,)) for value in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(reports) == 2 and all(report.ok for report in reports), [
        [str(p) for p in report.problems] for report in reports
    ]
    records = TradeRecord.objects.filter(partner__iso3="NZL")
    assert records.count() == 10
    assert len({record.value for record in records}) == 1  # one import's values, whole, not a mixture
    assert sorted(report.totals["new"] for report in reports) == [0, 10]
