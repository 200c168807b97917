"""Tolls: the dead and wounded of a violent act are its toll, not acts of their own.

"Maoists opened fire on the camp, **killing** four troopers", "two people were **killed** when
gunmen opened fire", "five civilians were killed **in Israeli air strikes**": the killing and the
act are one event, with the actors and the code each tells. A toll caused by a bomb with no doer
named is a bombing ("killed when a roadside IED went off").
"""

from __future__ import annotations

from spacy.tokens import Token

from flashpoint.events import clauses
from flashpoint.events.context import OTHER_SIDE_NOTE, Candidate, Knowledge, Sentence
from flashpoint.events.passes import FIGHT, INSURGENT_SECTORS, assault_code, recode, retarget
from flashpoint.records import Actor, Mention

#: A bombing that is no military act (183).
BOMBING = "183"
#: Abduction and hostage-taking (181): an act of its own, never the toll of a killing.
ABDUCTION = "181"


def merge_violence_tolls(candidates: list[Candidate], known: Knowledge) -> list[Candidate]:
    """A killing or wounding tied to a violent act in the same sentence is that act's toll, one
    event: "Maoists opened fire on the camp, **killing** four troopers", "two people were
    **killed** when gunmen opened fire on them", "shot and **killed** them". The act keeps its code
    and takes from the toll the actor it lacks."""
    violent = [c for c in candidates if known.ontology.properties(c.event.cameo).violence and not c.nominal]
    tolls = [c for c in violent if c.trigger.lemma_.lower() in known.cues["toll-verb"]]
    dropped: set[int] = set()
    for toll in tolls:
        linked = [c for c in violent if c is not toll and id(c) not in dropped and _linked(toll.trigger, c.trigger)]
        act = next((c for c in linked if c not in tolls), None) or \
            next((c for c in linked if c in tolls and _later_toll(toll, c)), None)
        if act is None or act.event.cameo.startswith(ABDUCTION):
            continue  # "abducted and killed a villager": two acts, not a toll
        if act.event.target is None and toll.event.target is not None:
            retarget(act, toll.event.target, f"victims of '{toll.trigger.text}'")
        if act.event.source is None and toll.event.source is not None:
            act.event.source = toll.event.source
        dropped.add(id(toll))
    dropped |= _tolls_of_named_acts(candidates, [c for c in violent if id(c) not in dropped], known)
    return [c for c in candidates if id(c) not in dropped]


def _later_toll(toll: Candidate, first: Candidate) -> bool:
    """"One person was killed and six others **were injured**": a toll told after another of the same
    act, by no other doer, counts more victims of it, not a second act."""
    source = toll.event.source
    return first.trigger.i < toll.trigger.i and (source is None or first.event.source is None
                                                 or source.code == first.event.source.code)


def _tolls_of_named_acts(candidates: list[Candidate], acts: list[Candidate], known: Knowledge) -> set[int]:
    """"Five civilians were killed **in Israeli air strikes**", "two soldiers died in a Taliban
    attack", "was shot dead by gunmen **in a targeted attack**": the violent verb and the act its
    phrase names are one event, told by the verb (whose clause the non-event rules read), with the
    act's doer when the verb names none and, then, when the act says how (an air strike, a bombing:
    not a root's general code), the act's code. The ids of the acts merged are returned."""
    merged: set[int] = set()
    for toll in acts:
        named = {g.i for c in clauses.phrases_of(toll.trigger) for g in c.children if g.dep_ == "pobj"}
        named |= _act_told_by_a_relative_clause(toll.trigger)
        act = next((c for c in candidates if c.nominal and c.trigger.i in named and id(c) not in merged
                    and known.ontology.properties(c.event.cameo).violence), None) or \
            _one_sided_act_of_a_conjoined_toll(toll, candidates, merged, known)
        if act is None:
            if toll.event.source is None:
                _other_side_of_a_conjoined_phrase(toll, candidates)
            continue
        if toll.event.source is not None:
            if act.event.source is None or act.event.source.country == toll.event.source.country:
                merged.add(id(act))  # the same act named twice
            continue
        toll.event.source = act.event.source or _other_side(act, toll)
        toll.event.rule += f" [toll of '{act.trigger.text}']"
        if _between_sides(act):
            # "two persons were injured in an encounter between militants and security forces": the
            # sides fought; the wounded are its toll, not the militants' victims
            retarget(toll, act.event.target, f"the other side of '{act.trigger.text}'")
        if not act.event.cameo.endswith("0"):
            toll.event = recode(toll.event, act.event.cameo, f"as '{act.trigger.text}'", known)
        merged.add(id(act))
    return merged


