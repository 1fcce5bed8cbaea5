"""Is search fast for a term never asked before, with a large database?

Loads the seed data and ``generate_demo_data`` (10,000 institutions, 2,000 projects, ...) into a
scratch database (see scratch.py), then times the search page, uncached, for terms each asked once
(English and Chinese names of demo and seed records, pinyin, a near spelling, a word nothing has),
and a plain list page in the same run for the ratio. Exits 1 if the median is over 50 ms.

    python bench/search.py [--database-url URL] [--keep]
"""

import argparse
import os
import statistics
import time

from scratch import configure, create_database, drop_database

SCRATCH = "bench_search"
BUDGET_MS = 50
LIST_PAGE = "/en/institutions/"
FIXED = [
    "Xian Jiaotong",
    "西安交通大学",
    "新丝绸之路",
    "Kazakstan",
    "jiaotong daxue",
    "丝路联盟",
    "universities alliance",
    "哈萨克斯坦",
    "railway",
    "research fund",
    "中欧班列",
    "zzzqx",
    "Samarkand",
    "能源合作",
    "joint campus",
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--keep", action="store_true")
    args, _unknown = parser.parse_known_args()
    return args


def terms():
    """Words of demo records' names, each asked once, and the fixed readers' queries."""
    from alliances.models import Institution

    names = Institution.objects.filter(slug__startswith="demo-").values_list("name_en", "name_zh")[:40:4]
    found = [FIXED[0]]
    for name_en, name_zh in names:
        found += [" ".join(name_en.split()[:2]), name_zh[:4]]
    return found + FIXED[1:]


def timed(client, url):
    start = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - start
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return elapsed


def main():
    args = parse_args()
    configure(args.database_url, SCRATCH, PORTAL_CACHE_SECONDS="0")
    from urllib.parse import quote

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    create_database()
    try:
        call_command("generate_demo_data", verbosity=0)
        client = Client()
        client.get("/en/search/?q=warm+up")
        client.get("/zh-hans/search/?q=预热")  # jieba's dictionary loads once per process
        client.get(LIST_PAGE)
        searches, lists = [], []
        for term in terms():
            searches.append(timed(client, f"/en/search/?q={quote(term)}"))
            lists.append(timed(client, LIST_PAGE))
        median, list_median = statistics.median(searches), statistics.median(lists)
        print(
            f"{connection.vendor}: {len(searches)} never-asked searches, median {median * 1000:.1f} ms, "
            f"max {max(searches) * 1000:.1f} ms; list page {LIST_PAGE} median {list_median * 1000:.1f} ms; "
            f"ratio {median / list_median:.2f}"
        )
    finally:
        if not args.keep:
            drop_database()
    if median * 1000 >= BUDGET_MS:
        raise SystemExit(f"search median {median * 1000:.1f} ms is over {BUDGET_MS} ms")


if __name__ == "__main__":
    main()
