"""Non-events: what a report says happened, but not as its news.

Journalists restate history ("the Houthis invaded Sanaa in September 2014"), give statistics
("more than 500 drivers were killed between 2007 and 2011", "over 6,000 people have been killed
since then") and generic or habitual statements ("the army has previously been criticised for
..."). An analyst counting events must not count these as news: each rule here names one such
kind, and a candidate it fits leaves the default record with its reason, under the modality
``background`` (history dated well before the report's news) or ``generic`` (counts over a period,
habits). Both stay available on request (``--modality background``), so nothing is lost.

The rules read the words of the event's clause (:func:`flashpoint.time.clause.chain`) and the date
the dates stage gave it; the cue words are in ``data/time/cues.tsv``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from spacy.tokens import Token

from flashpoint.cues import cues
from flashpoint.language.arrays import arrays
from flashpoint.records import Document, Event
from flashpoint.time import DocTimes
from flashpoint.time.clause import chain

__all__ = ["NEWS_WINDOW_DAYS", "NonEvent", "non_event", "reference_date"]

#: How long before the report's news an event dated by the text is still news. Older events are
#: history the report restates: a trial report naming the day of the crime months ago, the war
#: that began years before the ceasefire it reports.
NEWS_WINDOW_DAYS = 45
#: Time expressions resolved against the report's date alone (time/expressions.py PATTERNS).
RELATIVE_KINDS = frozenset({"rel_day", "rel_span", "ago", "weekday"})
#: Dates a record states for itself; the rest (the file's clock, today) may be far from the news.
TRUSTED_ORIGINS = frozenset({"published", "option", "dateline"})


@dataclass(frozen=True, slots=True)
class NonEvent:
    """Why a candidate is not news: the modality it takes and the reason shown in its rule."""

    modality: str  # background | generic
    reason: str


def reference_date(document: Document, times: DocTimes) -> dt.date | None:
    """The day the report's news happened: its own date when the record states it, else the
    latest day its text names up to the date it was coded (a report read from a file or a
    dataset without dates must not make all its history recent, nor all its news old)."""
    report = document.report_date
    if report is None or document.date_origin in TRUSTED_ORIGINS:
        return report
    # a day told relative to the coding date ("today", "on Monday", "two days ago") names no day of the
    # report's own: "on September 1 (today)" must not make September 1 history
    named = [d.date for d in (t.resolve(report) for t in times.expressions if t.expression.kind not in RELATIVE_KINDS)
             if d is not None and d.date]
    named = [day for day in named if day <= report]
    return max(named) if named else None


def non_event(event: Event, trigger: Token, reference: dt.date | None) -> NonEvent | None:
    """The first non-event rule the candidate fits, or None when it is news."""
    words = chain(trigger)
    return (over_a_period(words) or habitual(words) or a_trend(trigger) or a_statistic(trigger) or a_mass_toll(trigger)
            or toll_of_a_told_event(trigger) or a_named_event(event, trigger)
            or dated_long_before(event, reference) or a_present_habit(event, trigger) or an_act_as_a_subject(trigger))


def an_act_as_a_subject(trigger: Token) -> NonEvent | None:
    """An act named as the subject of a clause is a kind of act talked about, not one done:
    "**Attacking** the assets of criminal groups is a newer strategy", "**Arresting** the leaders
    did not end the violence" (a gerund or an infinitive as the clausal subject)."""
    if trigger.dep_ in ("csubj", "csubjpass") and trigger.tag_ in ("VBG", "VB"):
        return NonEvent("generic", f"an act as the subject of '{trigger.head.text}'")
    if trigger.dep_ == "nsubj" and trigger.pos_ == "NOUN" and trigger.head.lemma_ == "be" and not any(
            c.dep_ in ("prep", "npadvmod", "compound", "amod") for c in trigger.children):
        # "the arrest is a sign that ...", "the man's arrest was central to their investigations": a
        # bare act noun judged by a copula (one with its own words, "the arrest yesterday of the
        # commander is ...", "the exchange of fire is ongoing", is reported there)
        return NonEvent("generic", f"an act as the subject of '{trigger.head.text}'")
    return None


#: Dependencies of the words an act's count may head: its subject, passive subject or object.
COUNTED_DEPS = frozenset({"nsubj", "nsubjpass", "dobj"})


def a_statistic(trigger: Token) -> NonEvent | None:
    """A measure of many acts, not one: "60 percent of the country's murders were committed with
    a firearm", "half of the kidnappings are registered in ..." (an argument headed by a statistic
    noun counting a plural, or a plural act noun that such a noun counts)."""
    if trigger.dep_ == "pobj" and trigger.tag_ in ("NNS", "NNPS") and trigger.head.lower_ == "of" \
            and _statistic_noun(trigger.head.head):
        return NonEvent("generic", f"a statistic: '{_phrase(trigger.head.head)}'")
    for child in trigger.children:
        if child.dep_ not in COUNTED_DEPS or not _statistic_noun(child):
            continue
        for prep in child.children:
            if prep.dep_ == "prep" and prep.lower_ == "of" and any(
                    o.dep_ == "pobj" and o.tag_ in ("NNS", "NNPS") for o in prep.children):
                return NonEvent("generic", f"a statistic: '{_phrase(child)}'")
    return None


