"""A small learned model of what kind of event a sentence reports, for sentences the lexicon misses.

The lexicon gives precise CAMEO codes but misses phrasings nobody wrote down. A linear model over
the sentence's lemmas (bag of words: every lemma, the verbs, the root verb) learns the *kind* of
event from labelled sentences and fills that gap: when no lexicon pattern fires in a sentence,
the model may propose a generic event (``030`` express intent to cooperate, ``110`` disapprove,
``190`` use force, ...) on the sentence's main clause, with the clause's actors, at a lower
confidence, and with ``rule`` saying so. It never changes an event the lexicon coded.

Two heads share the features:

- ``quad``: none, neutral statement or appeal, verbal / material cooperation, verbal / material
  conflict (the CAMEO quad classes by root, plus "no political event");
- ``plover``: the PLOVER event type, which picks the generic code within the quad class.

The weights live in ``data/models/event_type.json`` (trained by ``bench/train_event_model.py``;
its header says on what). The file is checked by ``flashpoint check``.
"""

from __future__ import annotations

import json
import math
from operator import add
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from spacy.tokens import Span, Token

from flashpoint.cues import Cues
from flashpoint.cues import cues as load_cues
from flashpoint.datafiles import Problem, data_path
from flashpoint.events import clauses
from flashpoint.language.arrays import arrays

MODEL_PATH = data_path("models", "event_type.json")
QUAD_CLASSES = ("NONE", "NEUTRAL", "VERBAL_COOPERATION", "MATERIAL_COOPERATION", "VERBAL_CONFLICT", "MATERIAL_CONFLICT")
# The generic CAMEO code the model proposes for each PLOVER type (its CAMEO root fixes the quad class).
GENERIC_CODES = {
    "AGREE": "030", "CONSULT": "040", "SUPPORT": "050", "COOPERATE": "060", "AID": "070", "CONCEDE": "080",
    "RETREAT": "087", "REQUEST": "100", "ACCUSE": "110", "REJECT": "120", "THREATEN": "130", "PROTEST": "140",
    "MOBILIZE": "150", "SANCTION": "160", "COERCE": "170", "ASSAULT": "190",
}


def quad_of_code(code: str) -> str:
    n = int(code[:2])
    if n <= 2:
        return "NEUTRAL"
    return "VERBAL_COOPERATION" if n <= 5 else "MATERIAL_COOPERATION" if n <= 8 else \
        "VERBAL_CONFLICT" if n <= 13 else "MATERIAL_CONFLICT"


# Auxiliaries whose presence on the main predicate changes what the sentence reports.
_MODALS = frozenset({"will", "would", "may", "might", "could", "can", "must", "should", "shall"})
# Dependents of the main predicate whose lemma says what it acts on.
_OBJECT_DEPS = frozenset({"dobj", "nsubjpass", "attr", "dative", "oprd"})


def features(span: Span, cues: Cues | None = None) -> set[str]:
    """The sentence as a bag of words, plus what its main predicate does to what.

    ``L:`` every content lemma, ``V:`` the verbs again, ``R:`` the root, ``B:`` pairs of
    neighbouring content lemmas ("suspend_aid", "peace_talk"); then the main predicate (the verb
    a reporting verb reports, :func:`~flashpoint.events.clauses.main_predicate`): ``P:`` its
    lemma, ``O:``/``PO:`` its object, ``PP:`` its prepositions, ``PX:``/``PPX:`` the verb it
    governs ("agreed **to share**", "is willing **to provide**"), ``NEG`` and ``MOD:`` its
    negation and modal. The bag of words alone cannot tell "suspended aid" from "sent aid"
    or "will not release" from "released"; the predicate features can."""
    found = _word_features(span)
    predicate = clauses.main_predicate(span, cues or load_cues())
    if predicate is not None:
        found |= _predicate_features(predicate)
    return found


def _word_features(span: Span) -> set[str]:
    """Lemmas, verbs, root and lemma pairs, read from the Doc's arrays (not token objects: the
    model reads every sentence that holds an actor)."""
    a = arrays(span.doc)
    start, end = span.start, span.end
    found: set[str] = set()
    previous = ""
    for lemma, pos, dep, filler in zip(a.lemma_lower[start:end], a.pos[start:end], a.dep[start:end],
                                       a.stop_punct_space[start:end]):
        if filler:
            continue
        found.add("L:" + lemma)
        if previous:
            found.add(f"B:{previous}_{lemma}")
        previous = lemma
        if pos == "VERB":
            found.add("V:" + lemma)
        if dep == "ROOT":
            found.add("R:" + lemma)
    return found


def _predicate_features(predicate: Token) -> set[str]:
    verb = predicate.lemma_.lower()
    found = {"P:" + verb}
    for child in predicate.children:
        dep, lemma = child.dep_, child.lemma_.lower()
        if dep in _OBJECT_DEPS:
            found |= {"O:" + lemma, f"PO:{verb}_{lemma}"}
        elif dep == "prep":
            found.add(f"PP:{verb}_{child.lower_}")
        elif dep in ("xcomp", "ccomp"):
            found |= {"PX:" + lemma, f"PPX:{verb}_{lemma}"}
        elif dep == "acomp":
            found.add("PA:" + lemma)
            found.update("PX:" + g.lemma_.lower() for g in child.children if g.dep_ == "xcomp")
        elif dep == "neg":
            found.add("NEG")
        elif dep == "aux" and child.lower_ in _MODALS:
            found.add("MOD:" + child.lower_)
    return found


