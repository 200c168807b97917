"""News outlets credited for a report: evidence of its country, never actors of its events.

SATP incident summaries and wire copy end with their source: "..., reports Dawn", "the Hindu
reported", "according to El Tiempo". A country's own newspapers and agencies report its news
(actors/institutions.tsv lists them with sector MED), so a report that names no place or state of
its own but credits one is that country's story; and the credited outlet did nothing in the events
it reports, so it is no source or target of them.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from flashpoint.cues import cues
from flashpoint.records import Mention

#: The sector of news outlets in the knowledge base.
OUTLET_SECTOR = "MED"
REPORTING_VERBS = cues()["reporting-verb"] | {"report"}


def credited_outlets(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """The mentions of named outlets in the position of a credit: the subject of a verb of
    reporting ("reports Dawn", "the Hindu said") or the object of "according to"."""
    return [m for m in mentions
            if m.actor.sector == OUTLET_SECTOR and m.actor.rule.startswith("institution ")
            and 0 <= m.head < len(doc) and _credit(doc[m.head])]


def _credit(head: Token) -> bool:
    if head.dep_ == "nsubj" and head.head.lemma_.lower() in REPORTING_VERBS:
        return True
    if head.dep_ in ("dobj", "npadvmod") and head.head.lower_ == "reports" and head.head.i < head.i:
        return True  # "..., reports Dawn": the parser may read the outlet as the object
    return head.dep_ == "pobj" and head.head.lower_ == "to" and head.head.head.lower_ == "according"
