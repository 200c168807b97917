"""Argument finding: who acts (sources) and on whom (targets), named, implied by the clause, or
only described ("the old city area of Mosul").

Sources come from the clause's subject (or the subject it borrows), a noun event's possessor,
agent or support verb; targets from the slot a pattern names (``$T``), else from the object and
the prepositional phrases searched in :data:`DEFAULT_TARGET_PREPS` order. The source itself and
its own state are never its target.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from spacy.tokens import Doc, Token

from flashpoint import language
from flashpoint.cues import cues
from flashpoint.events import clauses
from flashpoint.events.actor_index import ActorIndex
from flashpoint.events.context import PREVIOUS_ACTOR_NOTE, Knowledge
from flashpoint.events.matching import Match
from flashpoint.events.wordforms import regular_lemmas
from flashpoint.language.arrays import ParseArrays, arrays
from flashpoint.records import ARMED_SECTORS, STATE_BODIES, Actor, Mention

# Slots searched, in order, for a target when a pattern names none.
DEFAULT_TARGET_PREPS = cues().in_order("target-preposition")
# Where violence hits a place ("strikes on sites in Pakistan") and where an unnamed target's words are.
FORCE_PLACE_PREPS = cues().in_order("force-place-preposition")
UNNAMED_TARGET_PREPS = cues().in_order("unnamed-target-preposition")
RELATIVE_PRONOUNS = cues()["relative-pronoun"]

# -- sources ---------------------------------------------------------------------------------------


def sources(trigger: Token, nominal: bool, actors: ActorIndex, code: str, known: Knowledge) -> tuple[list[Mention], str]:
    """Who acts, and a note when the actor is borrowed from another clause."""
    if nominal:
        return noun_sources(trigger, actors, code, known)
    subjects = clauses.subjects(trigger)
    note = ""
    if not subjects and not clauses.is_passive(trigger):
        subjects, note = clauses.inherited_subject(trigger)
    found = [m for s in subjects for m in actors.argument(s)]
    if not found and note == "object of the governing verb" and trigger.dep_ == "xcomp":
        # "police used rubber bullets to disperse them": an instrument is no one; the user acts
        found = [m for s in clauses.subjects(trigger.head) for m in actors.argument(s)]
        note = f"subject of '{trigger.head.text}'"
    return found, note if found else ""


def noun_sources(noun: Token, actors: ActorIndex, code: str, known: Knowledge) -> tuple[list[Mention], str]:
    """Who did a noun event: its possessor ("India's downgrading"), its "by" phrase (or "from"
    for what is said: "condemnation from France"), the subject of its support verb ("China
    and Russia conducted joint drills"), else an actor modifier ("Pakistani shelling")."""
    found = _possessor(noun, actors) or _agent(noun, actors, said=not known.ontology[code].material_conflict)
    if found:
        return found, ""
    found, note = _claimant(noun, actors, known)
    if not found:
        found, note = _support_verb_subject(noun, actors, known, code)  # only when no one claimed it
    if found:
        return found, note
    found = _actor_modifier(noun, actors)
    if not found:
        found, note = _first_of_a_pair(noun, actors)
        if found:
            return found, note
    if not found and known.ontology.properties(code).violence:
        return _fighter_of_the_act(noun, actors)
    return found, ""


def _first_of_a_pair(noun: Token, actors: ActorIndex) -> tuple[list[Mention], str]:
    """"Clashes between the security forces and militants", "an encounter raged between SFs and
    militants": a mutual act between two sides is the first side's on the second (the "between"
    phrase on the noun, or on the verb the noun is the subject of). A security operation ("an
    encounter between militants and SFs") is the state's, whichever side is told first."""
    found = sorted(_pair_of(noun, actors), key=lambda m: m.tokens[0])  # "between Indian and Pakistani troops"
    if noun.lemma_.lower() in cues()["security-operation-noun"]:
        found.sort(key=lambda m: m.actor.sector not in STATE_BODIES)
    return (found[:1], "first side of 'between'") if found else ([], "")


def _pair_of(noun: Token, actors: ActorIndex) -> list[Mention]:
    """The two (or more) sides a "between" phrase names, on the noun or on the verb it is the
    subject of (or on a place that verb's phrase names, where the parser may hang it)."""
    owners = [noun] + ([noun.head] if noun.dep_ in ("nsubj", "nsubjpass") else [])
    if len(owners) == 2:  # "clashes erupted on the highway between police and protesters"
        owners += [o for p in owners[1].children if p.dep_ == "prep" for o in p.children if o.dep_ == "pobj"]
    for owner in owners:
        for pair in clauses.prep_objects(owner, "between"):
            found = actors.argument(pair)
            if len({m.actor.code for m in found}) >= 2:
                return found
    return []


def _fighter_of_the_act(noun: Token, actors: ActorIndex) -> tuple[list[Mention], str]:
    """"The military captured a hillock **in fighting** with the KIA": fighting during an act is
    the fighting of whoever does the act (an active verb with an object: "soldiers died in
    fighting" names victims, not fighters, and so does a verb of suffering: "two policemen received
    injuries in a bomb blast", cues.tsv `suffering-verb`)."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ not in ("in", "during") or prep.dep_ != "prep":
        return [], ""
    verb = prep.head
    if verb.dep_ == "dobj":
        verb = verb.head  # "captured one hillock in fighting": the parser hangs the phrase on the object
    if verb.pos_ not in clauses.VERB_POS or clauses.is_passive(verb) or not clauses.objects(verb):
        return [], ""
    if verb.lemma_.lower() in cues()["suffering-verb"]:
        return [], ""
    subjects = clauses.subjects(verb)
    note = f"subject of '{verb.text}'"
    if not subjects:
        subjects, note = clauses.inherited_subject(verb)
    found = [m for s in subjects for m in actors.argument(s)]
    return found, note if found else ""


def _possessor(noun: Token, actors: ActorIndex) -> list[Mention]:
    """"India's downgrading"."""
    for child in noun.children:
        if child.dep_ == "poss":
            found = actors.argument(child)
            if found:
                return found
    return []


def _agent(noun: Token, actors: ActorIndex, said: bool) -> list[Mention]:
    """"Strikes by India" (of the noun or of its "of" object); for what is said or given (not
    material conflict), also "from": "condemnation from France"."""
    owners = [noun] + [g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
    for prep in ("by", "from") if said else ("by",):
        for agent in (a for owner in owners for a in clauses.prep_objects(owner, prep)):
            found = actors.argument(agent)
            if found:
                return found
    return []


def _claimant(noun: Token, actors: ActorIndex, known: Knowledge) -> tuple[list[Mention], str]:
    """"The LeJ claimed responsibility for the bomb blasts": whoever claims an act (cues.tsv
    `responsibility-claim`: claim responsibility, take credit ...) did it."""
    while noun.dep_ == "conj" and noun.head.i < noun.i:
        noun = noun.head  # "the attacks on the checkpoints and the kidnapping of the soldiers"
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ != "for" or prep.head.dep_ != "dobj":
        return [], ""
    owned, verb = prep.head, prep.head.head
    if f"{verb.lemma_.lower()} {owned.lemma_.lower()}" not in known.cues["responsibility-claim"]:
        return [], ""
    subjects = clauses.subjects(verb) or clauses.inherited_subject(verb)[0]
    return [m for s in subjects for m in actors.argument(s)], f"claimed by the subject of '{verb.text}'"


def _support_verb_subject(noun: Token, actors: ActorIndex, known: Knowledge, code: str) -> tuple[list[Mention], str]:
    """"China and Russia conducted joint drills": the subject of the noun's support verb ("had"
    only for a mutual act: "had an encounter with the militants", not "we had three attacks")."""
    verb = clauses.governing_verb(noun)
    mutual = known.ontology.properties(code).reciprocal
    if verb is None or not clauses.support_verb(verb, known.cues, mutual) or not clauses.complement_of(noun, verb):
        return [], ""
    subjects = clauses.subjects(verb)
    note = f"subject of '{verb.text}'"
    if not subjects:
        subjects, note = clauses.inherited_subject(verb)
    return [m for s in subjects for m in actors.argument(s)], note


def _actor_modifier(noun: Token, actors: ActorIndex) -> list[Mention]:
    """"Pakistani shelling": an actor named before the noun (not an unknown one), also on the
    noun's own modifiers ("Russian drone strikes") or on the first of coordinated ones
    ("Pakistani drone and missile attacks", parsed as "drone" coordinated with "attacks")."""
    for child in _pre_modifiers(noun):
        found = [m for m in actors.covering(child) if m.actor.country or m.actor.code[:3] != "---"]
        if found:
            return found
    return []


def _pre_modifiers(noun: Token) -> Iterator[Token]:
    """The words modifying a noun before it, nearest level first, then their own modifiers."""
    heads = [noun]
    if noun.dep_ == "conj" and noun.head.pos_ in ("NOUN", "PROPN") and noun.head.i < noun.i:
        heads.append(noun.head)  # "drone and missile attacks": "attacks" hangs on "drone"
    level = [c for h in heads for c in h.children if c.dep_ in ("amod", "compound", "nmod") and c.i < noun.i]
    yield from level
    for child in level:
        yield from (g for g in child.children if g.dep_ in ("amod", "compound", "nmod", "npadvmod") and g.i < child.i)


def fire_origin(trigger: Token, actors: ActorIndex) -> list[Mention]:
    """"The shells were fired from the Pakistani side": where fire comes from is who fired."""
    return [m for t in clauses.prep_objects(trigger, "from") for m in actors.argument(t)]


def previous_subject(trigger: Token, actors: ActorIndex) -> tuple[list[Mention], str]:
    """An agentless passive continuing the story takes its actor: the subject of the clause it is
    conjoined to, or of the sentence before ("India has implemented a series of measures ... The
    Wagah-Attari border has also been closed").
    """
    sent = language.sentence_of(trigger)
    if not clauses.is_passive(trigger) or any(
            c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by") for c in trigger.children):
        return [], ""  # "killed by heavy shelling": the agent is named, only not as an actor
    if trigger.dep_ == "conj" and trigger.head.pos_ in clauses.VERB_POS and not clauses.is_passive(trigger.head):
        # "the troops chased the suspects and, after an exchange of fire, three were killed"
        found = [m for s in clauses.subjects(trigger.head) for m in actors.argument(s)]
        return (found, f"subject of '{trigger.head.text}'") if found else ([], "")
    if trigger.dep_ != "ROOT" or sent.start == 0:
        return [], ""
    previous = language.sentence_of(trigger.doc[sent.start - 1])
    found = [m for s in clauses.subjects(previous.root) for m in actors.argument(s)]
    return (found, PREVIOUS_ACTOR_NOTE) if found else ([], "")


def names_an_office(noun: Token, actors: ActorIndex) -> bool:
    """An event noun completing a title or body: "director of **operations**", "ministry of **defence**"."""
    head = noun.head
    return noun.dep_ in ("pobj", "compound") and (
        (head.lower_ == "of" and bool(actors.covering(head.head))) or bool(actors.covering(head))
    )


# -- targets ---------------------------------------------------------------------------------------


def targets(found: Match, actors: ActorIndex, sources: list[Mention], nominal: bool, known: Knowledge) -> list[Mention]:
    """The actors the act is aimed at: those in the pattern's ``$T`` slot, else the first of the
    default slots (see :func:`_default_slots`) that names any."""
    force = known.ontology.properties(found.entry.code).violence
    if nominal and sources:
        other_side = [m for m in _pair_of(found.trigger, actors) if m.actor.code not in {s.actor.code for s in sources}]
        if other_side:
            return other_side  # "clashes between the security forces and militants": the second side
    doc = found.trigger.doc
    named = [c.slot for c in found.entry.constraints if c.role == "target"]
    if named:
        slot_tokens = [t for slot in named for t in found.slots.get(slot, [])]
        return actors_in(doc, slot_tokens, actors, sources, force)
    for tokens in _default_slots(found, actors, nominal, force, known):
        hits = actors_in(doc, tokens, actors, sources, force) if tokens else []
        if hits:
            return hits
    return []


def _default_slots(found: Match, actors: ActorIndex, nominal: bool, force: bool, known: Knowledge) -> Iterator[list[int]]:
    """The words (token indices) that may name a target, best first: the subject of a nested
    demand, what a violent noun event's verb hits, the object (or passive subject), prepositional
    objects of the trigger, of its object and of the pattern's words, the owner of the object,
    what a nested act names, and for violence the state a place lies in. The object of a code
    with the ``own_means`` property (troops deployed) is the doer's own and no target."""
    a, i = arrays(found.trigger.doc), found.trigger.i
    dep, pos, kids = a.dep, a.pos, a.children
    objects = clauses._objects(a, i)
    if nominal:
        objects = [t for t in objects if dep[t] == "pobj"]
    # a demand on someone: "demanded that Russia withdraw its troops"
    for token, _ in reversed(found.nested):
        yield [c for c in kids[token.i] if dep[c] == "nsubj"]
    # what is said of someone, even when it is no act the lexicon codes: "alleged that India
    # rigged the vote", "demanded that the minister resign"
    clauses_said = [t for c in found.entry.constraints if c.role == "nested" for t in found.slots.get(c.slot, [])]
    properties = known.ontology.properties(found.entry.code)
    if not nominal and (properties.framing or found.entry.code.startswith(("11", "09"))):
        # "accused Pakistan of ...", "are investigating whether rebels carried out the attack"
        clauses_said += [c for c in kids[i] if dep[c] == "ccomp"]
    # a complement clause is a clause even when the tagger takes its verb for a noun ("that the
    # prime minister resign")
    yield [c for t in clauses_said if pos[t] in clauses.VERB_POS or dep[t] == "ccomp"
           for c in kids[t] if dep[c] == "nsubj"]
    if nominal and dep[i] == "nsubj" and a.lemma_lower[a.head[i]] in known.cues["occurrence-verb"]:
        yield clauses._objects(a, a.head[i])  # "the attack killed 26 tourists"
    if not properties.own_means:  # "deployed troops": the doer's own forces, no target
        yield objects
    # (a word without a phrase has no prepositional object: an empty slot names no one, so none is
    # yielded)
    if _has_phrase(a, i):
        for prep in DEFAULT_TARGET_PREPS:
            if not (prep == "from" and force and not properties.taken_from):
                yield clauses._prep_objects(a, i, prep)
    # the words the pattern matched carry targets too: "engaged in conversations **with Sharif**"
    fillers = [t for tokens in found.slots.values() for t in tokens if t not in objects]
    for obj in objects + fillers:
        if _has_phrase(a, obj):
            for prep in DEFAULT_TARGET_PREPS:
                yield clauses._prep_objects(a, obj, prep)
    for obj in objects if not properties.own_means else ():
        yield [c for c in kids[obj] if dep[c] == "poss"]  # "criticized Pakistan's decision"
        yield clauses._prep_objects(a, obj, "of")  # "dismissed the bail appeal of a Guatemalan accused"
    yield from _nested_slots(a, found)
    if force:
        yield from _places_hit(found.trigger.doc, i, objects + fillers, actors)


def _nested_slots(a: ParseArrays, found: Match) -> Iterator[list[int]]:
    """An appeal or intent about talks names the counterpart there: "agreed to hold talks with
    Ukraine", "agreed to provide Sri Lanka with technology"."""
    for token, _ in found.nested:
        objects = clauses._objects(a, token.i)
        yield objects
        heads = [h for h in (token.i, *objects) if _has_phrase(a, h)]
        for prep in DEFAULT_TARGET_PREPS:
            for head in heads:
                yield clauses._prep_objects(a, head, prep)


#: The dependencies through which :func:`clauses._prep_objects` finds a prepositional object.
PHRASE_DEPS = frozenset({"prep", "agent", "dative", "acl", "advcl"})


def _has_phrase(a: ParseArrays, i: int) -> bool:
    """Whether token ``i`` has a child through which it may have a prepositional object: without
    one, every preposition's objects are none."""
    dep = a.dep
    return any(dep[c] in PHRASE_DEPS for c in a.children[i])


def _places_hit(doc: Doc, trigger: int, words: list[int], actors: ActorIndex) -> Iterator[list[int]]:
    """Force against places: "struck nine sites **in Pakistan**", "strikes on sites in Pakistan",
    and the state named inside the place: "in Pakistan-administered Kashmir"."""
    a = arrays(doc)
    places = [trigger] + words + [t for p in FORCE_PLACE_PREPS for t in clauses._prep_objects(a, trigger, p)]
    for obj in places:
        inside = clauses._prep_objects(a, obj, "in")
        yield inside
        yield [t.i for place in inside for t in doc[place].subtree
               if any(m.actor.country and not m.actor.sector for m in actors.at.get(t.i, []))]


def implicit_targets(trigger: Token, actors: ActorIndex, sources: list[Mention]) -> list[Mention]:
    """Actors named in the prepositional phrases of the trigger's own clause: "the US called
    for de-escalation **amid tensions between India and Pakistan**". Subjects and objects of
    other clauses are their own events' actors, not this one's."""
    root = trigger
    while root.dep_ in ("conj", "xcomp") and root.head is not root:
        root = root.head
    out: list[Mention] = []
    stack = [c for c in root.children if c.dep_ not in ("nsubj", "nsubjpass", "advcl", "ccomp", "relcl", "conj", "xcomp")]
    while stack:
        token = stack.pop()
        if token.dep_ in ("pobj", "conj") or (token.dep_ == "appos"):
            for mention in actors.covering(token):
                if (mention.kind != "pronoun" and mention.head == token.i and mention not in out
                        and not any(_same_side(mention, s) for s in sources)):
                    out.append(mention)
        stack.extend(c for c in token.children if c.dep_ not in ("advcl", "ccomp", "relcl", "acl", "nsubj", "dobj"))
    return sorted(out, key=lambda m: m.tokens)


#: Entity kinds a target no knowledge base names may be, and those of them that are places.
NAMED_TARGETS = frozenset({"GPE", "LOC", "FAC", "ORG", "PERSON", "NORP"})
PLACE_ENTITIES = frozenset({"GPE", "LOC"})


def unnamed_target(found: Match, objects: list[Token], trigger: Token, known: Knowledge) -> list[Mention]:
    """A target no knowledge base names, kept by its words: force against "the ISIS-held old
    city area of Mosul", a curfew "in parts of Ahmedabad", an attack on "a Christian group".
    Only named things and places, people and buildings, never abstractions ("the ban")."""
    if not known.ontology[found.entry.code].material_conflict and found.entry.file != "model":
        return []
    nouns = known.cues["target-noun"]
    places = objects + [t for p in UNNAMED_TARGET_PREPS for t in clauses.prep_objects(trigger, p)]
    # a protest happens in a city; it is not aimed at it ("staged a protest in Lahore")
    kinds = NAMED_TARGETS - PLACE_ENTITIES if known.ontology.properties(found.entry.code).crowd_source else NAMED_TARGETS
    for token in places:
        named = token.ent_type_ in kinds
        thing = not token.ent_type_ and (token.lemma_.lower() in nouns or any(
            f in nouns for f in regular_lemmas(token.lower_)))
        if named or thing:
            return [_unnamed(token)]
    return []


def actors_in(doc: Doc, tokens: list[int], actors: ActorIndex, sources: list[Mention],
              force: bool = False) -> list[Mention]:
    """Actors named by slot fillers (token indices), or their owners ("Pakistani officials'
    cooperation"), leaving out the source itself and the source's own state ("conveyed the US's
    commitment"); with ``force``, also armed forces whose state is only the source's because it
    is the nearest in context ("Israel struck air defences in Iran": not Israel's own)."""
    out: list[Mention] = []
    columns = arrays(doc)
    dep = columns.dep
    for i in tokens:
        kids = columns.children[i]
        found = actors.argument_at(doc, i) or [
            # an owner the report never resolved ("his son") names no one to own the thing
            _owned(m, doc[i]) for c in kids if dep[c] == "poss" for m in actors.argument_at(doc, c)
            if m.actor.code != "---"
        ] or [
            # "attacked several Pakistani air bases": the bases are Pakistan's
            _owned(m, doc[i]) for c in kids if dep[c] in ("amod", "compound", "nmod") and c < i
            for m in actors.at.get(c, []) if m.actor.country and not m.actor.sector and m.head == c
        ]
        for mention in found:
            if mention not in out and not any(_same_side(mention, s) for s in sources) \
                    and not _own_possession(mention, sources) \
                    and not (force and _own_forces_guessed(mention, sources)):
                out.append(mention)
    return out


def _owned(mention: Mention, thing: Token) -> Mention:
    """The target of "welcomed **NATO's decision**" is NATO, quoted with what it owns."""
    end = thing.i + 1
    for child in thing.children:
        if child.i > thing.i and child.dep_ in ("prep", "compound", "amod") and child.lower_ != "that":
            end = max(end, child.right_edge.i + 1)
    doc = thing.doc
    start = min(mention.tokens[0], thing.left_edge.i)
    text = doc[start:end].text
    actor = replace(mention.actor, text=text, span=(doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)))
    return replace(mention, actor=actor)


