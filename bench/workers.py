"""Scaling of the Dask runner: the same corpus in one plain process, and on 1 and on 2 workers
(goals: 2 workers >= 1.7x one worker; issue 17: >= 1.8x one plain process).

Run:  python bench/workers.py [--corpus bbc] [--workers 1 2] [--limit N] [--batch-size 32]
                              [--rounds 1] [--dask-defaults]

For each worker count a local cluster is started and every worker loads its pipeline first
(once per worker; not timed, as it is paid once per run, not per document), then the corpus is
ingested into a temporary store through the runner, as ``flashpoint ingest --workers N`` does:
the client reads, partitions, and merges the shards into the store in order. Wall-clock time,
so run it on an otherwise idle machine: with 2 cores, anything else running takes a worker's core.
"workers busy" is the time the workers spent coding over wall time x workers (near 100%: they
never wait for the client); "client CPU ms/doc" is what reading, scheduling and storing cost the
client process (which holds the scheduler and the nannies too), sharing the machine with the workers.

CPU time is the steadier measure on a shared machine: "CPU s" is the CPU time of every process
of the run (the client and each worker), "CPU vs one process" the plain process's CPU time over
it (1.00x: the runner costs nothing on top of the coding). ``--rounds N`` runs every side N times,
the order rotating, and ends with medians (min-max). ``--dask-defaults`` adds, for each worker
count, a cluster with Dask's own diagnostics settings (the runner's "before": see
``flashpoint.distributed.runner.CLUSTER_CONFIG``). ``FLASHPOINT_MALLOC=off`` in the environment
runs every side, workers included, without :mod:`flashpoint.language.memory`'s thresholds.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpora import CORPORA, Corpus, require_shared, table, words

GOAL = 1.7


def _children_cpu() -> dict[int, float]:
    """CPU seconds so far of every process this one started (Dask's workers)."""
    import psutil

    seconds = {}
    for child in psutil.Process().children(recursive=True):
        try:
            times = child.cpu_times()
        except psutil.NoSuchProcess:
            continue
        seconds[child.pid] = times.user + times.system
    return seconds


def measure(corpus: Corpus, workers: int, batch_size: int, dask_defaults: bool = False) -> dict:
    from distributed import Client

    from flashpoint.distributed import RunOptions, run
    from flashpoint.distributed.runner import _preload, local_cluster
    from flashpoint.store import Store

    n_words = sum(words(d.text) for d in corpus.documents())
    options = {"dask_defaults": True} if dask_defaults else {}
    with local_cluster(workers, **options) as cluster, Client(cluster) as client:
        began = time.perf_counter()
        client.run(_preload, ("asserted",))
        load = time.perf_counter() - began
        with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "workers.db") as store:
            before = _children_cpu()
            began, cpu = time.perf_counter(), time.process_time()
            report = run(corpus.documents(), RunOptions(scheduler=cluster.scheduler_address, batch_size=batch_size),
                         store)
            seconds, client_cpu = time.perf_counter() - began, time.process_time() - cpu
            after = _children_cpu()
    worker_cpu = sum(value - before.get(pid, 0.0) for pid, value in after.items())
    progress = report.progress
    return {"corpus": corpus.name, "workers": workers, "side": f"{workers}{' (dask defaults)' if dask_defaults else ''}",
            "docs": progress.coded, "events": progress.events,
            "failed": progress.failures, "load": load, "seconds": seconds, "dps": progress.coded / seconds,
            "wps": n_words / seconds, "partitions": report.partitions,
            "busy": f"{100 * report.busy_seconds / (seconds * workers):.0f}%",
            "client": f"{1000 * client_cpu / max(1, progress.coded):.1f}", "cpu": client_cpu + worker_cpu,
            "worker_cpu": worker_cpu}


def measure_single(corpus: Corpus, batch_size: int) -> dict:
    """The same ingest in a new process, without Dask: what the issue's goal compares two workers
    against (a one-worker cluster pays the runner's overhead too). A new process each time, as
    each worker is: a second run in one process would find the tag-rules table and the caches warm."""
    command = [sys.executable, __file__, "--single-child", "--corpus", corpus.name, "--repeat", str(corpus.repeat),
               "--batch-size", str(batch_size)] + (["--limit", str(corpus.limit)] if corpus.limit else [])
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def single_child(corpus: Corpus, batch_size: int) -> dict:
    """The plain process's side (run by :func:`measure_single` in its own process)."""
    from flashpoint.pipeline import Pipeline
    from flashpoint.runner import ingest
    from flashpoint.store import Store

    n_words = sum(words(d.text) for d in corpus.documents())
    began = time.perf_counter()
    pipeline = Pipeline()
    pipeline.code_text("Pakistan closed its airspace to Indian airlines.", published="2025-04-24")
    load = time.perf_counter() - began
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "single.db") as store:
        began, cpu = time.perf_counter(), time.process_time()
        progress = ingest(store, corpus.documents(), pipeline=pipeline, batch_size=batch_size)
        seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
    return {"corpus": corpus.name, "workers": 0, "side": "1 process", "docs": progress.coded,
            "events": progress.events, "failed": progress.failures, "load": load, "seconds": seconds,
            "dps": progress.coded / seconds, "wps": n_words / seconds, "partitions": "", "busy": "", "client": "",
            "cpu": cpu, "worker_cpu": None}


