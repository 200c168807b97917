"""Background: a noun event named only as the time, cause or topic of another act ("after the US
withdrawal", "complaints of abuses decreased") is no news unless the report dates it. Read on
the parse and cue words only, like :mod:`flashpoint.events.clauses`.
"""

from __future__ import annotations

from spacy.tokens import Token

from flashpoint.cues import Cues, cues
from flashpoint.events.clauses import VERB_POS
from flashpoint.events.wordforms import regular_lemmas


def in_background(noun: Token, cues: Cues) -> bool:
    """A noun event inside a time or cause phrase ("after the US withdrawal", "following the
    attack") is background unless the report dates it; so is one named only as the topic of
    a sentence whose clause is not about it, or the subject of a verb that does not carry it out
    ("complaints of abuses decreased dramatically")."""
    if _argument_of_another_act(noun):
        return True
    current = noun
    for _ in range(6):
        head = current.head
        if head is current:
            break
        if current.dep_ == "pobj" and head.dep_ in ("prep", "agent"):
            phrase = head.lower_
            if head.head.dep_ == "pobj" and head.head.head.dep_ == "prep":
                phrase = f"{head.head.head.lower_} {head.head.lower_} {phrase}"  # "in response to"
            if phrase in cues["background-prep"] or head.lower_ in cues["background-prep"]:
                return True
        if head.pos_ in VERB_POS and head.lemma_.lower() in cues["background-prep"]:
            return True  # "following the attack" parsed as a verb
        if head.pos_ in VERB_POS and current.dep_ not in ("pobj", "prep"):
            break
        current = head
    return False


#: Verbs a noun event may be the subject of and still be news: those that carry it out, say it
#: happened or was fought off, and the copula ("the attack was the deadliest").
CARRIER_VERBS = (cues()["support-verb"] | cues()["event-support-verb"] | cues()["occurrence-verb"]
                 | cues()["dating-support-verb"] | cues()["defence-verb"] | {"be"})


def _argument_of_another_act(noun: Token) -> bool:
    """Whether a noun event is only the subject of a verb that is none of :data:`CARRIER_VERBS`,
    and names no doer of its own: "complaints of abuses decreased", "the arrests went unreported"."""
    verb = noun.head
    if noun.dep_ not in ("nsubj", "nsubjpass") or verb.pos_ not in VERB_POS or _told_with_its_doer(noun):
        return False
    return not carries_out(verb)


def carries_out(verb: Token) -> bool:
    """Whether a verb carries out the noun event it governs or says it happened (one of
    :data:`CARRIER_VERBS`, with its particle: "was launched", "broke out")."""
    particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), None)
    # the small model's lemmatizer misses some past forms ("raged" -> "rag")
    lemmas = [verb.lemma_.lower(), *regular_lemmas(verb.lower_)]
    return any(lemma in CARRIER_VERBS or f"{lemma}+{particle}" in CARRIER_VERBS for lemma in lemmas)


def _told_with_its_doer(noun: Token) -> bool:
    """"India's downgrading of ties", "Kenyan protests", "the Sri Lankan protests" (however parsed),
    "the capture of the city by M23 rebels" (the "by" may hang on a prepositional object), "the
    bandh called by the Maoists"."""
    before = noun.doc[noun.i - 1] if noun.i > 0 else None
    if before is not None and (before.pos_ == "PROPN" or before.ent_type_ in ("NORP", "GPE", "ORG")):
        return True
    owned = [g for c in noun.children if c.dep_ == "prep" for g in c.children]
    # "the bandh called by the Maoists": the doer named on a participle describing the noun
    owned += [c for c in noun.children if c.dep_ == "acl" and c.tag_ == "VBN"]
    return any(c.dep_ == "poss" or _names_a_doer(c) for c in noun.children) or any(
        c.dep_ in ("prep", "agent") and c.lower_ == "by" for owner in (noun, *owned) for c in owner.children)


def _names_a_doer(modifier: Token) -> bool:
    """A name or nationality before a noun event: "**Kenyan** protests", "the **US** promise"."""
    return modifier.dep_ in ("amod", "compound", "nmod") and modifier.i < modifier.head.i and (
        modifier.pos_ == "PROPN" or modifier.ent_type_ in ("NORP", "GPE", "ORG"))
