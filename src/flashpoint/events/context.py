"""What the event coder's modules hand each other: the knowledge they read, the per-parse caches,
the sentence being coded and the candidates that come out.

Long-lived objects (the extractor, its matcher) hold only :class:`Knowledge` and caches keyed on
the lexicon or the vocabulary; everything that belongs to one report lives in a
:class:`ParseCache` the caller keeps (the pipeline keeps it on the report), so one extractor
can code any number of reports, in any order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from flashpoint import language
from flashpoint.cues import Cues
from flashpoint.events.actor_index import ActorIndex
from flashpoint.events.lexicon import Lexicon
from flashpoint.ontology import Ontology
from flashpoint.records import Actor, Event, Mention


#: The note an event's rule carries when its doer is borrowed from the sentence before ("the
#: border has also been closed" after "India has implemented measures"): a weaker reading, which
#: the reconcile stage may find to be a retelling.
PREVIOUS_ACTOR_NOTE = "actor of the previous sentence"
#: The note of a toll whose doer is the other side of the fight it names (events/tolls.py): a doer
#: inferred, not told, so the event is no full account that a later partial one retells.
OTHER_SIDE_NOTE = "killed by the other side of the fight"
#: The note of a defence read as the attack's owner's act on the defender ("intercepted rockets from
#: Lebanon"): its attacker, when no one is named, is the other side, no force of the defender's country.
DEFENDED_NOTE = "the attack's owner on the defender"


@dataclass(frozen=True, slots=True)
class Knowledge:
    """The data the event rules read: lexicon and frames, CAMEO codes and their properties, cues."""

    lexicon: Lexicon
    ontology: Ontology
    cues: Cues


@dataclass(slots=True)
class ParseCache:
    """What the event coder works out once per parsed report: which actor mentions cover which
    tokens, the words filling each slot of a trigger (the entries of one trigger share slots) and
    each token's word forms and objects."""

    actors: ActorIndex
    fillers: dict[tuple[int, str], list[int]] = field(default_factory=dict)  # token indices
    forms: dict[int, set[str]] = field(default_factory=dict)
    slot_forms: dict[tuple[int, str], set[str]] = field(default_factory=dict)  # the forms of a slot's fillers
    objects: dict[int, list[int]] = field(default_factory=dict)

    @classmethod
    def of(cls, doc: Doc, mentions: list[Mention]) -> ParseCache:
        return cls(ActorIndex(doc, mentions))


@dataclass(frozen=True, slots=True)
class Sentence:
    """The sentence being coded: where it is in the report and whose actors the report names."""

    doc: Doc
    doc_id: str
    index: int  # its number in the report (:func:`flashpoint.language.sentence_bounds`)
    start: int  # its first token
    end: int  # the token after its last
    chars: tuple[int, int]  # its characters in the report's text
    actors: ActorIndex

    @property
    def span(self) -> Span:
        """The sentence as a Span, made when first asked for (most sentences never need one)."""
        return language.sentence_span(self.doc, self.index)


@dataclass(slots=True)
class Candidate:
    """An event before dating, placing and reconciling: the reconcile stage makes it final."""

    event: Event
    trigger: Token
    nominal: bool
    needs_date: bool  # a noun event in a background phrase: kept only if the report dates it
    unnamed_target: Actor | None = None  # the words of a target no knowledge base names, if nothing better
