"""Passes over one sentence's events, after each match was assembled on its own: scene-setting
noun events dropped, defended attacks given to their owner, speech
coded as the speaker's act, targets shared by conjoined acts, codes refined by what the sentence
says of the act (a weapons test, criminals' force, civilians' blockades), replies answering the act
they answer, and one event per dyad and code kept. A killing told as the toll of its act is merged
into it by :mod:`.tolls`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import replace

from spacy.tokens import Token

from flashpoint.events import clauses
from flashpoint.events.context import DEFENDED_NOTE, Candidate, Knowledge, Sentence
from flashpoint.records import STATE_BODIES, UNARMED_SECTORS, Actor, Event


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


def _acts_on_its_object(defence: Candidate) -> bool:
    """Whether the defence's target is the people its object names ("intercepted a group of
    **militants**"), not a weapon's sender named elsewhere ("intercepted rockets **from Lebanon**")."""
    target, objects = defence.event.target, clauses.objects(defence.trigger)
    if target is None or not target.span or any(c.dep_ == "prep" and c.lower_ == "from" for o in objects for c in o.children):
        return False
    return any(target.span[0] <= t.idx < target.span[1] for o in objects for t in o.subtree)


def defended_attacks(candidates: list[Candidate], known: Knowledge) -> list[Candidate]:
    """"India thwarted Pakistani drone attacks", "the army repelled an attack by jihadists": the
    attack is its owner's act on the defender, not the defender's act on the attacker. The attack
    noun's event stands (the defender its target when it names none) and the defence codes nothing;
    with no attack noun coded ("intercepted rockets from Lebanon"), source and target swap."""
    dropped: set[int] = set()
    for defence in candidates:
        verb = defence.trigger
        if (defence.nominal or verb.lemma_.lower() not in known.cues["defence-verb"]
                or not known.ontology.properties(defence.event.cameo).violence):
            continue
        defended = {t.i for o in clauses.objects(verb) for t in o.subtree}
        attack = next((c for c in candidates if c.nominal and c.trigger.i in defended
                       and known.ontology.properties(c.event.cameo).violence), None)
        if attack is None:
            event = defence.event
            if _acts_on_its_object(defence):
                continue  # "intercepted a group of militants": the troops act on the militants
            event.source, event.target = event.target, event.source
            event.rule += f" [{DEFENDED_NOTE}]"
            continue
        if attack.event.target is None and defence.event.source is not None:
            retarget(attack, defence.event.source, f"defended by '{verb.text}'")
        if attack.event.cameo.endswith("0") and attack.event.cameo != defence.event.cameo:
            # a bare "attack" (180) that had to be fought off was fighting (the defence entry's 190)
            attack.event = recode(attack.event, defence.event.cameo, f"fought off: '{verb.text}'", known)
        dropped.add(id(defence))
    return [c for c in candidates if id(c) not in dropped]


#: The CAMEO code of an accusation (112: accuse of aggression, crime or misconduct).
ACCUSATION = "112"
#: The CAMEO root of a demand, refined by what is demanded through frames.tsv.
DEMAND = "10"
#: A military blockade (191), and a protest that obstructs passage (144); who protests with one.
MILITARY_BLOCKADE, OBSTRUCTION = "191", "144"
#: A strike or boycott by workers, students or traders (143); a threat of force (138), and of a
#: strike or other protest (133).
LABOUR_STRIKE, THREAT_OF_FORCE, THREAT_OF_PROTEST = "143", "138", "133"
#: Assault by criminals: killing (1823), physical assault (182), any other (180).
KILLING, WOUNDING, ASSAULT = "1823", "182", "180"
#: The CAMEO roots of statements, and of fighting (195: air and missile strikes).
STATEMENTS, FIGHT = "01", "19"
#: Quad classes of acts that are said (verbal cooperation and conflict).
VERBAL_QUADS = frozenset({1, 3})
#: Armed groups that fight the state: their force on people who bear no arms is assault (18).
INSURGENT_SECTORS = frozenset({"REB", "INS", "SEP"})
#: Officials, and people of no sector (a person named, a headman): an armed group that kills or
#: wounds one assaults (18), it does not fight (19).
OFFICIAL_SECTORS = frozenset({None, "GOV", "LEG", "JUD"})
SHOW_OF_FORCE = "150"
#: Investigation (09), criticism (111), and who questions people as an investigation.
INVESTIGATION, CRITICISM, INVESTIGATORS = "09", "111", frozenset({"COP", "SPY", "JUD"})
#: A search and seizure (1711: confiscate property), and the state's bodies that enforce the law.
SEARCH, LAW_ENFORCERS = "1711", frozenset({"COP", "SPY", "JUD", "GOV"})