@dataclass(slots=True)
class Head:
    classes: tuple[str, ...]
    bias: list[float]
    weights: dict[str, list[float]]

    def probabilities(self, feats: set[str]) -> dict[str, float]:
        scores = list(self.bias)
        weights = self.weights
        for feat in feats:
            row = weights.get(feat)
            if row:
                # the same additions in the same order as one class at a time, in one pass
                scores = list(map(add, scores, row))
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return {c: e / total for c, e in zip(self.classes, exps)}


EVENT_CLASSES = QUAD_CLASSES[2:]  # the classes the fallback may propose: not "no event", not "neutral"


@dataclass(frozen=True, slots=True)
class Proposal:
    """The generic event the model would code for a sentence."""

    quad: str
    quad_probability: float
    plover: str
    code: str


@dataclass(frozen=True, slots=True)
class Reading:
    """What the model reads in one sentence: how likely each quad class (and "no event") is, and
    each PLOVER type. Read once per sentence; the fallback and the ranking both use it."""

    quads: dict[str, float]
    types: dict[str, float]

    def proposal(self, quad: str | None = None) -> Proposal | None:
        """The most likely event class (never "no event" or "neutral": the fallback only codes acts)
        or the class asked for, and within it the most likely PLOVER type with its generic code.
        Whether the proposal is sure enough to code is the ranker's decision."""
        quad = quad or max(EVENT_CLASSES, key=self.quads.__getitem__)
        allowed = [t for t in self.types if t in GENERIC_CODES and quad_of_code(GENERIC_CODES[t]) == quad]
        if not allowed:
            return None
        plover = max(allowed, key=self.types.__getitem__)
        return Proposal(quad, self.quads[quad], plover, GENERIC_CODES[plover])

    def reports(self, quad: str, least: float) -> bool:
        """Is ``quad`` the model's likeliest reading of the sentence ("no event" and "neutral"
        included), at probability ``least`` or more?"""
        return max(self.quads, key=self.quads.__getitem__) == quad and self.quads[quad] >= least


class TypeModel:
    """The two heads, loaded from the project's model file."""

    def __init__(self, quad: Head, plover: Head, about: str = "") -> None:
        self.quad, self.plover, self.about = quad, plover, about

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> TypeModel:
        data = json.loads(path.read_text(encoding="utf-8"))
        heads = {name: Head(tuple(h["classes"]), list(h["bias"]), {k: list(v) for k, v in h["weights"].items()})
                 for name, h in data["heads"].items()}
        return cls(heads["quad"], heads["plover"], data.get("about", ""))

    def to_json(self, about: str, sources: list[str]) -> str:
        heads = {name: {"classes": list(h.classes), "bias": [round(b, 5) for b in h.bias],
                        "weights": {k: [round(w, 4) for w in v] for k, v in sorted(h.weights.items())}}
                 for name, h in (("quad", self.quad), ("plover", self.plover))}
        return json.dumps({"about": about, "sources": sources, "features": features.__doc__, "heads": heads},
                          ensure_ascii=False, indent=0)

    def read(self, span: Span, cues: Cues | None = None) -> Reading:
        """The model's reading of one sentence."""
        return self.reading(features(span, cues))

    def reading(self, feats: set[str]) -> Reading:
        return Reading(self.quad.probabilities(feats), self.plover.probabilities(feats))


@cache
def type_model() -> TypeModel | None:
    """The shipped model, or None when its file is absent (the coder then uses the lexicon only)."""
    if not MODEL_PATH.exists():
        return None
    return TypeModel.load()


def validate() -> list[Problem]:
    name = "models/event_type.json"
    if not MODEL_PATH.exists():
        return [Problem(name, 0, "file is missing (train it with bench/train_event_model.py)")]
    try:
        model = TypeModel.load()
    except (ValueError, KeyError, TypeError) as error:
        return [Problem(name, 0, f"unreadable: {error}")]
    problems = []
    if model.quad.classes != QUAD_CLASSES:
        problems.append(Problem(name, 0, f"quad classes {model.quad.classes} should be {QUAD_CLASSES}"))
    for head_name, head in (("quad", model.quad), ("plover", model.plover)):
        width = len(head.classes)
        if len(head.bias) != width:
            problems.append(Problem(name, 0, f"{head_name}: bias has {len(head.bias)} values for {width} classes"))
        bad = [k for k, v in head.weights.items() if len(v) != width]
        if bad:
            problems.append(Problem(name, 0, f"{head_name}: {len(bad)} weight rows of the wrong width, e.g. {bad[0]}"))
    unknown = [t for t in model.plover.classes if t not in GENERIC_CODES]
    if unknown:
        problems.append(Problem(name, 0, f"plover classes without a generic code: {unknown}"))
    return problems
