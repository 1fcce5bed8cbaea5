"""Does the portal hold 32 concurrent connections with PostgreSQL and the demo data?

Sets up the database ``bri_portal_load`` on the PostgreSQL server of ``--database-url`` (default
``LOAD_DATABASE_URL`` or postgres://postgres@127.0.0.1:5432/postgres; migrations,
the seed fixtures, ``generate_demo_data``; kept between runs and rebuilt when the fixtures, the
generator or the migrations change, or with ``--fresh``), collects the static files into a
temporary folder, starts gunicorn on a free port of 127.0.0.1 in production mode with Redis as
the cache, exactly as the README's Deployment runs it (``gunicorn.conf.py`` and its workers: sync, 2 x cores
+ 1, the application preloaded; ``--workers`` and ``--threads`` try gthread workers instead), and drives it
with wrk (``bench/load.lua``): a mix of public pages in both languages,
API lists (JSON and a small CSV), the trade series and searches with varying terms, after a
short warm-up. The baseline, measured in the same run with the same connections, is
``/healthz`` (one database query and one cache round trip through the whole middleware stack).

Prints requests per second, p50/p95/p99 latency and errors (responses other than 2xx/3xx,
socket errors and timeouts) for both and their ratios, and the CPU time each request cost the gunicorn
workers, PostgreSQL (this database's backends), Redis (the whole server) and wrk itself. Then the mix again
at ``--high-connections`` (128; 0 skips it). The goals (issue #11): at ``--connections`` the mix at 0.7 or more
of ``/healthz``'s requests per second and its p95 under 100 ms (on a quiet machine: the load average is
printed); at ``--high-connections`` no error and a p99 under one second. Exits 1 if a goal is missed.

    python bench/load.py [--fresh] [--duration 30] [--connections 32] [--high-connections 128] [--workers 2 --threads 4]

For the run only, the API's throttles are raised to 100000/s (``API_THROTTLE_ANON``/``API_THROTTLE_USER``:
wrk is one client, throttled after 60 requests by default), ``SECURE_SSL_REDIRECT=0`` (no TLS on
loopback) and Redis database ``--redis-db`` (default 9) is flushed at the start.
"""

import argparse
import hashlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from server_cpu import measured, sharing

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DATABASE = "bri_portal_load"
RATIO_GOAL = 0.7  # the mix's requests per second against /healthz's, same run, same connections
P95_GOAL_MS = 100
P99_GOAL_HIGH_MS = 1000  # at --high-connections, with no error
LUA = Path(__file__).with_suffix(".lua")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
        help="any database URL on the PostgreSQL server to use; the bench uses its own database there",
    )
    parser.add_argument("--fresh", action="store_true", help="rebuild the demo database even if it is up to date")
    parser.add_argument("--duration", type=int, default=30, help="seconds of the measured mix")
    parser.add_argument("--warmup", type=int, default=5, help="seconds of the mix before measuring")
    parser.add_argument("--baseline-duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--high-connections", type=int, default=128, help="the mix again at this many (0: not)")
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument(
        "--workers", type=int, default=0, help="gthread worker processes instead of gunicorn.conf.py's (0: its own)"
    )
    parser.add_argument("--threads", type=int, default=4, help="threads per gthread worker (with --workers)")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379", help="Redis server (no database number)")
    parser.add_argument("--redis-db", type=int, default=9)
    args, _unknown = parser.parse_known_args()  # `make bench` passes every script the same BENCH_ARGS
    return args


def loadavg():
    return " ".join(f"{load:.2f}" for load in os.getloadavg())


def ensure_wrk():
    if shutil.which("wrk"):
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("wrk is missing: installing the Debian package")
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True, stdout=subprocess.DEVNULL)
        return
    raise SystemExit("wrk is missing: install it with `sudo apt-get install wrk` (Debian/Ubuntu package wrk).")


def database_url(server_url):
    return server_url.rsplit("/", 1)[0] + f"/{DATABASE}"


def fingerprint():
    """What the demo database is built from: fixtures, the generator and the migrations."""
    digest = hashlib.sha256()
    files = sorted(ROOT.glob("fixtures/*.yaml")) + sorted(ROOT.glob("*/migrations/0*.py"))
    files.append(ROOT / "portal/management/commands/generate_demo_data.py")
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def psql(server_url, statement, database="postgres"):
    """Run one statement with psycopg2 on the server, outside a transaction; return the first row."""
    import psycopg2

    url = server_url.rsplit("/", 1)[0] + f"/{database}"
    connection = psycopg2.connect(url)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement)
            return cursor.fetchone() if cursor.description else None
    finally:
        connection.close()


def manage(*command, env):
    subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True)


