"""The pipeline: parse once, then actors, events, time and places over the shared parse.

``Pipeline.code`` takes Documents and yields CodedDocuments, batching the parser with
``nlp.pipe``. Each stage is a separate object with one job; the pipeline only wires them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from spacy.tokens import Doc

from flashpoint import language, settings
from flashpoint.actors import get_resolver
from flashpoint.events.extractor import Candidate, EventExtractor
from flashpoint.ingest import make_document
from flashpoint.places import Placer, other_side
from flashpoint.records import Actor, CodedDocument, Document, Event
from flashpoint.time import Dater

DEFAULT_MODALITIES = frozenset({"asserted"})


class Pipeline:
    """Codes documents into events. Build one per process and reuse it: loading is the slow part."""

    def __init__(self, model: str | None = None, modalities: Iterable[str] = DEFAULT_MODALITIES) -> None:
        self.nlp = language.load(model)
        self.actors = get_resolver(self.nlp)
        self.events = EventExtractor()
        self.dater = Dater()
        self.placer = Placer(self.nlp)
        self.modalities = frozenset(modalities)

    def code(self, documents: Iterable[Document], batch_size: int | None = None) -> Iterator[CodedDocument]:
        """Code documents in order, parsing them in batches."""
        size = batch_size or settings.batch_size()
        pending: list[Document] = []
        for document in documents:
            pending.append(document)
            if len(pending) >= size:
                yield from self._code_batch(pending, size)
                pending = []
        if pending:
            yield from self._code_batch(pending, size)

    def _code_batch(self, documents: list[Document], size: int) -> Iterator[CodedDocument]:
        texts = (d.text for d in documents)
        for document, doc in zip(documents, self.nlp.pipe(texts, batch_size=size)):
            yield self.code_parsed(document, doc)

    def code_parsed(self, document: Document, doc: Doc) -> CodedDocument:
        """Run every stage after parsing on one document."""
        skip_chars = document.dateline.span[1] if document.dateline else 0
        skip_tokens = (0, _token_at(doc, skip_chars)) if skip_chars else (0, 0)
        mentions = self.actors.resolve(doc, document.report_date, skip_tokens)
        candidates = self.events.extract(doc, document.doc_id, mentions, skip_chars)
        times = self.dater.prepare(doc, document, mentions)
        places = self.placer.prepare(doc, document, mentions)
        events: list[Event] = []
        named: set[tuple] = set()
        for candidate in candidates:
            event = self._finish(candidate, times, places)
            if event is None:
                continue
            if candidate.nominal:
                # "the Pahalgam attack" named again and again is one event of the report
                key = (event.source.code if event.source else None, event.target.code if event.target else None,
                       event.cameo_root, event.date.date, event.location.name if event.location else None)
                if key in named:
                    continue
                named.add(key)
            events.append(event)
        return CodedDocument(
            document=document,
            events=events,
            mentions=mentions,
            places=list(places.places),
            sentences=[(s.start_char, s.end_char) for s in doc.sents],
        )

    def _finish(self, candidate: Candidate, times, places) -> Event | None:
        event = candidate.event
        if event.modality not in self.modalities:
            return None
        event.date = self.dater.date(times, candidate.trigger)
        if candidate.needs_date and event.date.origin != "expression":
            return None  # a noun event in a background phrase that the report never dates
        event.location = self.placer.locate(places, candidate.trigger, event)
        if event.source is None and event.target is None:
            return self._victims_of_place(event)
        if event.target is None and event.source is not None and event.location is not None:
            across = other_side(event.location, event.source.country)
            if across:  # "India closed the Wagah-Attari border": Pakistan is on the other side
                event.target = Actor(code=across, text=event.location.text or event.location.name,
                                     span=event.location.span or (0, 0), country=across,
                                     rule=f"across '{event.location.name}' from {event.source.country}")
                event.event_id = event.stable_id()
        return event

    @staticmethod
    def _victims_of_place(event: Event) -> Event | None:
        """Violence named without its actors is kept when placed in a state: its victims are that
        state's (civilians for one-sided violence, root 18)."""
        place = event.location
        if place is None or not place.country or place.origin in ("dateline", "document"):
            return None
        sector = "CVL" if event.cameo_root == "18" else None
        event.target = Actor(code=f"{place.country}{sector or ''}", text=place.text or place.name,
                             span=place.span or (0, 0), country=place.country, sector=sector,
                             rule=f"victims of violence at '{place.name}'")
        event.event_id = event.stable_id()
        return event

    def code_text(self, text: str, published: dt.date | str | None = None, doc_id: str = "text") -> list[Event]:
        """Code one text; ``published`` anchors relative dates ("on Wednesday")."""
        day = dt.date.fromisoformat(published) if isinstance(published, str) else published
        document = make_document(text, doc_id=doc_id, source="<text>", published=day)
        return next(self.code([document])).events


def _token_at(doc: Doc, char: int) -> int:
    for token in doc:
        if token.idx >= char:
            return token.i
    return len(doc)
