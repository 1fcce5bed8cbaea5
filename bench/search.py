"""Is search fast for a term never asked before, with a large database?

Loads the seed data and ``generate_demo_data`` (10,000 institutions, 2,000 projects, ...) into a
scratch database (see scratch.py), then times the search page, uncached, for terms each asked once
(English and Chinese names of demo and seed records, pinyin, a near spelling, a word nothing has, and
the broadest: ``Demo Institution`` and ``演示机构``, which every demo institution's name holds), and a
plain list page in the same run for the ratio. Exits 1 if the median is over 50 ms.

The line printed gives the medians' wall clock and this process's CPU time (which other processes
inflate less; on PostgreSQL the server's work is not in it), with the load average.

    python bench/search.py [--database-url URL] [--scratch NAME] [--keep]
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
    "Demo Institution",
    "演示机构",
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--scratch", default=SCRATCH, help="the scratch database's name on PostgreSQL")
    parser.add_argument("--keep", action="store_true")
    args, _unknown = parser.parse_known_args()
    return args


def terms():
    """Demo records' names (each a different one, in English or Chinese) and the fixed readers' queries,
    each asked once."""
    from alliances.models import Institution

    names = Institution.objects.filter(slug__startswith="demo-").values_list("name_en", "name_zh")[:4000:200]
    found = [name_en if i % 2 else name_zh for i, (name_en, name_zh) in enumerate(names)]
    assert len(set(found + FIXED)) == len(found + FIXED), "a term is asked twice"
    return FIXED[:1] + found + FIXED[1:]


def timed(client, url):
    """The request's wall-clock and CPU seconds."""
    start, start_cpu = time.perf_counter(), time.process_time()
    response = client.get(url)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return elapsed, cpu


def main():
    args = parse_args()
    configure(args.database_url, args.scratch, PORTAL_CACHE_SECONDS="0")
    from urllib.parse import quote

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from portal.search.aliases import apply_seed_aliases

    create_database()
    try:
        apply_seed_aliases()  # as ``manage.py seed`` does: 丝路联盟 and 西安交大 are aliases
        call_command("generate_demo_data", verbosity=0)
        client = Client()
        client.get("/en/search/?q=warm+up")
        client.get("/zh-hans/search/?q=预热")  # jieba's dictionary loads once per process
        client.get(LIST_PAGE)
        searches, lists = [], []
        load = os.getloadavg()[0]
        for term in terms():
            searches.append(timed(client, f"/en/search/?q={quote(term)}"))
            lists.append(timed(client, LIST_PAGE))
        median, list_median = (statistics.median(wall for wall, _cpu in runs) for runs in (searches, lists))
        cpu, list_cpu = (statistics.median(cpu for _wall, cpu in runs) for runs in (searches, lists))
        print(
            f"{connection.vendor} (CONN_MAX_AGE={os.environ.get('CONN_MAX_AGE', 0)}, load average {load:.2f} → "
            f"{os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs): {len(searches)} never-asked searches, "
            f"median {median * 1000:.1f} ms (CPU {cpu * 1000:.1f}), max {max(w for w, _c in searches) * 1000:.1f} ms; "
            f"list page {LIST_PAGE} median {list_median * 1000:.1f} ms (CPU {list_cpu * 1000:.1f}); "
            f"ratio {median / list_median:.2f}"
        )
    finally:
        if not args.keep:
            drop_database()
    if median * 1000 >= BUDGET_MS:
        raise SystemExit(f"search median {median * 1000:.1f} ms is over {BUDGET_MS} ms")


if __name__ == "__main__":
    main()
