"""A process's cold start: one plain-process ingest with and without the prebuilt tag-rules table.

Run:  python bench/coldstart.py [--corpus bbc] [--limit 300 600] [--rounds 3] [--batch-size 32]

Every run is a new process (the tag-rules table lives as long as its process), which loads the
pipeline and codes one sentence (not timed), then ingests the corpus into a temporary store, as
``bench/workers.py``'s plain process does, and reports its CPU time. ``FLASHPOINT_TAGTABLE=off``
starts the table empty (it learns every key from spaCy's components, as before the prebuilt
table); ``on`` starts it from ``data/language/tagtable.tsv.gz``. The two sides alternate, the
order changing every round. Each run also hashes every event record the store holds (all fields,
sorted): the two sides must store the same events, and the script exits 1 if they do not.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpora import CORPORA, Corpus, require_shared

SIDES = ("off", "on")


def child(corpus: Corpus, batch_size: int) -> dict:
    from flashpoint.pipeline import Pipeline
    from flashpoint.runner import ingest
    from flashpoint.store import Store

    began = time.process_time()
    pipeline = Pipeline()
    pipeline.code_text("Pakistan closed its airspace to Indian airlines.", published="2025-04-24")
    load = time.process_time() - began
    rules = pipeline.nlp.get_pipe("flashpoint_tag_rules")
    prebuilt = 0 if rules.prebuilt is None else len(rules.prebuilt[0])
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "cold.db") as store:
        began = time.process_time()
        progress = ingest(store, corpus.documents(), pipeline=pipeline, batch_size=batch_size)
        cpu = time.process_time() - began
        records = sorted(json.dumps(event.to_dict(), sort_keys=True, default=str) for event in store.events())
    digest = hashlib.sha256("\n".join(records).encode()).hexdigest()
    return {"docs": progress.coded, "events": len(records), "digest": digest, "cpu": cpu, "load": load,
            "prebuilt": prebuilt, "keys": len(rules.table), "emptied": rules.emptied}


def run(side: str, corpus: Corpus, batch_size: int) -> dict:
    command = [sys.executable, __file__, "--child", "--corpus", corpus.name, "--batch-size", str(batch_size)] + (
        ["--limit", str(corpus.limit)] if corpus.limit else [])
    done = subprocess.run(command, capture_output=True, text=True, check=True,
                          env={**os.environ, "FLASHPOINT_TAGTABLE": side})
    return json.loads(done.stdout.strip().splitlines()[-1])


def spread(values: list[float]) -> str:
    return f"{min(values):.2f} / {statistics.median(values):.2f} / {max(values):.2f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=CORPORA, default="bbc")
    parser.add_argument("--limit", type=int, nargs="+", default=[300, 600])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(Corpus(args.corpus, limit=args.limit[0]), args.batch_size)))
        return 0
    require_shared([args.corpus])
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start", flush=True)
    differ = False
    for limit in args.limit:
        corpus = Corpus(args.corpus, limit=limit)
        results: dict[str, list[dict]] = {side: [] for side in SIDES}
        for number in range(args.rounds):
            for side in (SIDES if number % 2 == 0 else SIDES[::-1]):
                result = run(side, corpus, args.batch_size)
                results[side].append(result)
                print(f"{corpus.name} {limit} round {number + 1} table {side}: CPU {result['cpu']:.2f} s, "
                      f"load {result['load']:.2f} s, {result['docs']} docs, {result['events']} events, "
                      f"prebuilt {result['prebuilt']:,}, keys at the end {result['keys']:,}, "
                      f"load average {os.getloadavg()[0]:.1f}", flush=True)
        off, on = ([r["cpu"] for r in results[side]] for side in SIDES)
        digests = {r["digest"] for side in SIDES for r in results[side]}
        differ = differ or len(digests) > 1
        print(f"\n{corpus.name}, first {limit}: CPU s min / median / max, without the prebuilt table "
              f"{spread(off)}; with it {spread(on)}; without / with, round by round "
              f"{spread([a / b for a, b in zip(off, on)])}; load (pipeline start) without "
              f"{spread([r['load'] for r in results['off']])}, with {spread([r['load'] for r in results['on']])}; "
              f"events {'identical' if len(digests) == 1 else 'DIFFER'} ({results['on'][0]['events']} events, "
              f"sha256 {sorted(digests)[0][:12]})\n", flush=True)
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
