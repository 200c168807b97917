"""Bulk storing speed: synthetic coded events into a fresh store, storing only (no coding).

Run: python bench/store_bench.py [--events 200000] [--batch 1000] [--per-doc 10]

Builds CodedDocuments with synthetic events first (not timed), then times Store.add over
batches (each batch one transaction, as `flashpoint ingest` does), then the merge refresh of the
touched groups, and prints a table with events/s. The target is at least 20,000 events/s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

import flashpoint.analysis  # noqa: F401 - registers the alerts merging keeps, as in an ingest
from flashpoint.records import Actor, CodedDocument, Document, Event, EventDate, Evidence, Place
from flashpoint.store import Store

COUNTRIES = ["IND", "PAK", "USA", "CHN", "RUS", "UKR", "ISR", "IRN", "TUR", "SYR", "AFG", "GBR", "FRA", "DEU",
             "JPN", "KOR", "PRK", "SAU", "EGY", "NGA"]
SECTORS = [None, "GOV", "MIL", "REB", "CVL", "BUS"]
CODES = [("010", 1, 0.0, "MAKE STATEMENT"), ("036", 1, 4.0, "CONSULT"), ("042", 1, 1.9, "CONSULT"),
         ("057", 1, 8.0, "AGREE"), ("070", 2, 7.0, "AID"), ("112", 3, -2.0, "ACCUSE"),
         ("130", 3, -4.4, "THREATEN"), ("141", 3, -6.5, "PROTEST"), ("163", 4, -8.0, "SANCTION"),
         ("173", 4, -5.0, "COERCE"), ("190", 4, -10.0, "ASSAULT"), ("193", 4, -10.0, "ASSAULT")]


def actor(rng: random.Random, start: int) -> Actor:
    country, sector = rng.choice(COUNTRIES), rng.choice(SECTORS)
    return Actor(code=country + (sector or ""), text=f"{country} {sector or ''}".strip(), span=(start, start + 7),
                 country=country, sector=sector, rule="bench")


def event(rng: random.Random, doc_id: str, index: int, day: dt.date) -> Event:
    code, quad, goldstein, plover = rng.choice(CODES)
    sentence = f"Sentence {index} of {doc_id}: one actor did something to another near a place."
    place = None
    if rng.random() < 0.5:
        place = Place(name="Somewhere", country=rng.choice(COUNTRIES), lat=rng.uniform(-60, 60),
                      lon=rng.uniform(-180, 180), feature="city")
    return Event(
        doc_id=doc_id, source=actor(rng, 0), target=actor(rng, 20) if rng.random() < 0.8 else None,
        cameo=code, cameo_root=code[:2], cameo_name="bench", goldstein=goldstein, quad_class=quad,
        plover_type=plover, plover_mode=None, modality="asserted",
        evidence=Evidence(index, sentence, index * 100, index * 100 + len(sentence), "did", (10 + index, 13 + index)),
        confidence=round(rng.uniform(0.4, 0.95), 2), rule="bench",
        date=EventDate(day + dt.timedelta(days=rng.randint(-1, 0)), "day", None, "report"), location=place,
    )


def synthetic(n_events: int, per_doc: int, seed: int = 7) -> list[CodedDocument]:
    rng = random.Random(seed)
    docs = []
    start = dt.date(2024, 1, 1)
    for number in range((n_events + per_doc - 1) // per_doc):
        doc_id = f"bench-{number}"
        day = start + dt.timedelta(days=rng.randint(0, 364))
        text = f"Synthetic report {number} from {day.isoformat()}."
        document = Document(doc_id=doc_id, text=text, source="bench", outlet=f"outlet-{number % 50}",
                            published=day, report_date=day, date_origin="published")
        docs.append(CodedDocument(document, [event(rng, doc_id, i, day) for i in range(per_doc)]))
    return docs


def run(n_events: int, batch_docs: int, per_doc: int) -> dict[str, float]:
    """Store ``n_events`` in transactions of ``batch_docs`` documents, then merge; time both.
    events/s is wall-clock; cpu ev/s is this process's CPU time (steadier on a shared machine)."""
    docs = synthetic(n_events, per_doc)
    with tempfile.TemporaryDirectory() as folder:
        with Store(Path(folder) / "bench.db") as store:
            began, cpu = time.perf_counter(), time.process_time()
            stored = 0
            for i in range(0, len(docs), batch_docs):
                stored += store.add(docs[i:i + batch_docs])[1]
            store_seconds = time.perf_counter() - began
            cpu_seconds = time.process_time() - cpu
            began = time.perf_counter()
            groups = store.refresh_merges()
            merge_seconds = time.perf_counter() - began
            merged = store.counts().merged
    return {"events": stored, "batch_events": batch_docs * per_doc, "store_s": store_seconds,
            "store_rate": stored / store_seconds, "cpu_rate": stored / cpu_seconds, "groups": groups, "merged": merged,
            "merge_s": merge_seconds, "merge_rate": stored / merge_seconds}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--batch", type=int, nargs="*", default=[1000, 10000],
                        help="events per transaction (one or more)")
    parser.add_argument("--per-doc", type=int, default=10)
    args = parser.parse_args(argv)
    print(f"{'events':>9} {'events/txn':>10} {'store s':>8} {'events/s':>10} {'cpu ev/s':>10} "
          f"{'groups':>7} {'merged':>8} "
          f"{'merge s':>8} {'merged ev/s':>11}")
    worst = float("inf")
    for batch in args.batch:
        result = run(args.events, max(1, batch // args.per_doc), args.per_doc)
        worst = min(worst, result["store_rate"])
        print(f"{result['events']:>9} {result['batch_events']:>10} {result['store_s']:>8.2f} "
              f"{result['store_rate']:>10,.0f} {result['cpu_rate']:>10,.0f} "
              f"{result['groups']:>7} {result['merged']:>8} "
              f"{result['merge_s']:>8.2f} {result['merge_rate']:>11,.0f}")
    print(f"target 20,000 events/s: {'met' if worst >= 20_000 else 'NOT met'} (slowest {worst:,.0f} events/s)")
    return 0 if worst >= 20_000 else 1


if __name__ == "__main__":
    sys.exit(main())
