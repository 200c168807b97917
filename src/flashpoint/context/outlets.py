"""News outlets credited for a report: evidence of its country, never actors of its events.

SATP incident summaries and wire copy end with their source: "..., reports Dawn", "the Hindu
reported", "according to El Tiempo". A country's own newspapers and agencies report its news
(actors/institutions.tsv lists them with sector MED), so a report that names no place or state of
its own but credits one is that country's story; and the credited outlet did nothing in the events
it reports, so it is no source or target of them. An outlet's clock says as much: a timestamp
under the headline in Indian Standard Time ("May 06 , 2016 00:00 IST") is an Indian paper's
(`data/context/time_zones.tsv`, :func:`clock_country`).
"""

from __future__ import annotations

import re
from functools import cache

from spacy.tokens import Doc, Token

from flashpoint.cues import cues
from flashpoint.datafiles import Column, Problem, Schema, data_path, read_table
from flashpoint.records import Mention

#: The sector of news outlets in the knowledge base.
OUTLET_SECTOR = "MED"
REPORTING_VERBS = cues()["reporting-verb"] | {"report"}
TIME_ZONES_SCHEMA = Schema(columns=(Column("zone", pattern=r"[A-Z]{2,5}"), Column("country", pattern=r"[A-Z]{3}"),
                                    Column("note", required=False)), unique=("zone",))
#: Where a report's timestamp is read: its first characters (headline, date line, dateline).
CLOCK_CHARS = 400


@cache
def _time_zones() -> dict[str, str]:
    table = read_table(data_path("context", "time_zones.tsv"), TIME_ZONES_SCHEMA)
    return {row["zone"]: row["country"] for row in table.rows}


def clock_country(text: str) -> str | None:
    """The country of the clock a report's timestamp is printed in ("00:00 IST" -> IND), if any."""
    zones = _time_zones()
    for match in re.finditer(r"\b\d{1,2}[:.]\d{2}\s*(?:[AaPp]\.?[Mm]\.?\s*)?(?:hrs\s+)?([A-Z]{2,5})\b", text[:CLOCK_CHARS]):
        if match.group(1) in zones:
            return zones[match.group(1)]
    return None


def validate() -> list[Problem]:
    return list(read_table(data_path("context", "time_zones.tsv"), TIME_ZONES_SCHEMA).problems)


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
