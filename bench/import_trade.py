"""Is importing a large trade table fast enough, and small enough, to do from the admin?

Issue 11 asks that the import run at no less than a quarter of the speed of the database's own bulk load of the
same file (the floor), for the check (dry run) and for the real import each, measured in the same run (these
machines are noisy), on SQLite and on PostgreSQL; and that importing 1,000,000 rows stay under 300 MB of memory.

This fills nothing by hand: it writes one CSV of N unique (reporter, partner, year, flow)
rows (reporter CHN, every other country as partner, years 1900-2100, the three flows,
source ``eurasian-practice-2022``, unit ``100m-usd``) and imports that same file three ways,
each into the seed data alone (the generated rows are deleted between runs):

1. **the floor**, the database's own bulk path with the keys resolved and the natural key's conflicts handled, in
   one transaction: on PostgreSQL ``COPY`` into a temporary table, then ``INSERT … SELECT … ON CONFLICT DO UPDATE``
   into ``trade_traderecord`` with the countries and the source resolved in SQL; on SQLite the CSV parsed by
   Python's ``csv``, the keys resolved from two dictionaries, ``executemany`` of ``INSERT … ON CONFLICT DO UPDATE``.
   No validation, no history;
2. **this project**: ``core.imports.services.import_file`` dry run, then for real (change history included), on the
   whole file; it prints project / floor (speed over speed) for each pass;
3. **default import-export** (only with ``--default-rows N``): a plain ``ModelResource`` with the same columns, the
   stock ``ForeignKeyWidget`` (by ISO3 and slug), ``clean_model_instances`` and ``skip_unchanged``, the row-by-row
   instance loader and no bulk writes, on the first N rows (it runs at tens of rows a second).

It exits 1 when a pass is under a quarter of the floor (or the memory over 300 MB) unless ``--no-assert``. With
``--memory-rows N`` it also imports an N-row file (several reporters) for real in a child process and prints the
child's peak resident memory (``VmHWM``, which it reads itself as the import ends: ``getrusage`` would give this
process's size at the fork), for each of ``--memory-formats`` (the same rows as CSV, a JSON array of objects or an
XLSX sheet).

    python bench/import_trade.py [--rows N] [--default-rows N] [--memory-rows N] [--memory-formats csv,json,xlsx]
                                 [--database-url URL]

The scratch database is ``bench_import`` on the PostgreSQL server of DATABASE_URL, or a
temporary SQLite file; it is dropped at the end. Django runs with DEBUG off, as in production.
"""

import argparse
import csv
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scratch import configure, create_database, drop_database

SCRATCH = "bench_import"
LOCATOR = "bench-import"  # the generated rows' source locator; the seed rows never use it
COLUMNS = ["reporter", "partner", "year", "flow", "value", "unit", "source", "source_locator", "publication_status"]
FLOWS = ("total", "export", "import")
YEARS = range(1900, 2101)
REQUIRED_SHARE = 0.25  # of the floor's speed, for the check and for the import each
MEMORY_LIMIT_MB = 300


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000, help="rows in the file (default 100,000)")
    parser.add_argument(
        "--default-rows",
        type=int,
        default=0,
        help="also time django-import-export's default configuration on the first N rows (default: skip)",
    )
    parser.add_argument(
        "--memory-rows", type=int, default=0, help="also measure the peak memory of an N-row import (0: skip)"
    )
    parser.add_argument(
        "--memory-formats", default="csv", help="the files' formats for --memory-rows: csv, json, xlsx (default csv)"
    )
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--no-assert", action="store_true", help="exit 0 even if a goal is missed")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database for inspection")
    parser.add_argument("--memory-child", metavar="CSV", help=argparse.SUPPRESS)
    return parser.parse_args()


# -- the file ---------------------------------------------------------------------------------


def make_csv(rows, reporters=1):
    """``rows`` CSV lines of unique keys the seed data does not have: reporters × partners × years × flows."""
    from reference.models import Country
    from trade.models import TradeRecord

    countries = list(Country.objects.order_by("iso3").values_list("iso3", flat=True))
    reporters = ["CHN", *[c for c in countries if c != "CHN"]][:reporters]
    existing = set(TradeRecord.objects.values_list("reporter__iso3", "partner__iso3", "year", "flow"))
    lines = [",".join(COLUMNS)]
    made = 0
    for reporter in reporters:
        for partner in countries:
            if partner == reporter:
                continue
            for year in YEARS:
                for flow in FLOWS:
                    if made == rows:
                        return ("\n".join(lines) + "\n").encode()
                    if (reporter, partner, year, flow) in existing:
                        continue
                    value = f"{(made * 7919) % 99_991}.{made % 10}"
                    status = "published" if made % 4 else "draft"
                    lines.append(
                        f"{reporter},{partner},{year},{flow},{value},100m-usd,eurasian-practice-2022,{LOCATOR},{status}"
                    )
                    made += 1
    if made < rows:
        raise SystemExit(f"only {made:,} unique keys with {len(reporters)} reporter(s); ask for fewer rows")
    return ("\n".join(lines) + "\n").encode()


