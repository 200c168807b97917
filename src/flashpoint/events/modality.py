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

from flashpoint.cues import Cues
from flashpoint.events.clauses import NOUN_POS, VERB_POS

# How far up the governing chain a cue still applies.
_CHAIN_DEPS = frozenset({"xcomp", "pcomp", "prep", "ccomp", "conj", "advcl", "nsubjpass", "nsubj", "dobj", "pobj", "oprd", "acomp"})


@dataclass(frozen=True, slots=True)
class ModalityReading:
    modality: str
    cue: str | None = None
    hedged: bool = False


def _own_cues(token: Token, cues: Cues, is_trigger: bool) -> ModalityReading | None:
    for child in token.children:
        word = child.lower_
        if child.dep_ == "neg" or (word in cues["negation"] and child.dep_ in ("neg", "advmod", "preconj", "cc")):
            if word in ("no",) and child.dep_ != "neg":
                continue
            return ModalityReading("negated", child.text)
        if child.dep_ == "aux" and word in cues["modal-future"]:
            negated = any(c.dep_ == "neg" for c in token.children)
            return ModalityReading("negated" if negated else "future", child.text)
        if child.dep_ == "aux" and word in cues["modal-hypothetical"]:
            return ModalityReading("hypothetical", child.text)
        if child.dep_ == "mark" and (word in cues["condition"] or word in cues["doubt-subordinator"]):
            return ModalityReading("hypothetical", child.text)
        if child.dep_ in ("amod", "acomp", "oprd") and child.lemma_.lower() in cues["hypothetical-word"]:
            return ModalityReading("hypothetical", child.text)
        if child.dep_ == "prep" and word == "without":
            pass
    if is_trigger and token.pos_ in NOUN_POS:
        # "no attack took place", "no Pakistani facilities were targeted"
        if any(c.lower_ == "no" and c.dep_ == "det" for c in token.children):
            return ModalityReading("negated", "no")
    # passive subject with "no": "no facilities were targeted"
    if token.pos_ in VERB_POS:
        for child in token.children:
            if child.dep_ in ("nsubjpass", "nsubj", "dobj") and any(g.lower_ == "no" and g.dep_ == "det" for g in child.children):
                return ModalityReading("negated", "no")
    return None


def modality_of(trigger: Token, cues: Cues, stop_at: Token | None = None) -> ModalityReading:
    """Read the modality of the event whose trigger is ``trigger``.

    ``stop_at`` is a framing verb ("urged", "threatened") whose own modality is read separately.
    """
    hedged = any(c.lower_ in cues["hedge"] for c in trigger.children)
    reading = _own_cues(trigger, cues, is_trigger=True)
    if reading:
        return ModalityReading(reading.modality, reading.cue, hedged)
    current = trigger
    for _ in range(6):
        dep = current.dep_
        head = current.head
        if head is current or dep not in _CHAIN_DEPS or head is stop_at:
            break
        if any(c.lower_ in cues["hedge"] for c in head.children):
            hedged = True
        lemma = head.lemma_.lower()
        if head.pos_ == "ADJ" and lemma in cues["future-verb"] and dep == "xcomp":
            return ModalityReading("future", head.text, hedged)  # "is ready to contribute"
        if head.pos_ in VERB_POS or head.tag_.startswith("VB"):
            if lemma in cues["negating-verb"] and dep in ("xcomp", "pcomp", "prep", "ccomp", "dobj", "pobj"):
                if not (dep == "dobj" and current.pos_ in NOUN_POS and not current.tag_ == "VBG"):
                    return ModalityReading("negated", head.text, hedged)
            if lemma in cues["future-verb"] and dep in ("xcomp", "ccomp", "dobj", "nsubjpass", "pcomp", "prep") and (
                lemma != "go" or (head.tag_ == "VBG" and dep == "xcomp")  # "is going to", not "went on strike"
            ):
                return ModalityReading("future", head.text, hedged)
            if lemma in cues["hypothetical-verb"] and dep in ("xcomp", "ccomp", "dobj", "nsubjpass", "pcomp", "prep", "oprd"):
                return ModalityReading("hypothetical", head.text, hedged)
            if lemma in cues["claim-verb"] and dep in ("xcomp", "ccomp"):
                return ModalityReading("reported", head.text, hedged)
            reading = _own_cues(head, cues, is_trigger=False)
            if reading and dep in ("xcomp", "pcomp", "prep", "conj", "nsubjpass", "nsubj", "dobj", "pobj", "advcl", "ccomp"):
                if dep in ("ccomp", "advcl") and reading.modality == "negated":
                    # "did not say that X attacked": X's attack is still reported
                    break
                if dep == "conj" and reading.modality == "negated":
                    break
                return ModalityReading(reading.modality, reading.cue, hedged)
            if dep in ("ccomp", "advcl"):
                # reported speech and adverbial clauses keep their own modality
                break
        current = head
    return ModalityReading("asserted", None, hedged)
