"""The pipeline: parse once, then run the coder's stages over each report.

``Pipeline.code`` takes Documents and yields CodedDocuments, batching the parser with
``nlp.pipe``. What happens to a parsed report is the stages' business (:mod:`flashpoint.stages`:
actors, events, dates, places, reconcile); the pipeline only batches, cuts long texts and runs
the stages in order.

Hostile input is bounded here (see docs/reliability.md):

- a text too long to parse whole is coded segment by segment (:mod:`flashpoint.language.segments`),
  and every offset is shifted back into the whole text, so evidence still points at the exact words;
- a stretch without a sentence end longer than :data:`RUN_CHARS` is parsed in pieces joined again
  (``Doc.from_docs``), so no "sentence" is longer than that;
- a document that is not in English (:mod:`flashpoint.ingest.screen`) is not parsed at all: it
  gets no events rather than English readings of another language.

Ordinary reports (under 100,000 characters, with sentence ends) take none of these paths.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import replace

from spacy.tokens import Doc

from flashpoint import language, settings
from flashpoint.actors.kb import knowledge_base
from flashpoint.ingest import make_document
from flashpoint.ingest.screen import detect_language, valid_unicode
from flashpoint.language import breaks
from flashpoint.language.segments import RUN_CHARS, needs_segments, pieces, segments
from flashpoint.records import CodedDocument, Document, Event
from flashpoint.stages import Report, Stage, default_stages

__all__ = ["DEFAULT_MODALITIES", "RUN_CHARS", "Pipeline", "needs_segments", "pieces", "segments"]

DEFAULT_MODALITIES = frozenset({"asserted"})


class Pipeline:
    """Codes documents into events. Build one per process and reuse it: loading is the slow part,
    and the stages keep nothing of a report, so one pipeline serves every document."""

    def __init__(self, model: str | None = None, modalities: Iterable[str] = DEFAULT_MODALITIES,
                 stages: Iterable[Stage] | None = None, min_confidence: float = 0.0) -> None:
        if not 0.0 <= min_confidence <= 1.0:
            raise ValueError(f"min_confidence {min_confidence} is outside 0..1")
        self.nlp = language.load(model)
        breaks.install_credit_breaks(self.nlp, knowledge_base().outlets())
        self.modalities = frozenset(modalities)
        self.min_confidence = min_confidence
        self.stages: list[Stage] = list(stages) if stages is not None else default_stages(self.nlp)

    def code(self, documents: Iterable[Document], batch_size: int | None = None) -> Iterator[CodedDocument]:
        """Code documents in order, parsing them in batches (long ones alone, in segments)."""
        size = batch_size or settings.batch_size()
        pending: list[Document] = []
        for document in documents:
            if not _english(document):
                yield from self._code_batch(pending, size)
                pending = []
                yield CodedDocument(document=document, events=[])
            elif needs_segments(document.text):
                yield from self._code_batch(pending, size)
                pending = []
                yield self._code_long(document)
            else:
                pending.append(document)
                if len(pending) >= size:
                    yield from self._code_batch(pending, size)
                    pending = []
        yield from self._code_batch(pending, size)

    def _code_batch(self, documents: list[Document], size: int) -> Iterator[CodedDocument]:
        if not documents:
            return
        texts = (valid_unicode(d.text) for d in documents)
        for document, doc in zip(documents, self.nlp.pipe(texts, batch_size=size)):
            yield self.code_parsed(document, doc)

    def parse(self, text: str) -> Doc:
        """One text, parsed; stretches longer than :data:`RUN_CHARS` without a sentence end are
        parsed as separate pieces and joined, so the Doc's text is exactly ``text``."""
        text = valid_unicode(text)
        spans = pieces(text)
        if len(spans) == 1:
            return self.nlp(text)
        docs = list(self.nlp.pipe((text[start:end] for start, end in spans), batch_size=8))
        return Doc.from_docs(docs, ensure_whitespace=False)

    def _code_long(self, document: Document) -> CodedDocument:
        """A long document, coded segment by segment with its offsets shifted back."""
        out = CodedDocument(document=document, events=[])
        named: set[tuple] = set()
        sentences = tokens = 0
        for number, (start, end) in enumerate(segments(document.text)):
            part = replace(document, text=document.text[start:end], content_hash=document.content_hash,
                           dateline=document.dateline if number == 0 else None)
            doc = self.parse(part.text)
            coded = self.code_parsed(part, doc, named)
            _shift(coded, start, sentences, tokens)
            out.events.extend(coded.events)
            out.mentions.extend(coded.mentions)
            out.places.extend(coded.places)
            out.sentences.extend(coded.sentences)
            sentences += len(coded.sentences)
            tokens += len(doc)
        return out

    def code_parsed(self, document: Document, doc: Doc, named: set[tuple] | None = None) -> CodedDocument:
        """Run every stage on one parsed document. ``named`` collects the noun events already
        kept (shared by the segments of one long document).

        What the coder cached in the Doc is dropped when it is done (:func:`language.release`),
        also when a stage raises: the cached sentences hold the Doc in a reference cycle, and a
        Doc kept by a cycle waits for a full garbage collection (hundreds of Docs, issue 17).
        The CodedDocument returned holds no spaCy object."""
        try:
            report = Report.start(document, doc, self.modalities, named, self.min_confidence)
            for stage in self.stages:
                stage.run(report)
            return report.coded()
        finally:
            language.release(doc)

    def code_text(self, text: str, published: dt.date | str | None = None, doc_id: str = "text") -> list[Event]:
        """Code one text; ``published`` anchors relative dates ("on Wednesday")."""
        day = dt.date.fromisoformat(published) if isinstance(published, str) else published
        document = make_document(text, doc_id=doc_id, source="<text>", published=day)
        return next(self.code([document])).events