COLUMNS = [("corpus", "corpus"), ("side", "workers"), ("docs", "docs"), ("events", "events"), ("failed", "failed"),
           ("partitions", "partitions"), ("load", "load s"), ("seconds_shown", "seconds"), ("dps", "docs/s"),
           ("wps", "words/s"), ("speedup", "speedup"), ("vs_single", "vs one process"), ("efficiency", "efficiency"),
           ("busy", "workers busy"), ("client", "client CPU ms/doc"), ("cpu_shown", "CPU s"),
           ("cpu_vs_single", "CPU vs one process")]


def _ratios(single: dict, rows: list[dict]) -> None:
    """Speedups against the first one-worker row (as before) and against the plain process."""
    first = next((r for r in rows if r["workers"] == 1), rows[0])
    base = first["seconds"] * first["workers"]
    for row in rows:
        row["speedup"] = f"{first['seconds'] / row['seconds']:.2f}x"
        row["efficiency"] = f"{100 * base / (row['seconds'] * row['workers']):.0f}%"
        row["vs_single"] = f"{single['seconds'] / row['seconds']:.2f}x"
        row["cpu_vs_single"] = f"{single['cpu'] / row['cpu']:.2f}x"
    single.update(speedup="", efficiency="", vs_single="1.00x", cpu_vs_single="1.00x")
    for row in [single, *rows]:  # shown to a tenth of a second (the table rounds floats over 10)
        row["seconds_shown"], row["cpu_shown"] = f"{row['seconds']:.1f}", f"{row['cpu']:.1f}"


def _summary(rounds: list[list[dict]]) -> list[dict]:
    """Per side, median (min-max) over the rounds of wall time, CPU time and the two ratios."""
    def spread(values: list[float], fmt: str) -> str:
        return f"{format(statistics.median(values), fmt)} ({format(min(values), fmt)}-{format(max(values), fmt)})"

    rows = []
    for side in [row["side"] for row in rounds[0]]:
        same = [row for one in rounds for row in one if row["side"] == side]
        singles = [next(r for r in one if r["workers"] == 0) for one in rounds]
        rows.append({"side": side, "seconds": spread([r["seconds"] for r in same], ".1f"),
                     "cpu": spread([r["cpu"] for r in same], ".1f"),
                     "worker_cpu": spread([r["worker_cpu"] for r in same], ".1f") if same[0]["worker_cpu"] else "",
                     "vs_single": spread([s["seconds"] / r["seconds"] for s, r in zip(singles, same)], ".2f"),
                     "cpu_vs_single": spread([s["cpu"] / r["cpu"] for s, r in zip(singles, same)], ".2f")})
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=CORPORA, default="bbc")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--limit", type=int, help="documents of the BBC corpus (default: all)")
    parser.add_argument("--repeat", type=int, default=200, help="copies of the worked example (default 200)")
    parser.add_argument("--batch-size", type=int, default=32, help="documents per partition (default 32)")
    parser.add_argument("--rounds", type=int, default=1, help="runs of every side, the order rotating (default 1)")
    parser.add_argument("--dask-defaults", action="store_true",
                        help="also run each worker count with Dask's default diagnostics (the runner's before)")
    parser.add_argument("--single-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    require_shared([args.corpus])
    corpus = Corpus(args.corpus, limit=args.limit, repeat=args.repeat)
    if args.single_child:
        print(json.dumps(single_child(corpus, args.batch_size)))
        return 0
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start; "
          f"FLASHPOINT_MALLOC={os.environ.get('FLASHPOINT_MALLOC', 'on (default)')}", flush=True)
    sides: list[tuple[int, bool]] = [(0, False)] + [(n, False) for n in args.workers]
    sides += [(n, True) for n in args.workers] if args.dask_defaults else []
    rounds = []
    for number in range(args.rounds):
        shift = number % len(sides)
        done = {side: measure_single(corpus, args.batch_size) if side[0] == 0
                else measure(corpus, side[0], args.batch_size, side[1]) for side in sides[shift:] + sides[:shift]}
        rows = [done[side] for side in sides]
        _ratios(rows[0], rows[1:])
        rounds.append(rows)
        print(f"\nround {number + 1} (load average {os.getloadavg()[0]:.1f} at its end)")
        print(table(rows, COLUMNS), flush=True)
    if args.rounds > 1:
        print(f"\nmedian (min-max) over {args.rounds} rounds")
        print(table(_summary(rounds), [("side", "workers"), ("seconds", "seconds"), ("cpu", "CPU s"),
                                       ("worker_cpu", "workers' CPU s"), ("vs_single", "vs one process"),
                                       ("cpu_vs_single", "CPU vs one process")]))
    rows = rounds[-1]
    one = next((r for r in rows if r["workers"] == 1 and "dask" not in r["side"]), None)
    two = [r for r in rows if r["workers"] == 2 and "dask" not in r["side"]]
    if one is not None and two:
        best = one["seconds"] / two[0]["seconds"]
        print(f"goal 2 workers >= {GOAL}x one worker: {'met' if best >= GOAL else 'NOT met'} ({best:.2f}x); "
              f"load average {os.getloadavg()[0]:.1f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
