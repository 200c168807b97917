"""News outlets credited for a report: evidence of its country, never actors of its events.

SATP incident summaries and wire copy end with their source: "..., reports Dawn", "the Hindu
reported", "according to El Tiempo". A country's own newspapers and agencies report its news
(actors/institutions.tsv lists them with sector MED), so a report that names no place or state of
its own but credits one is that country's story; and the credited outlet did nothing in the events
it reports, so it is no source or target of them. An outlet's clock says as much: a timestamp
under the headline in Indian Standard Time ("May 06 , 2016 00:00 IST") is an Indian paper's
(`data/context/time_zones.tsv`, :func:`clock_country`); and so does its vocabulary: "charged under
various IPC sections" is an Indian paper's copy
(`data/context/country_words.tsv`, :func:`vocabulary_country`). :func:`telltale` reads both.
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
WORDS_SCHEMA = Schema(columns=(Column("word", pattern=r"[A-Za-z][A-Za-z ]*[A-Za-z]"), Column("country", pattern=r"[A-Z]{3}"),
                               Column("note", required=False)), unique=("word",))
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


@cache
def _country_words() -> tuple[re.Pattern, dict[str, str]]:
    table = read_table(data_path("context", "country_words.tsv"), WORDS_SCHEMA)
    countries = {row["word"]: row["country"] for row in table.rows}
    words = sorted(countries, key=len, reverse=True)  # "gram panchayat" before "panchayat"
    return re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b"), countries


def vocabulary_country(text: str) -> str | None:
    """The one country whose press uses the report's telling words ("IPC sections"), if
    its words name exactly one."""
    pattern, countries = _country_words()
    found = {countries[match.group(0)] for match in pattern.finditer(text)}
    return found.pop() if len(found) == 1 else None


def telltale(text: str) -> tuple[str, str] | None:
    """What the outlet's own marks say of its country, and why: its clock, else its words."""
    clock = clock_country(text)
    if clock:
        return clock, f"a timestamp in {clock}'s time"
    words = vocabulary_country(text)
    return (words, f"words {words}'s press uses") if words else None


def validate() -> list[Problem]:
    return [*read_table(data_path("context", "time_zones.tsv"), TIME_ZONES_SCHEMA).problems,
            *read_table(data_path("context", "country_words.tsv"), WORDS_SCHEMA).problems]


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