#: A toll this large is a count of many acts, not one: "over 15,000 were killed in events related to
#: organized crime", "nearly 8,500 people were murdered in the first three months of 2019".
STATISTIC_TOLL = 1000


def a_mass_toll(trigger: Token) -> NonEvent | None:
    """A killing or wounding verb whose victims number :data:`STATISTIC_TOLL` or more: a count of
    many acts, not one (a single act that kills so many is named by its own words: a massacre)."""
    lemma = trigger.lemma_.lower()
    if lemma not in cues()["toll-verb"] and lemma not in cues()["killing-verb"] and lemma not in cues()["wounding-verb"]:
        return None
    for child in trigger.children:
        if child.dep_ in COUNTED_DEPS and _count(child) >= STATISTIC_TOLL:
            return NonEvent("generic", f"a statistic: a toll of '{_phrase(child)}'")
    return None


def _count(noun: Token) -> float:
    """The number a noun phrase counts ("over 15,000"; any number word of a thousand or more,
    "thousands of", "1.2 million", counts as that many), 0 if none."""
    words = [t for t in noun.subtree if t.i <= noun.i]
    if any(word.lower_ in cues()["large-number-word"] for word in words):
        return float(STATISTIC_TOLL)
    for word in words:
        try:
            return float(word.text.replace(",", ""))
        except ValueError:
            continue
    return 0.0


#: Entity types of a name that names a past episode: "the **Paris** attacks".
NAMING_ENTITIES = frozenset({"GPE", "LOC", "FAC"})


def a_named_event(event: Event, trigger: Token) -> NonEvent | None:
    """Acts the report names by their place, "the **Paris** attacks", "the **Brussels** bombings",
    below the lead: an episode the reader already knows, told back, not the report's news. (One
    act named by who did it is no such name: "the US arrest of a man".)"""
    if event.evidence.sentence_index == 0 or trigger.tag_ != "NNS" or not any(
            c.dep_ == "det" and c.lower_ == "the" for c in trigger.children):
        return None
    for child in trigger.children:
        if child.dep_ in ("compound", "nmod") and child.i < trigger.i and child.ent_type_ in NAMING_ENTITIES:
            return NonEvent("background", f"a named event: 'the {child.text} {trigger.text}'")
    return None


def toll_of_a_told_event(trigger: Token) -> NonEvent | None:
    """The toll of an act the report names as known ("six people had been wounded **in the
    attack**", "were killed in the blast"): that act is the event, told where it is named."""
    if trigger.lemma_.lower() not in cues()["toll-verb"]:
        return None
    for child in trigger.children:
        if child.dep_ == "prep" and child.lower_ in cues()["toll-preposition"]:
            for noun in child.children:
                if noun.dep_ == "pobj" and noun.lemma_.lower() in cues()["told-event-noun"] and any(
                        d.dep_ == "det" and d.lower_ in cues()["definite-determiner"] for d in noun.children):
                    return NonEvent("background", f"the toll of '{child.text} {noun.text}', told where it is named")
    return None


def dated_long_before(event: Event, reference: dt.date | None) -> NonEvent | None:
    """History: the text dates the event more than :data:`NEWS_WINDOW_DAYS` before the news
    ("in 2016 Colombia seized 44 times the amount ...", "a June incident")."""
    when = event.date
    if reference is None or when.origin != "expression" or when.date is None:
        return None
    end = _period_end(when.date, when.precision)
    if (reference - end).days <= NEWS_WINDOW_DAYS:
        return None
    return NonEvent("background", f"history: '{when.text}' is {(reference - end).days} days before the news")


def over_a_period(words: list[Token]) -> NonEvent | None:
    """A count or a state over a stretch of time, not one act: "since 2012", "between 2007 and
    2011", "so far this year", "over the past decade", "since then"."""
    for verb in words:
        columns = arrays(verb.doc)  # a Token only for the phrases that may name a period
        for index in columns.children[verb.i]:
            dep = columns.dep[index]
            if dep not in ("prep", "advmod", "npadvmod"):
                continue
            child = verb.doc[index]
            if dep == "prep" and child.lower_ in cues()["period-preposition"] and _dates(child):
                return NonEvent("generic", f"over a period: '{_phrase(child)}'")
            phrase = _phrase(child)  # only for the phrases that may name a period
            if _starts_with(phrase, cues()["period-phrase"]) and not _short(child):
                return NonEvent("generic", f"over a period: '{phrase}'")
    return None


def habitual(words: list[Token]) -> NonEvent | None:
    """A habit or a past record, not one act: "has previously been criticised for", "militants
    often attack convoys", "have been accused in the past"."""
    for verb in words:
        columns = arrays(verb.doc)  # no Token per child
        for child in columns.children[verb.i]:
            if columns.dep[child] == "advmod" and columns.lower[child] in cues()["habitual-word"]:
                return NonEvent("generic", f"habitual: '{columns.text[child]}'")
    return None


