"""Criticism and blame said with a word of judgement: "Zimbabwe's refusal ... was **deplorable**,
Cosatu said", "police said the gang was **behind** the attack".

No lexicon verb carries such a judgement: the speaker's verb is a plain verb of saying and the act
is a copula with an adjective or a preposition. A speaker who calls an actor, or an actor's act,
deplorable, unacceptable or illegal (lexicon/cues.tsv `condemning-adjective`) criticises that actor
(CAMEO 111), and so does one who says an actor did wrong (`wrongdoing-verb`: "the BJP said the
government has failed"; claimed or alleged, it is an accusation, 112); one who says an actor was
behind, or responsible for, a violent act (`blaming-word`) accuses it (112). The event is read off the verb of saying, so its modality, date
and confidence are the saying's; it is coded only when both the speaker and the one judged are
actors of the sentence.
"""

from __future__ import annotations

from spacy.tokens import Token

from flashpoint.cues import cues
from flashpoint.events import arguments, clauses
from flashpoint.events.assemble import assemble
from flashpoint.events.context import Candidate, Knowledge, Sentence
from flashpoint.events.lexicon import Entry
from flashpoint.events.matching import Match
from flashpoint.language.arrays import arrays

#: The CAMEO codes of criticism (111: criticize or denounce) and accusation (112).
CRITICISM, ACCUSATION = "111", "112"
#: The words of judgement the rules read (lexicon/cues.tsv), the only words a Token is built for.
JUDGEMENT_WORDS = cues()["condemning-adjective"] | cues()["blaming-word"] | cues()["wrongdoing-verb"]
#: The dependencies a word of judgement has: on a copula (adjective, preposition), or as the clause
#: said itself or its attempted act (a verb of wrongdoing: "said [the government failed]", "claimed
#: [the defence tried to tarnish her]").
JUDGEMENT_DEPS = frozenset({"acomp", "prep", "ccomp", "parataxis", "xcomp"})


def judgements_in_speech(candidates: list[Candidate], known: Knowledge, sentence: Sentence) -> list[Candidate]:
    """The criticisms and accusations the sentence says in a word of judgement, on verbs of saying
    no other event of the sentence was read off."""
    a = arrays(sentence.doc)  # the sentence's words read from the report's arrays (no Token per word)
    dep, lemma = a.dep, a.lemma_lower
    if JUDGEMENT_WORDS.isdisjoint(lemma[sentence.start:sentence.end]):
        return []  # most sentences: no word of judgement (one set operation, not a test per word)
    taken = {c.trigger.i for c in candidates}
    out: list[Candidate] = []
    for i in range(sentence.start, sentence.end):
        if dep[i] not in JUDGEMENT_DEPS or lemma[i] not in JUDGEMENT_WORDS:
            continue
        word = sentence.doc[i]
        judged = _judgement(word, known)
        if judged is None:
            continue
        code, clause = judged
        verb = _verb_of_saying(clause, known)
        if verb is None or verb.i in taken or any(c.dep_ == "neg" for c in clause.children):
            continue
        if code == CRITICISM and word.pos_ in clauses.VERB_POS and verb.lemma_.lower() in known.cues["claim-verb"]:
            code = ACCUSATION  # wrongdoing claimed: "claimed that the defence tried to tarnish her"
        out += _speaker_judges(verb, clause, word, code, sentence, known)
        taken.add(verb.i)
    return out


def _judgement(word: Token, known: Knowledge) -> tuple[str, Token] | None:
    """The code a word of judgement says, and the clause whose subject it judges: "was
    **deplorable**" criticises; "was **behind** the bombing", "were **responsible** for the
    killings" accuse, when what they name is a violent act, not a duty ("responsible for
    security"); a verb of wrongdoing said of someone ("the government has **failed**", "tried to
    **tarnish** the complainant") criticises, unless a modal makes it a guess ("could fail")."""
    lemma = word.lemma_.lower()
    if word.pos_ in clauses.VERB_POS and lemma in known.cues["wrongdoing-verb"]:
        clause = word.head if word.dep_ == "xcomp" and word.head.lemma_.lower() in known.cues["attempt-verb"] else word
        if clause.dep_ not in ("ccomp", "parataxis") or any(c.tag_ == "MD" for c in clause.children):
            return None
        deeds = [c for c in word.children if c.dep_ in ("dobj", "nsubjpass")]
        return (ACCUSATION if any(_misdeed(d, known) for d in deeds) else CRITICISM), clause
    if word.dep_ == "acomp" and lemma in known.cues["condemning-adjective"]:
        return CRITICISM, word.head
    if lemma not in known.cues["blaming-word"]:
        return None
    if word.head.lemma_ == "be" and word.dep_ in ("acomp", "prep"):
        clause = word.head
    elif word.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in word.children):
        clause = word  # "said the police were **involved** in the disappearance"
    else:
        return None
    named = [word] if word.dep_ == "prep" else [c for c in word.children if c.dep_ == "prep" and c.lower_ in ("for", "in")]
    deeds = [g for p in named for g in p.children if g.dep_ == "pobj"]
    return (ACCUSATION, clause) if any(_misdeed(d, known) for d in deeds) else None


def _misdeed(noun: Token, known: Knowledge) -> bool:
    """Whether a noun names a violent act (code property `violence`), alone or with the word before
    it: "the bombing", "the infiltration bid"."""
    words = [noun, *(c for c in noun.children if c.dep_ == "compound")]
    return any(known.ontology.properties(e.code).violence
               for w in words for e in known.lexicon.candidates(w.lemma_.lower(), "n"))


def _verb_of_saying(copula: Token, known: Knowledge) -> Token | None:
    """"X said [it was deplorable]", "[it was deplorable], X said": the verb reporting the copula."""
    verb, lemma = copula.head, copula.head.lemma_.lower()
    if copula.dep_ in ("ccomp", "parataxis") and (lemma in known.cues["reporting-verb"] or lemma in known.cues["claim-verb"]):
        return verb
    return None


def _speaker_judges(verb: Token, copula: Token, word: Token, code: str, sentence: Sentence,
                    known: Knowledge) -> list[Candidate]:
    entry = Entry(code, verb.lemma_.lower(), "v", None, (), f"called it {word.lower_}", "", "judgement", 0)
    found = [c for c in assemble(Match(entry, verb), sentence, known) if c.event.source is not None]
    if not found:
        return []
    speakers = [m for s in clauses.subjects(verb) for m in sentence.actors.argument(s)]
    columns = arrays(copula.doc)
    # the one judged is the clause's subject (a passive's agent: "perpetrated by rival groups"), else
    # its passive subject ("the police **were involved** in the killing")
    judged = arguments.actors_in(copula.doc, clauses._subjects(columns, copula.i), sentence.actors, speakers) or \
        arguments.actors_in(copula.doc, [c for c in columns.children[copula.i] if columns.dep[c] == "nsubjpass"],
                            sentence.actors, speakers)
    if not judged:
        return []
    for candidate in found:
        candidate.event.target = judged[0].actor
    return found[:1]
