"""Merge: reports of the same real-world event become one merged event with its mentions.

The rule and its parameters are in :mod:`flashpoint.merge.rule` (and docs/store.md); the
grouping is in :mod:`flashpoint.merge.cluster`; :mod:`flashpoint.merge.score` scores a merge
against hand-made clusters. The store keeps merged events up to date after each ingest by
re-clustering only the dyads that received new events (see :mod:`flashpoint.store.merging`).
"""

from flashpoint.merge.cluster import Cluster, cluster
from flashpoint.merge.merged import MergedEvent
from flashpoint.merge.rule import Mention, MergeRule, group_key
from flashpoint.merge.score import Score, bcubed, pairwise

__all__ = ["Cluster", "Mention", "MergeRule", "MergedEvent", "Score", "bcubed", "cluster", "group_key", "pairwise"]
