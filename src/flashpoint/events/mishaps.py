"""Mishaps: force no one used. Floods, earthquakes and accidents kill and destroy, but they are
no actors, and a report of them is no political event ("floods hit Thailand", "one person was
killed in an accident", "an explosion at a coal mine killed 40 miners", "twelve were killed when
a bus fell into a gorge"). The cue words are in lexicon/cues.tsv (`natural-hazard`,
`accident-noun`, `mishap-noun` with `accident-source`, `accident-verb`).
"""

from __future__ import annotations

from spacy.tokens import Token

from flashpoint.cues import Cues
from flashpoint.events.clauses import subjects
from flashpoint.events.wordforms import regular_lemmas


def nature_acts(trigger: Token, cues: Cues) -> bool:
    """Whether the clause's subject (or a passive's agent) is a natural hazard or an accident:
    "floods hit Thailand", "homes destroyed by the earthquake", "a gas cylinder explosion killed
    five" (see :func:`_a_mishap`)."""
    found = subjects(trigger)
    if not found and trigger.dep_ in ("advcl", "conj") and trigger.tag_ == "VBG":
        found = subjects(trigger.head)  # "an earthquake struck Lombok, **killing** two people"
    found = [_through_partitive(s, cues) for s in found]
    return bool(found) and all(_a_mishap(s, cues) for s in found)


def _a_mishap(noun: Token, cues: Cues) -> bool:
    """A hazard or accident noun, or an explosion or fire whose own words name an accident's
    source ("a **gas cylinder** explosion", "a fire **at a garment factory**"; a bomb's blast
    names none)."""
    hazards = cues["natural-hazard"] | cues["accident-noun"]
    if noun.lemma_.lower() in hazards or any(f in hazards for f in regular_lemmas(noun.lower_)):
        return True
    if noun.lemma_.lower() not in cues["mishap-noun"]:
        return False
    words = [c for c in noun.children if c.dep_ in ("compound", "amod")]
    words += [g for p in noun.children if p.dep_ == "prep" and p.lower_ in ("at", "in")
              for o in p.children if o.dep_ == "pobj" for g in (o, *o.children) if g.dep_ in ("pobj", "compound", "amod")]
    return any(w.lemma_.lower() in cues["accident-source"] for w in words)


def _through_partitive(noun: Token, cues: Cues) -> Token:
    """"a second wave of flood", "a series of earthquakes": what the sequence is of."""
    if noun.lemma_.lower() not in cues["sequence-noun"]:
        return noun
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            objects = [g for g in child.children if g.dep_ == "pobj"]
            if objects:
                return objects[0]
    return noun


def in_a_mishap(trigger: Token, cues: Cues) -> bool:
    """Whether the verb's in/during/after phrase names a natural hazard or an accident: "killed
    **in a wall collapse**", whoever the parser makes its subject ("the children killed in a wall
    collapse were playing": the small model reads the children as the killers), or the phrase of
    the verb it is coordinated with ("one person was killed and 34 miners were injured **during the
    quake**")."""
    causes = cues["natural-hazard"] | cues["accident-noun"]
    verbs = [trigger, *(c for c in trigger.children if c.dep_ == "conj")] + ([trigger.head] if trigger.dep_ == "conj" else [])
    return any(noun.lemma_.lower() in causes for verb in verbs for prep in verb.children if prep.dep_ == "prep"
               and prep.lower_ in ("in", "during", "after") for noun in prep.children if noun.dep_ == "pobj")


def befell_by_mishap(trigger: Token, cues: Cues) -> bool:
    """Whether a passive with no agent names a natural hazard or an accident as its cause: "one
    person was killed **in an accident**", "two died in the floods", "were killed **when a bus
    fell** into a gorge" (`accident-verb`): no one did it."""
    if in_a_mishap(trigger, cues):
        return True
    if subjects(trigger):
        return False
    return any(clause.dep_ == "advcl" and any(m.lower_ == "when" for m in clause.children if m.dep_ == "advmod")
               and _an_accident(clause, cues) for verb in (trigger, *trigger.conjuncts) for clause in verb.children) \
        or _when_an_accident_follows(trigger, cues)


def _an_accident(clause: Token, cues: Cues) -> bool:
    """"When a bus **fell**", and "when a bakkie **overturned**" as the small model parses it: the
    vehicle as the clause, the accident verb hung on it."""
    verbs = cues["accident-verb"]
    return clause.lemma_.lower() in verbs or any(
        c.dep_ in ("acl", "relcl") and c.lemma_.lower() in verbs for c in clause.children)


def _when_an_accident_follows(trigger: Token, cues: Cues) -> bool:
    """"Twenty school children were injured when a bakkie **overturned** in Gamakhe, near Port
    Shepstone on Wednesday, KwaZulu-Natal emergency services said": where the small model loses the
    clause (it hangs "when" on "said"), "when" and an accident verb in the past within a few words after
    the toll still say how it happened."""
    sentence, verbs = trigger.sent, cues["accident-verb"]
    for when in (t for t in sentence if t.i > trigger.i and t.lower_ == "when"):
        following = trigger.doc[when.i + 1 : min(when.i + 6, sentence.end)]
        if any(t.tag_ in ("VBD", "VBN") and t.lemma_.lower() in verbs for t in following):
            return True
    return False
