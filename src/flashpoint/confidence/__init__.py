"""Calibrated confidence: an event's confidence is the chance it is right.

The coder's own score (how sure each rule was: a named actor, a lexicon match, a hedge) ranks
events but does not say how often they are right, and it misses much of what does: on the
project's hand-coded real news (``bench/realnews``) an event of the report's lead, or between two
actors of one country, is right far more often than its score says, and one with a target of no
country, or told by the learned fallback, far less. ``data/models/calibration.tsv`` holds the
weights of a logistic model over :data:`FEATURES` (the raw score among them), fitted by
``bench/realnews/calibrate.py`` on those documents and cross-validated by leaving documents out;
docs/evaluation.md gives the reliability table.

The events of one sentence keep the coder's order (:meth:`Calibration.calibrate`): the dev sets
score a sentence's most confident event as its main one, and the coder's order picks the main
event better than the chance of being right does (an arrest of protesters is domestic, and right
more often, but the protest is the sentence's news). So an event is never more confident than one
the coder scored above it in its sentence.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from flashpoint.datafiles import Column, Problem, Schema, data_path, read_table
from flashpoint.records import Event

__all__ = ["CALIBRATION_SCHEMA", "FEATURES", "INTERCEPT", "LEAD_SENTENCES", "LONG_SENTENCE", "STEP", "Calibration",
           "Feature", "calibration", "features", "validate"]

#: The sentences of a report's lead: its headline (or first sentence) and the two after it.
LEAD_SENTENCES = 3
#: A sentence this long (characters) packs several clauses, and the coder's actors go wrong more often.
LONG_SENTENCE = 250
#: Confidences are given to four decimals, and an event ranked below another of its sentence
#: gets at least this much less.
STEP = 0.0001
#: The name of the model's constant term in the weights file.
INTERCEPT = "intercept"


@dataclass(frozen=True, slots=True)
class Feature:
    """One property of an event the calibration weighs: its name in the weights file and its value."""

    name: str
    value: Callable[[Event], float]
    why: str


def _quad(quad: int) -> Callable[[Event], float]:
    return lambda event: float(event.quad_class == quad)


def _domestic(event: Event) -> float:
    countries = [a.country if a is not None else None for a in (event.source, event.target)]
    return float(countries[0] is not None and countries[0] == countries[1])


FEATURES: tuple[Feature, ...] = (
    Feature("raw", lambda e: e.confidence, "the coder's own score (pattern, actors, prominence, hedges)"),
    Feature("lead", lambda e: float(e.evidence.sentence_index < LEAD_SENTENCES),
            "told in the report's first three sentences, where its news is"),
    Feature("fallback", lambda e: float(e.rule.startswith("model")), "coded by the learned fallback, not the lexicon"),
    Feature("no-source", lambda e: float(e.source is None or not e.source.text),
            "no doer named in words (none, or one the coder inferred: the police of the country, an unidentified force)"),
    Feature("no-target", lambda e: float(e.target is None), "no one acted on named"),
    Feature("target-without-country", lambda e: float(e.target is not None and not e.target.country),
            "a target the coder could not place in a country"),
    Feature("domestic", _domestic, "both actors of one country"),
    Feature("long-sentence", lambda e: float(len(e.evidence.sentence) > LONG_SENTENCE),
            "a sentence of several clauses, where actors go wrong more often"),
    Feature("verbal-cooperation", _quad(1), "quad class 1"),
    Feature("material-cooperation", _quad(2), "quad class 2"),
    Feature("verbal-conflict", _quad(3), "quad class 3"),
    Feature("material-conflict", _quad(4), "quad class 4"),
)
_BY_NAME = {f.name: f for f in FEATURES}


def features(event: Event) -> dict[str, float]:
    """The value of every feature for an event whose ``confidence`` is still the coder's raw score."""
    return {f.name: f.value(event) for f in FEATURES}


def _number(value: str) -> str | None:
    try:
        float(value)
    except ValueError:
        return f"{value!r} is not a number"
    return None


CALIBRATION_SCHEMA = Schema(
    columns=(
        Column("feature", choices=frozenset([INTERCEPT, *_BY_NAME])),
        Column("weight", check=_number),  # the feature's coefficient on the log-odds of being right
    ),
    unique=("feature",),
)


@dataclass(frozen=True, slots=True)
class Calibration:
    """A logistic model: the chance an event is right from the weighted sum of its features."""

    weights: dict[str, float]

    def probability(self, event: Event) -> float:
        logit = self.weights.get(INTERCEPT, 0.0) + sum(
            self.weights.get(name, 0.0) * value for name, value in features(event).items())
        return 1.0 / (1.0 + math.exp(-logit))

    def calibrate(self, events: list[Event]) -> None:
        """Every event's raw ``confidence`` replaced by its chance of being right, the events of one
        sentence kept in the coder's order (none above one the coder scored higher)."""
        if not self.weights:
            return
        chances = {id(e): self.probability(e) for e in events}
        ceiling: dict[int, float] = {}  # each sentence's last confidence given, in the coder's order
        for event in sorted(events, key=lambda e: -e.confidence):  # stable: the coder's order on ties
            sentence = event.evidence.sentence_index
            chance = round(chances[id(event)], 4)
            if sentence in ceiling:
                chance = max(0.0, min(chance, round(ceiling[sentence] - STEP, 4)))
            ceiling[sentence] = chances[id(event)] = chance
        for event in events:
            event.confidence = chances[id(event)]


@cache
def calibration() -> Calibration:
    table = read_table(data_path("models", "calibration.tsv"), CALIBRATION_SCHEMA)
    return Calibration({row["feature"]: float(row["weight"]) for row in table.rows})


def validate() -> list[Problem]:
    table = read_table(data_path("models", "calibration.tsv"), CALIBRATION_SCHEMA)
    problems = list(table.problems)
    weights = {row["feature"]: row["weight"] for row in table.rows}
    if not problems and float(weights.get("raw", "0")) <= 0:
        problems.append(Problem("models/calibration.tsv", 0,
                                "the raw score's weight must be positive: a surer rule never means a lower chance"))
    return problems
