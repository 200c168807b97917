"""Event extraction: lexicon patterns matched on clauses, actors attached, modality read.

For every sentence that is not boilerplate, each token whose lemma is a lexicon trigger is tried
against its entries, most specific first. A match gives a CAMEO code, a source (the clause's
subject, or one borrowed from the clause above), a target (the pattern's ``$T`` slot, or the
first slot holding an actor), a nested event for framing verbs ("urged X **to de-escalate**"),
and a modality. Conjoined actors give one event per pair; the same dyad and root coded twice in
one sentence is kept once.

Confidence (0-1) is documented in ``docs/events.md``: it starts from the pattern's specificity
and rises with resolved actors, falls for inherited subjects, nominal triggers and hedges.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field, replace

import numpy as np
from spacy.attrs import LEMMA, LOWER, ORTH, SPACY

from spacy.tokens import Doc, Span, Token

from flashpoint import language
from flashpoint.events import clauses
from flashpoint.events.clauses import NOUN_POS, VERB_POS, word_forms
from flashpoint.events.cues import Cues, cues as load_cues
from flashpoint.events.lexicon import Constraint, Entry, Lexicon, lexicon as load_lexicon
from flashpoint.events.modality import modality_of
from flashpoint.events.typemodel import TypeModel, type_model
from flashpoint.ontology import Ontology, ontology as load_ontology
from flashpoint.records import Actor, Event, Evidence, Mention

# Slots searched, in order, for a target when a pattern names none.
DEFAULT_TARGET_PREPS = ("to", "with", "against", "on", "at", "toward", "towards", "from", "into", "over", "upon", "for",
                        "between", "among")
# Words that count a group rather than name it: "thousands of demonstrators".
PARTITIVES = frozenset({"thousands", "hundreds", "dozens", "scores", "millions", "tens", "some", "many", "most",
                        "several", "members", "one", "two", "three", "four", "five", "group", "crowds", "crowd",
                        "number", "part", "units", "unit", "contingent", "battalion", "delegation"})
# How sure the learned fallback must be that a sentence reports an event of its class.
MODEL_THRESHOLD = 0.65
# Replies: a denial, a rejection (code property "reply") or a retaliation answers whoever acted on
# the source last, so with no target of its own it takes that actor ("Pakistan has denied any
# involvement" after "India blamed Pakistan").
REPLY_TRIGGERS = frozenset({"retaliate", "respond", "reciprocate", "deny", "reject", "refute", "dismiss", "rebuff"})


@dataclass(slots=True)
class Match:
    entry: Entry
    trigger: Token
    nested: list[tuple[Token, Entry]] = field(default_factory=list)
    slots: dict[str, list[Token]] = field(default_factory=dict)
    consumed: set[int] = field(default_factory=set)  # tokens of nested events, not coded on their own


@dataclass(slots=True)
class Candidate:
    """An event before dating and placing: the pipeline turns it into an Event."""

    event: Event
    trigger: Token
    nominal: bool
    needs_date: bool  # a noun event in a background phrase: kept only if the report dates it
    unnamed_target: Actor | None = None  # the words of a target no knowledge base names, if nothing better


class ActorIndex:
    """Which actor mentions cover which tokens of the parsed report."""

    def __init__(self, doc: Doc, mentions: list[Mention]) -> None:
        self.at: dict[int, list[Mention]] = {}
        for mention in mentions:
            for i in range(*mention.tokens):
                self.at.setdefault(i, []).append(mention)
        self._starts = sorted(m.tokens[0] for m in mentions)

    def covering(self, token: Token) -> list[Mention]:
        return self.at.get(token.i, [])

    def any_in(self, start: int, end: int) -> bool:
        """Does any actor mention start within these tokens?"""
        starts = self._starts
        k = bisect_left(starts, start)
        return k < len(starts) and starts[k] < end

    def argument(self, token: Token) -> list[Mention]:
        """The actors an argument names, with those coordinated with it ("India and Pakistan"),
        or those it counts ("thousands **of demonstrators**")."""
        found = list(self.covering(token))
        if not found and (token.lower_ in PARTITIVES or token.pos_ == "NUM"):
            for child in token.children:
                if child.dep_ == "prep" and child.lower_ == "of":
                    found = [m for g in child.children if g.dep_ == "pobj" for m in self.argument(g)]
            return found
        if not found:
            return []
        doc = token.doc
        left, right = token.left_edge.i, token.right_edge.i
        found = self._extend(doc, found, left, right, -1)
        found = self._extend(doc, found, left, right, +1)
        seen: set[tuple[int, int, str]] = set()
        unique = []
        for m in found:
            key = (*m.tokens, m.actor.code)
            if key not in seen:
                seen.add(key)
                unique.append(m)
        return unique

    def _extend(self, doc: Doc, found: list[Mention], left: int, right: int, step: int) -> list[Mention]:
        edge = min(m.tokens[0] for m in found) if step < 0 else max(m.tokens[1] for m in found) - 1
        i = edge + step
        saw_coordinator = False
        while left <= i <= right:
            token = doc[i]
            if token.lower_ in (",", "and", "or", "&", "both", "as", "well"):
                saw_coordinator = saw_coordinator or token.lower_ in (",", "and", "or", "&")
                i += step
                continue
            covering = self.at.get(i)
            if covering and saw_coordinator:
                found = found + covering
                edge = (min(m.tokens[0] for m in covering) if step < 0 else max(m.tokens[1] for m in covering) - 1)
                i = edge + step
                saw_coordinator = False
                continue
            break
        return found


class EventExtractor:
    """Codes the events of one parsed report; build once per process."""

    def __init__(self, lex: Lexicon | None = None, onto: Ontology | None = None, cue_table: Cues | None = None,
                 model: TypeModel | None | bool = True) -> None:
        self.lexicon = lex or load_lexicon()
        self.ontology = onto or load_ontology()
        self.cues = cue_table or load_cues()
        # the learned fallback for sentences the lexicon misses (False: lexicon only)
        self.model: TypeModel | None = type_model() if model is True else (model or None)
        self._keys: np.ndarray | None = None
        self._keys_vocab = None
        self._entries: dict[tuple, list[Entry]] = {}
        self._filled: dict[tuple, list[Token]] = {}  # per parse: cleared by extract()
        self._word_forms: dict[int, set[str]] = {}

    def _violence(self, code: str) -> bool:
        return self.ontology.properties(code).violence

    # -- matching -----------------------------------------------------------------------------

    def entries_for(self, token: Token) -> list[Entry]:
        pos = "v" if token.pos_ in VERB_POS else "n" if token.pos_ in NOUN_POS else None
        if pos is None:
            return []
        hyphenated = clauses.hyphen_word(token)
        key = (pos, hyphenated, token.lemma_, token.lower_, token.tag_)
        cached = self._entries.get(key)
        if cached is None:
            cached = self._entries[key] = self._lookup(token, pos, hyphenated)
        return cached

    def _lookup(self, token: Token, pos: str, hyphenated: str | None) -> list[Entry]:
        found: list[Entry] = []
        if hyphenated:
            found.extend(self.lexicon.candidates(hyphenated, pos))
        found.extend(self.lexicon.candidates(token.lemma_.lower(), pos))
        if pos == "v" and token.lower_ != token.lemma_.lower():
            found.extend(e for e in self.lexicon.candidates(token.lower_, pos) if e not in found)
        if not found and pos == "n" and token.tag_ == "VBG":
            found.extend(self.lexicon.candidates(token.lemma_.lower(), "v"))
        if not found and pos == "v":
            # the small model's lemmatizer misses some past forms ("staged" -> "stag")
            for lemma in clauses.regular_lemmas(token.lower_):
                found.extend(self.lexicon.candidates(lemma, "v"))
        return sorted(found, key=lambda e: -e.specificity)

    def match(self, token: Token, depth: int = 0) -> Match | None:
        for entry in self.entries_for(token):
            found = self._try(entry, token, depth)
            if found:
                return found
        return None

    def _try(self, entry: Entry, token: Token, depth: int) -> Match | None:
        if entry.particle and not any(
            c.lemma_.lower() == entry.particle and c.dep_ in ("prt", "advmod", "prep") for c in token.children
        ):
            return None
        found = Match(entry, token)
        for constraint in entry.constraints:
            fillers = self._fillers(constraint, token)
            if constraint.role == "target":
                if not fillers:
                    return None
                found.slots[constraint.slot] = fillers
                continue
            if constraint.role == "nested":
                nested = []
                if depth < 2:
                    for filler in fillers:
                        inner = self._nested_match(filler, depth)
                        if inner:
                            nested.append((inner.trigger, _deepest(inner)))
                        # what an appeal or threat is about is not coded on its own
                        found.consumed |= {t.i for t in filler.subtree}
                found.nested = nested
                found.slots[constraint.slot] = fillers
                if not fillers:
                    return None
                continue
            if constraint.role == "any":
                if not fillers:
                    return None
                found.slots[constraint.slot] = fillers
                continue
            hits = [f for f in fillers if self._forms(f) & constraint.values]
            if not hits:
                return None
            found.slots[constraint.slot] = hits
            known = self.ontology.properties(entry.code)
            if known.framing or known.undoing or constraint.slot == "to":
                # "called for the release of the hostages": the release has not happened
                found.consumed |= {t.i for hit in hits for t in hit.subtree}
        return found

    def _nested_match(self, filler: Token, depth: int) -> Match | None:
        """What a framing act is about: the nested event, or its purpose when that says more
        ("work with India **to de-escalate**", "work towards **reducing** tensions")."""
        if filler.pos_ in VERB_POS:
            for clause in clauses.purpose(filler):
                found = self.match(clause, depth + 1)
                if found:
                    return found
        options = [filler]
        if filler.pos_ in VERB_POS:
            options += [g for c in filler.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pcomp"]
        best: Match | None = None
        for option in options:
            found = self.match(option, depth + 1)
            if found and (best is None or found.entry.specificity > best.entry.specificity):
                best = found
        return best

    def _fillers(self, constraint: Constraint, token: Token) -> list[Token]:
        """The words filling a slot of a trigger (memoised per parse: entries share slots)."""
        key = (token.i, constraint.slot)
        cached = self._filled.get(key)
        if cached is None:
            cached = self._filled[key] = self._fill(constraint.slot, token)
        return cached

    def _forms(self, token: Token) -> set[str]:
        forms = self._word_forms.get(token.i)
        if forms is None:
            forms = self._word_forms[token.i] = word_forms(token)
        return forms

    def _fill(self, slot: str, token: Token) -> list[Token]:
        if slot == "obj":
            return clauses.objects(token)
        if slot == "subj":
            return clauses.subjects(token)
        if slot == "mod":
            return list(clauses.modifiers(token))
        found = clauses.prep_objects(token, slot)
        for obj in clauses.objects(token):
            found.extend(clauses.prep_objects(obj, slot))
        if not found and token.pos_ in NOUN_POS:
            verb = clauses.governing_verb(token)
            if verb is not None and _support_verb(verb, self.cues) and _complement_of(token, verb):
                found = clauses.prep_objects(verb, slot)  # "launched an inquiry **into** the poisoning"
        if slot == "to":
            found = clauses.infinitive(token) + found
        if slot == "from" and not found:
            found = [c for c in token.children if c.dep_ == "prep" and c.lower_ == "from" for c in c.children]
        return found

    # -- extraction ---------------------------------------------------------------------------

    def extract(self, doc: Doc, doc_id: str, mentions: list[Mention], skip_chars: int = 0) -> list[Candidate]:
        """All events of a parsed report, as candidates for dating and placing."""
        actors = ActorIndex(doc, mentions)
        self._filled.clear()
        self._word_forms.clear()
        candidates = self._candidate_tokens(doc)
        text = language.text_of(doc)
        out: list[Candidate] = []
        for index, sent in enumerate(language.sentences(doc)):
            if sent.end_char <= skip_chars:
                continue
            if len(sent) <= 16 and self.cues.is_boilerplate(text[sent.start_char:sent.end_char]):
                continue  # web-page furniture is short
            tokens = [i for i in candidates[bisect_left(candidates, sent.start):bisect_left(candidates, sent.end)]]
            found = _drop_settings(self._sentence(doc, doc_id, index, sent, actors, tokens))
            if self.model is not None and all(c.needs_date for c in found) and actors.any_in(sent.start, sent.end):
                found += self._model_events(doc, doc_id, index, sent, actors)
            _share_conjoined_targets(found)
            _answer_replies(found, out, self.ontology)
            out.extend(_dedup(found))
        return out

    def _candidate_tokens(self, doc: Doc) -> list[int]:
        """Indices of the tokens that may trigger an entry: their lemma or form is a trigger (or a
        regular inflection of one), or they touch a hyphen. One vectorised pass, so the coder never
        builds Python token objects for the other nine tokens in ten."""
        if not len(doc):
            return []
        keys = self._trigger_keys(doc.vocab)
        words = doc.to_array([LEMMA, LOWER])
        # A binary search in the sorted keys: 15x faster here than np.isin, which sorts both sides.
        if len(keys):
            found = keys[np.minimum(np.searchsorted(keys, words), len(keys) - 1)]
            hits = (found == words).any(axis=1)
        else:
            hits = np.zeros(len(doc), dtype=bool)
        flags = doc.to_array([ORTH, SPACY])
        hyphens = (flags[:, 0] == doc.vocab.strings["-"]) & (flags[:, 1] == 0)
        if hyphens.any():
            hits[:-1] |= hyphens[1:]
            hits[1:] |= hyphens[:-1]
        return np.flatnonzero(hits).tolist()

    def _trigger_keys(self, vocab) -> np.ndarray:
        """The string hashes of every trigger form, sorted for a binary search."""
        if self._keys is None or self._keys_vocab is not vocab:
            forms = set()
            for lemma, _pos in self.lexicon.by_trigger:
                forms.add(lemma)
                forms.update(_inflections(lemma))
            self._keys = np.array(sorted({vocab.strings.add(f) for f in forms}), dtype=np.uint64)
            self._keys_vocab = vocab
        return self._keys

    def _sentence(self, doc: Doc, doc_id: str, index: int, sent: Span, actors: ActorIndex,
                  tokens: list[int] | None = None) -> list[Candidate]:
        matches: list[Match] = []
        consumed: set[int] = set()
        for token in (doc[i] for i in tokens) if tokens is not None else sent:
            if token.i in consumed:
                continue
            found = self.match(token)
            if found is None:
                continue
            matches.append(found)
            consumed |= found.consumed
        matches = [m for m in matches if m.trigger.i not in consumed]
        matches = self._concrete_over_umbrella(matches)
        candidates: list[Candidate] = []
        for found in matches:
            candidates.extend(self._events(doc, doc_id, index, sent, found, actors))
        return candidates

    def _model_events(self, doc: Doc, doc_id: str, index: int, sent: Span, actors: ActorIndex) -> list[Candidate]:
        """The learned fallback (see :mod:`flashpoint.events.typemodel`): a generic event of the kind
        the model reads in a sentence no pattern matched, on its main clause, with that clause's
        actors. Lower confidence than any pattern; ``rule`` says "model"."""
        assert self.model is not None
        predicate = _main_predicate(sent, self.cues)
        if predicate is None:
            return []
        proposal = self.model.propose(sent, MODEL_THRESHOLD)
        if proposal is None:
            return []
        entry = Entry(proposal.code, predicate.lemma_.lower(), "v", None, (),
                      f"quad={proposal.quad} p={proposal.quad_probability:.2f} type={proposal.plover}",
                      "", "model", 0)
        candidates = [c for c in self._events(doc, doc_id, index, sent, Match(entry, predicate), actors)
                      if c.event.source is not None]  # the model says what happened, the clause must say who
        for candidate in candidates:
            candidate.event.confidence = round(0.2 + 0.3 * proposal.quad_probability, 2)
        return candidates

    def _concrete_over_umbrella(self, matches: list[Match]) -> list[Match]:
        """"Pakistan retaliated by closing its airspace", "Islamabad responded, shutting the
        crossing": a vague verb (cues.tsv: umbrella-verb) whose clause names the concrete act is not
        coded itself; "civilians were killed by heavy shelling": the shelling says how, so the
        killing takes the shelling's code and the shelling is not coded twice."""
        by_token = {m.trigger.i: m for m in matches}
        keep: list[Match] = []
        dropped: set[int] = set()
        for found in matches:
            trigger = found.trigger
            if trigger.lemma_.lower() in self.cues["umbrella-verb"]:
                means = [t for t in trigger.subtree if t.i in by_token and t.i != trigger.i and
                         t.dep_ in ("pcomp", "advcl", "conj", "xcomp", "pobj")]
                if means:
                    continue
            subject_events = [c for c in trigger.children if c.dep_ == "nsubj" and c.i in by_token
                              and self._violence(by_token[c.i].entry.code)]
            if (trigger.pos_ in VERB_POS and subject_events and self._violence(found.entry.code)
                    and trigger.lemma_.lower() in self.cues["occurrence-verb"]):
                continue  # "heavy shelling killed civilians": the shelling is the event, the killing its toll
            if trigger.pos_ in VERB_POS and clauses.is_passive(trigger):
                agents = [g for c in trigger.children if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by")
                          for g in c.children if g.dep_ == "pobj" and g.i in by_token]
                for agent in agents:
                    how = by_token[agent.i].entry
                    if self._violence(how.code) and self._violence(found.entry.code):
                        found.entry = replace(found.entry, code=how.code)
                        dropped.add(agent.i)
            keep.append(found)
        return [m for m in keep if m.trigger.i not in dropped]

    def _events(self, doc: Doc, doc_id: str, index: int, sent: Span, found: Match, actors: ActorIndex) -> list[Candidate]:
        trigger = found.trigger
        entry = found.entry
        nominal = trigger.pos_ in NOUN_POS and entry.pos == "n"
        if nominal and _names_an_office(trigger, actors):
            return []  # "directors general of military operations" is a title, not an operation
        codes = self._codes(found)
        sources, source_note = self._sources(trigger, nominal, actors, entry.code)
        if not sources and not nominal and self._nature_acts(trigger):
            return []  # "floods hit Thailand", "homes destroyed by the earthquake": nature is no actor
        first = self.ontology[codes[0][0]]
        if not sources and first.properties.violence:
            # "the shells were fired from the Pakistani side": where fire comes from is who fired
            sources = [m for t in clauses.prep_objects(trigger, "from") for m in actors.argument(t)]
            source_note = "fire came from there" if sources else ""
        if not sources and not nominal and first.material_conflict:
            sources, source_note = _previous_subject(trigger, actors)
        targets = self._targets(found, actors, sources, nominal)
        coded = self.ontology[entry.code]
        if not targets and coded.properties.implicit_target:
            targets = self._implicit_targets(trigger, sent, actors, sources)
        # two parties agreeing to do something together act on each other: "both sides agreed to stop firing"
        mutual = first.properties.reciprocal or (first.properties.joint_intent and bool(found.nested))
        pairs = _pairs(sources, targets, mutual)
        if nominal and not sources and not coded.material_conflict:
            return []  # "cooperation with India" names no one who cooperates: not an event
        reciprocal = len(sources) >= 2 and mutual
        if not pairs and nominal and coded.properties.violence:
            # "the deadly Pahalgam terror attack": violence named without its actors; the
            # pipeline keeps it only if it can place it (its victims are then that place's)
            pairs = [(None, None)]
        needs_counterpart = first.properties.needs_target and not found.nested and entry.file != "model"
        if not pairs or (not targets and needs_counterpart and not reciprocal):
            return []  # "agreed to resign" says what; "reaffirmed its commitment" alone says nothing
        reading = modality_of(trigger, self.cues)
        modality = reading.modality
        intent = self._stated_intent(reading, trigger, sources)
        if intent:
            codes = [(self._intent_code(intent, code), token) for code, token in codes]
            modality = "asserted"
            sources = _speaker_for(trigger, sources, actors) or sources
        needs_date = self._in_background(trigger) if nominal else (
            trigger.dep_ in ("relcl", "acl") and self._in_background(trigger.head)  # "after the attack in which 26 were killed"
        )
        out: list[Candidate] = []
        for code, nested_token in codes:
            meta = self.ontology[code]
            span_tokens = [trigger] + ([nested_token] if nested_token is not None else [])
            trig_start = min(t.idx for t in span_tokens)
            trig_end = max(t.idx + len(t.text) for t in span_tokens)
            # doc[...].text, not doc.text[...]: Doc.text joins the whole report on every call
            trigger_text = doc[min(t.i for t in span_tokens):max(t.i for t in span_tokens) + 1].text \
                if nested_token is None or nested_token.i - trigger.i < 8 \
                else f"{trigger.text} ... {nested_token.text}"
            for source, target in pairs:
                confidence = self._confidence(entry, source, target, nominal, source_note, reading.hedged,
                                              nested_token, _prominence(trigger, index))
                event = Event(
                    doc_id=doc_id,
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
                    evidence=Evidence(
                        sentence_index=index,
                        sentence=language.text_of(doc)[sent.start_char:sent.end_char],
                        char_start=sent.start_char,
                        char_end=sent.end_char,
                        trigger=trigger_text,
                        trigger_span=(trig_start, trig_end),
                    ),
                    confidence=confidence,
                    rule=entry.rule + (f" [{source_note}]" if source_note else "")
                    + (f" [modality: {reading.cue}]" if reading.cue else "")
                    + (f" [stated {'refusal' if intent == '12' else 'intent'}: {entry.code} -> {code}]" if intent else ""),
                )
                unnamed = None if target is not None else self._unnamed_target(found, clauses.objects(trigger), trigger)
                out.append(Candidate(event, trigger, nominal, needs_date, unnamed[0].actor if unnamed else None))
        return out

    def _stated_intent(self, reading, trigger: Token, sources: list[Mention]) -> str | None:
        """An actor saying what it will do has done something: expressed an intent (03),
        threatened (13) or refused (12). "Pakistan will retaliate" is a threat today, "the FARC said
        they will lay down arms" an intent, "Russia will not lift the ban" a refusal. Another
        party's guess ("an incursion is considered imminent") stays hypothetical.
        Returns the frame root to code the act with, or None."""
        if not sources:
            return None
        cue = (reading.cue or "").lower()
        future_modal = cue in self.cues["modal-future"] or cue in self.cues["future-verb"] or cue in ("ready", "willing", "prepared")
        if reading.modality == "future" and future_modal:
            return "future"
        if reading.modality == "negated" and cue.startswith(tuple(self.cues["modal-future"])):
            return "12"
        if reading.modality == "hypothetical" and cue == "would" and (
            _reported_by(trigger, sources, self.cues) or _main_clause(trigger)
        ):
            return "future"  # "the EU would hold talks next month": the report states a plan
        return None

    def _intent_code(self, intent: str, code: str) -> str:
        known = self.ontology[code]
        if known.properties.framing:
            return code  # already an act about a future act: "will urge", "will threaten"
        frame = "12" if intent == "12" else "03" if known.cooperation else "13"
        return self.lexicon.frame_code(frame, code) or f"{frame}0"

    def _codes(self, found: Match) -> list[tuple[str, Token | None]]:
        """The code(s) of a match: a framing verb's code refined by each nested event."""
        if not found.nested:
            return [(found.entry.code, None)]
        out = []
        for token, inner in found.nested:
            if self.ontology.properties(found.entry.code).framing:
                code = self.lexicon.frame_code(found.entry.code, inner.code) or found.entry.code
            elif found.trigger.lemma_.lower() in self.cues["umbrella-verb"]:
                code = inner.code  # "retaliated by closing its airspace": the closing is the act
            else:
                code = found.entry.code  # "accused Pakistan of supporting": the accusation
            out.append((code, token))
        return out

    def _nature_acts(self, trigger: Token) -> bool:
        """Whether the clause's subject (or a passive's agent) is a natural hazard."""
        hazards = self.cues["natural-hazard"]
        subjects = clauses.subjects(trigger)
        return bool(subjects) and all(
            s.lemma_.lower() in hazards or any(f in hazards for f in clauses.regular_lemmas(s.lower_)) for s in subjects)

    def _sources(self, trigger: Token, nominal: bool, actors: ActorIndex, code: str) -> tuple[list[Mention], str]:
        if nominal:
            return self._noun_sources(trigger, actors, code)
        subjects = clauses.subjects(trigger)
        note = ""
        if not subjects and not clauses.is_passive(trigger):
            subjects, note = clauses.inherited_subject(trigger)
        found = [m for s in subjects for m in actors.argument(s)]
        return found, note if found else ""

    def _noun_sources(self, noun: Token, actors: ActorIndex, code: str) -> tuple[list[Mention], str]:
        """Who did a noun event: its possessor ("India's downgrading"), its "by" phrase (or "from"
        for what is said: "condemnation from France"), the subject of its support verb ("China
        and Russia conducted joint drills"), else an actor modifier ("Pakistani shelling")."""
        for child in noun.children:
            if child.dep_ == "poss":
                found = actors.argument(child)
                if found:
                    return found, ""
        owners = [noun] + [g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
        for prep in ("by",) if self.ontology[code].material_conflict else ("by", "from"):
            for agent in (a for owner in owners for a in clauses.prep_objects(owner, prep)):
                found = actors.argument(agent)
                if found:
                    return found, ""
        verb = clauses.governing_verb(noun)
        if verb is not None and _support_verb(verb, self.cues) and _complement_of(noun, verb):
            subjects = clauses.subjects(verb)
            note = f"subject of '{verb.text}'"
            if not subjects:
                subjects, note = clauses.inherited_subject(verb)
            found = [m for s in subjects for m in actors.argument(s)]
            if found:
                return found, note
        for child in noun.children:
            if child.dep_ in ("amod", "compound", "nmod") and child.i < noun.i:
                found = [m for m in actors.covering(child) if m.actor.country or m.actor.code[:3] != "---"]
                if found:
                    return found, ""
        return [], ""

    def _targets(self, found: Match, actors: ActorIndex, sources: list[Mention], nominal: bool) -> list[Mention]:
        trigger = found.trigger
        force = self._violence(found.entry.code)
        named = [c.slot for c in found.entry.constraints if c.role == "target"]
        if named:
            slot_tokens = [t for slot in named for t in found.slots.get(slot, [])]
            return self._actors_in(slot_tokens, actors, sources, force)
        # Default order: object (or passive subject), then prepositional objects of the trigger and
        # of its object, then the owner of the object ("criticized Pakistan's decision").
        ordered: list[list[Token]] = []
        objects = [] if nominal and trigger.dep_ == "dobj" else clauses.objects(trigger)
        if nominal:
            objects = [t for t in objects if t.dep_ == "pobj"]
        ordered.append(objects)
        preps = [p for p in DEFAULT_TARGET_PREPS if not (p == "from" and force)]
        for prep in preps:
            ordered.append(clauses.prep_objects(trigger, prep))
        # the words the pattern matched carry targets too: "engaged in conversations **with Sharif**"
        fillers = [t for tokens in found.slots.values() for t in tokens if t not in objects]
        for obj in objects + fillers:
            for prep in DEFAULT_TARGET_PREPS:
                ordered.append(clauses.prep_objects(obj, prep))
        for obj in objects:
            ordered.append([c for c in obj.children if c.dep_ == "poss"])
        if nominal and trigger.dep_ == "nsubj" and trigger.head.lemma_.lower() in self.cues["occurrence-verb"]:
            ordered.insert(0, clauses.objects(trigger.head))  # "the attack killed 26 tourists"
        # a demand on someone: "demanded that Russia withdraw its troops"
        for token, _ in found.nested:
            ordered.insert(0, [c for c in token.children if c.dep_ == "nsubj"])
        # an appeal or intent about talks names the counterpart there: "agreed to hold talks with Ukraine",
        # "agreed to provide Sri Lanka with technology"
        for token, _ in found.nested:
            ordered.append(clauses.objects(token))
            for prep in DEFAULT_TARGET_PREPS:
                ordered.append(clauses.prep_objects(token, prep))
                for obj in clauses.objects(token):
                    ordered.append(clauses.prep_objects(obj, prep))
        if force:
            # force against places: "struck nine sites **in Pakistan**", "strikes on sites in Pakistan"
            places = [trigger] + objects + fillers + [t for p in ("on", "at", "against") for t in clauses.prep_objects(trigger, p)]
            for obj in places:
                inside = clauses.prep_objects(obj, "in")
                ordered.append(inside)
                # "in Pakistan-administered Kashmir": the state named inside the place
                ordered.append([t for place in inside for t in place.subtree
                                if any(m.actor.country and not m.actor.sector for m in actors.covering(t))])
        for tokens in ordered:
            hits = self._actors_in(tokens, actors, sources, force)
            if hits:
                return hits
        return []

    def _unnamed_target(self, found: Match, objects: list[Token], trigger: Token) -> list[Mention]:
        """A target no knowledge base names, kept by its words: force against "the ISIS-held old
        city area of Mosul", a curfew "in parts of Ahmedabad", an attack on "a Christian group".
        Only named things and places, people and buildings, never abstractions ("the ban")."""
        if not self.ontology[found.entry.code].material_conflict and found.entry.file != "model":
            return []
        places = objects + [t for p in ("on", "against", "at", "in", "into") for t in clauses.prep_objects(trigger, p)]
        for token in places:
            named = token.ent_type_ in ("GPE", "LOC", "FAC", "ORG", "PERSON", "NORP")
            thing = not token.ent_type_ and (token.lemma_.lower() in self.cues["target-noun"] or any(
                f in self.cues["target-noun"] for f in clauses.regular_lemmas(token.lower_)))
            if named or thing:
                return [_unnamed(token)]
        return []

    @staticmethod
    def _actors_in(tokens: list[Token], actors: ActorIndex, sources: list[Mention], force: bool = False) -> list[Mention]:
        """Actors named by slot fillers (or their owners: "Pakistani officials' cooperation"),
        leaving out the source itself and the source's own state ("conveyed the US's commitment");
        with ``force``, also armed forces whose state is only the source's because it is the
        nearest in context ("Israel struck air defences in Iran": not Israel's own)."""
        out: list[Mention] = []
        for token in tokens:
            found = actors.argument(token) or [
                _owned(m, token) for c in token.children if c.dep_ == "poss" for m in actors.argument(c)
            ] or [
                # "attacked several Pakistani air bases": the bases are Pakistan's
                _owned(m, token) for c in token.children if c.dep_ in ("amod", "compound", "nmod") and c.i < token.i
                for m in actors.covering(c) if m.actor.country and not m.actor.sector and m.head == c.i
            ]
            for mention in found:
                if mention not in out and not any(_same_side(mention.actor, s.actor) for s in sources) \
                        and not _own_possession(mention, sources) \
                        and not (force and _own_forces_guessed(mention, sources)):
                    out.append(mention)
        return out

    def _implicit_targets(self, trigger: Token, sent: Span, actors: ActorIndex, sources: list[Mention]) -> list[Mention]:
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
                            and not any(_same_side(mention.actor, s.actor) for s in sources)):
                        out.append(mention)
            stack.extend(c for c in token.children if c.dep_ not in ("advcl", "ccomp", "relcl", "acl", "nsubj", "dobj"))
        return sorted(out, key=lambda m: m.tokens)

    def _in_background(self, noun: Token) -> bool:
        """A noun event inside a time or cause phrase ("after the US withdrawal", "following the
        attack") is background unless the report dates it; so is one named only as the topic of
        a sentence whose clause is not about it."""
        current = noun
        for _ in range(6):
            head = current.head
            if head is current:
                break
            if current.dep_ == "pobj" and head.dep_ in ("prep", "agent"):
                phrase = head.lower_
                if head.head.dep_ == "pobj" and head.head.head.dep_ == "prep":
                    phrase = f"{head.head.head.lower_} {head.head.lower_} {phrase}"  # "in response to"
                if phrase in self.cues["background-prep"] or head.lower_ in self.cues["background-prep"]:
                    return True
            if head.pos_ in VERB_POS and head.lemma_.lower() in self.cues["background-prep"]:
                return True  # "following the attack" parsed as a verb
            if head.pos_ in VERB_POS and current.dep_ not in ("pobj", "prep"):
                break
            current = head
        return False

    @staticmethod
    def _confidence(entry: Entry, source: Mention | None, target: Mention | None, nominal: bool,
                    source_note: str, hedged: bool, nested: Token | None, prominence: float) -> float:
        score = 0.45 + min(entry.specificity, 6) * 0.05 + prominence
        if source is not None and source.actor.country:
            score += 0.15 if source.kind not in ("pronoun", "coref") else 0.1
        elif source is not None:
            score += 0.05
        if target is not None and target.actor.country:
            score += 0.1
        if source_note:
            score -= 0.05
        if nominal:
            score -= 0.1
        if hedged:
            score -= 0.1
        if nested is not None:
            score += 0.05
        return round(max(0.05, min(score, 0.99)), 2)