def first_rows(content, rows):
    """The header and the first ``rows`` data lines of a generated CSV."""
    return b"".join(content.splitlines(keepends=True)[: rows + 1])


def reset():
    """Back to the seed data: delete the generated rows and the import history."""
    from django.db import connection

    from core.models import ImportRecord
    from trade.models import TradeRecord

    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TradeRecord._meta.db_table} WHERE source_locator = %s", [LOCATOR])
        cursor.execute(f"DELETE FROM {TradeRecord.history.model._meta.db_table} WHERE source_locator = %s", [LOCATOR])
        cursor.execute(f"DELETE FROM {ImportRecord._meta.db_table}")
        if connection.vendor == "postgresql":
            cursor.execute(f"VACUUM ANALYZE {TradeRecord._meta.db_table}")


def generated_count():
    from trade.models import TradeRecord

    return TradeRecord.objects.filter(source_locator=LOCATOR).count()


# -- the three ways ---------------------------------------------------------------------------


def default_resource_class():
    """django-import-export's defaults, plus only what this file needs to import correctly."""
    from import_export import fields, resources
    from import_export.widgets import ForeignKeyWidget

    from reference.models import Country, Source
    from trade.models import TradeRecord

    class DefaultTradeRecordResource(resources.ModelResource):
        reporter = fields.Field(attribute="reporter", column_name="reporter", widget=ForeignKeyWidget(Country, "iso3"))
        partner = fields.Field(attribute="partner", column_name="partner", widget=ForeignKeyWidget(Country, "iso3"))
        source = fields.Field(attribute="source", column_name="source", widget=ForeignKeyWidget(Source, "slug"))

        class Meta:
            model = TradeRecord
            fields = COLUMNS
            import_id_fields = ["reporter", "partner", "year", "flow"]
            clean_model_instances = True
            skip_unchanged = True

    return DefaultTradeRecordResource


def run_default(content, rows):
    """``import_data`` dry run, then for real, each from the CSV text as the admin reads it."""
    import tablib

    resource_class = default_resource_class()
    text = content.decode()
    seconds = []
    for dry_run in (True, False):
        started = time.perf_counter()
        dataset = tablib.Dataset().load(text, format="csv")
        result = resource_class().import_data(dataset, dry_run=dry_run)
        seconds.append(time.perf_counter() - started)
        if result.has_errors() or result.has_validation_errors() or result.totals["new"] != rows:
            errors = [e.error for _n, row_errors in result.row_errors() for e in row_errors][:3]
            invalid = [r.error_dict for r in result.invalid_rows][:3]
            raise SystemExit(f"default import-export failed (dry_run={dry_run}): {result.totals} {errors} {invalid}")
    created = generated_count()
    if created != rows:
        raise SystemExit(f"default import-export created {created:,} rows, not {rows:,}")
    return seconds


def run_project(content, rows):
    """``import_file`` dry run, then for real."""
    from core.imports.services import import_file
    from trade.models import TradeRecord

    seconds = []
    for dry_run in (True, False):
        started = time.perf_counter()
        report = import_file(TradeRecord, content, "trade.csv", dry_run=dry_run)
        seconds.append(time.perf_counter() - started)
        if not report.ok or report.totals["new"] != rows:
            problems = [str(p) for p in report.problems[:3]]
            raise SystemExit(f"this project's import failed (dry_run={dry_run}): {report.totals} {problems}")
    created = generated_count()
    if created != rows:
        raise SystemExit(f"this project's import created {created:,} rows, not {rows:,}")
    return seconds


UPDATED = ["value", "unit", "source_id", "source_locator", "publication_status"]


def run_floor(content, rows):
    """The database's own bulk load of the file, in one transaction; seconds."""
    from django.db import connection, transaction

    started = time.perf_counter()
    with transaction.atomic():
        inserted = floor_postgresql(content) if connection.vendor == "postgresql" else floor_sqlite(content)
    seconds = time.perf_counter() - started
    if inserted != rows or generated_count() != rows:
        raise SystemExit(f"the floor wrote {inserted:,} rows, not {rows:,}")
    return seconds


