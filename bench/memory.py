"""Peak memory of an ingest at 1x and 4x a corpus: it must stay flat as the corpus grows.

Run:  python bench/memory.py [--corpus bbc] [--scales 1 4] [--workers N] [--limit N]

Each measurement is a fresh child process that ingests the corpus (repeated ``scale`` times, each
copy a distinct text so nothing is skipped as already stored) into a temporary store, like
``flashpoint ingest``: in one process, or with ``--workers N`` on a local Dask cluster. This
process samples the resident memory (RSS) of the child and of every process it starts (Dask's
workers) every 0.2 s and prints the peak of each kind of process. Goals (docs/performance.md):
peak memory flat in corpus size and under 1.5 GB per process.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpora import CORPORA, Corpus, require_shared, table

GOAL_MB = 1536


def child(corpus: str, scale: int, limit: int | None, workers: int | None, db: Path) -> None:
    """The measured run (in its own process)."""
    from flashpoint.runner import ingest
    from flashpoint.store import Store

    documents = Corpus(corpus, limit=limit, scale=scale).documents()
    began = time.perf_counter()
    with Store(db) as store:
        if workers:
            from flashpoint.distributed import RunOptions, run

            progress = run(documents, RunOptions(workers=workers), store).progress
        else:
            progress = ingest(store, documents)
        print(f"{progress.coded} {progress.events} {progress.failures} {time.perf_counter() - began:.1f}")


def measure(corpus: str, scale: int, limit: int | None, workers: int | None) -> dict:
    """Run one child and sample its process tree's memory until it ends."""
    import psutil

    with tempfile.TemporaryDirectory() as folder:
        command = [sys.executable, __file__, "--child", "--corpus", corpus, "--scales", str(scale),
                   "--db", str(Path(folder) / "memory.db")]
        command += ["--limit", str(limit)] if limit else []
        command += ["--workers", str(workers)] if workers else []
        process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        main = psutil.Process(process.pid)
        peak_main, peak_worker = 0, 0
        while process.poll() is None:
            try:
                peak_main = max(peak_main, main.memory_info().rss)
                for worker in main.children(recursive=True):
                    peak_worker = max(peak_worker, _rss(worker))
            except psutil.NoSuchProcess:
                pass
            time.sleep(0.2)
        output = process.stdout.read().split() if process.stdout else []
    if process.returncode != 0 or len(output) < 4:
        sys.exit(f"error: the measured run failed (exit status {process.returncode})")
    coded, events, failures, seconds = int(output[-4]), int(output[-3]), int(output[-2]), float(output[-1])
    return {"corpus": corpus, "scale": f"{scale}x", "mode": f"{workers} workers" if workers else "1 process",
            "docs": coded, "events": events, "failed": failures, "seconds": seconds,
            "main_mb": peak_main / 2**20, "worker_mb": peak_worker / 2**20 if workers else None}


def _rss(process) -> int:
    import psutil

    try:
        return process.memory_info().rss
    except psutil.NoSuchProcess:
        return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=CORPORA, default="bbc")
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 4])
    parser.add_argument("--workers", type=int, help="measure a distributed run on a local cluster of N workers")
    parser.add_argument("--limit", type=int, help="documents of one copy of the corpus (default: all)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    require_shared([args.corpus])
    if args.child:
        child(args.corpus, args.scales[0], args.limit, args.workers, args.db)
        return 0
    print(f"machine: {os.cpu_count()} cores; sampling RSS every 0.2 s; goal: flat, under {GOAL_MB} MB per process",
          flush=True)
    columns = [("corpus", "corpus"), ("scale", "scale"), ("mode", "mode"), ("docs", "docs"), ("events", "events"),
               ("failed", "failed"), ("seconds", "seconds"), ("main_mb", "peak MB (main)"),
               ("worker_mb", "peak MB (each worker)")]
    rows = []
    for scale in args.scales:
        rows.append(measure(args.corpus, scale, args.limit, args.workers))
        print(f"measured: {table(rows[-1:], columns).splitlines()[-1]}", flush=True)  # long runs: show each
    print(table(rows, columns))
    peaks = [max(r["main_mb"], r["worker_mb"] or 0) for r in rows]
    growth = peaks[-1] / peaks[0] if peaks[0] else 0.0
    under = "met" if max(peaks) < GOAL_MB else "NOT met"
    print(f"largest process peak {max(peaks):,.0f} MB; {args.scales[-1]}x / {args.scales[0]}x = {growth:.2f} "
          f"({'flat' if growth < 1.1 else 'GROWS'}); under {GOAL_MB} MB: {under}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
