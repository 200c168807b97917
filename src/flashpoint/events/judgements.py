"""Criticism said with a word of judgement: "Zimbabwe's refusal ... was **deplorable**, Cosatu said".

No lexicon verb carries such a criticism: the speaker's verb is a plain verb of saying and the act
is a copula with an adjective. A speaker who calls an actor, or an actor's act, deplorable,
unacceptable or illegal (lexicon/cues.tsv `condemning-adjective`) criticises that actor (CAMEO
111). The event is read off the verb of saying, so its modality, date and confidence are the
saying's; it is coded only when both the speaker and the one judged are actors of the sentence.
"""

from __future__ import annotations

from spacy.tokens import Token

from flashpoint.events import arguments, clauses
from flashpoint.events.assemble import assemble
from flashpoint.events.context import Candidate, Knowledge, Sentence
from flashpoint.events.lexicon import Entry
from flashpoint.events.matching import Match
from flashpoint.language.arrays import arrays

#: The CAMEO code of criticism (111: criticize or denounce).
CRITICISM = "111"


def judgements_in_speech(candidates: list[Candidate], known: Knowledge, sentence: Sentence) -> list[Candidate]:
    """The criticisms the sentence says in a word of judgement, on verbs of saying no other event
    of the sentence was read off."""
    words = known.cues["condemning-adjective"]
    span = sentence.span
    a = arrays(span.doc)  # the sentence's words read from the report's arrays (no Token per word)
    dep, lemma = a.dep, a.lemma_lower
    taken = {c.trigger.i for c in candidates}
    out: list[Candidate] = []
    for i in range(span.start, span.end):
        if dep[i] != "acomp" or lemma[i] not in words:
            continue
        word = span.doc[i]
        copula = word.head
        verb = _verb_of_saying(copula, known)
        if verb is None or verb.i in taken:
            continue
        out += _criticism(verb, copula, word, sentence, known)
        taken.add(verb.i)
    return out


def _verb_of_saying(copula: Token, known: Knowledge) -> Token | None:
    """"X said [it was deplorable]", "[it was deplorable], X said": the verb reporting the copula."""
    verb = copula.head
    if copula.dep_ in ("ccomp", "parataxis") and verb.lemma_.lower() in known.cues["reporting-verb"]:
        return verb
    return None


def _criticism(verb: Token, copula: Token, word: Token, sentence: Sentence, known: Knowledge) -> list[Candidate]:
    entry = Entry(CRITICISM, verb.lemma_.lower(), "v", None, (), f"called it {word.lower_}", "", "judgement", 0)
    found = [c for c in assemble(Match(entry, verb), sentence, known) if c.event.source is not None]
    if not found:
        return []
    speakers = [m for s in clauses.subjects(verb) for m in sentence.actors.argument(s)]
    judged = arguments.actors_in(clauses.subjects(copula), sentence.actors, speakers)
    if not judged:
        return []
    for candidate in found:
        candidate.event.target = judged[0].actor
    return found[:1]
