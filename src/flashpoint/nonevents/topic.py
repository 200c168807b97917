"""Reports that are not about politics: a cricket match, a trading day.

The lexicon's verbs have sporting and market senses ("struck", "cut a delivery", "rule him out of
the match", "investors welcomed the gains"); in a sports or markets report they are no political
event. A report is one when it uses at least :data:`TOPIC_WORDS` different words of one such
kind (cue kinds ``sport-word`` and ``market-word`` in ``data/time/cues.tsv``) and the event's own
actors are no political actors (no state body, party, armed group, court or international body):
"police arrested two fans after the match" stays an event.
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Doc

from flashpoint.cues import cues
from flashpoint.language.arrays import arrays
from flashpoint.records import ORGANISATION_BLOCKS, Actor, Event

#: How many different words of one kind make a report a sports or markets report.
TOPIC_WORDS = 3
TOPICS = {"sport-word": "sports", "market-word": "markets"}
#: Sectors of actors whose acts are political whatever the report is about.
POLITICAL_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "OPP", "PTY", "REB", "INS", "SEP", "SPY", "UAF",
                               "CRM", "HRI", "LAB"})


def report_topic(doc: Doc) -> tuple[str, list[str]] | None:
    """("sports" | "markets", the words that show it), or None for any other report."""
    columns = arrays(doc)  # the report's words, read once per report (no Token objects)
    lower = columns.lower
    words = set(columns.lemma_lower) | set(lower)
    known = cues()
    for kind, topic in TOPICS.items():
        found = sorted((words & known[kind]) | _pairs(lower, known[kind]))
        if len(found) >= TOPIC_WORDS:
            return topic, found
    return None


def _pairs(lower: tuple[str, ...], cue_words: frozenset[str]) -> set[str]:
    """The two-word names of ``cue_words`` in the report ("davis cup", "six nations"): a pair is
    spelled out only after a word that can open one (most reports: a handful of words, not every
    pair of the report)."""
    openers = _openers(cue_words)
    pairs = (f"{a} {b}" for a, b in zip(lower, lower[1:]) if a in openers)
    return {pair for pair in pairs if pair in cue_words}


@cache
def _openers(cue_words: frozenset[str]) -> frozenset[str]:
    """What may stand before a space in a cue word: each cue word cut at each of its spaces."""
    return frozenset(word[:i] for word in cue_words for i, char in enumerate(word) if char == " ")


def off_topic(event: Event, topic: tuple[str, list[str]] | None) -> str | None:
    """Why an event of a sports or markets report is no political event, or None."""
    if topic is None or _political(event.source) or _political(event.target):
        return None
    name, words = topic
    return f"not political: a {name} report ({', '.join(repr(w) for w in words[:4])})"


def _political(actor: Actor | None) -> bool:
    if actor is None:
        return False
    return actor.sector in POLITICAL_SECTORS or actor.code[:3] in ORGANISATION_BLOCKS
