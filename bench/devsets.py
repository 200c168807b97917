"""Score Flashpoint on the development sets in ../shared/eval with the metric each one's README names.

Usage:
    python bench/devsets.py cameo_class [--limit N]
    python bench/devsets.py ngec [--limit N]
    python bench/devsets.py cameo_ner [--limit N]
    python bench/devsets.py case2021
    python bench/devsets.py ipe_sents [--limit N]
    python bench/devsets.py all [--json results.json]

Each set prints its counts with the ratios. The sets are read in place (never copied into the
repository); the script exits with a message when ../shared/eval is absent.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from flashpoint.ingest import make_document
from flashpoint.pipeline import Pipeline
from flashpoint.records import CodedDocument, Event

EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
QUAD5 = ["NEUTRAL_STATEMENT_APPEAL", "VERBAL_COOPERATION", "MATERIAL_COOPERATION", "VERBAL_CONFLICT", "MATERIAL_CONFLICT"]


def read(name: str, limit: int | None = None) -> list[dict[str, Any]]:
    path = EVAL / name
    opener = gzip.open if name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    return records[:limit] if limit else records


def code_all(pipeline: Pipeline, records: list[dict[str, Any]]) -> Iterator[tuple[dict[str, Any], CodedDocument]]:
    documents = [make_document(r["text"], doc_id=str(r["id"]), source="dev") for r in records]
    yield from zip(records, pipeline.code(documents))


def top_event(events: list[Event]) -> Event | None:
    """The event the README scores: the highest-confidence one (earliest on ties)."""
    return max(events, key=lambda e: e.confidence) if events else None


def class_of_root(root: str) -> str:
    n = int(root)
    if n <= 2:
        return QUAD5[0]
    return QUAD5[1] if n <= 5 else QUAD5[2] if n <= 8 else QUAD5[3] if n <= 13 else QUAD5[4]


def f1_table(gold: list[str], pred: list[str], labels: list[str]) -> tuple[dict[str, dict[str, float]], float]:
    per: dict[str, dict[str, float]] = {}
    for label in labels:
        tp = sum(1 for g, p in zip(gold, pred) if g == label and p == label)
        fp = sum(1 for g, p in zip(gold, pred) if g != label and p == label)
        fn = sum(1 for g, p in zip(gold, pred) if g == label and p != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per[label] = {"tp": tp, "fp": fp, "fn": fn, "p": precision, "r": recall, "f1": f1}
    return per, sum(v["f1"] for v in per.values()) / len(labels)


def print_confusion(gold: list[str], pred: list[str], labels: list[str], short: dict[str, str] | None = None) -> None:
    short = short or {label: label[:8] for label in labels}
    cols = labels + ([x for x in sorted(set(pred)) if x not in labels])
    print("gold \\ pred".ljust(14) + "".join(short.get(c, c[:8]).rjust(10) for c in cols))
    counts = Counter(zip(gold, pred))
    for g in labels:
        print(short.get(g, g[:8]).ljust(14) + "".join(str(counts[(g, c)]).rjust(10) for c in cols))


# -- conflibert_cameo_class: quad class of the main event ------------------------------------


def cameo_class(pipeline: Pipeline, limit: int | None) -> dict[str, Any]:
    records = read("conflibert_cameo_class.jsonl", limit)
    gold, pred_neutral, pred_error = [], [], []
    no_event = 0
    for record, coded in code_all(pipeline, records):
        top = top_event(coded.events)
        gold.append(record["labels"]["class"])
        if top is None:
            no_event += 1
            pred_neutral.append(QUAD5[0])
            pred_error.append("NO_EVENT")
        else:
            label = class_of_root(top.cameo_root)
            pred_neutral.append(label)
            pred_error.append(label)
    n = len(gold)
    per, macro = f1_table(gold, pred_neutral, QUAD5)
    _, macro_strict = f1_table(gold, pred_error, QUAD5)
    accuracy = sum(g == p for g, p in zip(gold, pred_neutral)) / n
    accuracy_strict = sum(g == p for g, p in zip(gold, pred_error)) / n
    print(f"conflibert_cameo_class: {n} sentences")
    print(f"  no event counts as neutral (issue 4): accuracy {accuracy:.3f}  macro-F1 {macro:.3f}")
    print(f"  no event counts as an error (README): accuracy {accuracy_strict:.3f}  macro-F1 {macro_strict:.3f}")
    print(f"  no-event rate {no_event / n:.3f} ({no_event})")
    for label, v in per.items():
        print(f"  {label:<26} P {v['p']:.3f} R {v['r']:.3f} F1 {v['f1']:.3f} (tp {v['tp']} fp {v['fp']} fn {v['fn']})")
    print_confusion(gold, pred_error, QUAD5, {q: q.split("_")[0][:4] + "_" + q.split("_")[1][:4] for q in QUAD5})
    return {"records": n, "accuracy": accuracy, "macro_f1": macro, "accuracy_no_event_is_error": accuracy_strict,
            "macro_f1_no_event_is_error": macro_strict, "no_event_rate": no_event / n}


# -- ngec synthetic: PLOVER type of the main event -------------------------------------------


def ngec(pipeline: Pipeline, limit: int | None) -> dict[str, Any]:
    records = read("ngec_synthetic.jsonl.gz", limit)
    gold, pred, any_hits = [], [], 0
    no_event = 0
    for record, coded in code_all(pipeline, records):
        label = record["labels"]["event_type"]
        events = [e for e in coded.events if e.plover_type]
        top = top_event(events)
        gold.append(label)
        pred.append(top.plover_type if top else "NO_EVENT")
        no_event += top is None
        any_hits += any(e.plover_type == label for e in events)
    labels = sorted(set(gold))
    per, macro = f1_table(gold, pred, labels)
    n = len(gold)
    accuracy = sum(g == p for g, p in zip(gold, pred)) / n
    print(f"ngec_synthetic (smoke test only, synthetic pseudo-labels): {n} stories")
    print(f"  PLOVER type accuracy {accuracy:.3f}  macro-F1 {macro:.3f}  any-match {any_hits / n:.3f}  "
          f"no-event rate {no_event / n:.3f}")
    for label, v in per.items():
        print(f"  {label:<10} P {v['p']:.3f} R {v['r']:.3f} F1 {v['f1']:.3f} (tp {v['tp']} fp {v['fp']} fn {v['fn']})")
    return {"records": n, "accuracy": accuracy, "macro_f1": macro, "any_match": any_hits / n, "no_event_rate": no_event / n}


# -- conflibert_cameo_ner: actor role spans --------------------------------------------------

_DETERMINERS = re.compile(r"^(the|a|an)\s+")


def normalise_span(text: str) -> str:
    text = " ".join(text.lower().split())
    text = _DETERMINERS.sub("", text)
    text = re.sub(r"\s*(?:'s|\u2019s|'|\u2019)$", "", text)
    return text.strip(" .,;:!?\"'()[]")


def token_offsets(tokens: list[str]) -> list[tuple[int, int]]:
    offsets, position = [], 0
    for token in tokens:
        offsets.append((position, position + len(token)))
        position += len(token) + 1
    return offsets


def char_to_tokens(span: tuple[int, int], offsets: list[tuple[int, int]]) -> tuple[int, int] | None:
    inside = [i for i, (a, b) in enumerate(offsets) if a < span[1] and b > span[0]]
    return (inside[0], inside[-1] + 1) if inside else None


def head_index(tokens: list[str], start: int, end: int) -> int:
    """README fallback head: the last token before the first preposition, comma, relative pronoun or participle."""
    stops = {"of", "in", "on", "at", "for", "from", "with", "by", "to", ",", "who", "which", "that", "whose"}
    for i in range(start, end):
        word = tokens[i].lower()
        if i > start and (word in stops or (word.endswith("ing") and i > start + 1)):
            return i - 1
    last = end - 1
    while last > start and tokens[last] in ("'s", "\u2019s", "'", ".", ",", "\u2019"):
        last -= 1
    return last


def cameo_ner(pipeline: Pipeline, limit: int | None, main_only: bool = True) -> dict[str, Any]:
    """Actor spans of each sentence's main (highest-confidence) event, as the gold annotates one
    event per sentence; ``main_only=False`` scores the actors of every event instead."""
    records = read("conflibert_cameo_ner.jsonl", limit)
    tallies = {name: Counter() for name in ("exact", "head", "containment", "role_free_exact")}
    for record, coded in code_all(pipeline, records):
        tokens = record["tokens"]
        offsets = token_offsets(tokens)
        gold = [(s["type"], s["start"], s["end"]) for s in record["labels"]["spans"]]
        predicted: list[tuple[str, int, int]] = []
        top = top_event(coded.events)
        chosen = coded.events if not main_only else ([e for e in coded.events if e.evidence.trigger_span == top.evidence.trigger_span] if top else [])
        for event in chosen:
            for role, actor in (("SOURCE", event.source), ("TARGET", event.target)):
                if actor is None or actor.span == (0, 0):
                    continue
                span = char_to_tokens(actor.span, offsets)
                if span and (role, *span) not in predicted:
                    predicted.append((role, *span))
        for variant, tally in tallies.items():
            remaining = list(gold)
            for role, start, end in predicted:
                match = None
                for g in remaining:
                    g_role, g_start, g_end = g
                    role_ok = variant == "role_free_exact" or role == g_role or g_role == "RECIPROCAL"
                    if not role_ok:
                        continue
                    text_p = normalise_span(" ".join(tokens[start:end]))
                    text_g = normalise_span(" ".join(tokens[g_start:g_end]))
                    if variant in ("exact", "role_free_exact"):
                        ok = text_p == text_g
                    elif variant == "head":
                        h = head_index(tokens, g_start, g_end)
                        ok = start <= h < end and start < g_end and g_start < end
                    else:  # containment: gold inside predicted, or the head rule
                        h = head_index(tokens, g_start, g_end)
                        ok = (start <= g_start and g_end <= end) or (start <= h < end and start < g_end and g_start < end)
                    if ok:
                        match = g
                        break
                if match:
                    remaining.remove(match)
                    tally["tp"] += 1
                else:
                    tally["fp"] += 1
            tally["fn"] += len(remaining)
    result = {}
    print(f"conflibert_cameo_ner: {len(records)} sentences (SOURCE/TARGET spans of the "
          f"{'main event' if main_only else 'every event'}; RECIPROCAL gold accepts either role)")
    for variant, t in tallies.items():
        p = t["tp"] / (t["tp"] + t["fp"]) if t["tp"] + t["fp"] else 0.0
        r = t["tp"] / (t["tp"] + t["fn"]) if t["tp"] + t["fn"] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(f"  {variant:<16} P {p:.3f} R {r:.3f} F1 {f:.3f} (tp {t['tp']} fp {t['fp']} fn {t['fn']})")
        result[variant] = {"p": p, "r": r, "f1": f, **t}
    return result


# -- case2021 task 2: coarse PLOVER type -----------------------------------------------------


def case2021(pipeline: Pipeline, limit: int | None) -> dict[str, Any]:
    records = read("case2021_task2.jsonl", limit)
    typed = total_typed = mode_ok = total_mode = 0
    false_events = total_none = 0
    for record, coded in code_all(pipeline, records):
        suggestion = record.get("suggested_plover") or {}
        events = [e for e in coded.events if e.plover_type]
        top = top_event(events)
        if suggestion.get("event_type"):
            total_typed += 1
            typed += bool(top and top.plover_type == suggestion["event_type"])
            if suggestion.get("mode"):
                total_mode += 1
                mode_ok += bool(top and top.plover_mode == suggestion["mode"])
        else:
            total_none += 1
            false_events += bool(events)
    print(f"case2021_task2: {len(records)} snippets")
    print(f"  coarse PLOVER accuracy {typed / max(total_typed, 1):.3f} ({typed}/{total_typed})")
    print(f"  mode accuracy {mode_ok / max(total_mode, 1):.3f} ({mode_ok}/{total_mode})")
    print(f"  false-event rate on non-political snippets {false_events / max(total_none, 1):.3f} ({false_events}/{total_none})")
    return {"coarse_accuracy": typed / max(total_typed, 1), "mode_accuracy": mode_ok / max(total_mode, 1),
            "false_event_rate": false_events / max(total_none, 1)}


# -- IndiaPoliceEvents, sentences --------------------------------------------------------------

_KILL = {"kill", "shoot", "gun", "slay", "murder"}


def police_answers(events: list[Event]) -> set[str]:
    answers: set[str] = set()
    for event in events:
        if not event.source or event.source.sector != "COP":
            continue
        answers.add("ANY_ACTION")
        if event.cameo.startswith("173") or event.plover_mode == "arrest":
            answers.add("ARREST")
        if event.plover_type == "ASSAULT" or event.cameo.startswith(("175", "18", "19", "20")):
            answers.add("FORCE")
            trigger = event.evidence.trigger.lower()
            if any(k in trigger for k in _KILL) or event.cameo in ("186", "1823", "200", "202"):
                answers.add("KILL")
    return answers


def ipe_sents(pipeline: Pipeline, limit: int | None) -> dict[str, Any]:
    records = read("conflibert_ipe_sents.jsonl.gz", limit)
    questions = ["KILL", "ARREST", "FAIL", "FORCE", "ANY_ACTION"]
    tally = {q: Counter() for q in questions}
    for record, coded in code_all(pipeline, records):
        gold = set(record["labels"]["event_types"])
        pred = police_answers(coded.events)
        for q in questions:
            tally[q]["tp" if q in gold and q in pred else "fp" if q in pred else "fn" if q in gold else "tn"] += 1
    print(f"conflibert_ipe_sents: {len(records)} sentences (police as source actor)")
    f1s = []
    out = {}
    for q in questions:
        t = tally[q]
        p = t["tp"] / (t["tp"] + t["fp"]) if t["tp"] + t["fp"] else 0.0
        r = t["tp"] / (t["tp"] + t["fn"]) if t["tp"] + t["fn"] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        f1s.append(f)
        out[q] = {"p": p, "r": r, "f1": f}
        print(f"  {q:<10} P {p:.3f} R {r:.3f} F1 {f:.3f} (tp {t['tp']} fp {t['fp']} fn {t['fn']})")
    print(f"  macro-F1 {sum(f1s) / len(f1s):.3f}")
    out["macro_f1"] = sum(f1s) / len(f1s)
    return out


def cameo_ner_all(pipeline: Pipeline, limit: int | None) -> dict[str, Any]:
    return cameo_ner(pipeline, limit, main_only=False)


SETS = {"cameo_ner_all": cameo_ner_all, "cameo_class": cameo_class, "ngec": ngec, "cameo_ner": cameo_ner, "case2021": case2021, "ipe_sents": ipe_sents}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("set", choices=[*SETS, "all"])
    parser.add_argument("--limit", type=int, help="score only the first N records")
    parser.add_argument("--json", type=Path, help="also write the results as JSON")
    args = parser.parse_args()
    if not EVAL.is_dir():
        sys.exit(f"{EVAL} is not present: the development sets live next to the checkout in ../shared/eval")
    pipeline = Pipeline()
    results = {}
    for name in SETS if args.set == "all" else [args.set]:
        started = time.perf_counter()
        results[name] = SETS[name](pipeline, args.limit)
        print(f"  ({time.perf_counter() - started:.1f} s)\n")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
