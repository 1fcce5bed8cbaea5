"""Are the public pages still fast with a large database?

Loads the seed data into a scratch database and times every public page, uncached (the page
cache off), as an anonymous visitor. Then runs ``generate_demo_data`` (100,000 trade records,
10,000 institutions, 2,000 projects and the rest) and times them again. Server time is measured
in-process (Django's test client: the whole middleware stack, no network). Prints the median
server time of each page, its ratios (measured in the same run, because these machines are noisy)
to the same page over the seed data alone and to ``/healthz`` (one query through the same
stack: the floor of any request), its CPU time and its number of SQL queries.

    python bench/portal_pages.py [--repeat N] [--database-url URL] [--keep]

The scratch database is ``bench_portal`` on the PostgreSQL server of DATABASE_URL, or a
temporary SQLite file; it is dropped at the end. Exits 1 if a page answers with an error or its
median with the demo data is over 50 ms.
"""

import argparse
import os
import statistics
import time

from scratch import configure, create_database, drop_database

SCRATCH = "bench_portal"
BUDGET_MS = 50

BASELINE = "/healthz"
PAGES = {
    "home": "/en/",
    "home (zh)": "/zh-hans/",
    "search": "/en/search/?q=university",
    "search (zh)": "/zh-hans/search/?q=大学",
    "alliance list": "/en/alliances/",
    "alliance": "/en/alliances/new-silk-road/",
    "institution list": "/en/institutions/",
    "institutions filtered": "/en/institutions/?country=RUS&kind=university",
    "institution": "/en/institutions/xi-an-jiaotong-university/",
    "cooperation modes": "/en/cooperation/",
    "project list": "/en/cooperation/projects/",
    "projects filtered": "/en/cooperation/projects/?country=KAZ&start_year__gte=2015",
    "project": "/en/cooperation/projects/{project}/",
    "milestones": "/en/cooperation/milestones/",
    "problems": "/en/problems/",
    "problem": "/en/problems/{problem}/",
    "recommendation": "/en/recommendations/{recommendation}/",
    "trade explorer": "/en/trade/",
    "trade, 2 countries": "/en/trade/?country=KAZ,RUS&flow=total",
    "trade CSV": "/en/trade/data.csv?country=KAZ,RUS&flow=total",
    "trade XLSX": "/en/trade/data.xlsx?country=KAZ,RUS&flow=total",
    "statistics": "/en/statistics/",
    "indicator": "/en/statistics/{indicator}/",
    "country list": "/en/countries/",
    "country": "/en/countries/RUS/",
    "source list": "/en/sources/",
    "source": "/en/sources/eurasian-practice-2022/",
    "data & API": "/en/data/",
    "embed trade": "/en/embed/trade/?country=KAZ,RUS&flow=total",
    "embed alliance": "/en/embed/alliances/new-silk-road/",
    "sitemap index": "/sitemap.xml",
}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--keep", action="store_true", help="keep the scratch database for inspection")
    args, _unknown = parser.parse_known_args()  # `make bench` passes every script the same BENCH_ARGS
    return args


def urls():
    """The pages, with a seed record of each kind where the URL names one."""
    from cooperation.models import CooperationProject, PolicyProblem, Recommendation
    from trade.models import Indicator

    def first(model):
        return model.objects.public().exclude(slug__startswith="demo-").order_by("slug").first().slug

    records = {
        "project": first(CooperationProject),
        "problem": first(PolicyProblem),
        "recommendation": first(Recommendation),
        "indicator": first(Indicator),
    }
    return {name: url.format(**records) for name, url in PAGES.items()}


def time_pages(repeat):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    results = {}
    for name, url in {**urls(), "baseline": BASELINE}.items():
        client.get(url)  # warm up: templates compiled, translations loaded
        samples, cpu = [], []
        for _ in range(repeat):
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            samples.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
            if response.status_code != 200:
                raise SystemExit(f"{name}: {url} answered {response.status_code}")
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        results[name] = (statistics.median(samples), len(queries), statistics.median(cpu))
    return results


def main():
    args = parse_args()
    configure(args.database_url, SCRATCH, PORTAL_CACHE_SECONDS="0")  # every request is rendered
    from django.core.management import call_command
    from django.db import connection

    create_database()
    print(f"load average before: {' '.join(f'{load:.2f}' for load in os.getloadavg())} on {os.cpu_count()} CPUs")
    try:
        baseline = time_pages(args.repeat)
        started = time.perf_counter()
        call_command("generate_demo_data", verbosity=0)  # on PostgreSQL it ends with ANALYZE
        print(f"{connection.vendor}: generate_demo_data took {time.perf_counter() - started:.0f} s")
        large = time_pages(args.repeat)
        floor = large.pop("baseline")[0]
        # cpu: this process's CPU time, which other processes on the machine inflate less than the wall clock
        # (on SQLite it includes the database's work; on PostgreSQL the server's is not in it).
        print(
            f"{'page':<24}{'seed (ms)':>11}{'demo data (ms)':>16}{'× seed':>8}{'× healthz':>11}"
            f"{'cpu (ms)':>10}{'queries':>9}"
        )
        for name, (seconds, queries, cpu) in large.items():
            before = baseline[name][0]
            flag = "" if seconds * 1000 < BUDGET_MS else f"  over {BUDGET_MS} ms"
            print(
                f"{name:<24}{before * 1000:>11.1f}{seconds * 1000:>16.1f}{seconds / before:>8.1f}"
                f"{seconds / floor:>11.0f}{cpu * 1000:>10.1f}{queries:>9}{flag}"
            )
        print(f"{'baseline ' + BASELINE:<24}{baseline['baseline'][0] * 1000:>11.1f}{floor * 1000:>16.1f}")
        worst = max(large, key=lambda name: large[name][0])
        print(f"slowest with demo data: {worst}, {large[worst][0] * 1000:.1f} ms (budget {BUDGET_MS} ms)")
        print(f"load average after: {' '.join(f'{load:.2f}' for load in os.getloadavg())}")
    finally:
        if not args.keep:
            drop_database()
    over = [name for name, (seconds, _queries, _cpu) in large.items() if seconds * 1000 >= BUDGET_MS]
    if over:
        raise SystemExit(f"over {BUDGET_MS} ms with the demo data: {', '.join(over)}")


if __name__ == "__main__":
    main()
