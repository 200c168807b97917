"""Ranking a sentence's candidate events: how likely each is to be of the class of event the
sentence reports, and so whether the learned fallback's event is precise enough to code.

A sentence often gives several candidates: the lexicon's patterns fire on the main verb and on
subordinate clauses and nouns ("Eritrea expelled the peacekeepers, **raising** fears of renewed
**hostilities**"), and the fallback proposes a generic event for a main predicate no pattern
coded. The rule confidence of each (docs/events.md) knows the pattern and the actors but not what
the sentence as a whole is about; the sentence model (:mod:`~flashpoint.events.typemodel`) knows
that but not the clause structure. The ranker is a logistic model over both, learned from
development sentences (``bench/train_event_model.py``, cross-validated there): for each candidate,
the probability that its quad class is the sentence's. Its features are named in
:func:`static_features` and :func:`reading_features`.

What it changes: a fallback event is kept only when that probability reaches the ranker's
``threshold``, chosen in training so that the fallback's events are as precise as the lexicon's,
and its confidence becomes 0.2 + 0.3 × that probability (below nearly every pattern's).

It never adds, drops, recodes or rescores a lexicon event. The weights live in
``data/models/event_rank.json`` (``flashpoint check`` validates it).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from spacy.tokens import Token

from flashpoint.datafiles import Problem, data_path
from flashpoint.events.context import Candidate
from flashpoint.events.typemodel import QUAD_CLASSES, Reading, quad_of_code

RANK_PATH = data_path("models", "event_rank.json")
MODEL_RULE = "model"  # the rule of every fallback event starts with this
# A fallback event's confidence, from the ranker's probability: below nearly every pattern's, so
# that in a report the lexicon's events stay the main ones.
FALLBACK_BASE, FALLBACK_SPAN = 0.2, 0.3

# Dependency labels kept as they are; every other label of a trigger's clause counts as "other".
_CLAUSE_DEPS = frozenset({"ROOT", "ccomp", "xcomp", "advcl", "relcl", "acl", "pcomp", "pobj", "dobj", "nsubj",
                          "nsubjpass", "conj", "attr", "appos", "compound"})
# How a noun or verb can carry the main predicate's act: "launched **strikes**", "agreed **to talks**".
_CARRIER_DEPS = frozenset({"dobj", "nsubjpass", "attr", "xcomp", "pobj", "prep", "oprd"})


def is_fallback(candidate: Candidate) -> bool:
    return candidate.event.rule.startswith(MODEL_RULE)


def on_predicate(trigger: Token, predicate: Token | None) -> bool:
    """Does the trigger code the main predicate's act: the predicate itself, a verb conjoined to
    it, or a word it governs through its object or complement ("launched **strikes**",
    "agreed **to** hold **talks**")?"""
    if predicate is None:
        return False
    current = trigger
    for _ in range(3):
        if current.i == predicate.i:
            return True
        if current.dep_ not in _CARRIER_DEPS and current.dep_ != "conj" or current.head is current:
            return False
        current = current.head
    return current.i == predicate.i


def static_features(candidate: Candidate, predicate: Token | None, others: int) -> dict[str, float]:
    """What the parse and the rules say about one candidate, whatever the sentence model reads:

    - ``kind:`` lexicon pattern or fallback; ``quad:`` its quad class; ``root:`` its CAMEO root;
    - ``dep:`` where its trigger stands (the first conjunct's label: a verb conjoined to the root
      is in the main clause); ``main`` when it codes the main predicate; ``nominal``;
    - ``source:`` / ``target:`` a state, another actor or none; ``modality:``;
    - ``lead`` for the report's first sentence; ``alone`` when no other pattern fired in the sentence;
    - ``conf``: its rule confidence (pattern specificity, actors, prominence).
    """
    event = candidate.event
    kind = "model" if is_fallback(candidate) else "lexicon"
    quad = quad_of_code(event.cameo)
    verb = candidate.trigger
    while verb.dep_ == "conj" and verb.head is not verb:
        verb = verb.head
    dep = verb.dep_ if verb.dep_ in _CLAUSE_DEPS else "other"
    feats = {f"kind:{kind}": 1.0, f"quad:{quad}": 1.0, f"{kind}:{quad}": 1.0, f"root:{event.cameo_root}": 1.0,
             f"dep:{dep}": 1.0, f"modality:{event.modality}": 1.0, "conf": event.confidence}
    if on_predicate(candidate.trigger, predicate):
        feats["main"] = 1.0
    if candidate.nominal:
        feats["nominal"] = 1.0
    for role, actor in (("source", event.source), ("target", event.target)):
        feats[f"{role}:{'none' if actor is None else 'state' if actor.country else 'other'}"] = 1.0
    if event.evidence.sentence_index == 0:
        feats["lead"] = 1.0
    if not others:
        feats["alone"] = 1.0
    return feats


def reading_features(quad: str, kind: str, reading: Reading) -> dict[str, float]:
    """What the sentence model says about a candidate of class ``quad``: ``p`` the probability of
    that class (also split by rule kind, ``p|model``, ``p|lexicon``: the fallback needs the model
    more than a pattern does), ``top`` when it is the model's most likely class of event,
    ``p_none`` and ``p_neutral`` (the sentence may report no act at all)."""
    p = reading.quads[quad]
    best = max(QUAD_CLASSES[1:], key=reading.quads.__getitem__)
    feats = {"p": p, f"p|{kind}": p, "p_none": reading.quads["NONE"], "p_neutral": reading.quads["NEUTRAL"]}
    if best == quad:
        feats["top"] = 1.0
        feats[f"top|{kind}"] = 1.0
    return feats


def candidate_features(candidate: Candidate, reading: Reading, predicate: Token | None, others: int) -> dict[str, float]:
    feats = static_features(candidate, predicate, others)
    kind = "model" if is_fallback(candidate) else "lexicon"
    feats.update(reading_features(quad_of_code(candidate.event.cameo), kind, reading))
    return feats


@dataclass(frozen=True, slots=True)
class Ranker:
    """A logistic model: the probability that a candidate's quad class is its sentence's."""

    bias: float
    weights: dict[str, float]
    threshold: float  # the least probability at which a fallback event is coded
    about: str = ""
    # The fallback proposes an event only when the sentence model's likeliest reading of the
    # sentence ("no event" included) is that class of event, at this probability or more: the
    # ranker learns from sentences that all report an event, so it cannot tell when none is.
    gate: float = 0.65

    def probability(self, feats: dict[str, float]) -> float:
        score = self.bias + sum(self.weights.get(name, 0.0) * value for name, value in feats.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))

    def rank(self, candidates: list[Candidate], reading: Reading, predicate: Token | None) -> list[Candidate]:
        """Fallback events below the threshold dropped; the others' confidence set from the ranker's
        probability (at most 0.5). Lexicon events pass as they are: their confidence is the rules'
        score, which the calibration stage maps to a chance of being right."""
        kept = []
        lexical = sum(1 for c in candidates if not is_fallback(c))
        for candidate in candidates:
            if not is_fallback(candidate):
                kept.append(candidate)
                continue
            p = self.probability(candidate_features(candidate, reading, predicate, lexical))
            if p < self.threshold:
                continue
            head, bracket, notes = candidate.event.rule.partition(" [")
            candidate.event.rule = f"{head} rank={p:.2f}{bracket}{notes}"  # before the notes
            candidate.event.confidence = round(FALLBACK_BASE + FALLBACK_SPAN * p, 2)
            kept.append(candidate)
        return kept

    @classmethod
    def load(cls, path: Path = RANK_PATH) -> Ranker:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(float(data["bias"]), {k: float(v) for k, v in data["weights"].items()}, float(data["threshold"]),
                   data.get("about", ""), float(data.get("gate", 0.65)))

    def to_json(self, sources: list[str]) -> str:
        return json.dumps({"about": self.about, "sources": sources,
                           "features": [static_features.__doc__, reading_features.__doc__],
                           "threshold": self.threshold, "gate": self.gate, "bias": round(self.bias, 5),
                           "weights": {k: round(v, 5) for k, v in sorted(self.weights.items())}},
                          ensure_ascii=False, indent=0)


@cache
def ranker() -> Ranker | None:
    """The shipped ranker, or None when its file is absent (no fallback, confidences as the rules set them)."""
    return Ranker.load() if RANK_PATH.exists() else None


def validate() -> list[Problem]:
    name = "models/event_rank.json"
    if not RANK_PATH.exists():
        return [Problem(name, 0, "file is missing (train it with bench/train_event_model.py)")]
    try:
        model = Ranker.load()
    except (ValueError, KeyError, TypeError) as error:
        return [Problem(name, 0, f"unreadable: {error}")]
    problems = []
    for setting in ("threshold", "gate"):
        if not 0.0 <= getattr(model, setting) <= 1.0:
            problems.append(Problem(name, 0, f"{setting} {getattr(model, setting)} is not a probability"))
    if not all(math.isfinite(w) for w in [model.bias, *model.weights.values()]):
        problems.append(Problem(name, 0, "a weight is not a finite number"))
    if not model.about:
        problems.append(Problem(name, 0, "no 'about' header saying what the ranker was trained on"))
    return problems
