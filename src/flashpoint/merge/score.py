"""Scoring a merge against hand-made clusters: B-cubed and pairwise precision and recall.

B-cubed (Bagga and Baldwin, 1998) scores each mention by how much of its predicted cluster shares
its gold cluster (precision) and how much of its gold cluster landed in its predicted cluster
(recall), then averages over mentions, so big clusters do not drown small ones. Pairwise scoring
counts mention pairs put together: precision is the share of predicted same-event pairs that are
gold pairs, recall the share of gold pairs that were predicted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import combinations


@dataclass(frozen=True, slots=True)
class Score:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def _members(labels: Mapping[str, str]) -> dict[str, set[str]]:
    groups: dict[str, set[str]] = {}
    for item, label in labels.items():
        groups.setdefault(label, set()).add(item)
    return groups


def bcubed(predicted: Mapping[str, str], gold: Mapping[str, str]) -> Score:
    """B-cubed P/R of ``predicted`` (item -> cluster) against ``gold`` (item -> cluster)."""
    items = sorted(gold)
    if not items:
        return Score(1.0, 1.0)
    pred_groups, gold_groups = _members(predicted), _members(gold)
    precision = recall = 0.0
    for item in items:
        pred = pred_groups[predicted[item]] & set(items)
        true = gold_groups[gold[item]]
        overlap = len(pred & true)
        precision += overlap / len(pred)
        recall += overlap / len(true)
    return Score(precision / len(items), recall / len(items))


def pairwise(predicted: Mapping[str, str], gold: Mapping[str, str]) -> Score:
    """Pairwise P/R: over unordered pairs of items, 'same cluster' predicted vs gold."""
    items = sorted(gold)
    pred_pairs = {(a, b) for a, b in combinations(items, 2) if predicted[a] == predicted[b]}
    gold_pairs = {(a, b) for a, b in combinations(items, 2) if gold[a] == gold[b]}
    hits = len(pred_pairs & gold_pairs)
    precision = hits / len(pred_pairs) if pred_pairs else 1.0
    recall = hits / len(gold_pairs) if gold_pairs else 1.0
    return Score(precision, recall)
