"""Assembling events from a match: the rules that decide who acts on whom, then the codes (framing
and stated intent), modality, evidence and confidence of each event.

The rules (:data:`RULES`) run in order on a :class:`Draft`; each fills in what it finds and may
say that the match codes nothing. Confidence (0-1, documented in ``docs/events.md``) starts from
the pattern's specificity and rises with resolved actors, falls for inherited subjects, nominal
triggers and hedges.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Token

from flashpoint import language
from flashpoint.cues import cues
from flashpoint.events import arguments, background, clauses, mishaps
from flashpoint.events.clauses import NOUN_POS
from flashpoint.events.context import Candidate, Knowledge, Sentence
from flashpoint.events.lexicon import Entry
from flashpoint.events.matching import Match
from flashpoint.events.intents import attempted_force, intent_code, stated_intent
from flashpoint.events.modality import ModalityReading, modality_of
from flashpoint.language.arrays import arrays
from flashpoint.ontology import CameoCode
from flashpoint.records import ARMED_SECTORS, PRIVATE_SECTORS, Event, Evidence, Mention

Pair = tuple[Mention | None, Mention | None]
#: The CAMEO roots of statements (01) and consultations (04).
STATEMENTS, CONSULT = "01", "04"


@dataclass(slots=True)
class Draft:
    """One match on its way to events: what the rules have found so far."""

    match: Match
    sentence: Sentence
    known: Knowledge
    nominal: bool  # a noun event ("the attack"), not a verb
    codes: list[tuple[str, Token | None]]  # each code with the nested event's trigger that refined it
    sources: list[Mention] = field(default_factory=list)
    source_note: str = ""  # where a borrowed source comes from ("subject of 'managed'")
    targets: list[Mention] = field(default_factory=list)
    pairs: list[Pair] = field(default_factory=list)

    @property
    def trigger(self) -> Token:
        return self.match.trigger

    @property
    def entry(self) -> Entry:
        return self.match.entry

    @property
    def coded(self) -> CameoCode:
        """The code of the matched entry."""
        return self.known.ontology[self.entry.code]

    @property
    def first(self) -> CameoCode:
        """The first code the match gives (a framing entry's code refined by its nested event)."""
        return self.known.ontology[self.codes[0][0]]


Rule = Callable[[Draft], bool]


def not_a_title(draft: Draft) -> bool:
    """"Directors general of military **operations**": an event noun completing a title or body
    names an office, not an event."""
    return not (draft.nominal and arguments.names_an_office(draft.trigger, draft.sentence.actors))


#: Nouns whose phrase keeps a noun event news (see :func:`told_as_an_event`), built once.
NEWS_OWNERS = frozenset().union(*(cues()[kind] for kind in (
    "sequence-noun", "death-word", "news-noun", "partitive", "statistic-noun", "counting-word")))


def told_as_an_event(draft: Draft) -> bool:
    """"A gang **rape** case", "the time of their **arrest**", "a survivor of the **massacre**": a
    noun event that only qualifies another noun (a compound, or the object of a noun's phrase)
    names that thing, not news. It stays news after a noun that sequences acts ("a wave of
    attacks"), a noun of the news (cues.tsv `news-noun`: "the death toll from airstrikes",
    "claimed responsibility for the attack"), an act on it ("an investigation of the attack") or a
    number of people or acts ("70 guerrillas in two raids", "dozens of attacks", "half of the
    kidnappings": the non-event stage reads statistics); a background phrase ("tensions following
    the attack") is the background rule's to judge."""
    noun = draft.trigger
    if not draft.nominal:
        return True
    if noun.dep_ == "compound":
        return noun.head.pos_ not in NOUN_POS
    if noun.dep_ != "pobj" or noun.head.dep_ != "prep" or noun.head.head.pos_ not in NOUN_POS:
        return True
    owner, background = noun.head.head, draft.known.cues["background-prep"]
    lemma = owner.lemma_.lower()
    return (noun.head.lower_ in background or lemma in background  # "in response to"
            or lemma in NEWS_OWNERS
            or bool(draft.known.lexicon.candidates(lemma, "n"))  # "an investigation of the attack"
            or any(c.dep_ == "nummod" for c in owner.children))


def clause_sources(draft: Draft) -> bool:
    """Who acts: the clause's subject (or the one it borrows), or a noun event's possessor, agent
    or support verb's subject."""
    draft.sources, draft.source_note = arguments.sources(
        draft.trigger, draft.nominal, draft.sentence.actors, draft.entry.code, draft.known)
    return True


def nature_is_no_actor(draft: Draft) -> bool:
    """"Floods hit Thailand", "homes destroyed by the earthquake", "killed in an accident":
    nature and mishaps are no actor."""
    if draft.nominal:
        return True
    if draft.coded.properties.violence and mishaps.in_a_mishap(draft.trigger, draft.known.cues):
        return False  # force told as done in an accident, whoever the parser makes its subject
    return bool(draft.sources) or not (mishaps.nature_acts(draft.trigger, draft.known.cues)
                                       or mishaps.befell_by_mishap(draft.trigger, draft.known.cues))


def a_journey_is_an_official_s_visit(draft: Draft) -> bool:
    """"Migrants travel through Guatemala", "troops arrived in the town", "the Messi and Friends
    tour": a journey (cues.tsv `journey-word`) is a visit (042) only by someone who holds office
    or speaks for a body; private people, police, armed forces and criminals travelling are no
    diplomacy. A journey with no doer named is kept."""
    if draft.first.code[:3] != VISIT or draft.trigger.lemma_.lower() not in draft.known.cues["journey-word"]:
        return True
    return not any(s.actor.sector in TRAVELLERS for s in draft.sources)


def fire_origin(draft: Draft) -> bool:
    """"The shells were fired from the Pakistani side": violence without a subject was done by
    whoever its fire came from."""
    if not draft.sources and draft.first.properties.violence:
        draft.sources = arguments.fire_origin(draft.trigger, draft.sentence.actors)
        draft.source_note = "fire came from there" if draft.sources else ""
    return True


def previous_actor(draft: Draft) -> bool:
    """An agentless passive of material conflict continues the previous sentence's story: "The
    Wagah-Attari border has also been closed" after "India has implemented a series of measures",
    when that actor can do it (force: a state or an armed body; other coercion: a state's). A
    protest is a crowd's (code property crowd_source), never the police's of the sentence before:
    "Police arrested five men. A dharna was staged ..." """
    if not draft.sources and not draft.nominal and draft.first.material_conflict \
            and not draft.coded.properties.crowd_source:
        found, note = arguments.previous_subject(draft.trigger, draft.sentence.actors)
        able = arguments.ABLE_TO_FIGHT if draft.coded.properties.violence else arguments.ABLE_TO_COERCE
        draft.sources = [m for m in found if m.actor.sector in able]  # a union kidnaps no one
        draft.source_note = note if draft.sources else ""
    return True


def slot_targets(draft: Draft) -> bool:
    """On whom: the pattern's target slot or the default slots, else (for codes with the
    implicit_target property) the actors of the clause's phrases."""
    actors = draft.sentence.actors
    draft.targets = arguments.targets(draft.match, actors, draft.sources, draft.nominal, draft.known)
    if not draft.targets and draft.coded.properties.implicit_target:
        draft.targets = arguments.implicit_targets(draft.trigger, actors, draft.sources)
    return True


def the_sufferer_is_the_target(draft: Draft) -> bool:
    """"A soldier **sustained** injuries in a roadside blast": the subject of a verb of suffering
    (cues.tsv `suffering-verb`) is hurt, not hurting; whoever its "in" phrase names did it
    (events/tolls.py), so no one named here is the doer. Told with no cause ("two of them sustained
    bullet injuries on their legs", "sustained third degree burns") it restates a toll or tells a
    mishap: no event."""
    verb = draft.trigger
    if draft.nominal or not draft.coded.properties.violence or verb.lemma_.lower() not in draft.known.cues["suffering-verb"]:
        return True
    told_why = any(c.dep_ == "advcl" for c in verb.children) or any(p.lower_ in SUFFERED_IN for p in clauses.phrases_of(verb))
    if not told_why:
        return False
    draft.targets = [m for s in clauses.subjects(verb) for m in draft.sentence.actors.argument(s)]
    draft.sources = []
    return True


#: The prepositions that name what hurt someone who suffered injuries ("in a blast", "during the raid",
#: "due to an explosion").
SUFFERED_IN = frozenset({"in", "during", "by", "from", "due"})
#: A visit (042), and who makes a journey that is no visit: private people (not religious leaders:
#: "the Pope journeyed to Iraq"), police, armed forces and groups.
VISIT, TRAVELLERS = "042", PRIVATE_SECTORS - {"REL"} | {"COP", "CRM"} | ARMED_SECTORS


def press_is_no_counterpart(draft: Draft) -> bool:
    """"**Speaking to a TV news channel**, the chief minister shrugged off the allegations": the
    press a speaker talks to is the audience, not a party to consultations (04; cues.tsv
    `audience-sector`), so such a talk alone is no event."""
    if draft.first.root == CONSULT:
        audience = draft.known.cues["audience-sector"]
        draft.targets = [m for m in draft.targets if (m.actor.sector or "").lower() not in audience]
    return True


def under_attack(draft: Draft) -> bool:
    """"The police party came under attack by suspected militants", "the convoy came under fire
    from Taliban fighters": the subject of the verb of exposure (cues.tsv `exposure-verb`) is
    the target, and whoever the verb's or the noun's "by"/"from" phrase names is the doer."""
    noun = draft.trigger
    if not (draft.nominal and noun.dep_ == "pobj" and noun.head.lower_ == "under"):
        return True
    verb = noun.head.head
    if verb.lemma_.lower() not in draft.known.cues["exposure-verb"]:
        return True
    actors = draft.sentence.actors
    victims = [m for s in clauses.subjects(verb) for m in actors.argument(s)]
    if victims:
        draft.targets = victims
        draft.sources = [m for m in draft.sources if m.actor.code not in {v.actor.code for v in victims}]
    if not draft.sources:
        agents = [a for head in (verb, noun) for prep in ("by", "from") for a in clauses.prep_objects(head, prep)]
        draft.sources = [m for a in agents for m in actors.argument(a)]
    return True


def someone_acts(draft: Draft) -> bool:
    """"Cooperation with India" names no one who cooperates: a noun event without a source is an
    event only for material conflict ("the deadly Pahalgam terror attack"). An appeal, intent,
    consultation, cooperation, aid, rejection or threat is its doer's (code property
    needs_source): "the deal was signed", "media is invited to cover both events" code nothing,
    and so does an allegation or a blame told in the passive with no one named who makes it
    (cues.tsv `speaker-verb`: "it is alleged that ...")."""
    if draft.sources:
        return True
    if draft.coded.properties.needs_source or draft.first.properties.needs_source:
        return False
    if not draft.nominal and draft.trigger.lemma_.lower() in draft.known.cues["speaker-verb"] \
            and clauses.is_passive(draft.trigger) and not any(c.dep_ == "agent" for c in draft.trigger.children):
        return False  # "it is alleged that ...", "were blamed for ...": the report's hedge, no one's act
    # "an official is under investigation": the state's act (code property state_doer) on someone,
    # or one the text says was carried out ("an investigation had been launched")
    return not draft.nominal or draft.coded.material_conflict or (
        draft.coded.properties.state_doer and (bool(draft.targets) or _carried_out(draft.trigger)))


def _carried_out(noun: Token) -> bool:
    """Whether a noun event is the subject or object of a verb that carries it out or says it
    happened ("an investigation **was launched**", "the investigation **started**")."""
    verb = noun.head
    return noun.dep_ in ("nsubj", "nsubjpass", "dobj") and verb.pos_ in clauses.VERB_POS and background.carries_out(verb)


def actor_pairs(draft: Draft) -> bool:
    """One event per source and target. Two sources of a reciprocal act act on each other ("both
    sides agreed to stop firing"); violence named without its actors ("the attack", "a bomb went
    off") is kept without them (the reconcile stage keeps it only if it can place it), and so is a
    crowd's act (a protest); an act that needs a counterpart and has none ("reaffirmed its
    commitment") codes nothing."""
    first = draft.first.properties
    mutual = first.reciprocal or (first.joint_intent and bool(draft.match.nested)) or _each_other(draft.trigger)
    draft.pairs = pairs(draft.sources, draft.targets, mutual)
    violence = draft.coded.properties.violence and (draft.nominal or _bomb_went_off(draft) or _aimed_at_a_thing(draft))
    state_act = draft.coded.properties.state_doer and (  # "750 liters of methamphetamine were seized"
        draft.nominal and _carried_out(draft.trigger) or not draft.nominal and clauses.is_passive(draft.trigger))
    if not draft.pairs and (violence or draft.coded.properties.crowd_source or state_act):
        draft.pairs = [(None, None)]  # "protests erupted in Khartoum": the crowd of the place
    reciprocal = len(draft.sources) >= 2 and mutual
    needs_counterpart = first.needs_target and not draft.match.nested and draft.entry.file != "model" \
        and not _asks_for_something(draft)
    return bool(draft.pairs) and not (not draft.targets and needs_counterpart and not reciprocal)


def _asks_for_something(draft: Draft) -> bool:
    """An appeal that names what it asks for is made, to whoever can give it, even when the text
    names no addressee: "the Democratic Alliance has called for a full audit of the system", "called
    for elections" (a verb's ``for`` slot filled by the thing asked for). Not a noun ("China's calls
    for ..." are mostly told back) nor a verb with an object ("called her a liar for ...")."""
    return (draft.coded.root == "02" and not draft.nominal and not clauses.objects(draft.trigger)
            and any(c.slot == "for" for c in draft.entry.constraints))


def _bomb_went_off(draft: Draft) -> bool:
    """"A bomb **exploded** near the market": the subject is the weapon, so the act happened even
    though no one is named (cues.tsv `explosive-noun`)."""
    bombs = draft.known.cues["explosive-noun"]
    return any(s.lemma_.lower() in bombs for s in clauses.subjects(draft.trigger))


def _aimed_at_a_thing(draft: Draft) -> bool:
    """"A grenade had been lobbed **at the same building**": force aimed at a thing or a place no
    actor owns happened though no one is named (its target is kept by its words,
    :func:`arguments.unnamed_target`)."""
    return bool(arguments.unnamed_target(draft.match, clauses.objects(draft.trigger), draft.trigger, draft.known))


def _each_other(trigger: Token) -> bool:
    """"Baku and Yerevan accused **each other**", "blamed **one another**": the object is the
    reciprocal pronoun, so the coordinated subjects act on each other."""
    for obj in clauses.objects(trigger):
        words = {obj.lower_, *(c.lower_ for c in obj.children if c.dep_ == "det")}
        if words in ({"other", "each"}, {"one", "another"}):
            return True
    return False


#: The rules a match goes through, in order; the first to say no drops it.
RULES: tuple[Rule, ...] = (not_a_title, told_as_an_event, clause_sources, nature_is_no_actor, a_journey_is_an_official_s_visit, fire_origin, previous_actor,
                           slot_targets, the_sufferer_is_the_target, press_is_no_counterpart, under_attack,
                           someone_acts, actor_pairs)


def assemble(found: Match, sentence: Sentence, known: Knowledge) -> list[Candidate]:
    """The events of one match: none if a rule drops it, else one per code and actor pair."""
    trigger = found.trigger
    nominal = trigger.pos_ in NOUN_POS and found.entry.pos == "n"
    draft = Draft(found, sentence, known, nominal, codes_of(found, known))
    if not all(rule(draft) for rule in RULES):
        return []
    return _candidates(draft)


def codes_of(found: Match, known: Knowledge) -> list[tuple[str, Token | None]]:
    """The code(s) of a match: a framing verb's code refined by each nested event."""
    entry = found.entry
    if not found.nested:
        return [(entry.code, None)]
    out = []
    for token, inner in found.nested:
        if known.ontology.properties(entry.code).framing:
            code = known.lexicon.frame_code(entry.code, inner.code) or entry.code
        elif found.trigger.lemma_.lower() in known.cues["umbrella-verb"]:
            code = inner.code  # "retaliated by closing its airspace": the closing is the act
        else:
            code = entry.code  # "accused Pakistan of supporting": the accusation
        out.append((code, token))
    return out


def _candidates(draft: Draft) -> list[Candidate]:
    """Modality, stated intent and background read once, then one event per code and pair."""
    trigger, known = draft.trigger, draft.known
    reading = modality_of(trigger, known.cues)
    modality = reading.modality
    intent = stated_intent(reading, trigger, draft.sources, known)
    if intent == "future" and (draft.first.root == STATEMENTS or draft.first.properties.own_means and not draft.targets):
        # "leaders will pray for the minister": a statement to come is no intent; "police will
        # deploy a new task force": a plan, no threat to anyone
        intent = None
    codes = draft.codes
    if attempted_force(reading, trigger, codes, known):
        reading = ModalityReading("asserted", f"attempted: {reading.cue}", reading.hedged)
    modality = reading.modality
    if intent:
        codes = [(intent_code(intent, code, known), token) for code, token in codes]
        modality = "asserted"
    needs_date = background.in_background(trigger, known.cues) if draft.nominal else (
        trigger.dep_ in ("relcl", "acl") and background.in_background(trigger.head, known.cues)  # "after the attack in which 26 were killed"
    )
    out: list[Candidate] = []
    for code, nested_token in codes:
        rule = _rule(draft, reading, intent, code)
        for source, target in draft.pairs:
            event = _event(draft, code, nested_token, source, target, modality, rule,
                           confidence(draft, source, target, reading.hedged, nested_token))
            unnamed = None if target is not None else arguments.unnamed_target(
                draft.match, clauses.objects(trigger), trigger, known)
            out.append(Candidate(event, trigger, draft.nominal, needs_date, unnamed[0].actor if unnamed else None))
    return out


def _event(draft: Draft, code: str, nested: Token | None, source: Mention | None, target: Mention | None,
           modality: str, rule: str, score: float) -> Event:
    meta = draft.known.ontology[code]
    return Event(
        doc_id=draft.sentence.doc_id,
        source=source.actor if source else None,
        target=target.actor if target else None,
        cameo=code,
        cameo_root=meta.root,
        cameo_name=meta.name,
        goldstein=meta.goldstein,
        quad_class=meta.quad_class,
        plover_type=meta.plover_type,
        plover_mode=meta.plover_mode,
        modality=modality,  # type: ignore[arg-type]
        evidence=_evidence(draft.sentence, draft.trigger, nested),
        confidence=score,
        rule=rule,
    )


def _evidence(sentence: Sentence, trigger: Token, nested: Token | None) -> Evidence:
    """The sentence and the trigger words (with a nested event's trigger when it is near)."""
    doc, (start_char, end_char) = sentence.doc, sentence.chars
    span_tokens = [trigger] + ([nested] if nested is not None else [])
    start = min(t.idx for t in span_tokens)
    end = max(t.idx + len(t.text) for t in span_tokens)
    # the words' text from the arrays, not doc.text[...]: Doc.text joins the whole report on every call
    words = arrays(doc).span_text(min(t.i for t in span_tokens), max(t.i for t in span_tokens) + 1) \
        if nested is None or nested.i - trigger.i < 8 \
        else f"{trigger.text} ... {nested.text}"
    return Evidence(
        sentence_index=sentence.index,
        sentence=language.text_of(doc)[start_char:end_char],
        char_start=start_char,
        char_end=end_char,
        trigger=words,
        trigger_span=(start, end),
    )


def _rule(draft: Draft, reading: ModalityReading, intent: str | None, code: str) -> str:
    """Why the event was coded: the lexicon rule, and what else the coder read."""
    entry = draft.entry
    return (entry.rule + (f" [{draft.source_note}]" if draft.source_note else "")
            + (f" [modality: {reading.cue}]" if reading.cue else "")
            + (f" [stated {'refusal' if intent == '12' else 'intent'}: {entry.code} -> {code}]" if intent else ""))


def confidence(draft: Draft, source: Mention | None, target: Mention | None, hedged: bool, nested: Token | None) -> float:
    """How sure the coder is of one event (see docs/events.md)."""
    score = 0.45 + min(draft.entry.specificity, 6) * 0.05 + clauses.prominence(draft.trigger, draft.sentence.index)
    if source is not None and source.actor.country:
        score += 0.15 if source.kind not in ("pronoun", "coref") else 0.1
    elif source is not None:
        score += 0.05
    if target is not None and target.actor.country:
        score += 0.1
    if draft.source_note:
        score -= 0.05
    if draft.nominal:
        score -= 0.1
    if hedged:
        score -= 0.1
    if nested is not None:
        score += 0.05
    return round(max(0.05, min(score, 0.99)), 2)


def pairs(sources: list[Mention], targets: list[Mention], mutual: bool) -> list[Pair]:
    """Each source with each target, a source never its own target; two or more sources of a
    mutual act with no target act on each other."""
    if not sources and not targets:
        return []
    if len(sources) >= 2 and not targets and mutual:
        return [(a, b) for a in sources for b in sources if a.actor.code != b.actor.code]
    out: list[Pair] = []
    for source in sources or [None]:
        for target in targets or [None]:
            if source and target and arguments.same_actor(source, target):
                continue
            out.append((source, target))
    return out
