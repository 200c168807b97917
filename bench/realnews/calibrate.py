"""Fit the calibrated confidence (src/flashpoint/data/models/calibration.tsv) on hand-coded real news.

Usage:
    python bench/realnews/calibrate.py              # fit on every batch but the fresh ones, print the cross-validated table, write the file
    python bench/realnews/calibrate.py --dry-run    # print only
    python bench/realnews/calibrate.py --batches 1  # fit on other batches

The batches of FIT_BATCHES (all but draw.FRESH, see README.md) are coded without the confidence stage,
so each event keeps the coder's raw score, and each event is marked right or wrong at countries+root
exactly as score.py marks it. The calibration is a logistic regression of right-or-wrong on the
features of `flashpoint.confidence.FEATURES` (the raw score, the lead, the dyad, ...), fitted by
Newton's method with an L2 penalty of L2 on every weight but the intercept (so a feature few events
have cannot claim certainty). Before writing, the fit is cross-validated over FOLDS folds of whole
documents (drawn with SEED): the table printed is what the calibration says of events it never saw,
with each sentence's events kept in the coder's order as the confidence stage keeps them. The fresh
batches (draw.FRESH) stay untouched: `score.py --batch 31 32` reads the calibrated confidence's
reliability on events it never saw.
"""

from __future__ import annotations

import argparse
import copy
import random
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import score  # noqa: E402

from flashpoint.confidence import FEATURES, INTERCEPT, Calibration, features  # noqa: E402
from flashpoint.pipeline import Pipeline  # noqa: E402
from flashpoint.records import Event  # noqa: E402
from flashpoint.stages import ConfidenceStage  # noqa: E402

OUT = Path(__file__).resolve().parents[2] / "src" / "flashpoint" / "data" / "models" / "calibration.tsv"
L2 = 1.0  # penalty on every weight but the intercept
FOLDS = 10
SEED = 17
NAMES = [f.name for f in FEATURES]
HEADER = ("# Calibrated confidence: the weights of a logistic model of the chance that an event is right (both actors'\n"
          "# countries and the CAMEO root) in the hand-coded real-news documents of bench/realnews, over the features of\n"
          "# flashpoint.confidence.FEATURES (a weight is added to the log-odds per unit of its feature).\n"
          "# Written by bench/realnews/calibrate.py (do not edit by hand; rerun it after changing the coder).\n")

#: One coded document: its id, its batch, its events with their raw scores, and which of them were right.
Coded = tuple[str, int, list[Event], list[bool]]


#: The batches the calibration is fitted on: every batch but the fresh ones. The honest batches are
#: in: only their right-or-wrong marks are read, never their texts, and without them the fit learns
#: how often events are right on the studied batches, where the rules were written and are right
#: more often than on new text (0.52 against 0.43 at countries+root on 7 December).
FIT_BATCHES = tuple(sorted(set(score.draw.STUDIED) | set(score.draw.HONEST) - set(score.draw.FRESH)))


def coded_documents(batches: tuple[int, ...] = FIT_BATCHES) -> list[Coded]:
    pipeline = Pipeline()
    pipeline.stages = [s for s in pipeline.stages if not isinstance(s, ConfidenceStage)]
    return [(result.gold["id"], batch, result.events, [id(e) in result.right_at for e in result.events])
            for batch in batches for result in score.code_batch(pipeline, score.load_batch(batch))]


def fit(documents: list[Coded]) -> Calibration:
    """The logistic model's weights by Newton's method (the penalised log-likelihood is concave)."""
    rows = [[values[name] for name in NAMES] + [1.0]
            for *_, events, _ in documents for values in map(features, events)]
    x = np.array(rows, dtype=float)
    y = np.array([r for *_, right in documents for r in right], dtype=float)
    penalty = np.diag([L2] * len(NAMES) + [0.0])
    w = np.zeros(x.shape[1])
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-x @ w))
        step = np.linalg.solve((x * (p * (1 - p))[:, None]).T @ x + penalty, x.T @ (p - y) + penalty @ w)
        w -= step
        if np.abs(step).max() < 1e-9:
            break
    return Calibration({**{name: round(float(v), 4) for name, v in zip(NAMES, w)}, INTERCEPT: round(float(w[-1]), 4)})


def calibrated(model: Calibration, documents: list[Coded]) -> list[tuple[float, bool]]:
    """(calibrated confidence, right) of every event, as the confidence stage would give them."""
    out = []
    for *_, events, right in documents:
        copies = [copy.copy(e) for e in events]
        model.calibrate(copies)
        out += [(e.confidence, r) for e, r in zip(copies, right)]
    return out


def cross_validated(documents: list[Coded], by_batch: bool = False) -> list[tuple[float, bool]]:
    """(calibrated confidence, right) of each event, by a fit on the other folds' documents only:
    FOLDS folds of whole documents, or (``by_batch``) one fold per honest batch, scored on the
    honest batches alone: events of batches no rule was written from, as new text will be."""
    if by_batch:
        fold = {i: d[1] if d[1] in score.draw.HONEST else None for i, d in enumerate(documents)}
    else:
        order = sorted(range(len(documents)), key=lambda i: documents[i][0])
        random.Random(SEED).shuffle(order)
        fold = {i: k % FOLDS for k, i in enumerate(order)}
    out = []
    for k in sorted({f for f in fold.values() if f is not None}):
        model = fit([d for i, d in enumerate(documents) if fold[i] != k])
        out += calibrated(model, [d for i, d in enumerate(documents) if fold[i] == k])
    return out


def print_reliability(pairs: list[tuple[float, bool]], title: str) -> None:
    print(title)
    for low, high in zip(score.BINS, score.BINS[1:]):
        inside = [right for confidence, right in pairs if low <= confidence < high]
        if inside:
            print(f"  {low:.1f}-{min(high, 1.0):.1f}: {sum(inside)}/{len(inside)} = {sum(inside) / len(inside):.3f}")
    sure = [right for confidence, right in pairs if confidence >= 0.8]
    if sure:
        print(f"  0.8 and above: {sum(sure)}/{len(sure)} = {sum(sure) / len(sure):.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true")
    parser.add_argument("--batches", type=int, nargs="+", default=list(FIT_BATCHES))
    parser.add_argument("--by-batch", action="store_true",
                        help="also cross-validate leaving out one honest batch at a time (scored on those batches)")
    args = parser.parse_args()
    documents = coded_documents(tuple(args.batches))
    named = ", ".join(map(str, args.batches))
    print_reliability([(e.confidence, r) for *_, events, right in documents for e, r in zip(events, right)],
                      f"raw score (batches {named}):")
    print_reliability(cross_validated(documents), f"calibrated, {FOLDS} folds of documents (batches {named}):")
    if args.by_batch:
        print_reliability(cross_validated(documents, by_batch=True),
                          "calibrated, leaving out one honest batch at a time (the honest batches' events):")
    model = fit(documents)
    print("weights:", ", ".join(f"{name} {weight:+.3f}" for name, weight in model.weights.items()))
    if not args.dry_run:
        rows = "".join(f"{name}\t{weight}\n" for name, weight in model.weights.items())
        OUT.write_text(HEADER + "feature\tweight\n" + rows, encoding="utf-8")
        print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
