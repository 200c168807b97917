"""The reconcile stage: each candidate becomes a final event once, or is dropped.

In candidate order, each event is kept only in a wanted modality and, for a background noun
event, only when the report dates it; it is placed; a rule may then give it the actor its place
or its words imply; a noun event the report names again and again is kept once. An event's id
is fixed here only when these rules gave it an actor; otherwise it keeps the id the events stage
gave it. (Actors are shared objects: when one event's rule fills in its target's country, another
event with the same target shows the country but keeps its id, as it always has.)
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Token

from flashpoint.actors import IN_CONTEXT, SAID_AS
from flashpoint.context import REPORT_COUNTRY, SENTENCE_PLACES
from flashpoint.cues import cues
from flashpoint.events.context import DEFENDED_NOTE, OTHER_SIDE_NOTE, PREVIOUS_ACTOR_NOTE, Candidate
from flashpoint.ontology import ontology
from flashpoint.places import other_side
from flashpoint.records import ARMED_SECTORS, ORGANISATION_BLOCKS, STATE_BODIES, UNARMED_SECTORS, Actor, Event
from flashpoint.stages.report import Report


#: Taking that no state does: "$185,000 was stolen" was stolen by no police (lexicon/cues.tsv `theft-verb`).
THEFT_VERBS = cues()["theft-verb"]
#: What only a court grants: "was granted bail" (lexicon/cues.tsv `court-grant`).
COURT_GRANTS = cues()["court-grant"]
#: What only a court does: "was sentenced to five years", "was convicted of fraud" (`court-verb`).
COURT_VERBS = cues()["court-verb"]


@dataclass(frozen=True, slots=True)
class ReconcileStage:
    def run(self, report: Report) -> None:
        told: list[Event] = []  # told by a verb, not named by a noun ("the deadly terror attack")
        for candidate in report.candidates:
            event = finish(candidate, report)
            if event is None or (candidate.nominal and not named_first_time(event, report.named)):
                continue
            if restates(event, report.events):
                continue
            report.events.append(event)
            if not candidate.nominal:
                told.append(event)
        doers_told_later(report.events)
        unidentified_doers(told)


def finish(candidate: Candidate, report: Report) -> Event | None:
    """The final event of a candidate (dated by the dates stage), or None to drop it."""
    event = candidate.event
    if event.modality not in report.modalities:
        return None
    if candidate.needs_date and event.date.origin != "expression":
        return None  # a noun event in a background phrase that the report never dates
    assert report.places is not None, "the reconcile stage runs after the places stage"
    event.location = report.places.locate(candidate.trigger, event)
    crowd = event.source is None and ontology().properties(event.cameo).crowd_source and (
        crowd_of_place(event) or crowd_of_report(event, report))  # always true: a crowd of somewhere
    police = event.source is None and court_of_country(candidate, report)
    police = police or event.source is None and ontology().properties(event.cameo).state_doer and \
        candidate.trigger.lemma_.lower() not in THEFT_VERBS and police_of_country(event, report)
    police = police or (event.source is None and ontology().properties(event.cameo).violence
                        and in_security_operation(candidate) and state_of_country(event, report))
    if event.source is None and event.target is None:
        changed = not crowd and ontology().properties(event.cameo).violence and victims_of_place(event)
        if not changed:
            return None
    else:
        changed = event.location is not None and event.source is not None and target_from_place(event)
        changed = unnamed_target(candidate, report) or changed or crowd or police
        changed = acts_where_placed(event) or changed
        at_home = ontology().properties(event.cameo).home_target and event.source is not None
        changed = (at_home and (home_country_as_target(event, report) if event.target is None
                                else held_at_home(event))) or changed
    if changed:
        event.event_id = event.stable_id()
    return event


def target_from_place(event: Event) -> bool:
    """The place of an act can name whom it is aimed at: "closed the Wagah-Attari border" (the
    other side), "struck nine sites in Pakistan" (violence abroad hits that state; so do forces
    deployed there: code property own_means), "civilians were killed in Poonch" (the civilians are
    that state's). Returns whether the target changed."""
    place = event.location
    assert place is not None and event.source is not None
    own = event.source.country
    tied = place.origin in ("clause", "sentence")
    if event.target is None:
        # a line is crossed by a state's forces; an armed group at the line ("infiltrators opened
        # fire near the Line of Control") fights on the side where it is, whose country it took
        across = other_side(place, own) if (event.source.sector or "GOV") in STATE_BODIES else None
        aimed = ontology().properties(event.cameo)
        abroad = tied and place.country and own and place.country != own and (aimed.violence or aimed.own_means)
        country = across or (place.country if abroad else None)
        if not country:
            return False
        why = f"across '{place.name}' from {own}" if across else f"force used at '{place.name}' in {country}"
        event.target = Actor(code=country, text=place.text or place.name, span=place.span or (0, 0),
                             country=country, rule=why)
        return True
    target = event.target
    if target.country or not target.sector or not place.country or not tied:
        return False
    target.country, target.code = place.country, f"{place.country}{target.sector}"
    target.rule += f"; at '{place.name}' in {place.country}"
    return True


def home_country_as_target(event: Event, report: Report) -> bool:
    """"Ecuadorean police seized handguns", "militants opened fire on a petrol pump": force used at
    home with no one named as its target is used on the country it happens in (code property
    home_target). A doer of another country is left alone (violence abroad is aimed by the place);
    one of a state's bodies whose own clause names no place acts at home, whatever other clause of
    its sentence places something else ("authorities seized 375 kilos of minerals, which
    investigators believe was purchased in Venezuela": Colombia's); a state named bare ("Pakistan
    fired a missile", "Rwanda announced plans") acts on no one at home that way."""
    assert event.source is not None
    own = event.source.country
    placed = event.location is not None and event.location.origin == "clause"
    body = own and len(own) == 3 and event.source.sector and not placed
    country = own if body else _country_of_act(event, report)
    if not country or len(country) != 3 or own not in (None, country):
        return False
    event.target = Actor(code=country, text="", span=(0, 0), country=country,
                         rule=f"no target named: the country where it happened, {country}")
    return True


def acts_where_placed(event: Event) -> bool:
    """"Police arrested two Spaniards in France": police or a court given a country by a guess (the
    nearest state, or rules 2 and 3 of :mod:`flashpoint.context.grounding`) act where the act's own
    clause places it, as police and courts act at home. Returns whether the source changed."""
    source, place = event.source, event.location
    if source is None or source.sector not in ("COP", "JUD") or place is None or place.origin != "clause":
        return False
    if not place.country or len(place.country) != 3 or place.country == source.country or not any(
            note in source.rule for note in (REPORT_COUNTRY, SENTENCE_PLACES, IN_CONTEXT)):
        return False
    event.source = replace(source, country=place.country, code=f"{place.country}{source.sector}",
                           rule=f"{source.rule}; acts where its clause places it, {place.country}")
    return True


def held_at_home(event: Event) -> bool:
    """"Ecuadorean officials arrested Miguel Dutan Meneses", "militants shot dead a trader": whom a
    doer of one country coerces or attacks at home (code property home_target), with no country of
    their own, are of that country, unless the act's own clause places it in another. (Limited to
    arrests, it lost 2 of 79 right events on the fresh batches: violence with a named victim is
    mostly domestic in real news; "Israeli troops shot dead Ahmed Saleh", with no place, is the
    case it gets wrong.)"""
    target, country = event.target, event.source.country if event.source is not None else None
    if target is None or target.country or target.code[:3] in ORGANISATION_BLOCKS or not country or len(country) != 3:
        return False  # (an international body is no one's at home: "Russia arrested two UN staff")
    place = event.location
    if place is not None and place.origin == "clause" and place.country not in (None, country):
        return False  # "US forces detained him in Baghdad"
    event.target = replace(target, country=country, code=f"{country}{target.sector or ''}",
                           rule=f"{target.rule}; held at home by {event.source.code}".lstrip("; "))
    return True


def victims_of_place(event: Event) -> bool:
    """Violence named without its actors is kept when placed in a state: its victims are that
    state's (civilians for one-sided violence: code property civilian_victims). (Placed only by
    the report's country, such sentences were more often restatements and tolls than events: on
    the real-news batches 1-6, +2 events at root level, precision -1 to -5 points.)"""
    place = event.location
    if place is None or not place.country or place.origin in ("dateline", "document"):
        return False
    sector = "CVL" if ontology().properties(event.cameo).civilian_victims else None
    event.target = Actor(code=f"{place.country}{sector or ''}", text=place.text or place.name,
                         span=place.span or (0, 0), country=place.country, sector=sector,
                         rule=f"victims of violence at '{place.name}'")
    return True


def crowd_of_place(event: Event) -> bool:
    """A protest named without its doers ("protests erupted in Khartoum", "thousands marched
    through Santiago") is kept when placed in a state: the crowd is that state's civilians."""
    place = event.location
    if place is None or not place.country or place.origin in ("dateline", "document"):
        return False
    event.source = Actor(code=f"{place.country}CVL", text=place.text or place.name, span=place.span or (0, 0),
                         country=place.country, sector="CVL", rule=f"the crowd at '{place.name}'")
    return True


def crowd_of_report(event: Event, report: Report) -> bool:
    """A protest with no doer named and no place the gazetteer knows ("a dharna was staged in
    front of the collectorate", "the bandh evoked a total response") is the crowd of the report's
    country, when the report is about one, else a crowd of no known country (``---CVL``): such
    protests are news (on the honest real-news batches, +4 events at root level, precision up)."""
    countries = report.countries
    # the other sentences' country; else the report's own, even when only this sentence names it
    # ("the BJP members continued the dharna": a one-sentence report whose only country is India)
    home = (countries.home_for(event.evidence.sentence_index) or countries.home) if countries is not None else None
    country = home if home and len(home) == 3 else None
    why = f"the crowd of the report's country, {country}" if country else "a crowd of no country the report names"
    event.source = Actor(code=f"{country or '---'}CVL", text="", span=(0, 0), country=country, sector="CVL", rule=why)
    return True


def police_of_country(event: Event, report: Report) -> bool:
    """An arrest, deportation, confiscation or investigation with no doer named ("eight soldiers
    have been arrested in Mexico", "four suspects were detained", "an official is under
    investigation") is the state's: the police of the country its own clause places it in ("the
    former governor was detained in Spain"), else of the place of its sentence or of the report,
    else of the target's: "a Ukrainian couple were arrested" in a South African report were
    arrested by South Africa's police."""
    target = event.target.country if event.target is not None else None
    here = event.location.country if event.location is not None and event.location.origin == "clause" else None
    return _state_does_it(event, here or _country_of_act(event, report) or target, "COP",
                          f"'{event.evidence.trigger}' with no doer named is the police's")


def court_of_country(candidate: Candidate, report: Report) -> bool:
    """"Three men were granted bail of R500 each", "she was sentenced to five years": what only a
    court grants or does (lexicon/cues.tsv `court-grant`, `court-verb`), with no doer named, the
    courts of the country where it happened did."""
    event = candidate.event
    granted = candidate.trigger.lemma_.lower() in COURT_VERBS or any(
        c.dep_ == "dobj" and c.lemma_.lower() in COURT_GRANTS for c in candidate.trigger.children)
    return granted and _state_does_it(event, _country_of_act(event, report) or (event.target and event.target.country),
                                      "JUD", f"'{event.evidence.trigger}' with no one named is the court's")


def _country_of_act(event: Event, report: Report) -> str | None:
    """The country an act happened in: its place's in its clause or sentence, else the report's."""
    home = report.countries.home_for(event.evidence.sentence_index) if report.countries is not None else None
    return _place_country(event) or home


def _place_country(event: Event) -> str | None:
    """The country of the place the act's own clause or sentence names (not the report's)."""
    place = event.location
    return place.country if place is not None and place.origin in ("clause", "sentence") else None


def _state_does_it(event: Event, country: str | None, sector: str | None, why: str) -> bool:
    """Give an act with no doer named the state of ``country`` (one of its bodies) as its source."""
    if not country:
        return False
    event.source = Actor(code=f"{country}{sector or ''}", text="", span=(0, 0), country=country, sector=sector,
                         rule=f"{why}, of {country}")
    return True


def in_security_operation(candidate: Candidate) -> bool:
    """Violence told as happening in a security operation ("three militants were killed in an
    **encounter**", "in a search operation"), or the operation itself named with no sides ("an
    **encounter** took place in the forest"): the state's forces did it."""
    nouns = cues()["security-operation-noun"]
    trigger = candidate.trigger  # "militants were killed and a soldier injured in a gun battle": on either verb
    if candidate.nominal and _operation_noun(trigger, nouns):
        return True
    return any(child.dep_ == "prep" and child.lower_ in ("in", "during") and any(
        g.dep_ == "pobj" and _operation_noun(g, nouns) for g in child.children)
        for verb in (trigger, *trigger.conjuncts) for child in verb.children)


def _operation_noun(noun: Token, nouns: frozenset[str]) -> bool:
    """"an encounter", "a gunbattle", and "a fierce gun battle" (compound and noun read joined)."""
    lemma = noun.lemma_.lower()
    return lemma in nouns or any(c.dep_ == "compound" and f"{c.lower_}-{lemma}" in nouns for c in noun.children)


def state_of_country(event: Event, report: Report) -> bool:
    """The doer of force in a security operation: the state of the place, else of the report
    (its forces, police or army, as the text does not say which), unless its victims are the
    state's own: soldiers or police "injured in the gun battle" were hit by the other side, which
    the sentence does not name. (Leaving out civilian victims too, "three persons were killed in
    an encounter", lost a required event on the studied and on the acceptance batches.)"""
    victims = event.target
    if victims is not None and victims.sector in STATE_BODIES:
        return False
    return _state_does_it(event, _country_of_act(event, report), None, "force in a security operation is the state's")


def unnamed_target(candidate: Candidate, report: Report) -> bool:
    """"Shelled the old city area of Mosul": with no target named, the target's words are kept,
    and the target is of the country where the event happened, else of the report's country
    ("militants attacked a roadside military post" in a Pakistani story is an attack on Pakistan)."""
    event = candidate.event
    if event.target is not None or candidate.unnamed_target is None:
        return False
    target = replace(candidate.unnamed_target)
    event.target = target
    place = event.location
    if place is not None and place.span is not None and place.span[0] <= target.span[0] and target.span[1] <= place.span[1]:
        return True  # "launched an operation in Kupwara": the words are where it happened, not whom it hit
    country = place.country if place is not None else None
    why = f"where it happened: '{event.location.name}'" if country else ""
    if not country and report.countries is not None and report.countries.home:
        country, why = report.countries.home, f"the report's country: {report.countries.home}"
    if country and len(country) == 3:
        target.code, target.country, target.rule = country, country, f"{target.rule}; {why}"
    return True


#: How many sentences after an event a partial account of it is read as the same event retold (within
#: one sentence the events stage keeps the most specific of an act's codes).
RESTATED_WITHIN = 3


def restates(event: Event, earlier: list[Event]) -> bool:
    """A partial account of an event the report just told in full is that event retold, not a
    second one: "Afghan and Indian forces killed the four bombers. ... our forces shot and killed
    them" (the second lacks its target, or names it only by a pronoun), "1,000 people were arrested
    ... only 400 people were arrested" (the second's doer is implied, named by no words). It must
    miss an actor (or name its victims by a pronoun, or its doer by no words), and every actor it
    has must be of the same side as the full account's (see :func:`_retells`)."""
    back_reference = event.target is not None and _is_pronoun(event.target) and _violent(event)
    # a doer no words name ("were arrested"), or one borrowed from the sentence before
    implied = event.source is not None and (not event.source.text or PREVIOUS_ACTOR_NOTE in event.rule)
    if event.source is not None and event.target is not None and not back_reference and not implied:
        return False
    for other in reversed(earlier):
        distance = event.evidence.sentence_index - other.evidence.sentence_index
        if distance > RESTATED_WITHIN:
            break
        if distance > 0 and _retells(event, other, back_reference):
            return True
    return False


def _retells(event: Event, other: Event, back_reference: bool) -> bool:
    """Whether a partial account could be ``other`` told again: the same kind of act (violence is
    one kind), on the same day unless the retelling dates itself, by the same side, and (unless its
    victims are a pronoun) on the same side."""
    if not (other.cameo_root == event.cameo_root or (_violent(event) and _violent(other))):
        return False
    if other.source is None or (other.target is None and not back_reference) or OTHER_SIDE_NOTE in other.rule:
        return False  # no full account: a doer inferred from the other side of a fight is not told
    if other.date.date != event.date.date and event.date.origin == "expression":
        return False
    if not (_same_country(event.source, other.source) and _same_side(event.source, other.source)):
        return False
    return back_reference or (_same_country(event.target, other.target) and _same_side(event.target, other.target))


def doers_told_later(events: list[Event]) -> None:
    """"An ASI was shot dead near the hotel. ... two assailants riding a motorcycle came and opened
    fire on him": violence told first with no doer, then within a few sentences by a doer on the
    same victims (or on a pronoun for them, or on no one named), on the same day, was done by that
    doer. The doer must be named in words and not be of the victims' side."""
    for event in events:
        if event.source is not None or event.target is None or not _violent(event):
            continue
        doer = next((later.source for later in events if _tells_the_doer(later, event)), None)
        if doer is not None:
            event.source = replace(doer, rule=f"{doer.rule}; doer told later")
            event.event_id = event.stable_id()


def unidentified_doers(events: list[Event]) -> None:
    """"A worker of the MQM was shot dead in Karachi", "a school was blown up", and no sentence of
    the report names who did it: violence or destruction (code property armed_doer) told by a verb
    that no one is named for was done by an unidentified armed force (UAF) of the country where it
    happened, else of its victims' (the team's coders code such acts so: "PAKUAF"). An act named by
    a noun ("the deadly Pahalgam terror attack") keeps no doer: it is an episode the report refers
    to, whose doer the coders leave unknown. Run last, after every rule that finds a doer in the
    text; the actor has no words (``text`` empty), which the calibrated confidence reads as no doer
    named."""
    for event in events:
        if event.source is not None or event.target is None or not ontology().properties(event.cameo).armed_doer \
                or DEFENDED_NOTE in event.rule:  # "intercepted rockets from Lebanon": the other side's
            continue
        country = _place_country(event) or event.target.country
        if not country or len(country) != 3 or country in ORGANISATION_BLOCKS:
            continue
        event.source = Actor(code=f"{country}UAF", text="", span=(0, 0), country=country, sector="UAF",
                             rule=f"no doer named: an unidentified armed force of {country}")
        event.event_id = event.stable_id()


def _tells_the_doer(later: Event, event: Event) -> bool:
    """Whether ``later`` tells who did ``event``: violence a few sentences on, dated the same day (or
    not dated), by a doer named in words who is not of the victims' side, on those victims."""
    distance = later.evidence.sentence_index - event.evidence.sentence_index
    doer, victims = later.source, event.target
    if not 0 < distance <= RESTATED_WITHIN or doer is None or not doer.text or not _violent(later):
        return False
    if PREVIOUS_ACTOR_NOTE in later.rule or OTHER_SIDE_NOTE in later.rule or \
            (later.date.date != event.date.date and later.date.origin == "expression"):
        return False
    if doer.country == victims.country and doer.sector and victims.sector and _same_side(doer, victims):
        return False  # "police fired back" after "a policeman was killed" is not the killing
    target = later.target  # "policemen returned the fire" at a bomber no words name is no act on the victims
    return target is None or _is_pronoun(target) or (
        target.country == victims.country and bool(target.sector) and _same_side(target, victims))


def _is_pronoun(actor: Actor) -> bool:
    """Named by a pronoun, even one told in its antecedent's words ("pronoun 'them' for 'the
    villagers'": see ``actors.resolver.said_as``)."""
    words = cues()
    text = actor.text.lower()
    return text in words["plural-pronoun"] or text in words["personal-pronoun"] or actor.rule.startswith(f"{SAID_AS} '")


def _violent(event: Event) -> bool:
    return ontology().properties(event.cameo).violence


def _same_side(partial: Actor | None, full: Actor | None) -> bool:
    """In a country's own conflict both sides are of the country: "militants opened fire on them"
    after "security forces killed a militant" is the other side's act, not a retelling."""
    if partial is None or full is None or not partial.sector or not full.sector or partial.sector == full.sector:
        return True
    return any(partial.sector in side and full.sector in side  # police and army; a teacher and a man
               for side in (STATE_BODIES, UNARMED_SECTORS, ARMED_SECTORS - STATE_BODIES))


def _same_country(partial: Actor | None, full: Actor) -> bool:
    return partial is None or (partial.country is not None and partial.country == full.country)


def named_first_time(event: Event, named: set[tuple]) -> bool:
    """"The Pahalgam attack" named again and again is one event of the report: a noun event is
    kept the first time its actors, root, date and place come up."""
    key = (event.source.code if event.source else None, event.target.code if event.target else None,
           event.cameo_root, event.date.date, event.location.name if event.location else None)
    if key in named:
        return False
    named.add(key)
    return True
