"""Do the API's lists and series stay fast with 100,000 trade records?

Times the API as an anonymous reader (the public case: published records, natural keys,
one page of 50): the trade list, filtered, sorted and at 1000 per page, a record, the chart
series, the observations and countries lists, and the whole trade table as CSV. Each is
timed over the seed data (108 trade records) and again after filling the trade table to N
records (default 100,000), in the same run, because these machines are noisy; the script
prints the medians and their ratios, and the load average before and after.

The baseline, measured in the same run, is a bare Django REST framework list of the same records
(``bare_drf.py``: ``ListAPIView``, ``ModelSerializer``, ``PageNumberPagination``) at the same page and page
size. Goals: a list, a search and a series within 50 ms; the middle and the last page, and 1000 records a
page, within twice the bare list's time for the same page.

    python bench/api_lists.py [--rows N] [--repeat R] [--database-url URL] [--keep]

It works in a scratch database (``bench_api`` on the PostgreSQL server of DATABASE_URL, or a
temporary SQLite file; ``bench/scratch.py``) and drops it at the end.
"""

import argparse
import os
import statistics
import time

import bare_drf
from admin_trade_records import fill  # the same published trade records as the admin benchmark
from scratch import configure, create_database, drop_database

TARGET_MS = 50  # the list, search and series endpoints must answer within this median
MAX_RATIO = 2  # a deep page, and 1000 records a page, within twice the bare DRF list of the same page


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--keep", action="store_true", help="keep the scratch database for inspection")
    return parser.parse_args()


REQUESTS = {
    "trade list": ("/api/v1/trade/", {}),
    "trade filtered": ("/api/v1/trade/", {"country": "KAZ", "year__gte": "2015", "flow": "total"}),
    "trade searched": ("/api/v1/trade/", {"search": "Kazakhstan"}),
    "trade sorted by country": ("/api/v1/trade/", {"ordering": "country,-year"}),
    "trade record": ("/api/v1/trade/CHN-KAZ-2015-total/", {}),
    "trade series": ("/api/v1/trade/series/", {"country": "KAZ,RUS", "flow": "total"}),
    "observations list": ("/api/v1/observations/", {}),
    "countries list": ("/api/v1/countries/", {}),
}
MIDDLE = "middle"  # the page in the middle of the trade records, by pages of 50: the deepest (see KeysFirstPaginator)
# Held to twice the bare DRF list of the same page (``bare_drf.py``), not to the 50 ms.
DEEP = {
    "trade middle page": ("/api/v1/trade/", {"page": MIDDLE}),
    "trade last page": ("/api/v1/trade/", {"page": "last"}),
    "trade 1000 per page": ("/api/v1/trade/", {"page_size": "1000"}),
}
BARE = {
    "bare DRF list": (bare_drf.URL, {}),
    "bare DRF middle page": (bare_drf.URL, {"page": MIDDLE}),
    "bare DRF last page": (bare_drf.URL, {"page": "last"}),
    "bare DRF 1000 per page": (bare_drf.URL, {"page_size": "1000"}),
}
# Each request of the API against the bare list of the same page size and page.
AGAINST = {
    "trade list": "bare DRF list",
    "trade middle page": "bare DRF middle page",
    "trade last page": "bare DRF last page",
    "trade 1000 per page": "bare DRF 1000 per page",
}
# Not held to a target: the whole table as CSV.
LARGE = {"trade CSV, every row": ("/api/v1/trade/", {"format": "csv"})}
ALL = {**REQUESTS, **DEEP, **BARE, **LARGE}