def prepare_database(args, env):
    """Reuse the demo database when it was built from the same files; otherwise build it again."""
    wanted = fingerprint()
    row = psql(
        args.database_url,
        f"SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '{DATABASE}'",
    )
    if row and row[0] == wanted and not args.fresh:
        print(f"reusing database {DATABASE} (built from the same fixtures, generator and migrations)")
        return
    started = time.perf_counter()
    psql(args.database_url, f"DROP DATABASE IF EXISTS {DATABASE}")
    psql(args.database_url, f"CREATE DATABASE {DATABASE}")
    manage("migrate", "--noinput", "-v0", env=env)
    manage("loaddata", "-v0", *sorted(str(path) for path in ROOT.glob("fixtures/*.yaml")), env=env)
    manage("generate_demo_data", "-v0", env=env)  # ends with ANALYZE on PostgreSQL
    psql(args.database_url, f"COMMENT ON DATABASE {DATABASE} IS '{wanted}'")
    print(f"built database {DATABASE} with the demo data in {time.perf_counter() - started:.0f} s")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def flush_redis(args):
    import redis

    redis.Redis.from_url(f"{args.redis}/{args.redis_db}").flushdb()


def production_env(url, args, static_root):
    """The server's environment in production mode on loopback: the database ``url``, Redis database
    ``args.redis_db`` as the cache, the static files collected into ``static_root``, no TLS redirect."""
    return {
        **os.environ,
        "DJANGO_ENV": "production",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": url,
        "CACHE_URL": f"{args.redis}/{args.redis_db}",
        "STATIC_ROOT": static_root,
    }