def accusations_in_claims(candidates: list[Candidate], known: Knowledge, sentence: Sentence) -> list[Candidate]:
    """A party claiming that another did something hostile accuses it: "India claimed that
    Pakistani troops attacked its posts" is India accusing Pakistan (112), while the attack stays
    a claim (modality reported). A claim about one's own act ("the Houthis claimed they attacked")
    accuses no one (measured: reading it as the asserted act cost 0.5 point of cameo_class macro-F1)."""
    out: list[Candidate] = []
    for candidate in candidates:
        event = candidate.event
        if event.modality != "reported" or event.source is None or event.quad_class < 3:
            continue
        verb = next((t for t in candidate.trigger.ancestors if t.lemma_.lower() in known.cues["claim-verb"]), None)
        speaker = _speaker(verb, sentence)
        if speaker is None or _own_side(speaker, event.source):
            continue
        out.append(_speaker_act(candidate, speaker, verb, ACCUSATION, f"accusation: '{verb.text}' that "
                                f"{event.source.code} did {event.cameo}", known))
    return out


def _own_side(speaker: Actor, doer: Actor) -> bool:
    """Whether a claimed act may be the speaker's own side's. Within one country, only a claim
    across the line between the state and the rest accuses: people or a party claiming that the
    police or army did something ("villagers claimed that soldiers beat two farmers"), or the state
    claiming it of others. One state's bodies ("Pakistan claimed its troops killed ten militants")
    or two groups outside the state ("the front's spokesman claimed that its armed wing carried out
    the ambush") are one side."""
    if speaker.code == doer.code:
        return True
    if not speaker.country or speaker.country != doer.country:
        return False
    return ((speaker.sector or "GOV") in STATE_BODIES) == ((doer.sector or "GOV") in STATE_BODIES)


def demands_in_speech(candidates: list[Candidate], known: Knowledge, sentence: Sentence) -> list[Candidate]:
    """A party saying another must or should do something demands it: "Pakistan said India must
    return the captured pilot" is Pakistan demanding of India (10, refined by the act through
    frames.tsv); the return itself has not happened (it stays hypothetical)."""
    out: list[Candidate] = []
    for candidate in candidates:
        event, trigger = candidate.event, candidate.trigger
        if event.modality != "hypothetical" or event.source is None or candidate.nominal:
            continue
        if not any(c.dep_ == "aux" and c.lower_ in known.cues["obligation-modal"] for c in trigger.children):
            continue
        verb = trigger.head if trigger.dep_ == "ccomp" else None
        if verb is None or verb.lemma_.lower() not in known.cues["reporting-verb"]:
            continue
        speaker = _speaker(verb, sentence)
        if speaker is None or speaker.code == event.source.code:
            continue
        code = known.lexicon.frame_code(DEMAND, event.cameo) or DEMAND + "0"
        out.append(_speaker_act(candidate, speaker, verb, code, f"demand: '{verb.text}' that "
                                f"{event.source.code} must {event.cameo}", known))
    return out


def weapons_tests(candidates: list[Candidate], known: Knowledge, sentence: Sentence,
                  earlier: list[Candidate]) -> None:
    """A missile fired at no one in a report of weapons tests is a test, a show of force (150),
    not an attack: "Pakistan fired a Fatah-series missile, after testing the Abdali", or "it had
    launched the Abdali missile" after "Pakistan test-fired a missile" (cues.tsv `weapons-test`)."""
    words = known.cues["weapons-test"]
    untargeted = [c for c in candidates if c.event.target is None and not c.nominal and c.event.cameo_root == FIGHT]
    if not untargeted:
        return  # most sentences: no need to read their words
    tested = _says_tested(sentence.span, words)
    for candidate in untargeted:
        if tested or _tested_before(candidate.event, earlier, words):
            candidate.event = recode(candidate.event, SHOW_OF_FORCE, "a weapons test, aimed at no one", known)


