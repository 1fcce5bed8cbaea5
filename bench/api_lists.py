"""Do the API's lists and series stay fast with 100,000 trade records?

Times the API as an anonymous reader (the public case: published records, natural keys,
one page of 50): the trade list, filtered, sorted and at 1000 per page, a record, the chart
series, the observations and countries lists, and the whole trade table as CSV. Each is
timed over the seed data (108 trade records) and again after filling the trade table to N
records (default 100,000), in the same run, because these machines are noisy; the script
prints the medians and their ratios.

    python bench/api_lists.py [--rows N] [--repeat R] [--database-url URL] [--keep]

It works in a scratch database (``bench_api`` on the PostgreSQL server of DATABASE_URL, or a
temporary SQLite file; ``bench/scratch.py``) and drops it at the end.
"""

import argparse
import os
import statistics
import time

from admin_trade_records import fill  # the same published trade records as the admin benchmark
from scratch import configure, create_database, drop_database

TARGET_MS = 50  # the list and series endpoints must answer within this median


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
    "trade last page": ("/api/v1/trade/", {"page": "last"}),
    "trade record": ("/api/v1/trade/CHN-KAZ-2015-total/", {}),
    "trade series": ("/api/v1/trade/series/", {"country": "KAZ,RUS", "flow": "total"}),
    "observations list": ("/api/v1/observations/", {}),
    "countries list": ("/api/v1/countries/", {}),
}
# Not held to the target: a thousand records per page, and the whole table as CSV.
LARGE = {
    "trade 1000 per page": ("/api/v1/trade/", {"page_size": "1000"}),
    "trade CSV, every row": ("/api/v1/trade/", {"format": "csv"}),
}


def time_requests(repeat):
    from django.test import Client

    client = Client()
    results = {}
    for name, (url, params) in {**REQUESTS, **LARGE}.items():
        samples = []
        for _ in range(repeat if name not in LARGE else max(3, repeat // 5)):
            start = time.perf_counter()
            response = client.get(url, params)
            if response.streaming:
                size = sum(len(chunk) for chunk in response.streaming_content)
            else:
                size = len(response.content)
            samples.append(time.perf_counter() - start)
            assert response.status_code == 200 and size, (name, response.status_code)
        results[name] = statistics.median(samples)
    return results


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

    create_database()
    try:
        time_requests(2)  # warm up: imports, URL resolver, serializer fields
        baseline = time_requests(args.repeat)
        memory = [csv_peak_memory()]
        started = time.perf_counter()
        fill(args.rows)
        print(f"{connection.vendor}: filled {args.rows:,} trade records in {time.perf_counter() - started:.0f} s")
        large = time_requests(args.repeat)
        memory.append(csv_peak_memory())
        print(f"{'request (anonymous)':<26}{'seed only (ms)':>16}{f'{args.rows:,} rows (ms)':>20}{'ratio':>8}")
        slow = []
        for name, seconds in large.items():
            mark = ""
            if name in REQUESTS and seconds * 1000 > TARGET_MS:
                slow.append(name)
                mark = f"  over {TARGET_MS} ms"
            ratio = seconds / baseline[name]
            print(f"{name:<26}{baseline[name] * 1000:>16.1f}{seconds * 1000:>20.1f}{ratio:>8.1f}{mark}")
        print(f"medians of {args.repeat} requests ({max(3, args.repeat // 5)} for the last two)")
        for rows, peak in memory:
            print(f"CSV of {rows:,} trade records: peak Python memory {peak:.1f} MB")
        if slow:
            print(f"over the {TARGET_MS} ms target: {', '.join(slow)}")
    finally:
        if not args.keep:
            drop_database()


if __name__ == "__main__":
    main()