def _prominence(trigger: Token, sentence_index: int) -> float:
    """News puts its main event first: the lead sentence and the main clause are where a report
    states what happened; later sentences and subordinate clauses add background."""
    score = 0.12 if sentence_index == 0 else 0.05 if sentence_index == 1 else 0.0
    verb = trigger
    while verb.dep_ == "conj" and verb.head is not verb:
        verb = verb.head
    if verb.dep_ == "ROOT":
        score += 0.06
    elif verb.dep_ in ("advcl", "acl") and verb.tag_ in ("VBG", "VBN"):
        score -= 0.03  # "protesters marched, **calling** for ...": the march is the news
    return score


def _owned(mention: Mention, thing: Token) -> Mention:
    """The target of "welcomed **NATO's decision**" is NATO, quoted with what it owns."""
    end = thing.i + 1
    for child in thing.children:
        if child.i > thing.i and child.dep_ in ("prep", "compound", "amod") and child.lower_ != "that":
            end = max(end, child.right_edge.i + 1)
    doc = thing.doc
    start = min(mention.tokens[0], thing.left_edge.i)
    if start > 0 and doc[start].lower_ in ("the", "a", "an"):
        pass
    text = doc[start:end].text
    actor = replace(mention.actor, text=text, span=(doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)))
    return replace(mention, actor=actor)


