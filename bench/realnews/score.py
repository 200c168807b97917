"""Score the coder against the team's hand-coded real news (see README.md in this folder).

Usage:
    python bench/realnews/score.py --batch 1 [--details] [--json OUT.json]
    python bench/realnews/score.py --batch honest       # the batches never read (draw.HONEST), pooled: totals only
    python bench/realnews/score.py --batch 7 8 studied  # several batches pooled (`studied`: draw.STUDIED)

Every document of the batch is read from ../shared/eval (its length and SHA-1 must match the gold
file), coded with the pipeline, and scored at three levels:

- ``code``: both actors match (country, and the gold sector when it gives one) and the CAMEO code is
  one of the accepted codes;
- ``countries+root``: both actors' countries match and the code's root is an accepted root;
- ``root``: the code's root is an accepted root, whatever the actors.

A system event matches a gold event when it comes from the sentence holding the gold evidence phrase
and agrees at the level. Each level reports recall of required events, precision (system events
matching any gold event, required or optional), and F1. The totals add: duplicates (an event that
matches, at countries+root, only gold events another event already matched, or that restates an
event the gold marks ``restated``), non-events (an event matching no gold event at root level that
comes from a sentence with no gold event or hits a forbidden entry), events with no source, and a
reliability table: system events by confidence against their precision at countries+root.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import draw  # noqa: E402  (the sibling script: where the texts are and how the batches were drawn)

from flashpoint.evaluation import actor_matches, forbidden_matches  # noqa: E402
from flashpoint.ingest import make_document  # noqa: E402
from flashpoint.pipeline import Pipeline  # noqa: E402
from flashpoint.records import Actor, Event  # noqa: E402

HERE = Path(__file__).resolve().parent
LEVELS = ("code", "countries+root", "root")
BINS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)


def _country_only(gold: str | None) -> str | None:
    return gold[:3] if gold else gold


def _agrees(level: str, gold: dict[str, Any], event: Event) -> bool:
    roots = {code[:2] for code in gold["cameo"]}
    if level == "root":
        return event.cameo_root in roots
    if level == "code":
        return (actor_matches(gold.get("source"), event.source) and actor_matches(gold.get("target"), event.target)
                and event.cameo in gold["cameo"])
    return (actor_matches(_country_only(gold.get("source")), event.source)
            and actor_matches(_country_only(gold.get("target")), event.target) and event.cameo_root in roots)


def _norm(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"')
                    .replace("\u201d", '"').split()).lower()


def _from_sentence(phrase: str, event: Event) -> bool:
    return _norm(phrase) in _norm(event.evidence.sentence)


@dataclass
class Tally:
    required: int = 0
    found: int = 0
    system: int = 0
    matched: int = 0

    @property
    def recall(self) -> float:
        return self.found / self.required if self.required else 0.0

    @property
    def precision(self) -> float:
        return self.matched / self.system if self.system else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Tally) -> None:
        self.required += other.required
        self.found += other.found
        self.system += other.system
        self.matched += other.matched


@dataclass
class DocumentResult:
    gold: dict[str, Any]
    events: list[Event]
    tallies: dict[str, Tally]
    duplicates: list[Event] = field(default_factory=list)
    non_events: list[Event] = field(default_factory=list)
    missed: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    wrong: dict[str, list[Event]] = field(default_factory=dict)
    right_at: dict[int, bool] = field(default_factory=dict)  # id(event) -> right at countries+root


def score_document(gold: dict[str, Any], events: list[Event]) -> DocumentResult:
    golds = gold["events"]
    result = DocumentResult(gold, events, {})
    for level in LEVELS:
        tally = Tally(required=sum(1 for g in golds if g.get("required")), system=len(events))
        claimed: set[str] = set()
        wrong: list[Event] = []
        for event in events:
            hits = [g for g in golds if _from_sentence(g["evidence"], event) and _agrees(level, g, event)]
            if not hits:
                wrong.append(event)
                continue
            tally.matched += 1
            fresh = [g for g in hits if g["id"] not in claimed]
            if level == "countries+root":
                result.right_at[id(event)] = True
                if not fresh:
                    result.duplicates.append(event)
            best = sorted(fresh or hits, key=lambda g: not g.get("required"))[0]
            claimed.add(best["id"])
        tally.found = sum(1 for g in golds if g.get("required") and g["id"] in claimed)
        result.tallies[level] = tally
        result.missed[level] = [g for g in golds if g.get("required") and g["id"] not in claimed]
        result.wrong[level] = wrong
    for event in result.wrong["root"]:
        forbidden = [f for f in gold.get("forbidden", []) if forbidden_matches(f, event)]
        if any(f.get("why", "").startswith("restated") for f in forbidden):
            result.duplicates.append(event)
        elif forbidden or not any(_from_sentence(g["evidence"], event) for g in golds):
            result.non_events.append(event)
    return result


def load_batch(batch: int) -> list[tuple[dict[str, Any], str]]:
    """The batch's gold files with their texts, checked against the drawn records."""
    folder = HERE / f"batch{batch}"
    golds = sorted(folder.glob("*.gold.json"))
    if not golds:
        raise SystemExit(f"no gold files in {folder}")
    drawn = {record["id"]: record for _, record in draw.draw(batch)}
    out = []
    for path in golds:
        gold = json.loads(path.read_text(encoding="utf-8"))
        record = drawn.get(gold["id"])
        if record is None:
            raise SystemExit(f"{path.name}: record {gold['id']} is not in batch {batch}'s draw")
        text = record["text"]
        if len(text) != gold["length"] or hashlib.sha1(text.encode("utf-8")).hexdigest() != gold["sha1"]:
            raise SystemExit(f"{path.name}: the text of {gold['id']} in ../shared/eval has changed")
        out.append((gold, text))
    return out


