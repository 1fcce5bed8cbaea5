"""Is the TradeRecord admin still usable with a million rows?

Fills a scratch database with N trade records (default 1,000,000), then times the
admin changelist as a Curator: unfiltered, filtered by flow and year, searched by
country, and the change page. Prints the median time of each view and its ratio
to the same view over the seed data alone (about a hundred rows), measured in the
same run, because these machines are noisy.

    python bench/admin_trade_records.py [--rows N] [--database-url URL]

The scratch database is ``bench_admin`` on the PostgreSQL server of DATABASE_URL, or
a temporary SQLite file; it is dropped at the end.
"""

import argparse
import os
import statistics
import time

from scratch import configure, create_database, drop_database


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--keep", action="store_true", help="keep the scratch database for inspection")
    return parser.parse_args()


def fill(rows):
    """Add trade records until the table holds ``rows``: many reporters × every partner × years × flows."""
    from reference.models import Country, Source
    from trade.models import TradeRecord

    source = Source.objects.get(slug="eurasian-practice-2022")
    countries = list(Country.objects.order_by("iso3").values_list("pk", flat=True))
    existing = set(TradeRecord.objects.values_list("reporter_id", "partner_id", "year", "flow"))
    batch, made = [], TradeRecord.objects.count()

    def keys():
        for reporter in countries:
            for partner in countries:
                if partner == reporter:
                    continue
                for year in range(1990, 2022):
                    for flow in ("total", "export", "import"):
                        yield reporter, partner, year, flow

    for reporter, partner, year, flow in keys():
        if made >= rows:
            break
        if (reporter, partner, year, flow) in existing:
            continue
        batch.append(
            TradeRecord(
                reporter_id=reporter,
                partner_id=partner,
                year=year,
                flow=flow,
                value=year % 997 + 0.5,
                source=source,
                source_locator="bench",
                publication_status="published",
            )
        )
        made += 1
        if len(batch) == 20_000:
            TradeRecord.objects.bulk_create(batch)
            batch.clear()
    TradeRecord.objects.bulk_create(batch)
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def time_views(repeat):
    from django.contrib.auth.models import User
    from django.test import Client

    from trade.models import TradeRecord

    user = User.objects.filter(username="bench").first() or User.objects.create_superuser("bench", "", "x")
    client = Client()
    client.force_login(user)
    record = TradeRecord.objects.order_by("pk").first()
    views = {
        "changelist": ("/en/admin/trade/traderecord/", {}),
        "filter flow+year": ("/en/admin/trade/traderecord/", {"flow__exact": "export", "year": "2015"}),
        "search country": ("/en/admin/trade/traderecord/", {"q": "Kazakhstan"}),
        "third page": ("/en/admin/trade/traderecord/", {"p": "2"}),
        "change page": (f"/en/admin/trade/traderecord/{record.pk}/change/", {}),
    }
    results = {}
    for name, (url, params) in views.items():
        samples = []
        for _ in range(repeat):
            start = time.perf_counter()
            response = client.get(url, params)
            samples.append(time.perf_counter() - start)
            assert response.status_code == 200, (name, response.status_code)
        results[name] = statistics.median(samples)
    return results


def main():
    args = parse_args()
    configure(args.database_url, "bench_admin")
    from django.db import connection

    create_database()
    try:
        baseline = time_views(args.repeat)
        started = time.perf_counter()
        fill(args.rows)
        print(f"{connection.vendor}: filled {args.rows:,} trade records in {time.perf_counter() - started:.0f} s")
        large = time_views(args.repeat)
        print(f"{'view':<20}{'seed only (ms)':>16}{f'{args.rows:,} rows (ms)':>22}{'ratio':>8}")
        for name, seconds in large.items():
            print(f"{name:<20}{baseline[name] * 1000:>16.1f}{seconds * 1000:>22.1f}{seconds / baseline[name]:>8.1f}")
    finally:
        if not args.keep:
            drop_database()


if __name__ == "__main__":
    main()
