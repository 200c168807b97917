"""glibc's malloc thresholds on and off (flashpoint.language.memory): the parse's CPU time, page
faults and peak memory, each side in its own processes, alternating.

Run:  python bench/malloc.py [--corpus bbc glocon] [--limit 300] [--runs 3] [--passes 2] [--thread]

``mallopt`` is process-wide and cannot be undone (it also switches glibc's sliding mmap threshold
off for good), so the two sides cannot share a process: each run starts a child with
``FLASHPOINT_MALLOC=on`` and one with ``off`` (the order alternating from run to run, so drifting
machine load weighs on both), and each child parses every corpus ``--passes`` times with
Flashpoint's pipeline (``nlp.pipe``, batches of 32, each Doc dropped at once, as an ingest does)
and reports, per pass, its CPU time (user and system), its minor page faults (a fresh page the
kernel maps and zeroes), and at the end its peak resident memory. The first pass also fills the
tag-rules table, so the later passes are the steady state of a long run. CPU time is the measure
on a shared machine (the work is single-threaded); min / median / max over the runs.
``--thread`` parses in a thread other than the main one, as a Dask worker codes its partitions
(glibc gives such a thread its own arena, which trims and maps differently from the main heap).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import threading
import time

from corpora import CORPORA, Corpus, require_shared, table, words


def child(corpora: list[str], limit: int | None, passes: int, batch_size: int, thread: bool) -> None:
    """One side: parse each corpus ``passes`` times; one JSON line per pass, then the peak."""
    from flashpoint.language import memory
    from flashpoint.pipeline import Pipeline

    pipeline = Pipeline()
    pipeline.code_text("Pakistan closed its airspace to Indian airlines.", published="2025-04-24")
    if thread:
        worker = threading.Thread(target=parse, args=(pipeline, corpora, limit, passes, batch_size))
        worker.start()
        worker.join()
    else:
        parse(pipeline, corpora, limit, passes, batch_size)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux
    print(json.dumps({"state": memory.state, "peak_mb": peak}), flush=True)


def parse(pipeline, corpora: list[str], limit: int | None, passes: int, batch_size: int) -> None:
    """Parse each corpus ``passes`` times, printing each pass's CPU time and page faults."""
    for name in corpora:
        texts = [d.text for d in Corpus(name, limit=limit).documents()]
        for number in range(passes):
            before, cpu = resource.getrusage(resource.RUSAGE_SELF), time.process_time()
            for _ in pipeline.nlp.pipe(texts, batch_size=batch_size):
                pass
            after = resource.getrusage(resource.RUSAGE_SELF)
            print(json.dumps({"corpus": name, "pass": number, "cpu": time.process_time() - cpu,
                              "user": after.ru_utime - before.ru_utime, "sys": after.ru_stime - before.ru_stime,
                              "faults": after.ru_minflt - before.ru_minflt, "docs": len(texts),
                              "words": sum(words(t) for t in texts)}), flush=True)


def side(setting: str, args: argparse.Namespace) -> list[dict]:
    command = [sys.executable, __file__, "--child", "--corpus", *args.corpus, "--passes", str(args.passes),
               "--batch-size", str(args.batch_size)] + (["--limit", str(args.limit)] if args.limit else [])
    command += ["--thread"] if args.thread else []
    done = subprocess.run(command, env={**os.environ, "FLASHPOINT_MALLOC": setting}, capture_output=True,
                          text=True, check=True)
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


def _spread(values: list[float], fmt: str) -> str:
    return f"{format(statistics.median(values), fmt)} ({format(min(values), fmt)}-{format(max(values), fmt)})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", nargs="+", choices=CORPORA, default=["bbc", "glocon"])
    parser.add_argument("--limit", type=int, default=300, help="documents of each corpus (default 300)")
    parser.add_argument("--runs", type=int, default=3, help="processes per side (default 3)")
    parser.add_argument("--passes", type=int, default=2, help="parses of each corpus per process (default 2)")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--thread", action="store_true", help="parse in another thread than the main one")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    require_shared(args.corpus)
    if args.child:
        child(args.corpus, args.limit, args.passes, args.batch_size, args.thread)
        return 0
    print(f"parsing in {'a second thread' if args.thread else 'the main thread'}", flush=True)
    results: dict[str, list[list[dict]]] = {"on": [], "off": []}
    for run in range(args.runs):
        for setting in (("off", "on") if run % 2 == 0 else ("on", "off")):
            load = os.getloadavg()[0]
            results[setting].append(side(setting, args))
            peak = results[setting][-1][-1]
            print(f"run {run + 1} {setting:3s} ({peak['state']}): load {load:.1f}, peak {peak['peak_mb']:.0f} MB, "
                  + ", ".join(f"{r['corpus']}#{r['pass']} {r['cpu']:.2f} s" for r in results[setting][-1][:-1]),
                  flush=True)
    rows = []
    for name in args.corpus:
        for number in range(args.passes):
            row = {"corpus": name, "pass": number + 1}
            for setting in ("off", "on"):
                passes = [r for runs in results[setting] for r in runs if r.get("corpus") == name
                          and r["pass"] == number]
                row[f"{setting}_cpu"] = _spread([r["cpu"] for r in passes], ".2f")
                row[f"{setting}_sys"] = _spread([r["sys"] for r in passes], ".2f")
                row[f"{setting}_faults"] = _spread([r["faults"] / 1000 for r in passes], ",.0f")
                row[f"{setting}_wps"] = _spread([r["words"] / r["cpu"] for r in passes], ",.0f")
            on = statistics.median(r["cpu"] for runs in results["on"] for r in runs
                                   if r.get("corpus") == name and r["pass"] == number)
            off = statistics.median(r["cpu"] for runs in results["off"] for r in runs
                                    if r.get("corpus") == name and r["pass"] == number)
            row["gain"] = f"{off / on:.2f}x"
            rows.append(row)
    print("\nCPU seconds of the parse, median (min-max) over the runs; page faults in thousands")
    print(table(rows, [("corpus", "corpus"), ("pass", "pass"), ("off_cpu", "CPU s off"), ("on_cpu", "CPU s on"),
                       ("gain", "off / on"), ("off_sys", "system s off"), ("on_sys", "system s on"),
                       ("off_faults", "faults off"), ("on_faults", "faults on"),
                       ("off_wps", "words/s off"), ("on_wps", "words/s on")]))
    peaks = {s: [runs[-1]["peak_mb"] for runs in results[s]] for s in results}
    print(f"\npeak RSS: off {_spread(peaks['off'], ',.0f')} MB, on {_spread(peaks['on'], ',.0f')} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
