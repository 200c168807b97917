"""Time: when each event happened, resolved against the report's date.

:meth:`Dater.prepare` runs once per report: it finds the time expressions
(:mod:`flashpoint.time.expressions`), ties each to the word it modifies in the parse, and works
out each sentence's *narrative time*. :meth:`Dater.date` runs once per event and takes, in order:

1. an expression in the event's own clause ("engaged in conversations ... on Wednesday", and the
   participles and conjuncts that share that clause: "..., urging Pakistan to ...");
2. an expression on the verb that reports it ("said on Tuesday that ...");
3. for a noun event, the date the report gives the same event elsewhere ("the deadly Pahalgam
   attack" = "the April 22 attack": same event noun, one date in the report);
4. the narrative time: a past-tense sentence with no time of its own that goes on telling the
   same actors' story inherits the time of the sentence before it ("The top US diplomat implored
   ..." after "Rubio ... on Wednesday"); present and present-perfect sentences speak from the
   report date and end the run;
5. the report date, marked ``origin="report"``.

Expressions on other nouns are theirs alone: "the Indus Waters Treaty of 1960" never dates the
suspension of the treaty.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from flashpoint import language
from flashpoint.cues import cues
from flashpoint.language.arrays import ParseArrays, arrays
from flashpoint.records import Document, EventDate, Mention
from flashpoint.time import clause, expressions
from flashpoint.time.expressions import Expression

__all__ = ["Dater", "DocTimes", "TimeMention"]

#: Time words a date may hang on ("at dawn on Friday"): the date is the verb's.
TIME_NOUNS = cues()["time-noun"]
#: Third-person pronouns: a sentence with one goes on telling the same story.
PRONOUNS = cues()["personal-pronoun"] | cues()["plural-pronoun"]
#: Determiners of a definite noun event ("the attack", "this attack").
DEFINITE = cues()["definite-determiner"] | cues()["plural-demonstrative"]


@dataclass(slots=True)
class TimeMention:
    """A time expression of the report, tied to the word it modifies."""

    expression: Expression
    tokens: tuple[int, int]
    sentence: int
    governor: int  # token index of the word it dates

    def resolve(self, report: dt.date, future: bool = False) -> EventDate | None:
        found = self.expression.resolve(report, future)
        if found is None:
            return None
        day, precision = found
        return EventDate(day, precision, self.expression.text, "expression")  # type: ignore[arg-type]


@dataclass(slots=True)
class DocTimes:
    """The time expressions of one report, resolved, and each sentence's narrative time."""

    document: Document
    expressions: list[TimeMention] = field(default_factory=list)
    at: dict[int, list[TimeMention]] = field(default_factory=dict)  # governor -> expressions
    narrative: list[EventDate | None] = field(default_factory=list)  # per sentence
    sentence_starts: dict[int, int] = field(default_factory=dict)  # first token -> sentence index


class Dater:
    """Dates events; stateless, so one instance serves every report."""

    def prepare(self, doc: Doc, document: Document, mentions: list[Mention] | None = None) -> DocTimes:
        """Find and tie the report's time expressions and its sentences' narrative times."""
        times = DocTimes(document)
        sentences = language.sentence_bounds(doc)
        times.sentence_starts = {start: n for n, (start, _) in enumerate(sentences)}
        skip = document.dateline.span[1] if document.dateline else 0
        for expression in expressions.find(language.text_of(doc), skip):
            mention = _tie(doc, expression, times.sentence_starts)
            if mention is not None:
                times.expressions.append(mention)
                times.at.setdefault(mention.governor, []).append(mention)
        if document.report_date is not None:
            times.narrative = _narratives(doc, sentences, times, document.report_date,
                                          _story_keys(doc, sentences, mentions))
        else:
            times.narrative = [None] * len(sentences)
        return times

    def date(self, times: DocTimes, trigger: Token, event: object | None = None) -> EventDate:
        """The date of the event whose trigger word is ``trigger`` (see the module docstring)."""
        report = times.document.report_date
        if report is None:
            return EventDate(None, None, None, "report")
        future = clause.finite_tense(trigger) == "future"
        for found in (_in_clause(times, trigger), _in_frame(times, trigger), _same_event(times, trigger)):
            if found is not None:
                resolved = found.resolve(report, future)
                if resolved is not None:
                    return resolved
        if clause.finite_tense(trigger) == "past":
            narrative = times.narrative[_sentence_of(times, trigger)]
            if narrative is not None:
                return narrative
        return EventDate(report, "day", None, "report")


# -- tying expressions to words ------------------------------------------------------------------


