"""Scoring the coder against hand coding: document gold (``*.gold.json``) and sentence gold (JSON Lines).

Document gold (DESIGN.md): a system event matches a gold event when it comes from the sentence
holding the gold evidence phrase, its actors match (the country must match; a gold sector, when
given, must match too; gold ``---`` means an unknown country) and its CAMEO code is one of the
accepted codes. Recall counts required events (each gold event matched at most once); precision
counts system events that match any gold event; forbidden hits are listed one by one.

Sentence gold: micro precision/recall/F1 over exact (source, target, code) triples, plus relaxed
variants (code root only; actors by country only), each gold triple matched at most once.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flashpoint.records import Actor, Event


@dataclass(slots=True)
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {
            "tp": self.tp, "fp": self.fp, "fn": self.fn,
            "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
        }


def actor_matches(gold: str | None, actor: Actor | None) -> bool:
    """Gold ``USAGOV`` needs country USA and sector GOV; ``USA`` any USA actor; ``---`` an unknown one."""
    if gold is None:
        return True
    country, sector = gold[:3], gold[3:6]
    if actor is None:
        return country == "---" and not sector
    system_country = (actor.code[:3] if actor.code else None) or "---"
    if country == "---":
        if system_country not in ("---",) and actor.country:
            return False
    elif system_country != country:
        return False
    if sector:
        return (actor.sector or actor.code[3:6]) == sector
    return True


# -- document gold -------------------------------------------------------------------------------


@dataclass(slots=True)
class DocumentScore:
    document: str
    required: int
    found_required: list[str]
    missed: list[dict[str, Any]]
    system: int
    matched_system: int
    spurious: list[Event]
    forbidden_hits: list[tuple[dict[str, Any], Event]]
    matches: dict[str, list[str]] = field(default_factory=dict)  # gold id -> event ids
    optional_found: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return len(self.found_required) / self.required if self.required else 0.0

    @property
    def precision(self) -> float:
        return self.matched_system / self.system if self.system else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "required": self.required,
            "required_found": len(self.found_required),
            "optional_found": len(self.optional_found),
            "recall": round(self.recall, 4),
            "system_events": self.system,
            "system_matching_gold": self.matched_system,
            "precision": round(self.precision, 4),
            "f1": round(self.f1, 4),
            "missed": [{"id": g["id"], "evidence": g["evidence"], "source": g.get("source"),
                        "target": g.get("target"), "cameo": g["cameo"]} for g in self.missed],
            "spurious": [_event_summary(e) for e in self.spurious],
            "forbidden_hits": [{"forbidden": f, "event": _event_summary(e)} for f, e in self.forbidden_hits],
            "matches": self.matches,
        }


def _event_summary(event: Event) -> dict[str, Any]:
    return {
        "event_id": event.event_id,
        "cameo": event.cameo,
        "source": event.source.code if event.source else None,
        "target": event.target.code if event.target else None,
        "trigger": event.evidence.trigger,
        "sentence": event.evidence.sentence,
        "rule": event.rule,
    }


def _in_sentence(phrase: str, event: Event) -> bool:
    return _norm(phrase) in _norm(event.evidence.sentence)


def _norm(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"').split())


def gold_matches(gold: dict[str, Any], event: Event) -> bool:
    return (
        _in_sentence(gold["evidence"], event)
        and actor_matches(gold.get("source"), event.source)
        and actor_matches(gold.get("target"), event.target)
        and event.cameo in gold["cameo"]
    )


def forbidden_matches(rule: dict[str, Any], event: Event) -> bool:
    if not _in_sentence(rule["evidence"], event):
        return False
    if rule.get("source") and not actor_matches(rule["source"][:3], event.source):
        return False
    if rule.get("target") and not actor_matches(rule["target"][:3], event.target):
        return False
    root = rule.get("cameo_root")
    return not root or event.cameo_root == root


def score_document(gold: dict[str, Any], events: list[Event]) -> DocumentScore:
    golds = gold["events"]
    matches: dict[str, list[str]] = {g["id"]: [] for g in golds}
    matched_system = 0
    spurious: list[Event] = []
    for event in events:
        hits = [g for g in golds if gold_matches(g, event)]
        if hits:
            matched_system += 1
            # credit the best (required, then fewest matches so far) gold event
            best = sorted(hits, key=lambda g: (not g.get("required"), len(matches[g["id"]])))[0]
            matches[best["id"]].append(event.event_id)
            for other in hits:
                if other is not best and not matches[other["id"]]:
                    matches[other["id"]].append(event.event_id)
        else:
            spurious.append(event)
    required = [g for g in golds if g.get("required")]
    found = [g["id"] for g in required if matches[g["id"]]]
    optional = [g["id"] for g in golds if not g.get("required") and matches[g["id"]]]
    missed = [g for g in required if not matches[g["id"]]]
    forbidden = [(rule, e) for rule in gold.get("forbidden", []) for e in events if forbidden_matches(rule, e)]
    return DocumentScore(
        document=gold.get("document", ""),
        required=len(required),
        found_required=found,
        missed=missed,
        system=len(events),
        matched_system=matched_system,
        spurious=spurious,
        forbidden_hits=forbidden,
        matches=matches,
        optional_found=optional,
    )


# -- sentence gold -------------------------------------------------------------------------------


Triple = tuple[str, str, str]


def _country(code: str | None) -> str:
    return (code or "---")[:3]


VARIANTS: dict[str, Callable[[Triple], Triple]] = {
    "exact": lambda t: t,
    "root": lambda t: (t[0], t[1], t[2][:2]),
    "country": lambda t: (_country(t[0]), _country(t[1]), t[2]),
    "country_root": lambda t: (_country(t[0]), _country(t[1]), t[2][:2]),
}


def event_triple(event: Event) -> Triple:
    return (
        event.source.code if event.source else "---",
        event.target.code if event.target else "---",
        event.cameo,
    )


def gold_triple(item: dict[str, Any]) -> Triple:
    return (item.get("source") or "---", item.get("target") or "---", str(item["code"]))


@dataclass(slots=True)
class SentenceScore:
    records: int
    scores: dict[str, PRF]
    errors: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "records": self.records,
            **{name: prf.to_dict() for name, prf in self.scores.items()},
            "errors": self.errors,
        }


def score_sentences(records: Iterable[tuple[dict[str, Any], list[Event]]]) -> SentenceScore:
    scores = {name: PRF() for name in VARIANTS}
    errors: list[dict[str, Any]] = []
    count = 0
    for record, events in records:
        count += 1
        gold = [gold_triple(x) for x in record.get("expected", [])]
        system = [event_triple(e) for e in events]
        for name, view in VARIANTS.items():
            remaining = [view(g) for g in gold]
            prf = scores[name]
            missing_fp = []
            for triple in (view(s) for s in system):
                if triple in remaining:
                    remaining.remove(triple)
                    prf.tp += 1
                else:
                    prf.fp += 1
                    missing_fp.append(triple)
            prf.fn += len(remaining)
            if name == "exact" and (remaining or missing_fp):
                errors.append({"id": record.get("id"), "text": record.get("text"),
                               "missed": [list(t) for t in remaining], "spurious": [list(t) for t in missing_fp]})
    return SentenceScore(count, scores, errors)


def load_events(path: Path) -> list[Event]:
    events = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                events.append(Event.from_dict(json.loads(line)))
    return events


def is_document_gold(path: Path) -> bool:
    return path.name.endswith(".json") and not path.name.endswith(".jsonl")