def _one_sided_act_of_a_conjoined_toll(toll: Candidate, candidates: list[Candidate], merged: set[int],
                                       known: Knowledge) -> Candidate | None:
    """"Two were killed and 25 others injured **in a suicide attack**": the phrase on the toll
    conjoined to this one names the act of both. Only a one-sided act (an attack, a bombing): the
    dead of a fight ("killed and wounded in a gun battle with Maoists") stay the fight's other
    direction, as the team's coders code both sides of it."""
    verbs = [c for c in toll.trigger.conjuncts if c.lemma_.lower() in known.cues["toll-verb"]]
    named = {g.i for v in verbs for c in clauses.phrases_of(v) for g in c.children if g.dep_ == "pobj"}
    return next((c for c in candidates if c.nominal and c.trigger.i in named and id(c) not in merged
                 and known.ontology.properties(c.event.cameo).violence and c.event.cameo_root != FIGHT), None)


def _act_told_by_a_relative_clause(toll: Token) -> set[int]:
    """"A terror attack by Al-Shabaab militants **in which** 30 civilians were killed": the noun a
    relative clause of the toll hangs on ("in which", "during which", "where"), or a noun whose
    phrase holds it ("an attack on a market in Peshawar in which"), may name the act."""
    if toll.dep_ != "relcl" or not any(c.dep_ == "prep" and any(g.lower_ == "which" for g in c.children)
                                       or c.lower_ == "where" for c in toll.children):
        return set()
    nouns, noun = set(), toll.head
    while len(nouns) < 4:
        nouns.add(noun.i)
        if noun.dep_ != "pobj" or noun.head.dep_ != "prep" or noun.head.head.pos_ not in ("NOUN", "PROPN"):
            break
        noun = noun.head.head
    return nouns


def _linked(toll: Token, act: Token) -> bool:
    """Whether one clause hangs on the other: a participle or conjunct of the act ("blew himself
    up, killing 31 and **injuring** 63": through the conjoined toll), or the act in a
    when-clause of the toll."""
    tolls = {t.i for t in (toll, *toll.conjuncts)}
    acts = {t.i for t in (act, *act.conjuncts)}
    if any(t.head.i in acts and t.dep_ in ("advcl", "conj", "xcomp") for t in (toll, *toll.conjuncts)):
        return True
    return act.head.i in tolls and act.dep_ in ("advcl", "conj") or _when_clause_after(toll, act)


def _when_clause_after(toll: Token, act: Token) -> bool:
    """"Two soldiers were killed and another sustained injuries **when militants attacked** a post":
    a passive toll with no agent, and a later act opened by "when", however the small model hangs
    that clause (on the second victim's noun, as a relative clause)."""
    return act.i > toll.i and clauses.is_passive(toll) and not clauses.subjects(toll) and any(
        c.lower_ == "when" and c.dep_ in ("advmod", "mark") for c in act.children)


def deaths_by_bombs(candidates: list[Candidate], known: Knowledge, sentence: Sentence) -> None:
    """"Killed when a roadside IED went off", "killed in two bomb explosions", "killed when they
    stepped on a landmine", "the blast hit a bus": a toll caused by a bomb, or force whose subject
    is a bomb, with no doer named is a bombing (183), not an armed clash (cues.tsv `explosive-noun`).
    Whoever the sentence says planted or threw the bomb ("a bomb **planted by terrorists**
    exploded") is the doer of the bombing."""
    for candidate in candidates:
        event, trigger = candidate.event, candidate.trigger
        if candidate.nominal or event.source is not None or event.cameo_root not in (FIGHT, BOMBING[:2]):
            continue
        # "the blast hit a bus", "their vehicle was targeted by a landmine", "the blast killed four":
        # the bomb is the doer's tool
        causes = clauses.subjects(trigger)
        if trigger.lemma_.lower() in known.cues["toll-verb"]:
            causes += _toll_causes(trigger)
        bombs = [t for t in causes if t.lemma_.lower() in known.cues["explosive-noun"]]
        if bombs:
            if event.cameo_root == FIGHT:
                candidate.event = recode(event, BOMBING, "a bomb went off", known)
            planter = next((m.actor for b in bombs for m in _planters(b, sentence)), None) or next(
                (m.actor for m in _participle_agents(trigger, sentence)), None)
            if planter is not None and planter is not candidate.event.target:
                candidate.event.source = planter
                candidate.event.rule += " [the bomb's planter]"
                for named in (c for c in candidates if c.nominal and c.trigger in bombs and c.event.source is None):
                    # the bomb named as a noun is the same bombing, told once (dedup)
                    named.event.source, named.event.target = planter, candidate.event.target


