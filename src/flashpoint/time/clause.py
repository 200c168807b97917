"""The stretch of a sentence whose time and place an event shares, read off the dependency parse.

Both the dater and the placer ask the same question: which words around the trigger speak for
the event? A participle or conjoined verb shares its governing verb's clause ("engaged in
conversations on Wednesday, ... urging Pakistan"); a noun event shares a clause only with a
*support* verb ("engaging in cross-border firing", "carried out an attack") or the verb it is the
subject of ("the blast killed 26 on Tuesday") - never with a verb that merely mentions it
("condemned the attack": the condemnation's time is not the attack's).
"""

from __future__ import annotations

from spacy.tokens import Token

from flashpoint.cues import cues
from flashpoint.language.arrays import arrays

VERB_POS = frozenset({"VERB", "AUX"})
NOUN_POS = frozenset({"NOUN", "PROPN"})
#: Verbs that lend their clause to an event noun: the noun names the event, the verb does not.
SUPPORT_VERBS = cues()["support-verb"] | cues()["dating-support-verb"]
#: Verbs of beginning and ending: "began withdrawing on 29 April" dates the beginning.
ASPECT_VERBS = cues()["aspect-verb"]
#: Subordinators after which a clause keeps the main clause's time ("while advising caution").
SIMULTANEOUS = cues()["simultaneity-subordinator"]
#: Auxiliaries of the future ("will") and of the present perfect ("has").
FUTURE_AUXILIARIES = cues()["modal-future"]
PERFECT_AUXILIARIES = cues()["perfect-auxiliary"]


def governing_verb(token: Token) -> Token | None:
    """The verb a noun event shares its clause with, or None ("condemned the attack": None)."""
    dep, head = token.dep_, token.head
    if head.i == token.i:
        return None
    if dep in ("nsubj", "nsubjpass") and head.pos_ in VERB_POS:
        return head
    if dep in ("dobj", "attr") and head.pos_ in VERB_POS and head.lemma_ in SUPPORT_VERBS:
        return head
    if dep == "pobj" and head.dep_ == "prep" and head.head.pos_ in VERB_POS and head.head.lemma_ in SUPPORT_VERBS:
        return head.head
    return None


def parent_clause(verb: Token) -> Token | None:
    """The verb whose clause ``verb`` continues (participles, conjuncts, xcomps), else None.

    A clause with its own subject and its own tense is its own time ("reaffirmed ... as India
    accuses Pakistan"): it does not continue its parent.
    """
    columns = arrays(verb.doc)  # the verb's own words from the arrays: no Token per child
    deps, kids = columns.dep, columns.children[verb.i]
    dep, head = verb.dep_, verb.head
    if head.i == verb.i:
        return None
    if any(deps[c] in ("nsubj", "nsubjpass") for c in kids):
        own = tense(verb)
        if own != "none" and own != tense(head):
            return None
    if dep in ("xcomp", "conj") and head.pos_ in VERB_POS:
        return head
    if dep == "advcl" and head.pos_ in VERB_POS:
        marks = [columns.lower[c] for c in kids if deps[c] == "mark"]
        if not marks or marks[0] in SIMULTANEOUS:
            return head
        return None
    if dep == "pcomp" and head.dep_ == "prep" and head.head.pos_ in VERB_POS:
        return head.head  # "retaliated by closing"
    return None


def chain(trigger: Token) -> list[Token]:
    """The trigger and the words whose clause it shares, nearest first."""
    found = [trigger]
    token = trigger
    if token.pos_ not in VERB_POS:
        verb = governing_verb(token)
        if verb is None:
            return found
        found.append(verb)
        token = verb
    for _ in range(12):
        parent = parent_clause(token)
        if parent is None or parent in found:
            break
        found.append(parent)
        token = parent
    return found


def tense(verb: Token) -> str:
    """past | perfect | pluperfect | present | future | modal | none, from the verb and its auxiliaries
    (read from the Doc's arrays: the dater and the placer ask this of many verbs)."""
    a = arrays(verb.doc)
    dep, tag = a.dep, a.tag
    auxes = [c for c in a.children[verb.i] if dep[c] in ("aux", "auxpass")]
    lowers = [a.lower[c] for c in auxes]
    tags = [tag[c] for c in auxes]
    own = tag[verb.i]
    if any(w in FUTURE_AUXILIARIES for w in lowers):
        return "future"
    if "MD" in tags:
        return "modal"
    participle = own == "VBN" or "VBN" in tags
    if participle and any(w in PERFECT_AUXILIARIES and t in ("VBZ", "VBP") for w, t in zip(lowers, tags)):
        return "perfect"
    if "had" in lowers and participle:
        return "pluperfect"
    finite = [t for t in tags if t in ("VBD", "VBZ", "VBP")]
    if finite:
        return "past" if finite[0] == "VBD" else "present"
    if own == "VBD":
        return "past"
    if own in ("VBZ", "VBP"):
        return "present"
    return "none"


def finite_tense(trigger: Token) -> str:
    """The tense of the finite verb that carries the trigger ("advising" -> its "reaffirmed")."""
    token: Token | None = trigger if trigger.pos_ in VERB_POS else governing_verb(trigger)
    for _ in range(12):
        if token is None:
            return "none"
        found = tense(token)
        if found == "modal" and token.dep_ in ("ccomp", "xcomp", "advcl", "conj"):
            found = "none"  # "emphasizing that they must be brought to justice": the saying's time
        if found != "none":
            return found
        nxt = parent_clause(token)
        if nxt is None and token.dep_ in ("ccomp", "xcomp", "advcl", "acl", "relcl", "conj", "pcomp", "prep") and token.head.i != token.i:
            nxt = token.head if token.head.pos_ in VERB_POS else None
        token = nxt
    return "none"
