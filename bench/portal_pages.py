"""Are the public pages still fast with a large database?

Loads the seed data into a scratch database and times every public page, uncached (the page
cache off), as an anonymous visitor. Then runs ``generate_demo_data`` (100,000 trade records,
10,000 institutions, 2,000 projects and the rest) and times them again. Server time is measured
in-process (Django's test client: the whole middleware stack, no network). Each page is timed
alternately with its bare view (``bare_views.py``: a plain ``ListView`` or ``DetailView`` of the same
table, same page size, a minimal template, through the same middleware), so that its ratio to it is
measured in the same run, because these machines are noisy. Prints the median server time of each page,
its ratios to the same page over the seed data alone, to its bare view and to ``/healthz`` (one query
through the same stack: the floor of any request), its CPU time, its first request (after the demo data:
templates compiled, nothing else warm) and its number of SQL queries (and its bare view's).

    python bench/portal_pages.py [--repeat N] [--database-url URL] [--scratch NAME] [--keep]

The scratch database is ``bench_portal`` (``--scratch``) on the PostgreSQL server of DATABASE_URL, or
a temporary SQLite file; it is dropped at the end. Exits 1 if a page answers with an error or its
median with the demo data is 50 ms or more (the search pages aside: bench/search.py times search
with many terms and has its own budget; they are printed all the same).
"""

import argparse
import os
import statistics
import time

from bare_views import MODULE, bare_urls
from scratch import configure, create_database, drop_database

SCRATCH = "bench_portal"
BUDGET_MS = 50
OUTSIDE_BUDGET = ("search", "search (zh)")  # bench/search.py has search's budget

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
    parser.add_argument("--scratch", default=SCRATCH, help="the scratch database's name on PostgreSQL")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database for inspection")
    args, _unknown = parser.parse_known_args()  # `make bench` passes every script the same BENCH_ARGS
    return args


def seed_records():
    """A seed record of each kind a URL names."""
    from cooperation.models import CooperationProject, PolicyProblem, Recommendation
    from trade.models import Indicator

    def first(model):
        return model.objects.public().exclude(slug__startswith="demo-").order_by("slug").first().slug

    return {
        "project": first(CooperationProject),
        "problem": first(PolicyProblem),
        "recommendation": first(Recommendation),
        "indicator": first(Indicator),
    }


def timed(client, url):
    start, start_cpu = time.perf_counter(), time.process_time()
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return time.perf_counter() - start, time.process_time() - start_cpu


def query_count(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries)


def time_pages(repeat):
    """{page: {"median", "cpu", "first", "queries", "bare", "bare_queries"}}, and the baseline's median."""
    from django.test import Client

    client = Client()
    records = seed_records()
    bare = bare_urls(records)
    results = {}
    for name, url in PAGES.items():
        url = url.format(**records)
        first = timed(client, url)[0]  # also the warm-up: templates compiled, translations loaded
        timed(client, bare[name])
        samples, cpu, bare_samples = [], [], []
        for _ in range(repeat):  # the page and its bare view alternately: the same moments of a noisy machine
            seconds, cpu_seconds = timed(client, url)
            samples.append(seconds)
            cpu.append(cpu_seconds)
            bare_samples.append(timed(client, bare[name])[0])
        results[name] = {
            "median": statistics.median(samples),
            "cpu": statistics.median(cpu),
            "first": first,
            "queries": query_count(client, url),
            "bare": statistics.median(bare_samples),
            "bare_queries": query_count(client, bare[name]),
        }
    timed(client, BASELINE)
    floor = statistics.median(timed(client, BASELINE)[0] for _ in range(repeat))
    return results, floor


def load_average():
    return " ".join(f"{load:.2f}" for load in os.getloadavg())


def report(seed, large, floor):
    # cpu: this process's CPU time, which other processes on the machine inflate less than the wall clock
    # (on SQLite it includes the database's work; on PostgreSQL the server's is not in it).
    print(
        f"{'page':<23}{'seed':>7}{'demo':>8}{'× seed':>7}{'bare':>7}{'× bare':>7}{'× healthz':>10}"
        f"{'cpu':>7}{'first':>8}{'queries':>10}   (ms; queries: page/bare)"
    )
    for name, row in large.items():
        seconds = row["median"]
        flag = ""
        if seconds * 1000 >= BUDGET_MS:
            flag = "  (search: bench/search.py)" if name in OUTSIDE_BUDGET else f"  over {BUDGET_MS} ms"
        print(
            f"{name:<23}{seed[name]['median'] * 1000:>7.1f}{seconds * 1000:>8.1f}{seconds / seed[name]['median']:>7.1f}"
            f"{row['bare'] * 1000:>7.1f}{seconds / row['bare']:>7.1f}{seconds / floor:>10.0f}{row['cpu'] * 1000:>7.1f}"
            f"{row['first'] * 1000:>8.1f}{row['queries']:>6}/{row['bare_queries']:<3}{flag}"
        )
    print(f"baseline {BASELINE}: {floor * 1000:.2f} ms")


def main():
    args = parse_args()
    configure(args.database_url, args.scratch, PORTAL_CACHE_SECONDS="0")  # every request is rendered
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import override_settings

    create_database()
    print(f"{connection.vendor}: load average before: {load_average()} on {os.cpu_count()} CPUs")
    try:
        with override_settings(ROOT_URLCONF=MODULE):
            seed, _floor = time_pages(args.repeat)
            print(f"load average after the seed data: {load_average()}")
            started = time.perf_counter()
            call_command("generate_demo_data", verbosity=0)  # on PostgreSQL it ends with ANALYZE
            print(f"{connection.vendor}: generate_demo_data took {time.perf_counter() - started:.0f} s")
            large, floor = time_pages(args.repeat)
        report(seed, large, floor)
        budgeted = {name: row for name, row in large.items() if name not in OUTSIDE_BUDGET}
        worst = max(budgeted, key=lambda name: budgeted[name]["median"])
        print(f"slowest with demo data: {worst}, {budgeted[worst]['median'] * 1000:.1f} ms (budget {BUDGET_MS} ms)")
        print(f"load average after: {load_average()}")
    finally:
        if not args.keep:
            drop_database()
    over = [name for name, row in budgeted.items() if row["median"] * 1000 >= BUDGET_MS]
    if over:
        raise SystemExit(f"over {BUDGET_MS} ms with the demo data: {', '.join(over)}")


if __name__ == "__main__":
    main()