#: Prepositions whose object caused a toll: "killed **in** a blast", "wounded **by** a landmine", "suffered
#: injuries **due to** an explosion".
CAUSE_PREPOSITIONS = frozenset({"in", "by", "due"})


def _toll_causes(toll: Token) -> list[Token]:
    """The words that may name what caused a toll: the subjects and objects of its when-clause
    ("when an IED went off", "when they stepped on a bomb", also one hung on the toll's date) and its in/by phrase ("killed in the
    second explosion"), for the toll and the tolls conjoined with it ("killed and another injured")."""
    found: list[Token] = []
    for verb in (toll, *toll.conjuncts):
        for child in verb.children:
            if child.dep_ == "advcl":
                found += clauses.subjects(child) + clauses.objects(child) + _prepositional_objects(child)
        found += [o for p in clauses.phrases_of(verb) if p.lower_ in CAUSE_PREPOSITIONS
                  for o in p.children if o.dep_ == "pobj"]
    for clause in _when_clauses_on_dates(toll):
        found += clauses.subjects(clause) + clauses.objects(clause)
    if toll.dep_ == "advcl" and toll.tag_ == "VBG":
        found += clauses.subjects(toll.head)  # "the first blast hit a bus, killing two people"
    # "killed in two back to back bomb explosions": the small model may hang the noun on the number;
    # "when a roadside Improvised Explosive Device (IED) went off": or read the bomb as an apposition
    return found + [t for o in found if o.pos_ == "NUM" for t in o.subtree if t.pos_ == "NOUN"] + [
        a for o in found for a in o.children if a.dep_ == "appos"]


def _when_clauses_on_dates(verb: Token) -> list[Token]:
    """"Two soldiers were killed on November 24 **when a bomb was detonated**": the small model
    hangs the when-clause on the date, as a relative clause, not on the toll."""
    return [clause for obj in verb.subtree if obj.dep_ == "pobj" and obj.ent_type_ in ("DATE", "TIME")
            for clause in obj.children if clause.dep_ == "relcl" and any(c.lower_ == "when" for c in clause.children)]


def _prepositional_objects(verb: Token) -> list[Token]:
    return [o for p in verb.children if p.dep_ == "prep" for o in p.children if o.dep_ == "pobj"]


def _participle_agents(toll: Token, sentence: Sentence) -> list[Mention]:
    """"Injured in a bomb blast, **triggered allegedly by Maoists**": the parser hangs the bomb's
    participle on the toll; its agent is the doer."""
    return [m for acl in toll.children if acl.dep_ == "advcl" and acl.tag_ == "VBN" for agent in acl.children
            if agent.dep_ == "agent" for obj in agent.children if obj.dep_ == "pobj" for m in sentence.actors.argument(obj)]


def _planters(bomb: Token, sentence: Sentence) -> list[Mention]:
    """The actors a participle on the bomb names as its agent: "a bomb planted by terrorists", "a
    crude bomb **suspected to be planted by** the CPI Maoist" (through the participle's infinitive)."""
    participles = [acl for acl in bomb.children if acl.dep_ == "acl"]
    participles += [x for acl in participles for x in acl.children if x.dep_ == "xcomp"]
    return [m for verb in participles for agent in verb.children if agent.dep_ == "agent"
            for obj in agent.children if obj.dep_ == "pobj" for m in sentence.actors.argument(obj)]


def _between_sides(act: Candidate) -> bool:
    """A two-sided act told with both its sides: "an encounter **between** militants and police"."""
    return act.event.source is not None and act.event.target is not None and any(
        c.dep_ == "prep" and c.lower_ == "between" for c in act.trigger.children)


