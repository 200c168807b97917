"""Calibrated confidence: an event's confidence is the chance it is right.

The coder's own score (how sure each rule was: a named actor, a lexicon match, a hedge) ranks
events but does not say how often they are right. ``data/models/calibration.tsv`` maps it to the
share of events that were right (both actors' countries and the CAMEO root) in the project's
hand-coded real-news documents (``bench/realnews``), fitted by ``bench/realnews/calibrate.py``
as a monotone function: pooled adjacent violators, each pool's share smoothed towards the overall
share (so a pool of three events cannot claim 0 or 1) and placed at the pool's mean raw score;
between pools the confidence rises linearly, so events keep their order. docs/evaluation.md gives
the reliability table.

The map is fitted in two strata (:func:`stratum_of`): an event of the report's **lead** (its
headline or first sentence and the two after it) is right far more often than one told further
down, more than the coder's own score says. (Whether an event is domestic, both actors of one country, says even more, but it
differs between the events of one sentence, and the dev sets take a sentence's most confident
event as its main one: a stratum by it made police arrests outrank the protests they answer, so
it is left out.)
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import cache

from flashpoint.datafiles import Column, Problem, Schema, data_path, read_table
from flashpoint.records import Event

__all__ = ["CALIBRATION_SCHEMA", "LEAD_SENTENCES", "STRATA", "TAIL_SLOPE", "Calibration", "Calibrations",
           "calibration", "stratum_of", "validate"]

#: The strata the calibration is fitted in, one map each.
STRATA = ("lead", "other")
#: The sentences of a report's lead: its headline (or first sentence) and the two after it.
LEAD_SENTENCES = 3

#: Beyond the outermost pools the data say nothing more, so the confidence moves by at most a
#: point or two there: enough to keep the coder's own order among its surest (or weakest) events.
TAIL_SLOPE = 0.05


def _probability(value: str) -> str | None:
    try:
        number = float(value)
    except ValueError:
        return f"{value!r} is not a number"
    return None if 0.0 <= number <= 1.0 else f"{value} is outside 0..1"


CALIBRATION_SCHEMA = Schema(
    columns=(
        Column("stratum", choices=frozenset(STRATA)),
        Column("raw", check=_probability),  # a pool's mean raw score
        Column("probability", check=_probability),  # the share of its events that were right (smoothed)
        Column("events", pattern=r"\d+"),  # hand-checked events in the pool
        Column("right", pattern=r"\d+"),
    ),
    unique=("stratum", "raw"),
)


def stratum_of(event: Event) -> str:
    """The stratum of an event: told in the report's lead or not (the same for every event of a
    sentence, so a sentence's events keep the coder's order)."""
    return "lead" if event.evidence.sentence_index < LEAD_SENTENCES else "other"


@dataclass(frozen=True, slots=True)
class Calibration:
    """A monotone map from the coder's raw score to the chance of being right: linear between
    the pools' points, and nearly flat beyond the first and the last (:data:`TAIL_SLOPE`)."""

    raws: tuple[float, ...]  # ascending mean raw scores of the pools
    values: tuple[float, ...]

    def probability(self, raw: float) -> float:
        if not self.raws:
            return raw
        right = bisect.bisect_right(self.raws, raw)
        if right == 0:
            return max(0.0, self.values[0] - TAIL_SLOPE * (self.raws[0] - raw))
        if right == len(self.raws):
            return min(1.0, self.values[-1] + TAIL_SLOPE * (raw - self.raws[-1]))
        (x0, x1), (y0, y1) = self.raws[right - 1:right + 1], self.values[right - 1:right + 1]
        return y0 + (y1 - y0) * (raw - x0) / (x1 - x0)


@dataclass(frozen=True, slots=True)
class Calibrations:
    """One :class:`Calibration` per stratum (a stratum the table lacks keeps the raw score)."""

    by_stratum: dict[str, Calibration]

    def probability(self, raw: float, stratum: str) -> float:
        found = self.by_stratum.get(stratum)
        return found.probability(raw) if found is not None else raw

    def of(self, event: Event) -> float:
        """The calibrated confidence of an event whose ``confidence`` is still the coder's raw score."""
        return self.probability(event.confidence, stratum_of(event))


@cache
def calibration() -> Calibrations:
    table = read_table(data_path("models", "calibration.tsv"), CALIBRATION_SCHEMA)
    by_stratum: dict[str, Calibration] = {}
    for stratum in STRATA:
        rows = sorted((float(r["raw"]), float(r["probability"])) for r in table.rows if r["stratum"] == stratum)
        if rows:
            by_stratum[stratum] = Calibration(tuple(r[0] for r in rows), tuple(r[1] for r in rows))
    return Calibrations(by_stratum)


def validate() -> list[Problem]:
    table = read_table(data_path("models", "calibration.tsv"), CALIBRATION_SCHEMA)
    problems = list(table.problems)
    for stratum in STRATA:
        rows = sorted((r for r in table.rows if r["stratum"] == stratum), key=lambda r: float(r["raw"]))
        values = [float(r["probability"]) for r in rows]
        if any(later < earlier for earlier, later in zip(values, values[1:])):
            problems.append(Problem("models/calibration.tsv", 0,
                                    f"{stratum}: probabilities must not fall as the raw score rises"))
    return problems
