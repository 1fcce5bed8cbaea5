"""The import engine under its front-ends: rows and a context in, checks that neither lock nor write,
undo from history (with a named refusal), capped error lists, totals right after a refusal."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alliances.models import Institution
from core.choices import ChangedViaChoices
from core.imports.context import SHOWN_PROBLEMS, ImportCancelled, ImportContext
from core.imports.engine import Batch, import_batches, import_rows
from core.imports.history import UndoRefused, undo_import
from core.imports.services import import_file
from core.models import ImportRecord
from trade.models import TradeRecord

pytestmark = pytest.mark.django_db

HEADER = "partner,year,flow,value,unit,source,source_locator\n"


def trade_csv(*rows):
    return (HEADER + "".join(f"{row}\n" for row in rows)).encode()


def row(partner, year, value=1):
    return f"{partner},{year},total,{value},100m-usd,eurasian-practice-2022,x"


def cells(partner, year, value="1"):
    return {
        "reporter": "CHN",
        "partner": partner,
        "year": year,
        "flow": "total",
        "value": value,
        "source": "eurasian-practice-2022",
        "source_locator": "x",
    }


def test_a_check_takes_no_lock_and_writes_nothing():
    content = trade_csv(*(row("NZL", year) for year in range(1950, 2000)), row("KAZ", 2014, 999))
    with CaptureQueriesContext(connection) as captured:
        report = import_file(TradeRecord, content, "t.csv", dry_run=True)
    assert report.ok and report.totals == {"new": 50, "update": 1, "skip": 0, "pending": 0}
    statements = [query["sql"].lstrip().split()[0].upper() for query in captured]
    assert not {"INSERT", "UPDATE", "DELETE"} & set(statements), statements  # (savepoints of reads only)
    assert not any("advisory" in query["sql"] for query in captured)
    assert not TradeRecord.objects.filter(partner__iso3="NZL").exists()


def test_a_check_finds_what_the_database_would_refuse_and_totals_stay_right():
    content = trade_csv(row("NZL", 1950), row("CHN", 1950), row("NZL", 1951))  # China does not trade with itself
    check = import_file(TradeRecord, content, "t.csv", dry_run=True)
    real = import_file(TradeRecord, content, "t.csv")
    for report in (check, real):
        assert [(p.row, str(p.message)) for p in report.problems] == [(3, "A country does not trade with itself.")]
        assert report.totals == {"new": 2, "update": 0, "skip": 0, "pending": 0}
    assert not TradeRecord.objects.filter(year__in=[1950, 1951], partner__iso3__in=["NZL", "CHN"]).exists()
    assert ImportRecord.objects.get(pk=real.record.pk).status == "failed"


def test_rows_go_straight_to_the_engine_with_progress_and_cancel(curator):
    seen = []
    context = ImportContext(user=curator, via=ChangedViaChoices.API, progress=lambda done, total: seen.append(done))
    report = import_rows(TradeRecord, [(cells("NZL", 1960), 2, None), (cells("NZL", 1961), 3, None)], context)
    assert report.ok and report.totals["new"] == 2 and seen == [2]
    assert report.record.via == ChangedViaChoices.API
    cancelled = ImportContext(user=curator, cancelled=lambda: True)
    with pytest.raises(ImportCancelled):
        import_rows(TradeRecord, [(cells("NZL", 1962), 2, None)], cancelled)
    assert not TradeRecord.objects.filter(partner__iso3="NZL", year=1962).exists()


def test_several_tables_in_one_transaction_and_one_record(curator):
    institution = {
        "slug": "engine-university",
        "name_en": "Engine University",
        "kind": "university",
        "country": "KAZ",
        "source": "bri-university-alliances",
        "source_locator": "x",
    }
    batches = [
        Batch(Institution, [(institution, 2, None)], sheet="institutions"),
        Batch(TradeRecord, [(cells("NZL", 1970), 2, None), (cells("NZL", "nineteen"), 3, None)], sheet="trade"),
    ]
    report = import_batches(batches, ImportContext(user=curator))
    assert [(p.sheet, p.row) for p in report.problems] == [("trade", 3)]
    assert not Institution.objects.filter(slug="engine-university").exists()  # all or nothing across sheets
    batches[1].rows = [(cells("NZL", 1970), 2, None)]
    report = import_batches(batches, ImportContext(user=curator))
    assert report.ok and ImportRecord.objects.filter(status="completed").count() == 1
    undo_import(report.record, curator)  # one undo for both tables
    assert not Institution.objects.filter(slug="engine-university").exists()
    assert not TradeRecord.objects.filter(partner__iso3="NZL", year=1970).exists()


def test_undo_restores_from_history_and_names_what_blocks_it(curator):
    before = TradeRecord.objects.get(partner__iso3="KAZ", year=2014, flow="total").value
    first = import_file(TradeRecord, trade_csv(row("KAZ", 2014, 111)), "first.csv", user=curator)
    second = import_file(TradeRecord, trade_csv(row("KAZ", 2014, 222)), "second.csv", user=curator)
    with pytest.raises(UndoRefused, match=rf"changed after this import: Import #{second.record.pk} by"):
        undo_import(first.record, curator)
    undo_import(second.record, curator)
    undo_import(first.record, curator)
    assert TradeRecord.objects.get(partner__iso3="KAZ", year=2014, flow="total").value == before


def test_undo_after_the_record_was_deleted_is_a_clean_refusal(curator_client, curator):
    report = import_file(TradeRecord, trade_csv(row("NZL", 1980)), "t.csv", user=curator)
    TradeRecord.objects.filter(partner__iso3="NZL", year=1980)._raw_delete(connection.alias)  # no trace in history
    with pytest.raises(UndoRefused, match="deleted since this import"):
        undo_import(report.record, curator)
    url = reverse("admin:core_importrecord_undo", args=[report.record.pk])
    assert "Yes, undo" in curator_client.get(url).content.decode()  # a GET only asks
    response = curator_client.post(
        reverse("admin:core_importrecord_changelist"),
        {"action": "undo_imports", "_selected_action": [report.record.pk], "confirm": "yes"},
        follow=True,
    )
    assert response.status_code == 200 and "deleted since this import" in response.content.decode()


def test_the_import_page_lists_the_records_it_touched(curator_client, curator, django_assert_max_num_queries):
    report = import_file(TradeRecord, trade_csv(*(row("NZL", y) for y in range(1900, 2050))), "t.csv", user=curator)
    url = reverse("admin:core_importrecord_change", args=[report.record.pk])
    with django_assert_max_num_queries(60):
        page = curator_client.get(url).content.decode()
    assert "Records this import touched" in page and "page 1 of 2" in page and page.count("<td>Created</td>") == 100


def test_a_page_lists_the_first_problems_and_offers_them_all_as_csv(curator_client):
    content = trade_csv(*(row("NZL", y, "bad") for y in range(1000, 1000 + SHOWN_PROBLEMS + 50)))
    upload = SimpleUploadedFile("bad.csv", content)
    page = curator_client.post("/en/admin/trade/traderecord/import/", {"import_file": upload, "format": ""})
    text = page.content.decode()
    # The admin's check is a job: its page shows the job's stored report. A bad value and a year before 1900 a row:
    assert page.context["report"]["problem_count"] == 500
    assert text.count("<tr><td>") - text.count("<tr><td>Created") <= SHOWN_PROBLEMS + 5
    assert "300 more are in the full list" in text
    download = curator_client.get(page.context["problems_url"])
    assert download.status_code == 200 and download.content.decode("utf-8-sig").count("is not a number") == 250


def test_the_preview_shows_changes_first_and_folds_unchanged_rows(curator_client, curator):
    lines = [row("NZL", year) for year in (1991, 1992, 1993)]
    assert import_file(TradeRecord, trade_csv(*lines), "t.csv", user=curator).ok
    content = trade_csv(*lines, row("NZL", 1990))
    page = curator_client.post(
        "/en/admin/trade/traderecord/import/", {"import_file": SimpleUploadedFile("t.csv", content), "format": ""}
    ).content.decode()
    assert page.index('<tr class="new">') < page.index("<details")
    assert "3 unchanged rows" in page and page.index("<details") < page.index('<tr class="skip">')


def test_after_an_import_sqlite_has_statistics_of_the_table_it_changed(django_capture_on_commit_callbacks):
    """Without them SQLite's planner sorts a whole table for one page; PostgreSQL's autovacuum analyzes by itself."""
    content = trade_csv(*(row("KAZ", year) for year in range(1950, 2050)))
    with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=True):
        report = import_file(TradeRecord, content, "trade.csv")
    assert report.ok and report.totals["new"] > 50
    optimized = [query["sql"] for query in queries.captured_queries if query["sql"] == "PRAGMA optimize"]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = %s", [TradeRecord._meta.db_table])
            assert cursor.fetchone()[0] > 0
        assert optimized == ["PRAGMA optimize"]
    else:
        assert optimized == []