def _unnamed(token: Token) -> Mention:
    """A mention of what the words around ``token`` describe, for a target without a code."""
    doc = token.doc
    start = token.left_edge.i
    end = token.i + 1
    for child in token.children:
        if child.i > token.i and child.dep_ in ("prep", "appos", "compound") and child.lower_ not in RELATIVE_PRONOUNS:
            end = max(end, child.right_edge.i + 1)
    span = doc[start:end]
    actor = Actor(code="---", text=span.text, span=(span.start_char, span.end_char),
                  rule="named by its words only")
    return Mention(span.text, actor.span, 0, actor, tokens=(start, end), head=token.i, kind="unnamed")


def _own_possession(mention: Mention, sources: list[Mention]) -> bool:
    """"withdrew **its** troops": a phrase owned by a pronoun for the source is not its target."""
    return mention.owner is not None and any(mention.owner == s.actor.code for s in sources)


#: Sectors of a state acting as a state: its forces are "its own" (a rebel's are not).
STATE_SIDE = frozenset({None, "GOV", "MIL"})
#: Who can be the unnamed doer of an act of force, or of other coercion (closures, arrests):
#: the previous sentence's actor is taken only if it is one of these.
ABLE_TO_FIGHT = STATE_SIDE | ARMED_SECTORS | {"COP", "SPY", "CRM"}
ABLE_TO_COERCE = STATE_SIDE | {"COP", "JUD", "LEG", "SPY"}


