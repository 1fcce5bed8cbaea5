"""Publishing a release of the demo data: time and database growth; reading a list from a release vs live.

Fills a scratch database with the seed data and ``generate_demo_data`` (``--trade-records``,
``--institutions``, ``--projects``; small by default), then publishes two releases: the first stores
every record's version, the second (after changing 1 % of the trade records) stores only the changed
ones and its list. It prints the time of each publication, the database size before and after each
(SQLite: the file; PostgreSQL: pg_database_size) and the rows stored, then the median time of the
same API list read live and from the release (``?release=``), in the same run.

    python bench/releases.py [--trade-records N] [--institutions N] [--projects N] [--repeat R] [--database-url URL]

Works in a scratch database (``bench_releases`` or a temporary SQLite file; ``bench/scratch.py``).
"""

import argparse
import os
import statistics
import time

from scratch import configure, create_database, drop_database


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--trade-records", type=int, default=20_000)
    parser.add_argument("--institutions", type=int, default=2_000)
    parser.add_argument("--projects", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    return parser.parse_args()


def database_size():
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_database_size(current_database())")
        else:
            cursor.execute("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()")
        return cursor.fetchone()[0]


def release_storage():
    """Bytes of each releases table with its indexes (PostgreSQL); empty on SQLite."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, pg_total_relation_size(oid) FROM pg_class WHERE relname LIKE 'releases\\_%%' "
            "AND relkind = 'r' ORDER BY 2 DESC"
        )
        return dict(cursor.fetchall())


def vacuum():
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("VACUUM")


def publish(version):
    from releases.publish import publish_release

    vacuum()
    before = database_size()
    started = time.perf_counter()
    release = publish_release(version)
    seconds = time.perf_counter() - started
    vacuum()
    return release, seconds, before, database_size()


def median_ms(client, url, repeat):
    times = []
    for _ in range(repeat + 1):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code, response.content[:300])
    return statistics.median(times[1:])


def main():
    args = parse_args()
    configure(
        args.database_url, "bench_releases", PORTAL_CACHE_SECONDS="0", DEBUG="False", API_THROTTLE_ANON="100000/s"
    )
    create_database()
    try:
        from django.core.management import call_command
        from django.db.models import F
        from django.test import Client

        from releases.models import RecordVersion, ReleaseItem
        from trade.models import TradeRecord

        call_command("populate_history", "--auto", verbosity=0)
        call_command(
            "generate_demo_data", trade_records=args.trade_records, institutions=args.institutions,
            projects=args.projects, verbosity=0,
        )  # fmt: skip
        first, seconds, before, after = publish("2026.1")
        print(f"records: {first.record_count:,}")
        print(f"release 2026.1: {seconds:.1f} s, database {before / 1e6:.1f} MB -> {after / 1e6:.1f} MB "
              f"(+{(after - before) / before:.0%}); versions {RecordVersion.objects.count():,}")  # fmt: skip
        for table, size in release_storage().items():
            print(f"  {table}: {size / 1e6:.1f} MB")
        changed = TradeRecord.objects.public().order_by("pk")[::100]
        TradeRecord.objects.filter(pk__in=[r.pk for r in changed]).update(value=F("value") + 1)
        second, seconds, before, after = publish("2026.2")
        items = ReleaseItem.objects.filter(release=second).count()
        print(f"release 2026.2 (1 % of trade records changed): {seconds:.1f} s, database {before / 1e6:.1f} MB -> "
              f"{after / 1e6:.1f} MB (+{(after - before) / before:.1%}); versions {RecordVersion.objects.count():,}, "
              f"items {items:,}")  # fmt: skip
        client = Client()
        for query in ("", "&country=KAZ&year__gte=2015&flow=total"):
            live = median_ms(client, f"/api/v1/trade/?page_size=50{query}", args.repeat)
            frozen = median_ms(client, f"/api/v1/trade/?page_size=50&release=2026.1{query}", args.repeat)
            print(f"trade list{query or ''}: live {live:.1f} ms, release {frozen:.1f} ms ({frozen / live:.2f}x)")
    finally:
        drop_database()


if __name__ == "__main__":
    main()