def code_batch(pipeline: Pipeline, items: list[tuple[dict[str, Any], str]],
               min_confidence: float = 0.0) -> list[DocumentResult]:
    """Code and score each document, keeping the events an analyst filtering on ``min_confidence`` sees."""
    documents = [make_document(text, doc_id=gold["id"], source="realnews") for gold, text in items]
    return [score_document(gold, [e for e in coded.events if e.confidence >= min_confidence])
            for (gold, _), coded in zip(items, pipeline.code(documents))]


def _actor(actor: Actor | None) -> str:
    return actor.code if actor else "-"


def _line(event: Event) -> str:
    return (f"{event.cameo} {_actor(event.source)} -> {_actor(event.target)} [{event.evidence.trigger}] "
            f"conf {event.confidence:.2f}  {event.rule[:60]}")


def summary(results: list[DocumentResult]) -> dict[str, Any]:
    totals = {level: Tally() for level in LEVELS}
    by_set: dict[str, dict[str, Tally]] = defaultdict(lambda: {level: Tally() for level in LEVELS})
    for result in results:
        for level in LEVELS:
            totals[level].add(result.tallies[level])
            by_set[result.gold["set"]][level].add(result.tallies[level])
    events = [e for r in results for e in r.events]
    right = {id(e) for r in results for e in r.events if r.right_at.get(id(e))}
    bins = []
    for low, high in zip(BINS, BINS[1:]):
        inside = [e for e in events if low <= e.confidence < high]
        ok = sum(1 for e in inside if id(e) in right)
        bins.append({"confidence": f"{low:.1f}-{min(high, 1.0):.1f}", "events": len(inside), "right": ok,
                     "precision": round(ok / len(inside), 3) if inside else None})
    confident = [e for e in events if e.confidence >= 0.8]
    n = len(events) or 1

    def level_dict(tally: Tally) -> dict[str, Any]:
        return {"required": tally.required, "found": tally.found, "recall": round(tally.recall, 3),
                "system": tally.system, "matched": tally.matched, "precision": round(tally.precision, 3),
                "f1": round(tally.f1, 3)}

    return {
        "documents": len(results),
        "events": len(events),
        "levels": {level: level_dict(t) for level, t in totals.items()},
        "by_set": {name: {level: level_dict(t) for level, t in tallies.items()} for name, tallies in sorted(by_set.items())},
        "duplicates": sum(len(r.duplicates) for r in results),
        "duplicate_rate": round(sum(len(r.duplicates) for r in results) / n, 3),
        "non_events": sum(len(r.non_events) for r in results),
        "non_event_rate": round(sum(len(r.non_events) for r in results) / n, 3),
        "no_source": sum(1 for e in events if e.source is None),
        "no_source_rate": round(sum(1 for e in events if e.source is None) / n, 3),
        "confidence_at_least_0.8": {"events": len(confident), "right": sum(1 for e in confident if id(e) in right)},
        "reliability": bins,
    }


