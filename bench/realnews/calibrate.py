"""Fit the calibrated confidence (src/flashpoint/data/models/calibration.tsv) on hand-coded real news.

Usage:
    python bench/realnews/calibrate.py              # fit on every batch but the fresh ones, print the cross-validated table, write the file
    python bench/realnews/calibrate.py --dry-run    # print only
    python bench/realnews/calibrate.py --batches 1  # fit on other batches

The batches of FIT_BATCHES (all but draw.FRESH, see README.md) are coded without the confidence stage, so each event keeps the coder's raw score, and each
event is marked right or wrong at countries+root exactly as score.py marks it. The calibration is a
monotone function of the raw score in each stratum of `flashpoint.confidence.stratum_of` (in the report's
lead or not): pooled adjacent violators over the events sorted by raw score,
each pool's share of right events smoothed towards the overall share (SMOOTHING events' worth, so
a small pool cannot claim 0 or 1) and placed at the pool's mean raw score; flashpoint.confidence
interpolates between the pools. Before writing, the fit is cross-validated leaving out
one document at a time: the table printed is what the calibration says of events it never saw.
The fresh batches (draw.FRESH) stay untouched: `score.py --batch 17 18` reads the calibrated confidence's
reliability on events it never saw.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import score  # noqa: E402

from flashpoint.confidence import STRATA, Calibration, Calibrations, stratum_of  # noqa: E402
from flashpoint.pipeline import Pipeline  # noqa: E402
from flashpoint.stages import ConfidenceStage  # noqa: E402

OUT = Path(__file__).resolve().parents[2] / "src" / "flashpoint" / "data" / "models" / "calibration.tsv"
SMOOTHING = 4.0  # pseudo-events at the overall share added to every pool
MIN_POOL = 5  # events a step needs before it stands on its own
HEADER = ("# Calibrated confidence: pools of events by the coder's raw score (raw: the pool's mean) -> the share that were\n"
          "# right (both actors' countries and the CAMEO root) in the hand-coded real-news documents of bench/realnews,\n"
          "# fitted in each stratum of flashpoint.confidence.stratum_of (in the report's lead or not).\n"
          "# Written by bench/realnews/calibrate.py (do not edit by hand; rerun it after changing the coder).\n")

Point = tuple[float, bool, str, str]  # raw score, right at countries+root, document id, stratum


#: The batches the calibration is fitted on: every batch but the fresh ones. The honest batches are
#: in: only their right-or-wrong marks are read, never their texts, and without them the fit learns
#: how often events are right on the studied batches, where the rules were written and are right
#: more often than on new text (0.52 against 0.43 at countries+root on 7 December).
FIT_BATCHES = tuple(sorted(set(score.draw.STUDIED) | set(score.draw.HONEST) - set(score.draw.FRESH)))


def raw_points(batches: tuple[int, ...] = FIT_BATCHES) -> list[Point]:
    pipeline = Pipeline()
    pipeline.stages = [s for s in pipeline.stages if not isinstance(s, ConfidenceStage)]
    points: list[Point] = []
    for batch in batches:
        for result in score.code_batch(pipeline, score.load_batch(batch)):
            points += [(e.confidence, id(e) in result.right_at, result.gold["id"], stratum_of(e)) for e in result.events]
    return points


def fit(points: list[Point]) -> list[tuple[float, float, int, int]]:
    """Pools (mean raw score, probability, events, right), probabilities rising."""
    ordered = sorted(points)
    overall = sum(p[1] for p in ordered) / len(ordered) if ordered else 0.0
    pools: list[list[float]] = []  # [sum of raw scores, events, right]
    for raw, right, *_ in ordered:
        pools.append([raw, 1, int(right)])
        while len(pools) > 1 and (_share(pools[-2], overall) >= _share(pools[-1], overall) or pools[-2][1] < MIN_POOL
                                  or round(pools[-2][0] / pools[-2][1], 3) == round(raw, 3)):  # one point per raw score
            last = pools.pop()
            for k in range(3):
                pools[-1][k] += last[k]
    return [(round(pool[0] / pool[1], 3), round(_share(pool, overall), 3), int(pool[1]), int(pool[2]))
            for pool in pools]


def _share(pool: list[float], overall: float) -> float:
    return (pool[2] + SMOOTHING * overall) / (pool[1] + SMOOTHING)


def fit_strata(points: list[Point]) -> dict[str, list[tuple[float, float, int, int]]]:
    """The pools of each stratum, fitted on that stratum's events only."""
    return {stratum: fit([p for p in points if p[3] == stratum]) for stratum in STRATA
            if any(p[3] == stratum for p in points)}


def calibrations(strata: dict[str, list[tuple[float, float, int, int]]]) -> Calibrations:
    return Calibrations({name: Calibration(tuple(s[0] for s in steps), tuple(s[1] for s in steps))
                         for name, steps in strata.items()})


def cross_validated(points: list[Point]) -> list[tuple[float, bool]]:
    """(calibrated confidence, right) of each event, by a fit on the other documents only."""
    out = []
    for doc in sorted({p[2] for p in points}):
        fitted = calibrations(fit_strata([p for p in points if p[2] != doc]))
        out += [(fitted.probability(raw, stratum), right) for raw, right, d, stratum in points if d == doc]
    return out


def print_reliability(pairs: list[tuple[float, bool]], title: str) -> None:
    print(title)
    for low, high in zip(score.BINS, score.BINS[1:]):
        inside = [right for confidence, right in pairs if low <= confidence < high]
        if inside:
            print(f"  {low:.1f}-{min(high, 1.0):.1f}: {sum(inside)}/{len(inside)} = {sum(inside) / len(inside):.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true")
    parser.add_argument("--batches", type=int, nargs="+", default=list(FIT_BATCHES))
    args = parser.parse_args()
    points = raw_points(tuple(args.batches))
    named = ", ".join(map(str, args.batches))
    print_reliability([(raw, right) for raw, right, *_ in points], f"raw score (batches {named}):")
    print_reliability(cross_validated(points), f"calibrated, leaving out each document (batches {named}):")
    strata = fit_strata(points)
    for name, steps in strata.items():
        print(f"pools of {name} (raw, probability, events, right):", steps)
    if not args.dry_run:
        rows = "".join(f"{name}\t{raw:.3f}\t{p:.3f}\t{n}\t{r}\n" for name, steps in strata.items() for raw, p, n, r in steps)
        OUT.write_text(HEADER + "stratum\traw\tprobability\tevents\tright\n" + rows, encoding="utf-8")
        print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