def _english(document: Document) -> bool:
    """Whether to code the document: English, or too short to tell (see ingest.screen)."""
    if document.language is None:
        guess = detect_language(document.text)
        document.language = guess.code
        return guess.supported
    return document.language in ("en", "und")


def _shifted(span, by: int):
    return (span[0] + by, span[1] + by) if span is not None else span


def _shift(coded: CodedDocument, chars: int, sentences: int, tokens: int) -> None:
    """Move a segment's offsets into the whole document: characters by the segment's start,
    sentence and token indexes by those of the segments before it. Stages share objects (an
    event's source is its mention's actor), so each object is moved once; moved offsets give
    the events new ids."""
    if not (chars or sentences or tokens):
        return
    moved: set[int] = set()

    def once(item) -> bool:
        if item is None or id(item) in moved:
            return False
        moved.add(id(item))
        return True

    for mention in coded.mentions:
        if once(mention):
            mention.span = _shifted(mention.span, chars)
            mention.tokens = _shifted(mention.tokens, tokens)
            mention.sentence_index += sentences
            if mention.head >= 0:
                mention.head += tokens
        if once(mention.actor) and mention.actor.span and mention.actor.span[1] > mention.actor.span[0]:
            mention.actor.span = _shifted(mention.actor.span, chars)
    for place in coded.places:
        if once(place) and place.span:
            place.span = _shifted(place.span, chars)
    for event in coded.events:
        if once(event.evidence):
            evidence = event.evidence
            evidence.char_start += chars
            evidence.char_end += chars
            evidence.trigger_span = _shifted(evidence.trigger_span, chars)
            evidence.sentence_index += sentences
        for actor in (event.source, event.target):
            if once(actor) and actor.span and actor.span[1] > actor.span[0]:  # (0, 0): no words
                actor.span = _shifted(actor.span, chars)
        if once(event.location) and event.location.span:
            event.location.span = _shifted(event.location.span, chars)
        event.event_id = event.stable_id()
    coded.sentences = [_shifted(span, chars) for span in coded.sentences]
