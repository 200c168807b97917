"""Modality: did the event happen (asserted), not happen (negated), or is it only possible
(hypothetical) or planned (future)?

The decision walks from the trigger up through the clauses that govern it, looking for the cues
of ``cues.tsv``: a negation on the trigger or a governing verb ("did not attack"), a negating verb
above it ("refrained from criticizing", "denied sending troops"), a modal ("would retaliate"), a
planning or predicting verb ("plans to strike", "is considered imminent"), a hypothetical word
on a noun event ("a possible incursion") or a condition ("if India attacks"); a claim by one
party ("the Houthis claimed they attacked the airport") is ``reported``.
Threats and appeals are not hypothetical: "threatened to strike" is an asserted threat (13), and
the frames logic codes it before modality is asked.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from flashpoint import language
from flashpoint.cues import Cues
from flashpoint.events.clauses import NOUN_POS, VERB_POS
from flashpoint.language.arrays import ParseArrays, arrays

# How far up the governing chain a cue still applies.
_CHAIN_DEPS = frozenset({"xcomp", "pcomp", "prep", "ccomp", "conj", "advcl", "nsubjpass", "nsubj", "dobj", "pobj", "oprd", "acomp", "agent",
                         "attr"})  # "if there are more clashes": the noun after "there are" is in the clause


@dataclass(frozen=True, slots=True)
class ModalityReading:
    modality: str
    cue: str | None = None
    hedged: bool = False


def _own_cues(token: Token, cues: Cues, is_trigger: bool) -> ModalityReading | None:
    """The modality the words on a token give it: a negation, a modal, a condition, a
    hypothetical word, or "no" on the noun event or on its verb's arguments. Read from the arrays
    (it runs for the trigger and each governing verb): no Token per child."""
    columns = arrays(token.doc)
    children, lower, dep = columns.children, columns.lower, columns.dep
    i = token.i
    for child in children[i]:
        reading = _child_cue(columns, child, i, cues)
        if reading:
            return reading
    pos = columns.pos[i]
    if is_trigger and pos in NOUN_POS:
        # "no attack took place", "no Pakistani facilities were targeted"
        if any(lower[c] == "no" and dep[c] == "det" for c in children[i]):
            return ModalityReading("negated", "no")
        # "will retaliate against any Indian attack": any one that may come, none that came
        if any(lower[c] == "any" and dep[c] == "det" for c in children[i]):
            return ModalityReading("hypothetical", "any")
    # passive subject with "no": "no facilities were targeted"
    if pos in VERB_POS:
        for child in children[i]:
            if dep[child] in ("nsubjpass", "nsubj", "dobj") and any(lower[g] == "no" and dep[g] == "det" for g in children[child]):
                return ModalityReading("negated", "no")
    return None


def _child_cue(columns: ParseArrays, child: int, token: int, cues: Cues) -> ModalityReading | None:
    """The modality one word (``child``) on ``token`` gives it, if any."""
    word, dep, text = columns.lower[child], columns.dep[child], columns.text[child]
    if dep == "neg" or (word in cues["negation"] and dep in ("neg", "advmod", "preconj", "cc")):
        if word in ("no",) and dep != "neg":
            return None
        return ModalityReading("negated", text)
    if dep == "aux" and word in cues["modal-future"]:
        negated = any(columns.dep[c] == "neg" for c in columns.children[token])
        return ModalityReading("negated" if negated else "future", text)
    if dep == "aux" and word in cues["modal-hypothetical"]:
        return ModalityReading("hypothetical", text)
    if dep == "mark" and (word in cues["condition"] or word in cues["doubt-subordinator"]):
        return ModalityReading("hypothetical", text)
    if dep in ("amod", "acomp", "oprd") and columns.lemma_lower[child] in cues["hypothetical-word"]:
        return ModalityReading("hypothetical", text)
    return None


def _hedged(token: Token, cues: Cues) -> bool:
    """Whether a hedge word ("reportedly", "allegedly") hangs on the token, read from the arrays."""
    columns = arrays(token.doc)
    lower = columns.lower
    return any(lower[c] in cues["hedge"] for c in columns.children[token.i])


#: Articles: a verb with one as its subject is a misparsed adjective.
ARTICLES = frozenset({"a", "an", "the"})


def modality_of(trigger: Token, cues: Cues, stop_at: Token | None = None) -> ModalityReading:
    """Read the modality of the event whose trigger is ``trigger``.

    ``stop_at`` is a framing verb ("urged", "threatened") whose own modality is read separately.
    """
    hedged = _hedged(trigger, cues)
    if _asked(trigger):
        return ModalityReading("hypothetical", "?", hedged)  # "Did the Zetas force him to surrender?"
    reading = _own_cues(trigger, cues, is_trigger=True)
    if reading:
        return ModalityReading(reading.modality, reading.cue, hedged)
    current = trigger
    for _ in range(6):
        head = current.head
        if current.dep_ in ("acl", "ccomp") and head.pos_ in NOUN_POS and head.dep_ == "dobj" \
                and head.head.lemma_.lower() in cues["negating-verb"]:
            # "denied reports that four soldiers were killed": what the denied reports say
            return ModalityReading("negated", head.head.text, hedged)
        if current.dep_ == "acl" and head.pos_ in NOUN_POS and _infinitive(current):
            # "the drive to meet the nation's demands", "efforts to recapture him": an aim, not an act
            return ModalityReading("hypothetical", head.text, hedged)
        if current.dep_ == "advcl" and head.pos_ in VERB_POS and current.lemma_.lower() in cues["pursuit-verb"] \
                and _infinitive(current):
            # "an operation was launched to arrest the insurgents": the aim of the operation, not an arrest
            return ModalityReading("hypothetical", f"to {current.text}", hedged)
        if current.dep_ in ("acl", "ccomp") and head.pos_ in NOUN_POS and head.lemma_.lower() in cues["claim-noun"]:
            # "detained on accusations that they had aided the cartel": one party's claim
            return ModalityReading("reported", head.text, hedged)
        if head is current or current.dep_ not in _CHAIN_DEPS or head is stop_at:
            break
        if _hedged(head, cues):
            hedged = True
        reading, stop = _from_governor(current, head, cues)
        if reading:
            return ModalityReading(reading.modality, reading.cue, hedged)
        if stop:
            break
        current = head
    return ModalityReading("asserted", None, hedged)


def _asked(trigger: Token) -> bool:
    """Whether the trigger's sentence is a question: it asks, it does not report. The sentence is
    the one ``trigger.sent`` gives (both end where the next ``SENT_START == 1`` is), read from
    its bounds: a Token is made only for its last words."""
    doc = trigger.doc
    start, end = language.sentence_bounds(doc)[language.sentence_index(doc)[trigger.i]]
    for i in range(end - 1, start - 1, -1):
        last = doc[i]
        if not (last.is_quote or last.is_bracket or last.is_space):
            return last.text.endswith("?")
    return False


def _from_governor(current: Token, head: Token, cues: Cues) -> tuple[ModalityReading | None, bool]:
    """What the word governing ``current`` says of its clause, and whether to look no higher:
    reported speech and adverbial clauses keep their own modality."""
    dep = current.dep_
    lemma = head.lemma_.lower()
    if head.pos_ == "ADJ" and lemma in cues["future-verb"] and dep == "xcomp":
        return ModalityReading("future", head.text), False  # "is ready to contribute"
    if head.pos_ == "ADJ" and lemma in cues["near-adjective"] and _to_gerund(current):
        return ModalityReading("hypothetical", head.text), False  # "are close to signing": not signed yet
    if not (head.pos_ in VERB_POS or head.tag_.startswith("VB")) or _article_subject(head):
        return None, False
    if dep == "advcl" and _past_clause(current):
        return None, True  # "will appear in court after he allegedly killed his girlfriend": the killing was
    reading = _governing_verb_cue(current, head, lemma, cues)
    if reading:
        return reading, False
    reading = _own_cues(head, cues, is_trigger=False)
    if reading and dep == "attr" and reading.modality == "negated":
        return None, False  # "this isn't the first attack on him": the attack happened
    if reading and dep in ("xcomp", "pcomp", "prep", "conj", "nsubjpass", "nsubj", "dobj", "pobj", "advcl", "ccomp", "agent",
                           "attr", "acomp"):  # "acomp": "may be close to signing"
        if dep in ("ccomp", "advcl", "conj") and reading.modality == "negated":
            # "did not say that X attacked": X's attack is still reported
            return None, True
        return reading, False
    return None, dep in ("ccomp", "advcl")


def _to_gerund(preposition: Token) -> bool:
    """"close **to signing**": a "to" phrase whose object is a gerund (not "close to the border")."""
    return preposition.dep_ == "prep" and preposition.lower_ == "to" and any(c.dep_ == "pcomp" for c in preposition.children)


def _past_clause(verb: Token) -> bool:
    """An adverbial clause told in the past ("after he **killed**", "since it **was** seized", "after
    they **had** fled") keeps its own time: a future or a modal on the clause it hangs on ("will
    appear in court", "could face life") is about that clause, not this one. The present perfect is
    left out: "will be freed after he has served" is still to come."""
    if verb.tag_ == "VBD":
        return True
    return verb.tag_ == "VBN" and any(c.dep_ in ("aux", "auxpass") and (c.tag_ == "VBD" or c.lower_ == "had")
                                      for c in verb.children)


def _infinitive(verb: Token) -> bool:
    """A "to" infinitive ("to meet"), not a participle ("iron headed to China")."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _article_subject(verb: Token) -> bool:
    """"**A wanted** militant was shot dead": the parser read the adjective as a verb whose subject
    is the article; such a "verb" governs nothing."""
    return any(c.dep_ == "nsubj" and c.lower_ in ARTICLES for c in verb.children)


def _governing_verb_cue(current: Token, head: Token, lemma: str, cues: Cues) -> ModalityReading | None:
    """A verb above the clause that negates it ("refrained from"), plans it ("plans to"), makes it
    a possibility ("is considered") or one party's claim ("claimed")."""
    dep = current.dep_
    if dep == "xcomp" and any(c.dep_ == "advmod" and c.lower_ in cues["pending-adverb"] for c in head.children):
        return ModalityReading("negated", "yet")  # "are yet to sign", "has yet to respond": not happened
    if lemma in cues["negating-verb"] and dep in ("xcomp", "pcomp", "prep", "ccomp", "dobj", "pobj") and not (
        dep == "dobj" and current.pos_ in NOUN_POS and current.tag_ != "VBG"
    ):
        return ModalityReading("negated", head.text)
    if lemma in cues["future-verb"] and dep in ("xcomp", "ccomp", "dobj", "nsubjpass", "pcomp", "prep") and (
        lemma != "go" or (head.tag_ == "VBG" and dep == "xcomp")  # "is going to", not "went on strike"
    ):
        return ModalityReading("future", head.text)
    if lemma in cues["announcing-verb"] and dep == "prep" and current.lower_ == "of" and any(
        c.dep_ == "pcomp" for c in current.children
    ):
        return ModalityReading("future", head.text)  # "warned of intensifying their stir": the warner's own plan
    if lemma in cues["hypothetical-verb"] and dep in ("xcomp", "ccomp", "dobj", "nsubjpass", "pcomp", "prep", "oprd"):
        return ModalityReading("hypothetical", head.text)
    if lemma in cues["claim-verb"] and dep == "xcomp":
        return ModalityReading("asserted", head.text, hedged=True)  # "claimed to have captured": its own act
    if lemma in cues["claim-verb"] and dep == "ccomp":
        return ModalityReading("reported", head.text)
    return None