def start_gunicorn(args, env, port, log):
    """The production command (README, Deployment): gunicorn.conf.py, its JSON access log included; with
    ``args.workers`` 0, gunicorn.conf.py's own workers too (sync, 2 x cores + 1)."""
    command = [
        str(Path(PYTHON).with_name("gunicorn")),
        "--config=gunicorn.conf.py",
        "bri_portal.wsgi:application",
        f"--bind=127.0.0.1:{port}",
    ]
    if args.workers:
        command += [f"--workers={args.workers}", "--worker-class=gthread", f"--threads={args.threads}"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped with code {server.returncode}; see its log {log.name}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit(f"gunicorn did not answer /healthz within 30 s; see its log {log.name}")


def workers(args):
    if args.workers:
        return f"{args.workers} workers x {args.threads} threads (gthread)"
    return "gunicorn.conf.py's workers (GUNICORN_WORKERS, GUNICORN_THREADS; sync, 2 x cores + 1 unless set)"


def wrk(args, port, seconds, path=None, connections=None):
    command = [
        "wrk",
        f"-t{args.wrk_threads}",
        f"-c{connections or args.connections}",
        f"-d{seconds}s",
        "--timeout=5s",
        f"-s{LUA}",
        f"http://127.0.0.1:{port}",
    ]
    if path:
        command += ["--", path]
    before = os.times()
    run = subprocess.run(command, capture_output=True, text=True)
    run.cpu = os.times(), before
    line = next((line for line in run.stdout.splitlines() if line.startswith("result ")), None)
    if run.returncode or line is None:
        raise SystemExit(f"wrk failed (exit code {run.returncode}):\n{run.stdout}{run.stderr}")
    result = json.loads(line.removeprefix("result "))
    result["wrk_cpu_s"] = run_cpu_seconds(run)
    result["rps"] = result["requests"] / result["seconds"]
    result["errors"] = result["non_2xx_3xx"] + result["socket_errors"] + result["timeouts"]
    return result


def run_cpu_seconds(run):
    after, before = run.cpu
    return (after.children_user + after.children_system) - (before.children_user + before.children_system)


def report(baseline, mix):
    print(f"{'':<22}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}{'errors':>8}")
    for name, result in (("baseline /healthz", baseline), ("mix", mix)):
        print(
            f"{name:<22}{result['rps']:>9.0f}{result['p50_ms']:>9.1f}{result['p95_ms']:>9.1f}"
            f"{result['p99_ms']:>9.1f}{result['max_ms']:>9.1f}{result['errors']:>8}"
        )
    print(
        f"{'ratio mix / baseline':<22}{mix['rps'] / baseline['rps']:>9.2f}"
        + "".join(f"{mix[key] / baseline[key]:>9.1f}" for key in ("p50_ms", "p95_ms", "p99_ms", "max_ms"))
    )
    for name, result in (("baseline", baseline), ("mix", mix)):
        print(
            f"{name} responses by status: {result['statuses']}; socket errors {result['socket_errors']} "
            f"({result['socket_detail']}), timeouts {result['timeouts']}"
        )
        if sharing(result):
            print(f"{name}: {sharing(result)}")
    if "cpu_ms" in mix:
        print("CPU ms per request (Redis: the whole server, other clients included):")
        for name, result in (("baseline /healthz", baseline), ("mix", mix)):
            costs = result["cpu_ms"]
            parts = "  ".join(f"{kind} {ms:.3f}" for kind, ms in costs.items())
            print(f"  {name:<20}{parts}  total {sum(costs.values()):.3f}")
        cpu_ratio = sum(baseline["cpu_ms"].values()) / sum(mix["cpu_ms"].values())
        print(
            f"CPU per request, /healthz / the mix: {cpu_ratio:.2f} (the requests/s ratio of a machine where this run "
            "had both cores to itself; steadier than the measured ratio on a shared machine)"
        )


def goals(args, baseline, mix, high):
    """Each goal, its figure and whether it is met; printed, and False if any is missed."""
    ratio = mix["rps"] / baseline["rps"]
    checks = [
        (
            f"mix / /healthz requests per second >= {RATIO_GOAL} at {args.connections} connections",
            f"{ratio:.2f}",
            ratio >= RATIO_GOAL,
        ),
        (
            f"mix p95 under {P95_GOAL_MS} ms at {args.connections} connections (quiet machine)",
            f"{mix['p95_ms']:.1f} ms",
            mix["p95_ms"] < P95_GOAL_MS,
        ),
        (f"mix: no error at {args.connections} connections", str(mix["errors"]), mix["errors"] == 0),
    ]
    if high:
        checks += [
            (f"mix: no error at {args.high_connections} connections", str(high["errors"]), high["errors"] == 0),
            (
                f"mix p99 under {P99_GOAL_HIGH_MS} ms at {args.high_connections} connections",
                f"{high['p99_ms']:.1f} ms",
                high["p99_ms"] < P99_GOAL_HIGH_MS,
            ),
        ]
    for goal, figure, met in checks:
        print(f"goal: {goal}: {figure}, {'met' if met else 'MISSED'}")
    return all(met for _goal, _figure, met in checks)


def main():
    args = parse_args()
    ensure_wrk()
    url = database_url(args.database_url)
    setup_env = {**os.environ, "DATABASE_URL": url, "DJANGO_ENV": "development"}
    static_root = tempfile.mkdtemp(prefix="bri-load-static-")
    server_env = {
        **production_env(url, args, static_root),
        "CONN_MAX_AGE": os.environ.get("CONN_MAX_AGE", "60"),
        # wrk is one client, from one address: it must not be refused (the throttle counts its requests all the same).
        "API_THROTTLE_ANON": "100000/s",
        "API_THROTTLE_USER": "100000/s",
    }
    print(f"load average at the start: {loadavg()} on {os.cpu_count()} CPUs")
    log = tempfile.NamedTemporaryFile("w", prefix="bri-load-gunicorn-", suffix=".log", delete=False)
    server = None
    try:
        prepare_database(args, setup_env)
        manage("collectstatic", "--noinput", "-v0", env=server_env)
        flush_redis(args)
        port = free_port()
        server = start_gunicorn(args, server_env, port, log)
        print(
            f"gunicorn on 127.0.0.1:{port}: {workers(args)}, "
            f"CONN_MAX_AGE={server_env['CONN_MAX_AGE']}, cache {server_env['CACHE_URL']}; "
            f"wrk {args.connections} connections, {args.wrk_threads} threads"
        )
        wrk(args, port, args.warmup)
        baseline = measured(server, DATABASE, lambda: wrk(args, port, args.baseline_duration, "/healthz"))
        mix = measured(server, DATABASE, lambda: wrk(args, port, args.duration))
        print(f"load average after the runs: {loadavg()}")
        report(baseline, mix)
        high = None
        if args.high_connections:
            high = measured(server, DATABASE, lambda: wrk(args, port, args.duration, connections=args.high_connections))
            print(
                f"mix at {args.high_connections} connections: {high['rps']:.0f} req/s, p50 {high['p50_ms']:.1f} ms, "
                f"p95 {high['p95_ms']:.1f} ms, p99 {high['p99_ms']:.1f} ms, max {high['max_ms']:.1f} ms, "
                f"errors {high['errors']} ({high['statuses']}; socket errors {high['socket_errors']}: "
                f"{high['socket_detail']}, "
                f"timeouts {high['timeouts']}); load average {loadavg()}"
            )
            print(f"at {args.high_connections} connections: {sharing(high)}")
    finally:
        if server:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        shutil.rmtree(static_root, ignore_errors=True)
    failed = not goals(args, baseline, mix, high)
    if not failed:
        os.unlink(log.name)
    else:
        print(f"gunicorn's log: {log.name}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