def _inflections(lemma: str) -> list[str]:
    """Regular forms of a trigger, for the vectorised pre-filter ("stage" -> "staged", "stages")."""
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    forms = [lemma + "s", lemma + "es", lemma + "d", lemma + "ed", stem + "ed", stem + "ing", lemma + "ing"]
    if lemma.endswith("y"):
        forms += [lemma[:-1] + "ied", lemma[:-1] + "ies"]
    if len(lemma) > 2 and lemma[-1] not in "aeiouwxy" and lemma[-2] in "aeiou":
        forms += [lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"]  # "ban" -> "banned"
    return forms


def _main_predicate(sent: Span, cues: Cues) -> Token | None:
    """The verb a sentence is about: its root, or what a reporting root reports ("X said Y did Z")."""
    root = sent.root
    if root.pos_ not in VERB_POS:
        return None
    if root.lemma_.lower() in cues["reporting-verb"]:
        reported = [c for c in root.children if c.dep_ == "ccomp" and c.pos_ in VERB_POS]
        return reported[0] if reported else None
    if root.lemma_.lower() in cues["stative-verb"] and not any(c.dep_ == "xcomp" for c in root.children):
        return None  # "the United States has close ties with both": a state of affairs, not an act
    return root


def _names_an_office(noun: Token, actors: ActorIndex) -> bool:
    """An event noun completing a title or body: "director of **operations**", "ministry of **defence**"."""
    head = noun.head
    return noun.dep_ in ("pobj", "compound") and (
        (head.lower_ == "of" and bool(actors.covering(head.head))) or bool(actors.covering(head))
    )


def _own_possession(mention: Mention, sources: list[Mention]) -> bool:
    """"withdrew **its** troops": a phrase owned by a pronoun for the source is not its target."""
    return mention.owner is not None and any(mention.owner == s.actor.code for s in sources)


def _unnamed(token: Token) -> Mention:
    doc = token.doc
    start = token.left_edge.i
    end = token.i + 1
    for child in token.children:
        if child.i > token.i and child.dep_ in ("prep", "appos", "compound") and child.lower_ not in ("that", "which"):
            end = max(end, child.right_edge.i + 1)
    span = doc[start:end]
    actor = Actor(code="---", text=span.text, span=(span.start_char, span.end_char),
                  rule="named by its words only")
    return Mention(span.text, actor.span, 0, actor, tokens=(start, end), head=token.i, kind="unnamed")


def _speaker_for(trigger: Token, sources: list[Mention], actors: ActorIndex) -> list[Mention]:
    """"The British government said it will not lift the ban": the statement of intent is the
    speaker's act, so the speaker (the same actor as "it") is its source."""
    current = trigger
    for _ in range(4):
        if current.head is current:
            return []
        if current.dep_ == "ccomp":
            speakers = [m for c in current.head.children if c.dep_ == "nsubj" for m in actors.argument(c)]
            codes = {m.actor.code for m in sources}
            same = [m for m in speakers if m.actor.code in codes]
            return same
        current = current.head
    return []


def _main_clause(trigger: Token) -> bool:
    """An unconditional main clause (or its conjoined verb): no "if", no governing verb."""
    verb = trigger
    while verb.dep_ == "conj" and verb.head is not verb:
        verb = verb.head
    if verb.dep_ != "ROOT":
        return False
    return not any(c.dep_ in ("advcl",) and any(m.lower_ in ("if", "unless") for m in c.children) for c in verb.children)


def _reported_by(trigger: Token, sources: list[Mention], cues: Cues) -> bool:
    """Is the clause the reported speech of its own source ("India said it would respond")?"""
    current = trigger
    for _ in range(4):
        if current.head is current:
            return False
        if current.dep_ == "ccomp" and current.head.lemma_.lower() in cues["reporting-verb"] | {"warn", "vow", "pledge", "announce", "threaten", "insist"}:
            speakers = [c for c in current.head.children if c.dep_ == "nsubj"]
            source_tokens = {i for m in sources for i in range(*m.tokens)}
            return any(t.i in source_tokens or any(x.i in source_tokens for x in t.subtree) for t in speakers) or (
                any(t.pos_ == "PRON" for t in (current.children)) and bool(speakers)
            )
        current = current.head
    return False


def _own_forces_guessed(target: Mention, sources: list[Mention]) -> bool:
    """Armed forces given the source's state only because it was the nearest in context: force is
    rarely used on one's own forces, so the guess is what is wrong."""
    return target.guessed_state and target.actor.sector == "MIL" and any(
        target.actor.country == s.actor.country for s in sources)


def _same_side(target: Actor, source: Actor) -> bool:
    """A target that is the source itself, or the source's own state without a sector of its own."""
    if target.code == source.code:
        return True
    if target.country and target.country == source.country:
        return not target.sector or target.sector == source.sector
    return False


def _complement_of(noun: Token, verb: Token) -> bool:
    """Is the noun what the support verb does: "launched **strikes**", "engaged in **firing**", "the
    **talks** were held" (not "offered assistance to India in the **investigation**")?"""
    if noun.dep_ in ("dobj", "nsubjpass") and noun.head.i == verb.i:
        return True
    if noun.dep_ == "pobj" and noun.head.head.i == verb.i:
        return not any(c.dep_ in ("dobj", "obj") for c in verb.children) or any(
            c.dep_ == "dobj" and c.lower_ == "part" for c in verb.children)  # "took part in talks"
    return False


def _support_verb(verb: Token, cues: Cues) -> bool:
    lemma = verb.lemma_.lower()
    if lemma in cues["support-verb"]:
        return True
    particles = [c.lemma_.lower() for c in verb.children if c.dep_ == "prt"]
    return any(f"{lemma}+{p}" in cues["support-verb"] for p in particles)


def _deepest(found: Match) -> Entry:
    """A nested event's own code, preferring its purpose clause ("work with India **to de-escalate**")."""
    return found.nested[-1][1] if found.nested else found.entry


def _pairs(sources: list[Mention], targets: list[Mention], mutual: bool) -> list[tuple[Mention | None, Mention | None]]:
    if not sources and not targets:
        return []
    if len(sources) >= 2 and not targets and mutual:
        return [(a, b) for a in sources for b in sources if a.actor.code != b.actor.code]
    pairs: list[tuple[Mention | None, Mention | None]] = []
    for source in sources or [None]:
        for target in targets or [None]:
            if source and target and source.actor.code == target.actor.code:
                continue
            pairs.append((source, target))
    return pairs


def _previous_subject(trigger: Token, actors: ActorIndex) -> tuple[list[Mention], str]:
    """An agentless passive continuing the last sentence's story takes its actor:
    "India has implemented a series of measures ... The Wagah-Attari border has also been closed."
    """
    sent = language.sentence_of(trigger)
    if trigger.dep_ != "ROOT" or not clauses.is_passive(trigger) or sent.start == 0:
        return [], ""
    if any(c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by") for c in trigger.children):
        return [], ""  # "killed by heavy shelling": the agent is named, only not as an actor
    previous = language.sentence_of(trigger.doc[sent.start - 1])
    found = [m for s in clauses.subjects(previous.root) for m in actors.argument(s)]
    return (found, "actor of the previous sentence") if found else ([], "")


def _retarget(candidate: Candidate, target: Actor, why: str) -> None:
    event = candidate.event
    event.target = target
    event.rule += f" [{why}]"
    event.confidence = round(max(0.05, event.confidence - 0.05), 2)
    event.event_id = event.stable_id()


def _drop_settings(candidates: list[Candidate]) -> list[Candidate]:
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


def _share_conjoined_targets(candidates: list[Candidate]) -> None:
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


def _answer_replies(candidates: list[Candidate], earlier: list[Candidate], known: Ontology) -> None:
    for candidate in candidates:
        event = candidate.event
        if event.target is not None or event.source is None or not event.source.country:
            continue
        if not (known.properties(event.cameo).reply or candidate.trigger.lemma_.lower() in REPLY_TRIGGERS):
            continue
        for previous in reversed(earlier + [c for c in candidates if c.trigger.i < candidate.trigger.i]):
            prior = previous.event
            if (prior.modality == "asserted" and prior.target is not None and prior.source is not None
                    and prior.target.country == event.source.country and prior.source.country
                    and prior.source.country != event.source.country):
                _retarget(candidate, prior.source, f"replies to '{prior.evidence.trigger}'")
                break


def _dedup(candidates: list[Candidate]) -> list[Candidate]:
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