def floor_postgresql(content):
    """COPY into a temporary table, then INSERT ... SELECT ... ON CONFLICT with the keys resolved in SQL."""
    from django.db import connection

    from reference.models import Country, Source
    from trade.models import TradeRecord

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE bench_copy (reporter varchar(3), partner varchar(3), year smallint, flow varchar(8), "
            "value numeric(18, 4), unit varchar(16), source varchar(100), source_locator varchar(255), "
            "publication_status varchar(16)) ON COMMIT DROP"
        )
        cursor.copy_expert(
            f"COPY bench_copy ({', '.join(COLUMNS)}) FROM STDIN WITH (FORMAT csv, HEADER true)", io.BytesIO(content)
        )
        cursor.execute(
            f"INSERT INTO {TradeRecord._meta.db_table} (reporter_id, partner_id, year, flow, value, unit, note_en, "
            "note_zh, review_note, source_id, source_locator, publication_status, created_at, updated_at) "
            "SELECT r.id, p.id, b.year, b.flow, b.value, b.unit, '', '', '', s.id, b.source_locator, "
            "b.publication_status, now(), now() FROM bench_copy b "
            f"JOIN {Country._meta.db_table} r ON r.iso3 = b.reporter "
            f"JOIN {Country._meta.db_table} p ON p.iso3 = b.partner "
            f"JOIN {Source._meta.db_table} s ON s.slug = b.source "
            "ON CONFLICT (reporter_id, partner_id, year, flow) DO UPDATE SET "
            + ", ".join(f"{name} = EXCLUDED.{name}" for name in UPDATED)
            + ", updated_at = now()"
        )
        return cursor.rowcount


def floor_sqlite(content):
    """The CSV parsed by ``csv``, the keys resolved from dictionaries, one ``executemany`` upsert."""
    from django.db import connection
    from django.utils import timezone

    from reference.models import Country, Source
    from trade.models import TradeRecord

    countries = dict(Country.objects.values_list("iso3", "pk"))
    sources = dict(Source.objects.values_list("slug", "pk"))
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    reader = csv.reader(io.StringIO(content.decode()))
    next(reader)
    values = (
        (countries[r], countries[p], int(y), f, v, u, "", "", "", sources[s], loc, st, now, now)
        for r, p, y, f, v, u, s, loc, st in reader
    )
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {TradeRecord._meta.db_table} (reporter_id, partner_id, year, flow, value, unit, note_en, "
            "note_zh, review_note, source_id, source_locator, publication_status, created_at, updated_at) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) "
            "ON CONFLICT (reporter_id, partner_id, year, flow) DO UPDATE SET "
            + ", ".join(f"{name} = excluded.{name}" for name in UPDATED)
            + ", updated_at = excluded.updated_at",
            values,
        )
        return generated_count()


# -- memory -----------------------------------------------------------------------------------


def memory_child(path):
    """In the child: import the file for real and say what happened (the parent reads the peak memory)."""
    from core.imports.services import import_file
    from trade.models import TradeRecord

    content = Path(path).read_bytes()
    started = time.perf_counter()
    report = import_file(TradeRecord, content, Path(path).name, dry_run=False)
    seconds = time.perf_counter() - started
    status = Path("/proc/self/status").read_text()
    peak_kib = int(next(line for line in status.splitlines() if line.startswith("VmHWM:")).split()[1])
    print(
        json.dumps(
            {
                "ok": report.ok,
                "totals": report.totals,
                "seconds": seconds,
                "problems": [str(p) for p in report.problems[:3]],
                "peak_mb": peak_kib * 1024 / 1e6,
            }
        )
    )


def as_format(content, file_format):
    """The CSV's rows as a file of ``file_format``: the CSV itself, a JSON array of objects, or an XLSX sheet."""
    if file_format == "csv":
        return content
    rows = csv.reader(io.StringIO(content.decode()))
    header = next(rows)
    if file_format == "json":
        return json.dumps([dict(zip(header, row, strict=True)) for row in rows]).encode()
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("trade")
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def measure_memory(rows, database_url, file_format="csv"):
    """Import ``rows`` rows of ``file_format`` for real in a child process: (bytes, reporters, seconds of the import,
    seconds with start-up, the child's peak resident memory in MB)."""
    from django.db import connection

    reset()
    reporters = -(-rows // (248 * len(YEARS) * len(FLOWS)))
    content = as_format(make_csv(rows, reporters=reporters), file_format)
    connection.close()
    with tempfile.NamedTemporaryFile(suffix=f".{file_format}") as file:
        file.write(content)
        file.flush()
        limits = {"IMPORT_MAX_FILE_SIZE": "400000000", "IMPORT_MAX_EXPANDED_SIZE": "1000000000"}  # for a million rows
        env = dict(os.environ, DATABASE_URL=database_url, **limits)
        started = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, __file__, "--memory-child", file.name, "--database-url", database_url],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        output, _ = child.communicate()
        wall = time.perf_counter() - started
    if child.returncode:
        raise SystemExit(f"the memory child failed:\n{output}")
    outcome = json.loads(output.strip().splitlines()[-1])
    # The child's own high-water mark (VmHWM, of the memory it has had since it started Python): getrusage's
    # ru_maxrss for a child keeps the size of this process when it forked it, with the generated file in it.
    peak_mb = outcome["peak_mb"]
    created = generated_count()
    if not outcome["ok"] or created != rows:
        raise SystemExit(f"the {rows:,}-row import failed: {outcome}, {created:,} rows created")
    return len(content), reporters, outcome["seconds"], wall, peak_mb