def time_requests(repeat):
    """The median of each request; the requests take turns, so that a busy moment slows them all alike."""
    from django.test import Client

    from trade.models import TradeRecord

    client = Client()
    middle = str(max(1, TradeRecord.objects.count() // 100))
    samples = {name: [] for name in ALL}
    for turn in range(repeat):
        for name, (url, params) in ALL.items():
            if name in LARGE and turn % 5:
                continue
            params = {key: middle if value == MIDDLE else value for key, value in params.items()}
            start = time.perf_counter()
            response = client.get(url, params)
            if response.streaming:
                size = sum(len(chunk) for chunk in response.streaming_content)
            else:
                size = len(response.content)
            samples[name].append(time.perf_counter() - start)
            assert response.status_code == 200 and size, (name, response.status_code)
    return {name: statistics.median(values) for name, values in samples.items()}


def load_average():
    return "load average " + ", ".join(f"{value:.2f}" for value in os.getloadavg())


def verdict(name, results):
    """The request's goal, and whether it holds: 50 ms for lists and search, twice the bare list for deep pages."""
    seconds = results[name]
    if name in DEEP:
        ratio = seconds / results[AGAINST[name]]
        return f"<= {MAX_RATIO:g}x bare", ratio <= MAX_RATIO
    if name in REQUESTS:
        return f"< {TARGET_MS} ms", seconds * 1000 < TARGET_MS
    return "", None


def report(baseline, large, rows, repeat):
    print(f"{'request (anonymous)':<26}{'seed (ms)':>11}{f'{rows:,} rows (ms)':>18}{'ratio':>7}{'x bare':>8}  goal")
    failed = []
    for name, seconds in large.items():
        against = f"{seconds / large[AGAINST[name]]:.2f}" if name in AGAINST else ""
        goal, held = verdict(name, large)
        if held is False:
            failed.append(name)
        mark = "" if held is None else f"{goal}: {'pass' if held else 'FAIL'}"
        ratio = seconds / baseline[name]
        print(f"{name:<26}{baseline[name] * 1000:>11.1f}{seconds * 1000:>18.1f}{ratio:>7.1f}{against:>8}  {mark}")
    print(f"medians of {repeat} requests ({len(range(0, repeat, 5))} for the CSV), taking turns")
    print(f"goals missed: {', '.join(failed)}" if failed else "every goal held")


def csv_peak_memory():
    """Peak Python memory (MB) while the whole trade table streams as CSV: constant, not per row."""
    import tracemalloc

    from django.test import Client

    response = Client().get("/api/v1/trade/", {"format": "csv"})
    tracemalloc.start()
    rows = sum(chunk.count(b"\n") for chunk in response.streaming_content) - 1
    peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
    tracemalloc.stop()
    return rows, peak


def analyse():
    """The statistics the portal's own writes leave: on PostgreSQL, its statistics and visibility map, as autovacuum
    makes them soon after a bulk insert in use (a count of the published records is then an index-only scan); on
    SQLite, those an import leaves (``core.imports.engine.refresh_statistics``: ``PRAGMA optimize``, which analyzes
    the tables it wrote). The rows here are filled without the import, so the bench does what it would."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def main():
    args = parse_args()
    # Unthrottled and uncached: the benchmark measures the server, not the limit or the cache of anonymous reads.
    configure(
        args.database_url,
        "bench_api",
        API_THROTTLE_ANON="1000000/min",
        API_THROTTLE_USER="1000000/min",
        DEBUG="False",
        PORTAL_CACHE_SECONDS="0",
    )
    from django.db import connection

    import core.api.views

    core.api.views.ANONYMOUS_CSV_MAX_ROWS = args.rows * 10  # the whole table as CSV, as with a token
    create_database()
    bare_drf.install()
    try:
        print(f"{connection.vendor}, before: {load_average()}")
        time_requests(2)  # warm up: imports, URL resolver, serializer fields
        baseline = time_requests(args.repeat)
        memory = [csv_peak_memory()]
        started = time.perf_counter()
        fill(args.rows)
        print(f"{connection.vendor}: filled {args.rows:,} trade records in {time.perf_counter() - started:.0f} s")
        analyse()
        time_requests(2)
        large = time_requests(args.repeat)
        memory.append(csv_peak_memory())
        report(baseline, large, args.rows, args.repeat)
        for rows, peak in memory:
            print(f"CSV of {rows:,} trade records: peak Python memory {peak:.1f} MB")
        print(f"{connection.vendor}, after: {load_average()}")
    finally:
        if not args.keep:
            drop_database()


if __name__ == "__main__":
    main()