#: Quad classes of acts done, not said (material cooperation and conflict).
MATERIAL_QUADS = frozenset({2, 4})


def a_present_habit(event: Event, trigger: Token) -> NonEvent | None:
    """An act told in the simple present below the headline is a habit or a general truth, not
    news: "criminals rob the trailers", "each machine that enters the FARC's territory", "gangs
    are blamed for ..." (a headline's present is its news: "Police Arrest Supplier"). Only acts
    done: a statement in the present is made as it is reported ("we reject this crime")."""
    if event.quad_class not in MATERIAL_QUADS or event.evidence.sentence_index == 0:
        return None
    verb = _purpose_of(trigger)
    if verb is not trigger:  # "cartels use children to carry out assassinations": what the habit is for
        return NonEvent("generic", f"habitual: the aim of '{verb.text}' in the simple present") \
            if verb is not None and _simple_present(verb) else None
    if trigger.pos_ not in ("VERB", "AUX"):
        return None
    return NonEvent("generic", f"habitual: '{trigger.text}' in the simple present") if _simple_present(trigger) else None


def _simple_present(verb: Token) -> bool:
    auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    return verb.tag_ in ("VBZ", "VBP") and not auxiliaries or verb.tag_ == "VBN" and any(
        a.dep_ == "auxpass" and a.tag_ in ("VBZ", "VBP") for a in auxiliaries) and not any(a.dep_ == "aux" for a in auxiliaries)


def _purpose_of(trigger: Token) -> Token | None:
    """The verb whose "to" infinitive the act is (or whose infinitive's object the act noun is):
    "recruit children **to kill** their enemies", "use children to carry out **assassinations**";
    the trigger itself when it is no such aim; None when the chain ends elsewhere."""
    token = trigger
    if token.pos_ in ("NOUN", "PROPN"):
        for _ in range(5):  # "carry out illegal activities including drug trafficking and **assassinations**"
            if token.dep_ not in ("dobj", "prep", "pobj", "conj") or token.head is token:
                return trigger
            token = token.head
            if token.pos_ == "VERB" and token.dep_ != "prep":  # "including" is a preposition here
                break
        else:
            return trigger
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children) or any(
            c.dep_ == "aux" and c.lemma_ == "have" for c in token.children):
        return trigger  # "are believed to have ambushed": a past act reported, no aim
    for _ in range(4):
        while token.dep_ == "conj":
            token = token.head  # "to torture and **kill**"
        if token.dep_ not in ("xcomp", "advcl") or token.head.pos_ not in ("VERB", "AUX"):
            return None
        token = token.head
        if not any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
            while token.dep_ == "conj" and token.tag_ == token.head.tag_:
                token = token.head  # "drug and recruit children": the first of the coordinated verbs
            return token
    return None


def a_trend(trigger: Token) -> NonEvent | None:
    """Plural acts named as a trend, not one act: "a protest against **the increasing attacks**
    on doctors", "**frequent threats** to journalists" (cue kind ``trend-adjective``)."""
    if trigger.tag_ not in ("NNS", "NNPS"):
        return None
    for child in trigger.children:
        if child.dep_ == "amod" and child.lower_ in cues()["trend-adjective"]:
            return NonEvent("generic", f"a trend: '{child.text} {trigger.text}'")
    return None


def _statistic_noun(token: Token) -> bool:
    return token.lemma_.lower() in cues()["statistic-noun"] or token.lower_ in cues()["statistic-noun"]


def _dates(preposition: Token) -> bool:
    """Whether a preposition's object is a stretch of months or years ("since 2012", "between
    2007 and 2011", "since January", "since the 2012 election"); "since Monday" counts the news
    itself. Only the objects and their own words count: "an encounter raged between the forces
    and the militants in Budgam early on November 30" is a fight between sides, on one day."""
    objects = [g for g in preposition.children if g.dep_ in ("pobj", "pcomp")]
    objects += [c for o in objects for c in o.conjuncts]
    words = objects + [c for o in objects for c in o.children if c.dep_ not in ("prep", "relcl", "acl", "advmod")]
    return bool(words) and not _short(preposition) and any(
        t.ent_type_ == "DATE" or (t.like_num and len(t.text) == 4 and t.text.isdigit()) for t in words)


def _short(phrase: Token) -> bool:
    """Whether a time phrase speaks of hours, days or weeks ("over the past 24 hours")."""
    return any(t.lower_ in cues()["short-period"] for t in phrase.subtree)


def _phrase(token: Token) -> str:
    subtree = list(token.subtree)
    return token.doc[subtree[0].i:subtree[-1].i + 1].text.lower() if len(subtree) < 12 else token.lower_


def _starts_with(phrase: str, starts: frozenset[str] | set[str]) -> bool:
    return any(phrase == s or phrase.startswith(s + " ") for s in starts)


def _period_end(day: dt.date, precision: str | None) -> dt.date:
    """The last day an expression of this precision can mean ("in 2016" ends on 31 December)."""
    if precision == "year":
        return dt.date(day.year, 12, 31)
    if precision == "month":
        following = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
        return following - dt.timedelta(days=1)
    return day