def _own_forces_guessed(target: Mention, sources: list[Mention]) -> bool:
    """Armed forces given the source's state only because it was the nearest in context: force is
    rarely used on one's own forces, so the guess is what is wrong."""
    return target.guessed_state and target.actor.sector == "MIL" and any(
        target.actor.country == s.actor.country and not s.grounded and s.actor.sector in STATE_SIDE
        for s in sources)


def same_actor(one: Mention, other: Mention) -> bool:
    """Whether two mentions of one code are one actor: not two bodies of a sector, each named by
    its own noun ("the committee asked the department to ..."), nor two bodies the knowledge base
    names apart ("the ANC called on the DA": two parties of South Africa)."""
    return one.actor.code == other.actor.code and not (
        one.kind == other.kind == "title" and one.text.lower() != other.text.lower()) and not (
        one.kind in KNOWN_BODIES and other.kind in KNOWN_BODIES and one.actor.rule != other.actor.rule)


#: Mention kinds of bodies the knowledge base names; the actor's rule names the entry
#: ("institution 'Democratic Alliance'").
KNOWN_BODIES = frozenset({"org", "group"})


def _same_side(target_mention: Mention, source_mention: Mention) -> bool:
    """A target that is the source itself (not another body of its sector, named by another noun),
    or the source's own state without a sector of its own.
    A source whose state was only inferred from the report (``grounded``) has no own state to
    exclude: "the council rejected the Afghan party's demand" keeps its target."""
    target, source = target_mention.actor, source_mention.actor
    if target.code == source.code:
        return same_actor(target_mention, source_mention)
    if target.country and target.country == source.country:
        if not target.sector:
            return not source_mention.grounded
        return target.sector == source.sector
    return False