def batches(names: list[str]) -> list[int]:
    """Batch numbers from the command line: numbers, or ``honest`` / ``studied`` for draw's lists."""
    named = {"honest": draw.HONEST, "studied": draw.STUDIED}
    out: list[int] = []
    for name in names:
        if name in named:
            out.extend(named[name])
        elif name.isdigit():
            out.append(int(name))
        else:
            raise SystemExit(f"--batch {name}: give batch numbers, 'honest' or 'studied'")
    return sorted(set(out))


def print_summary(batch: str, data: dict[str, Any]) -> None:
    print(f"batch {batch}: {data['documents']} documents, {data['events']} system events")
    for level, d in data["levels"].items():
        print(f"  {level:15} recall {d['recall']:.3f} ({d['found']}/{d['required']})  "
              f"precision {d['precision']:.3f} ({d['matched']}/{d['system']})  F1 {d['f1']:.3f}")
    for name, levels in data["by_set"].items():
        cells = "  ".join(f"{lv} R {d['recall']:.2f} P {d['precision']:.2f}" for lv, d in levels.items())
        print(f"    {name:24} {cells}")
    print(f"  duplicates {data['duplicates']} ({data['duplicate_rate']:.1%})  non-events {data['non_events']} "
          f"({data['non_event_rate']:.1%})  no source {data['no_source']} ({data['no_source_rate']:.1%})")
    c = data["confidence_at_least_0.8"]
    share = c["right"] / c["events"] if c["events"] else 0.0
    print(f"  confidence >= 0.8: {c['right']}/{c['events']} right at countries+root ({share:.1%})")
    print("  reliability (confidence bin: right/events = precision at countries+root)")
    for row in data["reliability"]:
        p = "-" if row["precision"] is None else f"{row['precision']:.3f}"
        print(f"    {row['confidence']}: {row['right']}/{row['events']} = {p}")


def print_details(results: list[DocumentResult], show: Callable[[str], None] = print) -> None:
    for result in results:
        gold = result.gold
        show(f"\n== {gold['set']} {gold['id']}")
        for g in result.missed["countries+root"]:
            show(f"  MISSED {g['id']} {g['cameo'][0]} {g.get('source')} -> {g.get('target')} [{g['evidence']}]")
        for event in result.wrong["countries+root"]:
            tag = "NON-EVENT" if event in result.non_events else "WRONG"
            show(f"  {tag} {_line(event)}\n      in: {event.evidence.sentence[:160]}")
        for event in result.duplicates:
            show(f"  DUPLICATE {_line(event)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", nargs="+", required=True,
                        help="batch numbers, 'honest' or 'studied'; several are scored as one pool")
    parser.add_argument("--details", action="store_true", help="list misses, wrong events and duplicates per document")
    parser.add_argument("--json", type=Path, help="write the summary as JSON")
    parser.add_argument("--min-confidence", type=float, default=0.0,
                        help="score only the events at or above this confidence (what `--min-confidence` shows)")
    args = parser.parse_args()
    if not draw.EVAL.is_dir():
        raise SystemExit(f"{draw.EVAL} is absent: the real-news texts are read from ../shared/eval")
    chosen = batches(args.batch)
    items = [item for batch in chosen for item in load_batch(batch)]
    results = code_batch(Pipeline(), items, args.min_confidence)
    data = summary(results)
    if args.details:
        print_details(results)
        print()
    print_summary(" ".join(map(str, chosen)), data)
    if args.json:
        args.json.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