def crimes_are_assaults(candidates: list[Candidate], known: Knowledge) -> None:
    """Force by gangs, bandits or unidentified gunmen is assault, not fighting: "robbers shot dead
    a guard" is 1823, "gunmen wounded two" 182, "assailants opened fire" 180 (CAMEO keeps 19 for
    armed forces and armed groups; cues.tsv `crime-sector`, `killing-verb`, `wounding-verb`).
    So is a shooting or stabbing by no one named of people who bear no arms: "a trader was shot
    dead", "an MQM activist was stabbed" (a toll of fighting, "killed in a clash", stays fighting),
    and an armed group's force on them: "Maoists shot dead a villager" (1823; on police or troops
    it stays fighting), or its killing or wounding of an official or a person named ("killed a
    village headman"). People who bear no arms who shoot, stab or kill assault too: "a man shot his
    wife dead" (1823)."""
    hurting = known.cues["wounding-verb"] | known.cues["killing-verb"]
    for candidate in candidates:
        event = candidate.event
        source, target = event.source, event.target
        if event.cameo_root != FIGHT:
            continue
        lemma = candidate.trigger.lemma_.lower()
        if source is not None and (source.sector or "").lower() in known.cues["crime-sector"]:
            why = f"{source.sector} force is assault"
        elif source is None and target is not None and target.sector in UNARMED_SECTORS \
                and lemma in known.cues["wounding-verb"]:
            why = f"'{candidate.trigger.text}': {target.sector} hurt by no one named"
        elif source is not None and source.sector in INSURGENT_SECTORS and (
                target is not None and target.sector in UNARMED_SECTORS
                or (target is None and _pronoun_object(candidate, known) or target is not None and target.sector in OFFICIAL_SECTORS)
                and lemma in hurting):
            # "Maoists abducted and killed a village headman", "the Maoists killed him": one person of no armed side
            why = f"{source.sector} force on {(target.sector if target else None) or 'a person'} is assault"
        elif source is not None and source.sector in UNARMED_SECTORS and lemma in hurting:
            why = f"'{candidate.trigger.text}' by {source.sector}: no armed force"  # "a man shot his wife dead"
        else:
            continue
        candidate.event = recode(event, assault_code(candidate, known), why, known)


def _pronoun_object(candidate: Candidate, known: Knowledge) -> bool:
    """The act's object is one person named by a singular personal pronoun ("killed **him**"),
    whom the report's coreference resolves only later."""
    pronouns = known.cues["personal-pronoun"]
    return any(o.lower_ in pronouns for o in clauses.objects(candidate.trigger))


def police_raids_are_searches(candidates: list[Candidate], known: Knowledge) -> None:
    """"Federal police raided the home of the ex-president", "officials raided a warehouse": a raid
    by the police, an intelligence service, a court or a ministry is a search and seizure (1711),
    not fighting, which CAMEO keeps for armed forces and armed groups (cues.tsv `raid-word`)."""
    for candidate in candidates:
        event, source = candidate.event, candidate.event.source
        if event.cameo_root != FIGHT or source is None or source.sector not in LAW_ENFORCERS:
            continue
        if candidate.trigger.lemma_.lower() in known.cues["raid-word"]:
            candidate.event = recode(event, SEARCH, f"a raid by {source.sector} is a search", known)


def questions_by_others_are_criticism(candidates: list[Candidate], known: Knowledge) -> None:
    """"Police questioned the suspect" is an interrogation (09), but "the CPI(M) questioned the
    BJP over its opposition", "Zille questioned the timing of the suspension" are criticism (111):
    questioning (cues.tsv `questioning-verb`) by anyone but the police, an intelligence service or
    a court."""
    for candidate in candidates:
        event, source = candidate.event, candidate.event.source
        if event.cameo_root != INVESTIGATION or source is None or source.sector in INVESTIGATORS:
            continue
        if candidate.trigger.lemma_.lower() in known.cues["questioning-verb"]:
            candidate.event = recode(event, CRITICISM, f"questioned by {source.sector or source.code}", known)


def assault_code(candidate: Candidate, known: Knowledge) -> str:
    """Killing (1823) when the act or its result is a death ("shot dead", "beaten to death"),
    wounding (182) for a wounding verb, else assault (180)."""
    trigger = candidate.trigger
    lemma = trigger.lemma_.lower()
    fatal = lemma in known.cues["killing-verb"] or any(
        t.lower_ in known.cues["death-word"] for t in trigger.subtree if t.head.i == trigger.i
        or t.head.head.i == trigger.i)
    return KILLING if fatal else WOUNDING if lemma in known.cues["wounding-verb"] else ASSAULT


