"""Which actor mentions cover which tokens of a parsed report, and which actors an argument names."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import replace

from spacy.tokens import Doc, Token

from flashpoint.cues import cues
from flashpoint.language.arrays import ParseArrays, arrays
from flashpoint.records import Mention

# Words that count a group rather than name it: "thousands of demonstrators", "a contingent of".
PARTITIVES = frozenset().union(*(cues()[kind] for kind in (
    "partitive", "group-noun", "unit-noun", "number-word", "portion-noun")))
# Words between coordinated actors; a conjunction or disjunction among them coordinates.
COORDINATION = cues()["conjunction"] | cues()["disjunction"] | cues()["coordination-filler"]
COORDINATORS = cues()["conjunction"] | cues()["disjunction"]
# Dependencies of the words that open a conjunct before its actor's words.
CONJUNCT_OPENERS = frozenset({"det", "predet", "amod", "nummod"})
# Dependencies of a noun's modifiers that may name its actor ("police officers", "Hamas gunmen").
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})
# Offices through which their owner acts: "Nicaragua's Attorney General's Office".
BODY_NOUNS = cues()["body-noun"]


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
        return self.argument_at(token.doc, token.i)

    def argument_at(self, doc: Doc, i: int) -> list[Mention]:
        """:meth:`argument` of token ``i``. The parse is read from the arrays (most arguments name
        no one): a Token is made only for the subtree's edges of one that names someone."""
        columns = arrays(doc)
        dep, lower, kids = columns.dep, columns.lower, columns.children
        found = list(self.at.get(i, []))
        if not found and (lower[i] in PARTITIVES or columns.pos[i] == "NUM"):
            for child in kids[i]:
                if dep[child] == "prep" and lower[child] == "of":
                    found = [m for g in kids[child] if dep[g] == "pobj" for m in self.argument_at(doc, g)]
            if found or columns.pos[i] == "NUM":
                return found  # else "Frontier Corps personnel": the unit named by its modifiers
        if not found:
            # "Achchutanand, a former BJP legislator, was attacked": a name no one resolved is
            # the role its apposition gives it
            found = self._modifying(doc, i) or [m for c in kids[i] if dep[c] == "appos" for m in self.argument_at(doc, c)]
            if not found:
                return []
        elif all(m.actor.code.startswith("---") and m.actor.sector for m in found):
            # "a delegation (GOV) of the European Union", "CPI Maoist cadres (REB)": the body named
            found = self._member_of(columns, i) or [
                m for m in self._modifying(doc, i) if not m.actor.code.startswith("---")] or found
        token = doc[i]
        left, right = token.left_edge.i, token.right_edge.i
        found = self._extend(columns, found, left, right, -1)
        found = self._extend(columns, found, left, right, +1)
        seen: set[tuple[int, int, str]] = set()
        unique = []
        for m in found:
            key = (*m.tokens, m.actor.code)
            if key not in seen:
                seen.add(key)
                unique.append(m)
        return unique

    def _modifying(self, doc: Doc, i: int) -> list[Mention]:
        """An actor named by the modifiers of a noun the knowledge base does not know: "Johannesburg
        police **flying squad officers**", "Hamas **gunmen**", "army **personnel**", or the owner
        of an office ("Nicaragua's Attorney General's **Office**"). Only an actor
        with a sector or an organisation's code: a bare nationality on a thing ("Colombian
        cocaine") names no one who acts."""
        columns = arrays(doc)
        if columns.pos[i] not in ("NOUN", "PROPN"):
            return []
        dep = columns.dep
        body = columns.lower[i] in BODY_NOUNS
        for child in columns.children[i]:
            # a number is a modifier when it ends a name ("Barrio **18** members", "MS-**13** members")
            if child < i and (dep[child] in MODIFIER_DEPS or body and dep[child] == "poss" or dep[child] == "nummod"):
                named = self._acting(child)
                if named:
                    token = doc[i]
                    return [_through(m, token) for m in named]
        return self._member_of(columns, i)

    def _member_of(self, columns: ParseArrays, i: int) -> list[Mention]:
        """The body a noun's "from" phrase names ("a five-member team **from the International
        Monetary Fund**"), or the "of" phrase of a unit ("a delegation **of the European Union**");
        the "of" of other nouns is no membership ("supporters of", "opponents of the government")."""
        dep, lower, kids = columns.dep, columns.lower, columns.children
        member = {"from", "of"} if lower[i] in PARTITIVES else {"from"}  # never "opponents of the government"
        for child in kids[i]:
            if dep[child] == "prep" and lower[child] in member:
                named = [m for g in kids[child] if dep[g] == "pobj" for m in self._acting(g)]
                if named:
                    return named
        return []

    def _acting(self, token: int) -> list[Mention]:
        """The mentions headed by token ``token`` that name someone who acts: a sector or an
        organisation."""
        return [m for m in self.at.get(token, []) if m.head == token
                and (m.actor.sector or not m.actor.code.startswith(m.actor.country or "---"))]

    def _extend(self, columns: ParseArrays, found: list[Mention], left: int, right: int, step: int) -> list[Mention]:
        """Add the mentions coordinated with ``found`` on one side, within the argument's words."""
        dep, lower, head = columns.dep, columns.lower, columns.head
        edge = min(m.tokens[0] for m in found) if step < 0 else max(m.tokens[1] for m in found) - 1
        i = edge + step
        saw_coordinator = False
        while left <= i <= right:
            if lower[i] == ("(" if step > 0 else ")"):
                i = _past_brackets(lower, i, step, left, right)  # "Security Forces (SFs) and the militants"
                continue
            if lower[i] in COORDINATION:
                saw_coordinator = saw_coordinator or lower[i] in COORDINATORS
                i += step
                continue
            if saw_coordinator and step > 0 and dep[i] in CONJUNCT_OPENERS and dep[head[i]] == "conj":
                i += step  # "the security forces and **the** militants", "police and **armed** men"
                continue
            covering = self.at.get(i)
            if covering and all(dep[m.head] == "poss" for m in covering):
                break  # "Anar Gul and his son": a possessor is not the conjunct, whose noun names no actor
            if covering and saw_coordinator:
                found = found + covering
                edge = (min(m.tokens[0] for m in covering) if step < 0 else max(m.tokens[1] for m in covering) - 1)
                i = edge + step
                saw_coordinator = False
                continue
            break
        return found


def _past_brackets(lower: list[str], i: int, step: int, left: int, right: int) -> int:
    """The word after a bracketed aside that opens at ``i`` (an abbreviation or a gloss: "Security
    Forces **(SFs)** and ..."), or a word outside the argument when it does not close within it,
    which ends the walk."""
    closing = ")" if step > 0 else "("
    j = i + step
    while left <= j <= right and abs(j - i) <= 8:
        if lower[j] == closing:
            return j + step
        j += step
    return right + 1 if step > 0 else left - 1


def _through(mention: Mention, head: Token) -> Mention:
    """The mention stretched to the noun it modifies: "Johannesburg police flying squad officers"."""
    doc = head.doc
    start = min(mention.tokens[0], head.left_edge.i)
    span = (doc[start].idx, head.idx + len(head.text))
    text = doc[start:head.i + 1].text
    actor = replace(mention.actor, text=text, span=span)
    return replace(mention, actor=actor, text=text, span=span, tokens=(start, head.i + 1), head=head.i)
