"""Scaling of the Dask runner: the same corpus in one plain process, and on 1 and on 2 workers
(goals: 2 workers >= 1.7x one worker; issue 17: >= 1.8x one plain process).

Run:  python bench/workers.py [--corpus bbc] [--workers 1 2] [--limit N] [--batch-size 32]

For each worker count a local cluster is started and every worker loads its pipeline first
(once per worker; not timed, as it is paid once per run, not per document), then the corpus is
ingested into a temporary store through the runner, as ``flashpoint ingest --workers N`` does:
the client reads, partitions, and merges the shards into the store in order. Wall-clock time,
so run it on an otherwise idle machine: with 2 cores, anything else running takes a worker's core.
"workers busy" is the time the workers spent coding over wall time x workers (near 100%: they
never wait for the client); "client CPU ms/doc" is what reading, scheduling and storing cost the
client process, which shares the machine with the workers.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from corpora import CORPORA, Corpus, require_shared, table, words

GOAL = 1.7


def measure(corpus: Corpus, workers: int, batch_size: int) -> dict:
    from distributed import Client

    from flashpoint.distributed import RunOptions, run
    from flashpoint.distributed.runner import _preload, local_cluster
    from flashpoint.store import Store

    n_words = sum(words(d.text) for d in corpus.documents())
    with local_cluster(workers) as cluster, Client(cluster) as client:
        began = time.perf_counter()
        client.run(_preload, ("asserted",))
        load = time.perf_counter() - began
        with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "workers.db") as store:
            began, cpu = time.perf_counter(), time.process_time()
            report = run(corpus.documents(), RunOptions(scheduler=cluster.scheduler_address, batch_size=batch_size),
                         store)
            seconds, client_cpu = time.perf_counter() - began, time.process_time() - cpu
    progress = report.progress
    return {"corpus": corpus.name, "workers": workers, "docs": progress.coded, "events": progress.events,
            "failed": progress.failures, "load": load, "seconds": seconds, "dps": progress.coded / seconds,
            "wps": n_words / seconds, "partitions": report.partitions,
            "busy": f"{100 * report.busy_seconds / (seconds * workers):.0f}%",
            "client": f"{1000 * client_cpu / max(1, progress.coded):.1f}"}


def measure_single(corpus: Corpus, batch_size: int) -> dict:
    """The same ingest in this process, without Dask: what the issue's goal compares two workers
    against (a one-worker cluster pays the runner's overhead too)."""
    from flashpoint.pipeline import Pipeline
    from flashpoint.runner import ingest
    from flashpoint.store import Store

    n_words = sum(words(d.text) for d in corpus.documents())
    began = time.perf_counter()
    pipeline = Pipeline()
    pipeline.code_text("Pakistan closed its airspace to Indian airlines.", published="2025-04-24")
    load = time.perf_counter() - began
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "single.db") as store:
        began = time.perf_counter()
        progress = ingest(store, corpus.documents(), pipeline=pipeline, batch_size=batch_size)
        seconds = time.perf_counter() - began
    return {"corpus": corpus.name, "workers": "1 process", "docs": progress.coded, "events": progress.events,
            "failed": progress.failures, "load": load, "seconds": seconds, "dps": progress.coded / seconds,
            "wps": n_words / seconds, "partitions": "", "busy": "", "client": ""}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=CORPORA, default="bbc")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--limit", type=int, help="documents of the BBC corpus (default: all)")
    parser.add_argument("--repeat", type=int, default=200, help="copies of the worked example (default 200)")
    parser.add_argument("--batch-size", type=int, default=32, help="documents per partition (default 32)")
    args = parser.parse_args(argv)
    require_shared([args.corpus])
    corpus = Corpus(args.corpus, limit=args.limit, repeat=args.repeat)
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start")
    single = measure_single(corpus, args.batch_size)
    rows = [measure(corpus, n, args.batch_size) for n in args.workers]
    base = rows[0]["seconds"] * rows[0]["workers"]
    for row in rows:
        row["speedup"] = f"{rows[0]['seconds'] / row['seconds']:.2f}x"
        row["efficiency"] = f"{100 * base / (row['seconds'] * row['workers']):.0f}%"
        row["vs_single"] = f"{single['seconds'] / row['seconds']:.2f}x"
    single.update(speedup="", efficiency="", vs_single="1.00x")
    print(table([single, *rows], [("corpus", "corpus"), ("workers", "workers"), ("docs", "docs"), ("events", "events"),
                                  ("failed", "failed"), ("partitions", "partitions"), ("load", "load s"),
                                  ("seconds", "seconds"), ("dps", "docs/s"), ("wps", "words/s"),
                                  ("speedup", "speedup"), ("vs_single", "vs one process"),
                                  ("efficiency", "efficiency"), ("busy", "workers busy"),
                                  ("client", "client CPU ms/doc")]))
    if len(rows) >= 2 and rows[0]["workers"] == 1:
        best = max(rows[0]["seconds"] / r["seconds"] for r in rows if r["workers"] == 2) if any(
            r["workers"] == 2 for r in rows) else None
        if best is not None:
            print(f"goal 2 workers >= {GOAL}x one worker: {'met' if best >= GOAL else 'NOT met'} ({best:.2f}x); "
                  f"load average {os.getloadavg()[0]:.1f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