def civilian_blockades_are_protests(candidates: list[Candidate], known: Knowledge) -> None:
    """"Villagers staged a blockade against the power plant": a blockade by people who bear no
    arms (civilians, students, workers, farmers, parties) is a protest that obstructs passage (144),
    not a military blockade (191); "miners began a strike" is a labour strike (143), not an air or
    artillery strike (cues.tsv `labour-strike-noun`; see :func:`_labour_strike`)."""
    for candidate in candidates:
        event = candidate.event
        source = event.source
        noun = _strike_noun(candidate, known)
        if noun is not None:
            found = _labour_strike(event, noun, known)
            if found is not None:
                code = LABOUR_STRIKE if event.cameo_root == FIGHT else THREAT_OF_PROTEST
                candidate.event = recode(found[0], code, found[1], known)
        elif event.cameo == MILITARY_BLOCKADE and source is not None and source.sector in UNARMED_SECTORS:
            candidate.event = recode(event, OBSTRUCTION, f"a blockade by {source.sector} is a protest", known)


def _strike_noun(candidate: Candidate, known: Knowledge) -> Token | None:
    """The word "strike" (`labour-strike-noun`) of a use of force (19) or a threat of force (138),
    told as a noun ("miners began a strike") or as the threat's object ("the union threatened a
    strike"), if the event has one."""
    event, trigger = candidate.event, candidate.trigger
    if event.cameo_root != FIGHT and event.cameo[:3] != THREAT_OF_FORCE:
        return None
    nouns = [trigger] if candidate.nominal else [c for c in trigger.children if c.dep_ == "dobj"]
    return next((n for n in nouns if n.lemma_.lower() in known.cues["labour-strike-noun"]), None)


def _labour_strike(event: Event, noun: Token, known: Knowledge) -> tuple[Event, str] | None:
    """A labour strike: done by people who bear no arms, or named in its "of" phrase ("the strike
    **of medical students**": they strike, they are not struck), or called ("a strike **called** by
    the traders", `strike-calling-verb`). Returns the event with its strikers as source, and why."""
    source, target = event.source, event.target
    if source is not None and source.sector in UNARMED_SECTORS:
        return event, f"a strike by {source.sector} is a labour strike"
    called = [c for c in noun.children if c.dep_ == "acl" and c.lemma_.lower() in known.cues["strike-calling-verb"]]
    if called:
        return event, f"a strike '{called[0].text}' is a labour strike"
    strikers = {t.idx for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for t in c.subtree}
    if source is None and target is not None and target.sector in UNARMED_SECTORS and target.span[0] in strikers:
        return replace(event, source=target, target=None), f"the strike of {target.sector} is a labour strike"
    return None


def _tested_before(event: Event, earlier: list[Candidate], words: Collection[str]) -> bool:
    """Whether the same side's weapons test was reported earlier in the document."""
    side = event.source.country if event.source is not None else None
    return bool(side) and any(
        c.event.cameo == SHOW_OF_FORCE and c.event.source is not None and c.event.source.country == side
        and _says_tested(c.trigger.sent, words) for c in earlier)


def _says_tested(tokens: Iterable[Token], words: Collection[str]) -> bool:
    return any(t.lemma_.lower() in words or t.lower_ in words for t in tokens)


def recode(event: Event, code: str, why: str, known: Knowledge) -> Event:
    """The same event under another code."""
    meta = known.ontology[code]
    return replace(event, cameo=meta.code, cameo_root=meta.root, cameo_name=meta.name, goldstein=meta.goldstein,
                   quad_class=meta.quad_class, plover_type=meta.plover_type, plover_mode=meta.plover_mode,
                   rule=f"{event.rule} [{why}]")


def _speaker(verb: Token | None, sentence: Sentence) -> Actor | None:
    """The first actor the subject of a verb of saying names."""
    speakers = [m for s in clauses.subjects(verb) for m in sentence.actors.argument(s)] if verb is not None else []
    return speakers[0].actor if speakers else None


