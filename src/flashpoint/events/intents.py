"""What an actor says it will do, and what it tried: stated intents, threats and refusals.

"Pakistan will retaliate" is a threat made today, "the FARC said they will lay down arms" an
intent, "Russia will not lift the ban" a refusal, "Hamas plans to attack" a threat, "the medicos
warned of intensifying their stir" a threat to protest; "four suicide bombers tried to attack the
consulate" is an attack. Each reads the modality the trigger was given and the verb it came from.
"""

from __future__ import annotations

from spacy.tokens import Token

from flashpoint.events import clauses
from flashpoint.events.context import Knowledge
from flashpoint.events.modality import ModalityReading, modality_of
from flashpoint.records import Mention

__all__ = ["attempted_force", "intent_code", "stated_intent"]


def attempted_force(reading: ModalityReading, trigger: Token, codes: list[tuple[str, Token | None]],
                    known: Knowledge) -> bool:
    """An attempt at force is force: "four suicide bombers tried to attack the consulate" is an
    attack (CAMEO codes the attempt), when the trying itself happened (not "may try to")."""
    if reading.modality != "hypothetical" or not codes:
        return False
    verb = next((t for t in trigger.ancestors if t.text == reading.cue), None)
    return (verb is not None and verb.lemma_.lower() in known.cues["attempt-verb"]
            and modality_of(verb, known.cues).modality == "asserted"
            and all(known.ontology.properties(code).violence for code, _ in codes))


def stated_intent(reading: ModalityReading, trigger: Token, sources: list[Mention], known: Knowledge) -> str | None:
    """An actor saying what it will do has done something: expressed an intent (03),
    threatened (13) or refused (12). "Pakistan will retaliate" is a threat today, "the FARC said
    they will lay down arms" an intent, "Russia will not lift the ban" a refusal. Another
    party's guess ("an incursion is considered imminent") stays hypothetical.
    Returns the frame root to code the act with, or None."""
    if not sources:
        return None
    cues = known.cues
    cue = (reading.cue or "").lower()
    plan = _own_plan(reading, trigger, known)
    if plan is not None:
        return plan or None
    if reading.modality == "future" and (cue in cues["modal-future"] or cue in cues["future-verb"]):
        return "future"
    if reading.modality == "negated" and cue.startswith(tuple(cues["modal-future"])):
        return "12"
    if reading.modality == "hypothetical" and cue == "would" and (
        _reported_by(trigger, sources, known) or clauses.main_clause(trigger, cues)
    ):
        return "future"  # "the EU would hold talks next month": the report states a plan
    return None


def intent_code(intent: str, code: str, known: Knowledge) -> str:
    """The code of a stated intent to do ``code``: a refusal (12), an intent to cooperate (03)
    or a threat (13), refined through the frame table."""
    meta = known.ontology[code]
    if meta.properties.framing:
        return code  # already an act about a future act: "will urge", "will threaten"
    frame = intent if intent in ("12", "13") else "03" if meta.cooperation else "13"
    return known.lexicon.frame_code(frame, code) or f"{frame}0"


def _own_plan(reading: ModalityReading, trigger: Token, known: Knowledge) -> str | None:
    """An act the actor says it plans ("Hamas **plans to** attack"; not another's guess: "is
    expected to attack"), or warns of doing ("the medicos **warned of** intensifying their stir":
    a threat), read off the verb the modality came from; one it is "not going to" do, it refuses.
    "" when it is no act at all, None when the verb says neither."""
    if reading.modality != "future":
        return None
    path = next((t for t in (trigger, *trigger.ancestors) if t.head.text == reading.cue and t.head is not t), None)
    verb = path.head if path is not None else None
    if verb is None or clauses.is_passive(verb):
        return None
    lemma = verb.lemma_.lower()
    if lemma in known.cues["announcing-verb"] and path.dep_ == "prep":
        return "13"
    if lemma in known.cues["future-verb"] and path.dep_ == "xcomp":
        if any(c.dep_ == "neg" for c in verb.children):
            return "12" if lemma == "go" else ""  # "is not going to return the money" refuses; "does not plan to" is no act
        # the plan as it stands ("plans to", "is planning to"), not one told of the past ("planned to",
        # "is believed to have planned to")
        return "" if verb.tag_ in ("VBD", "VBN") else "future"
    return None


def _reported_by(trigger: Token, sources: list[Mention], known: Knowledge) -> bool:
    """Is the clause the reported speech of its own source ("India said it would respond")?"""
    current = trigger
    for _ in range(4):
        if current.head is current:
            return False
        verb = current.head.lemma_.lower()
        if current.dep_ == "ccomp" and (verb in known.cues["reporting-verb"] or verb in known.cues["announcing-verb"]):
            speakers = [c for c in current.head.children if c.dep_ == "nsubj"]
            source_tokens = {i for m in sources for i in range(*m.tokens)}
            return any(t.i in source_tokens or any(x.i in source_tokens for x in t.subtree) for t in speakers) or (
                any(t.pos_ == "PRON" for t in (current.children)) and bool(speakers)
            )
        current = current.head
    return False
