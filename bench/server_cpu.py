"""The CPU time of the processes that serve a benchmark's requests, read from Linux's ``/proc``: gunicorn's workers
(those a restart ended included), the PostgreSQL backends of the benchmark's database, Redis. ``measured`` runs
a load and returns its figures per request and per worker (``bench/load.py``)."""

import os
import subprocess
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def cpu_seconds(pid, reaped=False):
    """User and system CPU seconds of a live process (Linux /proc), 0 if it is gone; with ``reaped``, those of
    its children that ended and were waited for as well (a gunicorn worker restarted by ``max_requests``)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = int(fields[11]) + int(fields[12])
    if reaped:
        ticks += int(fields[13]) + int(fields[14])
    return ticks / TICKS


def processes(server, database):
    """The processes serving the run, by kind: gunicorn's workers, this database's PostgreSQL backends, Redis."""

    def pids(*pgrep):
        found = subprocess.run(["pgrep", *pgrep], capture_output=True, text=True).stdout.split()
        return [int(pid) for pid in found]

    def serves_database(pid):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
                return database.encode() in cmdline.read()
        except OSError:
            return False

    return {
        "gunicorn": pids("-P", str(server.pid)),
        "postgres": [pid for pid in pids("-u", "postgres") if serves_database(pid)],
        "redis": pids("-x", "redis-server"),
    }


def cpu_snapshot(server, database):
    """CPU seconds so far of each process serving the run, by kind and pid; gunicorn's ``"ended"`` are those of
    its workers that ended (their master waited for them: a restart after ``max_requests``)."""
    snapshot = {kind: {pid: cpu_seconds(pid) for pid in pids} for kind, pids in processes(server, database).items()}
    snapshot["gunicorn"]["ended"] = cpu_seconds(server.pid, reaped=True) - cpu_seconds(server.pid)
    return snapshot


def cpu_spent(before, after):
    """CPU seconds of each kind between two snapshots: gunicorn's whole, its restarted workers included; a
    PostgreSQL backend that ended meanwhile (its worker restarted) is left out, a new one counted from zero."""
    spent = {kind: sum(now[pid] - before[kind].get(pid, 0.0) for pid in now) for kind, now in after.items()}
    spent["gunicorn"] = sum(after["gunicorn"].values()) - sum(before["gunicorn"].values())
    return spent


def measured(server, database, run):
    """``run()``'s wrk result with ``cpu_ms``, CPU milliseconds per request of each kind of process (wrk's own
    too), and ``cpu_by_worker``: each gunicorn worker's CPU seconds in the run, the busiest first (those that
    ended during it together), and how many workers started during it (restarts after ``max_requests``). Two
    workers' figures far apart mean one served most requests while the other waited."""
    if not Path("/proc/self/stat").exists():
        return run()
    before = cpu_snapshot(server, database)
    result = run()
    after = cpu_snapshot(server, database)
    spent = cpu_spent(before, after)
    spent["wrk"] = result["wrk_cpu_s"]
    result["cpu_ms"] = {kind: seconds * 1000 / max(result["requests"], 1) for kind, seconds in spent.items()}
    workers = {pid: seconds - before["gunicorn"].get(pid, 0.0) for pid, seconds in after["gunicorn"].items()}
    gone = before["gunicorn"].keys() - workers.keys() - {"ended"}  # what they had spent before the run
    ended = workers.pop("ended") - sum(before["gunicorn"][pid] for pid in gone)
    result["cpu_by_worker"] = sorted(workers.values(), reverse=True)
    result["cpu_of_ended_workers"] = ended
    result["started_workers"] = len(workers.keys() - before["gunicorn"].keys())
    return result


def sharing(result):
    """How the workers shared the run's work, for the report."""
    if "cpu_by_worker" not in result:
        return ""
    shares = " / ".join(f"{seconds:.1f}" for seconds in result["cpu_by_worker"])
    return (
        f"CPU s of each worker {shares}, of the workers that ended {result['cpu_of_ended_workers']:.1f}; "
        f"workers started during the run: {result['started_workers']}"
    )
