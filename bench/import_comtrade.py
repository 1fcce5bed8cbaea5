"""What does reading a UN Comtrade download through its preset cost, beside the plain trade import?

The issue asks that a 100,000-row file in UN Comtrade's data format, imported through the ``un-comtrade``
preset (``core.imports.presets``: its 47 columns, the row filters, ``X``/``M`` → export/import, US dollars
→ 100 million US dollars), run at no less than 80% of the rows per second of the plain trade import of the
same records (the portal's own columns), both measured in the same run on the same scratch database.

It writes two files of the same N unique (reporter, partner, year, export/import) records, locators included:
the portal's columns, and UN Comtrade's (every column of its data CSV, values in US dollars; plus one row the preset
leaves out for every 50: a re-export), then imports each with ``core.imports.files.import_file``, dry run
then for real, into the seed data alone (the generated rows are deleted between runs), alternating the two
and keeping each one's best time, by the clock and in CPU time. On SQLite the goal is judged in CPU time: the
database works inside this process, so that is the import's whole work whatever else the shared machine runs
(the clock's figure is printed beside it); on PostgreSQL, whose server works apart, by the clock.

    python bench/import_comtrade.py [--rows N] [--rounds N] [--database-url URL] [--no-assert]
"""

import argparse
import csv
import io
import os
import sys
import time

import pycountry
from scratch import configure, create_database, drop_database

SCRATCH = "bench_comtrade"
SOURCE = "un-comtrade"
PLAIN = ["reporter", "partner", "year", "flow", "value", "unit", "source", "source_locator", "publication_status"]
COMTRADE = (
    "typeCode,freqCode,refPeriodId,refYear,refMonth,period,reporterCode,reporterISO,reporterDesc,flowCode,flowDesc,"
    "partnerCode,partnerISO,partnerDesc,partner2Code,partner2ISO,partner2Desc,classificationCode,"
    "classificationSearchCode,isOriginalClassification,cmdCode,cmdDesc,aggrLevel,isLeaf,customsCode,customsDesc,"
    "mosCode,motCode,motDesc,qtyUnitCode,qtyUnitAbbr,qty,isQtyEstimated,altQtyUnitCode,altQtyUnitAbbr,altQty,"
    "isAltQtyEstimated,netWgt,isNetWgtEstimated,grossWgt,isGrossWgtEstimated,cifvalue,fobvalue,primaryValue,"
    "legacyEstimationFlag,isReported,isAggregate"
).split(",")
FLOWS = {"export": ("X", "Export"), "import": ("M", "Import")}
REPORTERS = {"CHN": ("156", "China"), "KAZ": ("398", "Kazakhstan")}
MAX_SLOWDOWN = 0.20


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000, help="records in each file (default 100,000)")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each import, alternated (default 3)")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--no-assert", action="store_true", help="exit 0 even if the goal is missed")
    return parser.parse_args()


def records(rows):
    """``rows`` unique (reporter, partner, numeric code, year, flow, value in 100 million USD) the seed data does not
    have: China's trade first, then Kazakhstan's (one reporter has fewer than 100,000 partner-years)."""
    from reference.models import Country
    from trade.models import TradeRecord

    existing = set(TradeRecord.objects.values_list("reporter__iso3", "partner__iso3", "year", "flow"))
    countries = list(Country.objects.order_by("iso3").values_list("iso3", "name_en"))
    made = []
    for reporter in REPORTERS:
        for iso3, name in countries:
            found = pycountry.countries.get(alpha_3=iso3)
            numeric = found.numeric if found else "899"  # Comtrade's own codes for areas ISO does not list
            for year in range(1900, 2101):
                for flow in FLOWS:
                    if iso3 != reporter and (reporter, iso3, year, flow) not in existing:
                        value = f"{(len(made) * 7919) % 99_991}.{len(made) % 10}"
                        made.append((reporter, iso3, numeric, name, year, flow, value))
                        if len(made) == rows:
                            return made
    raise SystemExit(f"only {len(made):,} unique records; ask for fewer rows")


def plain_csv(made):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(PLAIN)
    for reporter, iso3, numeric, _name, year, flow, value in made:
        # the locator the preset writes for the same record, so that both files make the same records
        locator = f"UN Comtrade C/A/H6 TOTAL, reporter {REPORTERS[reporter][0]}, partner {numeric}, {year}, "
        locator += f"flow {FLOWS[flow][0]}"
        writer.writerow([reporter, iso3, year, flow, value, "100m-usd", SOURCE, locator, "published"])
    return out.getvalue().encode()


