"""Which actor mentions cover which tokens of a parsed report, and which actors an argument names."""

from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Doc, Token

from flashpoint.cues import cues
from flashpoint.records import Mention

# Words that count a group rather than name it: "thousands of demonstrators", "a contingent of".
PARTITIVES = frozenset().union(*(cues()[kind] for kind in (
    "partitive", "group-noun", "unit-noun", "number-word", "portion-noun")))
# Words between coordinated actors; a conjunction or disjunction among them coordinates.
COORDINATION = cues()["conjunction"] | cues()["disjunction"] | cues()["coordination-filler"]
COORDINATORS = cues()["conjunction"] | cues()["disjunction"]


class ActorIndex:
    """The actor mentions of one parsed report by token; built once per report."""

    def __init__(self, doc: Doc, mentions: list[Mention]) -> None:
        self.at: dict[int, list[Mention]] = {}
        for mention in mentions:
            for i in range(*mention.tokens):
                self.at.setdefault(i, []).append(mention)
        self._starts = sorted(m.tokens[0] for m in mentions)

    def covering(self, token: Token) -> list[Mention]:
        return self.at.get(token.i, [])

    def any_in(self, start: int, end: int) -> bool:
        """Does any actor mention start within these tokens?"""
        starts = self._starts
        k = bisect_left(starts, start)
        return k < len(starts) and starts[k] < end

    def argument(self, token: Token) -> list[Mention]:
        """The actors an argument names, with those coordinated with it ("India and Pakistan"),
        or those it counts ("thousands **of demonstrators**")."""
        found = list(self.covering(token))
        if not found and (token.lower_ in PARTITIVES or token.pos_ == "NUM"):
            for child in token.children:
                if child.dep_ == "prep" and child.lower_ == "of":
                    found = [m for g in child.children if g.dep_ == "pobj" for m in self.argument(g)]
            return found
        if not found:
            return []
        doc = token.doc
        left, right = token.left_edge.i, token.right_edge.i
        found = self._extend(doc, found, left, right, -1)
        found = self._extend(doc, found, left, right, +1)
        seen: set[tuple[int, int, str]] = set()
        unique = []
        for m in found:
            key = (*m.tokens, m.actor.code)
            if key not in seen:
                seen.add(key)
                unique.append(m)
        return unique

    def _extend(self, doc: Doc, found: list[Mention], left: int, right: int, step: int) -> list[Mention]:
        """Add the mentions coordinated with ``found`` on one side, within the argument's words."""
        edge = min(m.tokens[0] for m in found) if step < 0 else max(m.tokens[1] for m in found) - 1
        i = edge + step
        saw_coordinator = False
        while left <= i <= right:
            token = doc[i]
            if token.lower_ in COORDINATION:
                saw_coordinator = saw_coordinator or token.lower_ in COORDINATORS
                i += step
                continue
            covering = self.at.get(i)
            if covering and saw_coordinator:
                found = found + covering
                edge = (min(m.tokens[0] for m in covering) if step < 0 else max(m.tokens[1] for m in covering) - 1)
                i = edge + step
                saw_coordinator = False
                continue
            break
        return found
