"""Passes over one sentence's events, after each match was assembled on its own: scene-setting
noun events dropped, targets shared by conjoined acts, replies answering the act they answer,
and one event per dyad and code kept.
"""

from __future__ import annotations

from spacy.tokens import Token

from flashpoint.events import clauses
from flashpoint.events.context import Candidate, Knowledge
from flashpoint.records import Actor


def drop_settings(candidates: list[Candidate]) -> list[Candidate]:
    """A noun event in a phrase setting the scene for the same actor's act is that act's setting,
    reported elsewhere: "**During his call with Jaishankar**, Rubio expressed solidarity"."""
    verbal = [c for c in candidates if not c.nominal and c.event.source is not None]
    keep = []
    for candidate in candidates:
        event = candidate.event
        setting = False
        if candidate.nominal and event.source is not None and candidate.trigger.dep_ == "pobj":
            prep = candidate.trigger.head
            for other in verbal:
                if (other.event.source and other.event.source.code == event.source.code
                        and prep.dep_ == "prep" and prep.head.i == other.trigger.i and prep.i < other.trigger.i):
                    setting = True
                    break
        if not setting:
            keep.append(candidate)
    return keep


def merge_violence_tolls(candidates: list[Candidate], known: Knowledge) -> list[Candidate]:
    """A killing or wounding tied to a violent act in the same sentence is that act's toll, one
    event: "Maoists opened fire on the camp, **killing** four troopers", "two people were
    **killed** when gunmen opened fire on them", "shot and **killed** them". The act keeps its code
    and takes from the toll the actor it lacks."""
    violent = [c for c in candidates if known.ontology.properties(c.event.cameo).violence and not c.nominal]
    tolls = [c for c in violent if c.trigger.lemma_.lower() in known.cues["toll-verb"]]
    dropped: set[int] = set()
    for toll in tolls:
        act = next((c for c in violent if c is not toll and id(c) not in dropped and _linked(toll.trigger, c.trigger)), None)
        if act is None or act.trigger.lemma_.lower() in known.cues["toll-verb"]:
            continue
        if act.event.target is None and toll.event.target is not None:
            _retarget(act, toll.event.target, f"victims of '{toll.trigger.text}'")
        if act.event.source is None and toll.event.source is not None:
            act.event.source = toll.event.source
        dropped.add(id(toll))
    return [c for c in candidates if id(c) not in dropped]


def _linked(toll: Token, act: Token) -> bool:
    """Whether one clause hangs on the other: a participle or conjunct of the act ("blew himself
    up, killing 31 and **injuring** 63": through the conjoined toll), or the act in a
    when-clause of the toll."""
    tolls = {t.i for t in (toll, *toll.conjuncts)}
    acts = {t.i for t in (act, *act.conjuncts)}
    if any(t.head.i in acts and t.dep_ in ("advcl", "conj", "xcomp") for t in (toll, *toll.conjuncts)):
        return True
    return act.head.i in tolls and act.dep_ in ("advcl", "conj")


def share_conjoined_targets(candidates: list[Candidate]) -> None:
    """Conjoined acts of one actor share a target: "closing its airspace to Indian airlines and
    engaging in cross-border firing" -> the firing is aimed at India too."""
    for candidate in candidates:
        event = candidate.event
        if event.target is not None or event.source is None:
            continue
        verb = candidate.trigger if not candidate.nominal else clauses.governing_verb(candidate.trigger)
        if verb is None:
            continue
        partners = {t.i for t in verb.conjuncts}
        for other in candidates:
            other_verb = other.trigger if not other.nominal else clauses.governing_verb(other.trigger)
            if (other is not candidate and other_verb is not None and other_verb.i in partners
                    and other.event.target is not None and other.event.source is not None
                    and other.event.source.code == event.source.code):
                _retarget(candidate, other.event.target, f"target shared with '{other.trigger.text}'")
                break


def answer_replies(candidates: list[Candidate], earlier: list[Candidate], known: Knowledge) -> None:
    """A denial, rejection or retaliation with no target answers whoever last acted on its source:
    "Pakistan has denied any involvement" after "India blamed Pakistan"."""
    for candidate in candidates:
        event = candidate.event
        if event.target is not None or event.source is None or not event.source.country:
            continue
        if not (known.ontology.properties(event.cameo).reply or candidate.trigger.lemma_.lower() in known.cues["reply-verb"]):
            continue
        for previous in reversed(earlier + [c for c in candidates if c.trigger.i < candidate.trigger.i]):
            prior = previous.event
            if (prior.modality == "asserted" and prior.target is not None and prior.source is not None
                    and prior.target.country == event.source.country and prior.source.country
                    and prior.source.country != event.source.country):
                _retarget(candidate, prior.source, f"replies to '{prior.evidence.trigger}'")
                break


def dedup(candidates: list[Candidate]) -> list[Candidate]:
    """One event per sentence, dyad and three-digit code ("accused and blamed Pakistan" is one
    accusation; closing the airspace and firing across the border are two acts): the most
    specific, then most confident, wins."""
    best: dict[tuple, Candidate] = {}
    for candidate in candidates:
        event = candidate.event
        key = (
            event.source.code if event.source else None,
            event.source.span if event.source else None,
            event.target.code if event.target else None,
            event.cameo[:3],
        )
        current = best.get(key)
        if current is None or (len(event.cameo), event.confidence) > (len(current.event.cameo), current.event.confidence):
            best[key] = candidate
    return sorted(best.values(), key=lambda c: c.event.evidence.trigger_span)


def _retarget(candidate: Candidate, target: Actor, why: str) -> None:
    """Give an event a target found by a pass (its id is fixed when the event stage hands it over)."""
    event = candidate.event
    event.target = target
    event.rule += f" [{why}]"
    event.confidence = round(max(0.05, event.confidence - 0.05), 2)