# -- the table --------------------------------------------------------------------------------


def database_version():
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
        cursor.execute("SELECT sqlite_version()")
        return f"SQLite {cursor.fetchone()[0]}"


def line(name, rows, dry, real):
    total = (dry or 0) + real
    dry_text = f"{dry:>12.2f}" if dry is not None else f"{'—':>12}"
    print(f"{name:<46}{rows:>10,}{dry_text}{real:>12.2f}{total:>12.2f}{rows / total:>12,.0f}")
    return rows / total


def main():
    args = parse_args()
    if args.memory_child:
        configure(args.database_url, None, DEBUG="False")  # the parent's scratch database, as production runs
        memory_child(args.memory_child)
        return
    # DEBUG keeps a log of every query: not what production measures.
    database_url = configure(args.database_url, SCRATCH, DEBUG="False")
    from django.db import connection

    create_database()
    failed = []
    try:
        content = make_csv(args.rows)
        print(f"{database_version()} ({connection.vendor}): {args.rows:,} rows, {len(content) / 1e6:.1f} MB of CSV")
        print(f"{'import':<46}{'rows':>10}{'check (s)':>12}{'import (s)':>12}{'total (s)':>12}{'rows/s':>12}")

        # The floor before and after the project's import, the faster of the two: the machine's load varies.
        reset()
        floors = [run_floor(content, args.rows)]
        reset()
        dry, real = run_project(content, args.rows)
        reset()
        floors.append(run_floor(content, args.rows))
        floor = min(floors)
        name = (
            "PostgreSQL COPY + INSERT … SELECT … ON CONFLICT"
            if connection.vendor == "postgresql"
            else ("SQLite executemany INSERT … ON CONFLICT")
        )
        line(f"floor: {name}", args.rows, None, floor)
        line("this project (core.imports.services.import_file)", args.rows, dry, real)
        for label, seconds in (("check", dry), ("import", real)):
            share = floor / seconds
            verdict = "ok" if share >= REQUIRED_SHARE else "MISSED"
            print(f"{label}: project / floor (rows/s) = {share:.2f} (goal ≥ {REQUIRED_SHARE}: {verdict})")
            if share < REQUIRED_SHARE:
                failed.append(label)

        if args.default_rows:
            project_speed = args.rows / (dry + real)
            default_rows = min(args.default_rows, args.rows)
            reset()
            default_dry, default_real = run_default(first_rows(content, default_rows), default_rows)
            default_speed = line(
                f"default import-export (first {default_rows:,} rows)", default_rows, default_dry, default_real
            )
            print(
                f"this project / default import-export (rows/s, check and import): {project_speed / default_speed:.1f}×"
            )

        for file_format in args.memory_formats.split(",") if args.memory_rows else ():
            size, reporters, seconds, wall, peak_mb = measure_memory(args.memory_rows, database_url, file_format)
            verdict = "ok" if peak_mb < MEMORY_LIMIT_MB else "MISSED"
            print(
                f"memory: import of {args.memory_rows:,} rows ({reporters} reporters, {size / 1e6:.0f} MB of "
                f"{file_format.upper()}) in a child process: {seconds:.0f} s "
                f"({args.memory_rows / seconds:,.0f} rows/s; {wall:.0f} s with start-up), "
                f"peak RSS {peak_mb:.0f} MB (goal < {MEMORY_LIMIT_MB} MB: {verdict})"
            )
            if peak_mb >= MEMORY_LIMIT_MB:
                failed.append(f"memory ({file_format})")
    finally:
        if not args.keep:
            drop_database()
    if failed and not args.no_assert:
        sys.exit(1)


if __name__ == "__main__":
    main()