def _tie(doc: Doc, expression: Expression, starts: dict[int, int]) -> TimeMention | None:
    span = doc.char_span(expression.start, expression.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    root = span.root
    governor = root.head
    if root.dep_ == "pobj" and governor.dep_ in ("prep", "agent"):
        governor = governor.head  # "on" lies outside the matched words
    if governor.i == root.i:
        governor = root
    for _ in range(6):
        # A date hung on a name is a parser slip ("... Shehbaz Sharif on Wednesday"), and one on
        # a time word dates what that time word dates ("at dawn on Friday"): climb to the verb.
        if governor.head.i == governor.i:
            break
        if governor.pos_ == "PROPN":
            governor = governor.head
        elif governor.lower_ in TIME_NOUNS:
            governor = governor.head.head if governor.dep_ == "pobj" else governor.head
        else:
            break
    sentence = starts.get(language.sentence_of(span[0]).start, 0)
    return TimeMention(expression, (span.start, span.end), sentence, governor.i)


def _own(times: DocTimes, token: Token) -> TimeMention | None:
    """An expression on this word, or on the event noun of its support construction."""
    found = times.at.get(token.i)
    if found:
        return found[0]
    if token.pos_ in clause.VERB_POS and token.lemma_ in clause.ASPECT_VERBS:
        for child in token.children:  # "began withdrawing on 29 April"
            if child.dep_ == "xcomp" and times.at.get(child.i):
                return times.at[child.i][0]
    if token.pos_ in clause.VERB_POS and token.lemma_ in clause.SUPPORT_VERBS:
        for child in token.children:
            nouns = [child] if child.dep_ == "dobj" else [g for g in child.children if g.dep_ == "pobj"] if child.dep_ == "prep" else []
            for noun in nouns:
                if times.at.get(noun.i):
                    return times.at[noun.i][0]
    return None


def _in_clause(times: DocTimes, trigger: Token) -> TimeMention | None:
    for token in clause.chain(trigger):
        found = _own(times, token)
        if found is not None:
            return found
    return None


def _in_frame(times: DocTimes, trigger: Token) -> TimeMention | None:
    """An expression on the verb that reports the event ("said on Tuesday that ...")."""
    token = clause.chain(trigger)[-1]
    for _ in range(3):
        if token.dep_ != "ccomp" or token.head.i == token.i:
            return None
        token = token.head
        found = _own(times, token)
        if found is not None:
            return found
    return None


def _same_event(times: DocTimes, trigger: Token) -> TimeMention | None:
    """For a noun event, the one date the report gives the same event noun elsewhere."""
    if trigger.pos_ not in clause.NOUN_POS or not _definite(trigger):
        return None  # "an attack" is a new event; "the attack", "the Pahalgam attack" may not be
    doc = trigger.doc
    found = [
        m for m in times.expressions
        if m.governor != trigger.i and doc[m.governor].lemma_ == trigger.lemma_ and doc[m.governor].pos_ in clause.NOUN_POS
    ]
    report = times.document.report_date
    if not found or report is None:
        return None
    dates = {m.expression.resolve(report) for m in found}
    return found[0] if len(dates) == 1 else None


def _definite(noun: Token) -> bool:
    for child in noun.children:
        if child.dep_ == "det" and child.lower_ in DEFINITE:
            return True
        if child.dep_ in ("poss", "compound", "nmod"):
            return True
    return False


def _sentence_of(times: DocTimes, token: Token) -> int:
    return times.sentence_starts.get(language.sentence_of(token).start, 0)


# -- narrative time ------------------------------------------------------------------------------


def _story_keys(doc: Doc, sentences: list[tuple[int, int]], mentions: list[Mention] | None) -> list[set[str]]:
    """Who each sentence (its token bounds) is about: actor codes when the actors are known, else names."""
    keys: list[set[str]] = [set() for _ in sentences]
    starts = {start: n for n, (start, _) in enumerate(sentences)}
    if mentions:
        for m in mentions:
            n = m.sentence_index if 0 <= m.sentence_index < len(keys) else None
            if n is not None:
                keys[n].add(m.actor.code)
                if m.actor.country and m.actor.country != "---":
                    keys[n].add(m.actor.country)
        return keys
    for ent in doc.ents:
        if ent.label_ in ("PERSON", "ORG", "GPE", "NORP"):
            n = starts.get(language.sentence_of(ent[0]).start)
            if n is not None:
                keys[n].add(ent.text.lower())
                keys[n].add(ent[-1].text.lower())  # "Marco Rubio" ... "Rubio"
    return keys


def _narratives(doc: Doc, sentences: list[tuple[int, int]], times: DocTimes, report: dt.date,
                keys: list[set[str]]) -> list[EventDate | None]:
    narrative: list[EventDate | None] = []
    story: set[str] = set()
    columns = arrays(doc)
    for n, (start, end) in enumerate(sentences):
        root = _root(doc, columns, start, end)
        own = _own(times, root)
        tense = clause.tense(root)
        current: EventDate | None = None
        if own is not None:
            current = own.resolve(report, tense == "future")
            story = set(keys[n])
        elif tense == "past" and n > 0 and narrative[n - 1] is not None:
            continues = not keys[n] or bool(keys[n] & story) or any(
                word in PRONOUNS for word in columns.lower[start:end])
            if continues:
                current = narrative[n - 1]
                story |= keys[n]
        narrative.append(current)
    return narrative


def _root(doc: Doc, columns: ParseArrays, start: int, end: int) -> Token:
    """``doc[start:end].root`` without the Span: the first word of the sentence that is its own
    head, as spaCy finds it (the Span only when there is none)."""
    head = columns.head
    for i in range(start, end):
        if head[i] == i:
            return doc[i]
    return doc[start:end].root