def _other_side(act: Candidate, toll: Candidate) -> Actor | None:
    """"Two soldiers were killed in a clash **with militants**": the side a two-sided act names in
    its "with" phrase fought the toll's victims, so it is the doer when no other is named (an
    attack's target, "killed in an attack on the camp", is the victims' side, never the doer)."""
    other, victims = act.event.target, toll.event.target
    if other is None or victims is None or other.code == victims.code:
        return None
    sides = {g.i for c in act.trigger.children if c.dep_ == "prep" and c.lower_ == "with"
             for g in c.subtree}
    return other if other.span and any(act.trigger.doc[i].idx == other.span[0] for i in sides) else None


def _other_side_of_a_conjoined_phrase(toll: Candidate, candidates: list[Candidate]) -> None:
    """"A trooper was killed and another injured **during an encounter with Maoists**": the phrase
    hangs on the conjoined toll; only a two-sided act's other side is taken from it as the doer
    (merging the act there cost right events)."""
    conjoined = {o.i for v in toll.trigger.conjuncts for o in _prepositional_objects(v)}
    for act in candidates:
        side = _other_side(act, toll) if act.nominal and act.trigger.i in conjoined else None
        if side is not None:
            toll.event.source = side
            toll.event.rule += f" [the other side of '{act.trigger.text}']"
            return


#: The state's side of a fight with armed groups (passes.INSURGENT_SECTORS the other): "two
#: militants and a soldier were killed" in a gunfight were killed by each other.
STATE_FORCES = frozenset({"MIL", "COP", "SPY"})


def sides_killed_by_each_other(candidates: list[Candidate], known: Knowledge) -> None:
    """"One Frontier Corps officer and one militant **were killed** during an exchange of fire",
    "three militants were shot dead and a policeman injured in retaliatory firing": a passive toll
    in a fight, with no doer, whose victims are the state's forces and an armed group, tells both
    sides' losses; each side's dead were killed by the other. Run before
    :func:`unattributed_force_is_assault` (which leaves tolls in a fight fighting)."""
    tolls = [c for c in candidates if c.event.source is None and c.event.target is not None and not c.nominal
             and c.event.cameo_root == FIGHT and clauses.is_passive(c.trigger) and not clauses.subjects(c.trigger)]
    if len(tolls) < 2 or not _in_a_fight(tolls[0].trigger, known):
        return
    for toll in tolls:
        mine = _side(toll.event.target)
        linked = {t.i for t in (toll.trigger, *toll.trigger.conjuncts)}
        other = next((c.event.target for c in tolls if c.trigger.i in linked and _side(c.event.target) not in (None, mine)),
                     None)
        if mine is not None and other is not None:
            toll.event.source = other
            toll.event.rule += f" [{OTHER_SIDE_NOTE}]"


def _side(actor: Actor | None) -> str | None:
    """Which side of a fight between a state and an armed group an actor is on, if either."""
    sector = actor.sector if actor is not None else None
    return "state" if sector in STATE_FORCES else "group" if sector in INSURGENT_SECTORS else None


def unattributed_force_is_assault(candidates: list[Candidate], known: Knowledge) -> None:
    """"Two soldiers were killed", "a trader was shot dead": force told in the passive with no doer
    and no act it is the toll of is unattributed violence, assault (18: 1823 for a killing), not
    fighting between armed sides, as the team's coders code it. Run after :func:`deaths_by_bombs`
    (a bomb's toll is a bombing, 183) and not on acts told in the active ("shelling wounded two
    soldiers")."""
    for candidate in candidates:
        event, trigger = candidate.event, candidate.trigger
        if (event.source is None and not candidate.nominal and event.cameo_root == FIGHT
                and "[toll of" not in event.rule and clauses.is_passive(trigger) and not clauses.subjects(trigger)
                and not _in_a_fight(trigger, known)):
            candidate.event = recode(event, assault_code(candidate, known), "force by no one named is assault", known)


def _in_a_fight(toll: Token, known: Knowledge) -> bool:
    """"Two militants and a soldier were killed **in a clash**", "shot dead while others were
    injured in an encounter": a toll whose sentence names a fight between armed sides (a noun of a
    19 entry) stays fighting (19)."""
    return any(t.pos_ == "NOUN" and any(e.code.startswith(FIGHT) for e in known.lexicon.candidates(t.lemma_.lower(), "n"))
               for t in toll.sent)