def _speaker_act(candidate: Candidate, speaker: Actor, verb: Token, code: str, why: str,
                 known: Knowledge) -> Candidate:
    """The speaker's own act about the doer of the act spoken of, read off the verb of saying."""
    event, meta = candidate.event, known.ontology[code]
    act = replace(event, source=speaker, target=event.source, cameo=meta.code, cameo_root=meta.root,
                  cameo_name=meta.name, goldstein=meta.goldstein, quad_class=meta.quad_class,
                  plover_type=meta.plover_type, plover_mode=meta.plover_mode, modality="asserted",
                  rule=f"{event.rule} [{why}]",
                  evidence=replace(event.evidence, trigger=verb.text, trigger_span=(verb.idx, verb.idx + len(verb.text))),
                  event_id="")
    return Candidate(act, verb, False, False)


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
                retarget(candidate, other.event.target, f"target shared with '{other.trigger.text}'")
                break


#: Roots of the acts a protest makes of whom it protests against: demands, disapproval, rejection.
PROTEST_AIMS = frozenset({"10", "11", "12"})


def protests_aim_at_their_demands(candidates: list[Candidate], known: Knowledge) -> None:
    """"Students marched in the capital, demanding the prime minister's resignation", "a student
    protest demanding his resignation": a protest with no target aims at whom the demand (or
    criticism) hung on it names."""
    for candidate in candidates:
        event = candidate.event
        if event.target is not None or not known.ontology.properties(event.cameo).crowd_source:
            continue
        for other in candidates:
            aim = other.event
            if (other is not candidate and aim.target is not None and aim.cameo_root in PROTEST_AIMS
                    and other.trigger.head.i == candidate.trigger.i and other.trigger.dep_ in ("acl", "advcl", "relcl")):
                retarget(candidate, aim.target, f"whom its '{other.trigger.text}' aims at")
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
                retarget(candidate, prior.source, f"replies to '{prior.evidence.trigger}'")
                break


def nouns_with_sides(candidates: list[Candidate]) -> list[Candidate]:
    """"Clashes erupted between the forces and militants", "talks between India and Pakistan were
    held": when the noun event names who did it to whom, the verb that only says it happened (or
    was held) and names no doer tells the same act again, with its sides read as targets."""
    told = {c.trigger.i for c in candidates
            if c.nominal and c.event.source is not None and c.event.target is not None}
    if not told:
        return candidates
    return [c for c in candidates if c.nominal or c.event.source is not None
            or not any(a.i in told for a in (*clauses.subjects(c.trigger), *clauses.objects(c.trigger)))]


def statements_told_by_their_content(candidates: list[Candidate]) -> list[Candidate]:
    """"Released a video **threatening** new attacks", "released a document **calling for** an
    inquiry": a statement (root 01) whose object says what it says, in a participle coded as a
    verbal act, is that act: the threat or the appeal is the event, told once. (A participle that
    tells a deed is another event: "honoured the soldiers **killed** in Jordan".)"""
    said = {c.trigger.head.i for c in candidates
            if c.trigger.dep_ == "acl" and c.event.cameo_root != STATEMENTS and c.event.quad_class in VERBAL_QUADS}
    if not said:
        return candidates
    return [c for c in candidates if not (
        c.event.cameo_root == STATEMENTS and any(o.i in said for o in clauses.objects(c.trigger)))]


def dedup(candidates: list[Candidate]) -> list[Candidate]:
    """One event per sentence, dyad and three-digit code ("accused and blamed Pakistan" is one
    accusation; closing the airspace and firing across the border are two acts): the most
    specific, then most confident, wins, but two different four-digit acts stay two ("looted a
    truck and set it ablaze": 1711 and 1712); and an actor's act without a target is dropped when
    the sentence gives the same actor the same act with one."""
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
        if current is not None and len(event.cameo) == len(current.event.cameo) == 4 \
                and event.cameo != current.event.cameo:
            key = (*key, event.cameo)  # another act of the same family
            current = best.get(key)
        if current is None or (len(event.cameo), event.confidence) > (len(current.event.cameo), current.event.confidence):
            best[key] = candidate
    aimed = {(c.event.source.code, c.event.cameo[:3]) for c in best.values()
             if c.event.source is not None and c.event.target is not None}
    # "used tear gas to disperse protesters": the act without its target is the same act told twice
    kept = [c for c in best.values() if c.event.target is not None or c.event.source is None
            or (c.event.source.code, c.event.cameo[:3]) not in aimed]
    return sorted(kept, key=lambda c: c.event.evidence.trigger_span)


def retarget(candidate: Candidate, target: Actor, why: str) -> None:
    """Give an event a target found by a pass (its id is fixed when the event stage hands it over)."""
    event = candidate.event
    event.target = target
    event.rule += f" [{why}]"
    event.confidence = round(max(0.05, event.confidence - 0.05), 2)