def comtrade_csv(made):
    """The same records as UN Comtrade's data CSV prints them (US dollars), and a re-export every 50 rows."""
    out = io.StringIO()
    writer = csv.DictWriter(out, COMTRADE, lineterminator="\r\n")
    writer.writeheader()
    common = dict.fromkeys(COMTRADE, "")
    common.update(
        typeCode="C", freqCode="A", refMonth="52", reporterCode="156", reporterISO="CHN", reporterDesc="China",
        partner2Code="0", partner2ISO="W00", partner2Desc="World", classificationCode="H6",
        classificationSearchCode="HS", isOriginalClassification="True", cmdCode="TOTAL", cmdDesc="All Commodities",
        aggrLevel="0", isLeaf="False", customsCode="C00", customsDesc="TOTAL CPC", mosCode="0", motCode="0",
        motDesc="TOTAL MOT", qtyUnitCode="-1", qtyUnitAbbr="N/A", qty="0", isQtyEstimated="False",
        altQtyUnitCode="-1", altQtyUnitAbbr="N/A", altQty="0", isAltQtyEstimated="False", netWgt="0",
        isNetWgtEstimated="False", grossWgt="0", isGrossWgtEstimated="False", legacyEstimationFlag="0",
        isReported="True", isAggregate="False",
    )  # fmt: skip
    for index, (reporter, iso3, numeric, name, year, flow, value) in enumerate(made):
        code, description = FLOWS[flow]
        dollars = f"{int(value.split('.')[0]) * 100_000_000 + int(value.split('.')[1]) * 10_000_000}.0"
        row = {
            **common,
            "refPeriodId": f"{year}0101",
            "refYear": year,
            "period": year,
            "flowCode": code,
            "flowDesc": description,
            "reporterCode": REPORTERS[reporter][0],
            "reporterISO": reporter,
            "reporterDesc": REPORTERS[reporter][1],
            "partnerCode": numeric,
            "partnerISO": iso3,
            "partnerDesc": name,
            "primaryValue": dollars,
            ("fobvalue" if code == "X" else "cifvalue"): dollars,
        }
        writer.writerow(row)
        if index % 50 == 0:
            writer.writerow({**row, "flowCode": "RX", "flowDesc": "Re-export"})
    return out.getvalue().encode()


def reset():
    from django.db import connection

    from core.models import ImportRecord
    from trade.models import TradeRecord

    generated = TradeRecord.objects.filter(source__slug=SOURCE)
    TradeRecord.history.filter(source__slug=SOURCE).delete()
    generated._raw_delete(generated.db)
    ImportRecord.objects.all().delete()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {TradeRecord._meta.db_table}")


def timed(content, rows, preset):
    from core.imports.context import ImportContext
    from core.imports.files import import_file
    from trade.models import TradeRecord

    seconds = cpu = 0.0
    for dry_run in (True, False):
        started, started_cpu = time.perf_counter(), time.process_time()
        report = import_file(TradeRecord, content, "trade.csv", context=ImportContext(dry_run=dry_run, preset=preset))
        seconds += time.perf_counter() - started
        cpu += time.process_time() - started_cpu
        if not report.ok or report.totals["new"] != rows:
            raise SystemExit(f"the import failed ({preset}, dry_run={dry_run}): {report.totals} {report.problems[:3]}")
    made = TradeRecord.objects.filter(source__slug=SOURCE)
    if made.count() != rows:
        raise SystemExit(f"the {preset} import did not create {rows:,} rows")
    fields = ("reporter__iso3", "partner__iso3", "year", "flow", "value", "unit", "source_locator")
    return seconds, cpu, hash(tuple(made.order_by(*fields[:4]).values_list(*fields)))


def main():
    args = parse_args()
    # UN Comtrade's 47 columns make 100,000 records a 25 MB file, over the default limit (IMPORT_MAX_FILE_SIZE, 20 MB).
    configure(args.database_url, SCRATCH, DEBUG="False", IMPORT_MAX_FILE_SIZE=str(200 * 1024 * 1024))
    from django.db import connection

    from reference.models import Source

    create_database()
    try:
        Source.objects.create(slug=SOURCE, title_original="UN Comtrade Database", language="en")
        made = records(args.rows)
        plain, comtrade = plain_csv(made), comtrade_csv(made)
        print(f"{connection.vendor}: {args.rows:,} records; {len(plain) / 1e6:.1f} MB plain, "
              f"{len(comtrade) / 1e6:.1f} MB UN Comtrade")  # fmt: skip
        print(f"load average {os.getloadavg()[0]:.1f} at the start")
        print(f"{'import (dry run + import)':<44}{'seconds':>10}{'rows/s':>12}{'CPU s':>10}")
        best, best_cpu, made_records = {}, {}, {}
        for _round in range(args.rounds):  # alternated, the best of each kept: these machines are shared and noisy
            for name, content, preset in (("plain trade columns", plain, "none"), ("UN Comtrade preset", comtrade, "")):
                reset()
                seconds, cpu, made_records[name] = timed(content, args.rows, preset)
                best[name], best_cpu[name] = min(best.get(name, seconds), seconds), min(best_cpu.get(name, cpu), cpu)
        if len(set(made_records.values())) != 1:
            raise SystemExit("the two files did not make the same records")
        speeds = {name: args.rows / seconds for name, seconds in best.items()}
        for name, seconds in best.items():
            print(f"{name:<44}{seconds:>10.1f}{speeds[name]:>12,.0f}{best_cpu[name]:>10.1f}")
        print(f"load average {os.getloadavg()[0]:.1f} at the end; CPU: this process's (SQLite's work included)")
        by_clock = 1 - best["plain trade columns"] / best["UN Comtrade preset"]
        by_cpu = 1 - best_cpu["plain trade columns"] / best_cpu["UN Comtrade preset"]
        print(f"the preset costs {by_clock:.0%} of the rows per second by the clock, {by_cpu:.0%} by CPU time")
        # On SQLite the whole import runs in this process, so its CPU time is the work, whatever else the machine
        # runs; on PostgreSQL the server's share is not in it, and the clock decides.
        slowdown = by_cpu if connection.vendor == "sqlite" else by_clock
        verdict = "ok" if slowdown <= MAX_SLOWDOWN else "MISSED"
        judged = "CPU time" if connection.vendor == "sqlite" else "the clock"
        print(f"goal: the preset costs ≤ {MAX_SLOWDOWN:.0%} ({judged}): {slowdown:.0%}, {verdict}")
    finally:
        drop_database()
    if slowdown > MAX_SLOWDOWN and not args.no_assert:
        sys.exit(1)


if __name__ == "__main__":
    main()
