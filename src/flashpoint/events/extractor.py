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
from spacy.tokens import Token

from flashpoint.events import clauses, passes, tolls
from flashpoint.events.assemble import assemble
from flashpoint.events.context import Candidate, Knowledge, ParseCache, Sentence
from flashpoint.events.judgements import judgements_in_speech
from flashpoint.events.lexicon import Entry, Lexicon
from flashpoint.events.lexicon import lexicon as load_lexicon
from flashpoint.events.matching import Match, Matcher, concrete_over_umbrella
from flashpoint.events.modality import modality_of
from flashpoint.events.ranking import MODEL_RULE, Ranker, ranker
from flashpoint.events.typemodel import Proposal, Reading, TypeModel, type_model
from flashpoint.language.arrays import arrays
from flashpoint.ontology import Ontology
from flashpoint.ontology import ontology as load_ontology


#: How many sentences of a report, from the first one coded, the learned fallback codes (see
#: ``EventExtractor._learned``).
LEAD_SENTENCES = 2


class EventExtractor:
    """Codes the events of parsed reports. Build once per process: it holds knowledge only, and
    each report's caches live in the :class:`ParseCache` its caller passes in."""

    # The fallback's events need an actor from the clause (the model says what happened, the clause
    # who): a source, or when this is False at least a target. Sourceless fallback events gain a
    # little on cameo_class (macro-F1 +0.005 cross-validated) but on real news they are mostly
    # states of affairs ("interests involve both nations").
    fallback_needs_source = True

    def __init__(self, lex: Lexicon | None = None, onto: Ontology | None = None, cue_table: Cues | None = None,
                 model: TypeModel | None | bool = True, rank: Ranker | None | bool = True) -> None:
        self.known = Knowledge(lex or load_lexicon(), onto or load_ontology(), cue_table or load_cues())
        self.matcher = Matcher(self.known)
        # the learned fallback and ranking (False: lexicon only, confidences as the rules set them)
        self.model: TypeModel | None = type_model() if model is True else (model or None)
        self.ranker: Ranker | None = ranker() if rank is True else (rank or None)

    def extract(self, doc: Doc, doc_id: str, cache: ParseCache, skip_chars: int = 0) -> list[Candidate]:
        """All events of a parsed report, as candidates for dating, placing and reconciling. An
        event's id is fixed here, from the actors its sentence gives it."""
        candidates = self.matcher.candidate_tokens(doc)
        text = language.text_of(doc)
        out: list[Candidate] = []
        coded = 0  # sentences coded so far: the first LEAD_SENTENCES are the report's lead
        columns = arrays(doc)
        for index, (start, end) in enumerate(language.sentence_bounds(doc)):
            chars = columns.char_span(start, end)
            if chars[1] <= skip_chars:
                continue
            if end - start <= 16 and self.known.cues.is_boilerplate(text[chars[0]:chars[1]]):
                continue  # web-page furniture is short
            sentence = Sentence(doc, doc_id, index, start, end, chars, cache.actors)
            tokens = candidates[bisect_left(candidates, start):bisect_left(candidates, end)]
            found = passes.drop_settings(self._sentence(sentence, tokens, cache))
            if self.model is not None and self.ranker is not None and (found or cache.actors.any_in(start, end)):
                found = self._learned(sentence, found, cache, lead=coded < LEAD_SENTENCES)
            coded += 1
            if found:
                found = tolls.merge_violence_tolls(found, self.known)
                found = passes.defended_attacks(found, self.known)
                found += passes.accusations_in_claims(found, self.known, sentence)
                found += passes.demands_in_speech(found, self.known, sentence)
            # the one pass that finds events of its own; without events, the passes after it have
            # nothing to do (most sentences)
            found += judgements_in_speech(found, self.known, sentence)
            if not found:
                continue
            passes.share_conjoined_targets(found)
            passes.protests_aim_at_their_demands(found, self.known)
            passes.weapons_tests(found, self.known, sentence, out)
            tolls.deaths_by_bombs(found, self.known, sentence)  # before a CVL hurt by no one is made 182
            passes.crimes_are_assaults(found, self.known)
            passes.police_raids_are_searches(found, self.known)
            passes.questions_by_others_are_criticism(found, self.known)
            tolls.sides_killed_by_each_other(found, self.known)
            tolls.unattributed_force_is_assault(found, self.known)
            passes.civilian_blockades_are_protests(found, self.known)
            passes.answer_replies(found, out, self.known)
            out.extend(passes.dedup(passes.statements_told_by_their_content(passes.nouns_with_sides(found))))
        for candidate in out:
            candidate.event.event_id = candidate.event.stable_id()
        return out

    def _sentence(self, sentence: Sentence, tokens: list[int], cache: ParseCache) -> list[Candidate]:
        """The events of the sentence's matches; words a framing act is about are not matched on
        their own."""
        matches: list[Match] = []
        consumed: set[int] = set()
        doc = sentence.doc
        for i in tokens:
            if i in consumed:
                continue  # no Token made for a word a framing act took
            found = self.matcher.match_at(doc, i, cache)
            if found is None:
                continue
            matches.append(found)
            consumed |= found.consumed
        matches = [m for m in matches if m.trigger.i not in consumed]
        candidates: list[Candidate] = []
        for found in concrete_over_umbrella(matches, self.known):
            candidates.extend(assemble(found, sentence, self.known))
        return candidates

    def _learned(self, sentence: Sentence, found: list[Candidate], cache: ParseCache, lead: bool) -> list[Candidate]:
        """The learned part: the fallback's event for a main predicate no pattern coded, then every
        candidate ranked (see :mod:`flashpoint.events.ranking`). The fallback codes only a report's
        lead, its first LEAD_SENTENCES coded (a sentence given alone is its own lead): the lead
        tells the news, while later sentences the lexicon misses are mostly background, comment and
        colour. On the real-news batches 1-6 its events after the first two sentences were right at
        root level 1 time in 13; in them, 2 times in 5 (case2021 unchanged, cameo_class unchanged:
        its records are single sentences).

        The ranker passes lexicon events as they are and reads the model only for the fallback's
        own, so a sentence where the fallback cannot act is never read: most sentences (the
        reading was a tenth of the coder's time, issue 17)."""
        assert self.model is not None and self.ranker is not None
        if not lead or not cache.actors.any_in(sentence.start, sentence.end):
            return list(found)  # what ranking lexicon events alone gives
        span = sentence.span
        predicate = clauses.main_predicate(span, self.known.cues) or self.stative_root(span)
        acting = self.fallback_predicate(predicate, found)
        if acting is None:
            return list(found)
        reading = self.model.read(span, self.known.cues)
        found = found + [c for c in self._model_events(sentence, acting, reading) if self._named(c, sentence, cache)]
        return self.ranker.rank(found, reading, predicate)

    def fallback_predicate(self, predicate: Token | None, found: list[Candidate]) -> Token | None:
        """Where the fallback acts: the main predicate, when no pattern coded an asserted act in the
        sentence (background nouns waiting for a date do not count). When the main
        predicate is what a speaker says ought to happen ("X said Y **must** end the attacks"),
        the act reported is the speaker's (a demand, an appeal), so the fallback acts on the
        reporting verb."""
        if predicate is None:
            return None
        if any(c.event.modality == "asserted" and not c.needs_date for c in found):
            return None  # a pattern coded an act of the sentence: the fallback is for sentences it misses
        if predicate.lemma_.lower() in self.known.cues["negating-verb"] or any(
                c.event.modality == "negated" and predicate.i in (c.trigger.i, c.trigger.head.i) for c in found):
            return None  # "refrained from criticizing", "are yet to sign": what the sentence is about did not happen
        if predicate.lemma_.lower() == "be" and (not clauses.governs_an_act(predicate) or any(
                predicate.left_edge.i <= c.trigger.i <= predicate.right_edge.i for c in found)):
            # "China is in group A", "Shah was the target": a state of affairs, no act; "they are
            # close to signing": the act the copula carries is coded, as not done
            return None
        head = predicate.head
        if predicate.dep_ == "ccomp" and head.lemma_.lower() in self.known.cues["reporting-verb"]:
            if modality_of(predicate, self.known.cues).modality == "hypothetical":
                return head
        return predicate

    @staticmethod
    def _named(candidate: Candidate, sentence: Sentence, cache: ParseCache) -> bool:
        """Is the fallback event's source named in the sentence in its own words, not only through
        a pronoun or a reference ("both leaders", "the group")? A pattern's wording vouches for
        its clause; the fallback has only the sentence's gist to go on."""
        source = candidate.event.source
        if source is None:
            return True  # only when sourceless fallback events are allowed (fallback_needs_source)
        span = sentence.span
        kinds = {m.kind for token in span for m in cache.actors.covering(token) if m.actor is source}
        return bool(kinds - {"pronoun", "coref"})

    def stative_root(self, span: Span) -> Token | None:
        """Where the fallback acts in a sentence without a main predicate: its root verb, even a
        state ("troops **remained** on alert", "Italy **is** ready to contribute"), but not a
        reporting verb that reports no act. Whether the model reads an act there is the ranker's
        decision."""
        root = span.root
        if root.pos_ not in clauses.VERB_POS or root.lemma_.lower() in self.known.cues["reporting-verb"]:
            return None
        return root

    def proposals(self, reading: Reading) -> list[Proposal]:
        """The generic events the fallback tries: one, the model's most likely class of event, when
        that is its likeliest reading of the sentence (see :attr:`Ranker.gate`)."""
        proposal = reading.proposal()
        gate = self.ranker.gate if self.ranker is not None else 0.0
        return [proposal] if proposal and reading.reports(proposal.quad, gate) else []

    def _model_events(self, sentence: Sentence, predicate: Token, reading: Reading) -> list[Candidate]:
        """The learned fallback: a generic event of the kind the model reads in the sentence, on
        the predicate, with that clause's actors (the model says what happened, the clause must
        say who: see :attr:`fallback_needs_source`). Whether it is coded is the ranker's decision; ``rule`` says "model"."""
        out: list[Candidate] = []
        for proposal in self.proposals(reading):
            entry = Entry(proposal.code, predicate.lemma_.lower(), "v", None, (),
                          f"quad={proposal.quad} p={proposal.quad_probability:.2f} type={proposal.plover}",
                          "", MODEL_RULE, 0)
            out.extend(c for c in assemble(Match(entry, predicate), sentence, self.known)
                       if c.event.source is not None or not self.fallback_needs_source and c.event.target is not None)
        return out
