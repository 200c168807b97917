"""Event extraction: lexicon patterns matched on clauses, actors attached, modality read.

For every sentence that is not boilerplate, each token whose lemma is a lexicon trigger is tried
against its entries, most specific first (:mod:`~flashpoint.events.matching`). Each match is
assembled into events by named rules (:mod:`~flashpoint.events.assemble`): a CAMEO code, a source
and a target (:mod:`~flashpoint.events.arguments`), a nested event for framing verbs ("urged X
**to de-escalate**"), a modality and a confidence. Passes over the sentence's events
(:mod:`~flashpoint.events.passes`) then share targets, answer replies and keep one event per
dyad and code. A sentence no pattern codes may get an event from the learned fallback
(:mod:`~flashpoint.events.typemodel`).
"""

from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Doc, Span

from flashpoint import language
from flashpoint.cues import Cues
from flashpoint.cues import cues as load_cues
from flashpoint.events import clauses, passes
from flashpoint.events.assemble import assemble
from flashpoint.events.context import Candidate, Knowledge, ParseCache, Sentence
from flashpoint.events.lexicon import Entry, Lexicon
from flashpoint.events.lexicon import lexicon as load_lexicon
from flashpoint.events.matching import Match, Matcher, concrete_over_umbrella
from flashpoint.events.typemodel import TypeModel, type_model
from flashpoint.ontology import Ontology
from flashpoint.ontology import ontology as load_ontology

# How sure the learned fallback must be that a sentence reports an event of its class.
MODEL_THRESHOLD = 0.65


class EventExtractor:
    """Codes the events of parsed reports. Build once per process: it holds knowledge only, and
    each report's caches live in the :class:`ParseCache` its caller passes in."""

    def __init__(self, lex: Lexicon | None = None, onto: Ontology | None = None, cue_table: Cues | None = None,
                 model: TypeModel | None | bool = True) -> None:
        self.known = Knowledge(lex or load_lexicon(), onto or load_ontology(), cue_table or load_cues())
        self.matcher = Matcher(self.known)
        # the learned fallback for sentences the lexicon misses (False: lexicon only)
        self.model: TypeModel | None = type_model() if model is True else (model or None)

    def extract(self, doc: Doc, doc_id: str, cache: ParseCache, skip_chars: int = 0) -> list[Candidate]:
        """All events of a parsed report, as candidates for dating, placing and reconciling. An
        event's id is fixed here, from the actors its sentence gives it."""
        candidates = self.matcher.candidate_tokens(doc)
        text = language.text_of(doc)
        out: list[Candidate] = []
        for index, span in enumerate(language.sentences(doc)):
            if span.end_char <= skip_chars:
                continue
            if len(span) <= 16 and self.known.cues.is_boilerplate(text[span.start_char:span.end_char]):
                continue  # web-page furniture is short
            sentence = Sentence(doc, doc_id, index, span, cache.actors)
            tokens = candidates[bisect_left(candidates, span.start):bisect_left(candidates, span.end)]
            found = passes.drop_settings(self._sentence(sentence, tokens, cache))
            if self.model is not None and all(c.needs_date for c in found) and cache.actors.any_in(span.start, span.end):
                found += self._model_events(sentence)
            found = passes.merge_violence_tolls(found, self.known)
            found += passes.accusations_in_claims(found, self.known, sentence)
            found += passes.demands_in_speech(found, self.known, sentence)
            passes.share_conjoined_targets(found)
            passes.answer_replies(found, out, self.known)
            out.extend(passes.dedup(found))
        for candidate in out:
            candidate.event.event_id = candidate.event.stable_id()
        return out

    def _sentence(self, sentence: Sentence, tokens: list[int], cache: ParseCache) -> list[Candidate]:
        """The events of the sentence's matches; words a framing act is about are not matched on
        their own."""
        matches: list[Match] = []
        consumed: set[int] = set()
        for token in (sentence.doc[i] for i in tokens):
            if token.i in consumed:
                continue
            found = self.matcher.match(token, cache)
            if found is None:
                continue
            matches.append(found)
            consumed |= found.consumed
        matches = [m for m in matches if m.trigger.i not in consumed]
        candidates: list[Candidate] = []
        for found in concrete_over_umbrella(matches, self.known):
            candidates.extend(assemble(found, sentence, self.known))
        return candidates

    def _model_events(self, sentence: Sentence) -> list[Candidate]:
        """The learned fallback (see :mod:`flashpoint.events.typemodel`): a generic event of the kind
        the model reads in a sentence no pattern matched, on its main clause, with that clause's
        actors. Lower confidence than any pattern; ``rule`` says "model"."""
        assert self.model is not None
        span: Span = sentence.span
        predicate = clauses.main_predicate(span, self.known.cues)
        if predicate is None:
            return []
        proposal = self.model.propose(span, MODEL_THRESHOLD)
        if proposal is None:
            return []
        entry = Entry(proposal.code, predicate.lemma_.lower(), "v", None, (),
                      f"quad={proposal.quad} p={proposal.quad_probability:.2f} type={proposal.plover}",
                      "", "model", 0)
        candidates = [c for c in assemble(Match(entry, predicate), sentence, self.known)
                      if c.event.source is not None]  # the model says what happened, the clause must say who
        for candidate in candidates:
            candidate.event.confidence = round(0.2 + 0.3 * proposal.quad_probability, 2)
        return candidates
